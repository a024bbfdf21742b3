/**
 * A city user logs in through the console and sees only that city's figures; a region user
 * sees all 14 cities. The figures on the page must equal the API's for the same user.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/test/support.ts';
import { artifactsDir, hasChromium, launchBrowser, loginAs, startServedApp } from './browser.ts';

describe.runIf(hasChromium)('console: area-scoped home page in Chromium', () => {
  let served: Awaited<ReturnType<typeof startServedApp>>;
  let browser: Browser;

  beforeAll(async () => {
    served = await startServedApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  /** `username` logged in through the console's login form (browser.ts), on the home page with its figures. */
  async function login(username: string): Promise<Page> {
    const page = await loginAs(browser, served.baseUrl, username, DEMO_PASSWORD);
    await page.getByTestId('page-home').waitFor({ timeout: 30_000 });
    await page.getByTestId('division-total').waitFor();
    return page;
  }

  async function divisionRows(page: Page): Promise<{ code: string; count: number }[]> {
    return page.$$eval('[data-testid^="division-count-"]', (els) =>
      els.map((el) => ({ code: el.getAttribute('data-testid')!.replace('division-count-', ''), count: Number(el.getAttribute('data-value')) })),
    );
  }

  it('when the 南宁 city officer logs in, then the home page shows 南宁\'s 12 county-level units only, with the API\'s figures', async () => {
    const page = await login('nn_eeb');
    await expect.poll(() => page.getByTestId('header-area').textContent(), { timeout: 15_000 }).toContain('南宁市');
    const rows = await divisionRows(page);
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.code.startsWith('4501'))).toBe(true);
    const api = (await (await served.login('nn_eeb')).get('/api/v1/stats/overview')).json();
    expect(rows).toEqual(api.byDivision.map((d: { divisionCode: string; count: number }) => ({ code: d.divisionCode, count: d.count })));
    expect(Number(await page.getByTestId('division-total').getAttribute('data-value'))).toBe(api.totalEnterprises);
    expect(await page.getByTestId('home-title').textContent()).toContain('南宁市');
    await page.screenshot({ path: path.join(artifactsDir, 'home-nn_eeb.png'), fullPage: true });
    // Reloading the home page (F5 on /) keeps the user on it with the same figures.
    await page.reload();
    await page.getByTestId('division-total').waitFor({ timeout: 30_000 });
    expect(Number(await page.getByTestId('division-total').getAttribute('data-value'))).toBe(api.totalEnterprises);
    await page.context().close();
  });

  it('when the region officer logs in, then the home page shows the 14 cities adding up to the region total', async () => {
    const page = await login('gx_dee');
    const rows = await divisionRows(page);
    expect(rows.map((r) => r.code)).toEqual([
      '450100', '450200', '450300', '450400', '450500', '450600', '450700',
      '450800', '450900', '451000', '451100', '451200', '451300', '451400',
    ]);
    const api = (await (await served.login('gx_dee')).get('/api/v1/stats/overview')).json();
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(api.totalEnterprises);
    await page.getByTestId('map-by-division').locator('path[data-code]').first().waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'home-gx_dee.png'), fullPage: true });
    await page.context().close();
  });

  it('when a wrong password is typed, then the login page shows the server\'s message and stays', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${served.baseUrl}/login`);
    // The labels are tied to their inputs (label for = input id).
    await page.getByLabel('用户名').fill('nn_eeb');
    await page.getByLabel('密码').fill('Wrong@2026x');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent(), { timeout: 10_000 }).toContain('用户名或密码错误');
    await context.close();
  });
});
