/**
 * Through the console in Chromium: the region officer imports the shared screening case files
 * (first a file with a bad row: nothing written, the error named; then the good files), screens
 * data year 2021, opens the evidence of a listed enterprise; the 南宁 officer confirms it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/test/support.ts';
import { artifactsDir, confirmPopconfirm, hasChromium, importFile, launchBrowser, loginAs, startServedApp } from './browser.ts';

const cases = fileURLToPath(new URL('../../server/test/fixtures/cases/screening/', import.meta.url));
const CEMENT = '914501026420642331'; // 南宁市云桂水泥有限公司: exceedsStandard in 2021

describe.runIf(hasChromium)('console: import, screen, evidence and review in Chromium', () => {
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

  /** `username` logged in through the console's login form (browser.ts). */
  const login = (username: string): Promise<Page> => loginAs(browser, served.baseUrl, username, DEMO_PASSWORD);

  it('when a file with a bad row is uploaded, then nothing is written and the row is named; the good files then import', async () => {
    const page = await login('gx_dee');
    const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-')), 'enterprises-bad.csv');
    const text = fs.readFileSync(path.join(cases, 'enterprises.csv'), 'utf8').split('\n');
    text[3] = text[3]!.replace('914503029990397000', '914503029990397001'); // wrong check character on row 4
    fs.writeFileSync(bad, text.join('\n'));
    expect(await importFile(page, served.baseUrl, '企业', bad)).toBe('rejected');
    await page.getByTestId('import-errors').waitFor();
    const errorRow = page.locator('[data-testid^="import-error-"][data-row="4"]');
    expect(await errorRow.getAttribute('data-column')).toBe('统一社会信用代码');
    expect(await page.getByTestId('import-result-inserted').getAttribute('data-value')).toBe('0');
    await page.screenshot({ path: path.join(artifactsDir, 'import-rejected.png'), fullPage: true });

    for (const [label, file] of [
      ['企业', 'enterprises.csv'],
      ['超标', 'exceedances.csv'],
      ['总量', 'quotas.csv'],
      ['有毒有害', 'hazardous.csv'],
      ['能耗', 'energy.csv'],
    ] as const) {
      expect(await importFile(page, served.baseUrl, label, path.join(cases, file)), file).toBe('applied');
      expect(await page.getByTestId('import-result-rejected').getAttribute('data-value')).toBe('0');
    }
    await page.context().close();
  });

  it('when the region screens 2021, then the run lists the six expected enterprises and the evidence names the article', async () => {
    const page = await login('gx_dee');
    await page.goto(`${served.baseUrl}/screening`);
    await page.getByTestId('screening-year').fill('2021');
    await page.getByTestId('screening-start').click();
    await page.getByTestId('page-screening-run').waitFor({ timeout: 60_000 });
    await expect.poll(async () => page.getByTestId('result-total').getAttribute('data-value'), { timeout: 30_000 }).toBe('6');
    const row = page.locator('[data-testid^="screening-row-"]', { hasText: CEMENT });
    expect(await row.getAttribute('data-criteria')).toBe('exceedsStandard');
    await row.locator('[data-testid^="evidence-open-"]').click();
    await page.getByTestId('evidence-drawer').waitFor();
    expect(await page.getByTestId('evidence-basis-exceedsStandard').textContent()).toContain('清洁生产审核办法 第八条第（一）项');
    // The unit imported as `mg/m3` is shown as mg/m³ (display only).
    const evidence = await page.getByTestId('evidence-table-exceedance').textContent();
    expect(evidence).toContain('mg/m³');
    expect(evidence).not.toContain('mg/m3');
    await page.screenshot({ path: path.join(artifactsDir, 'screening-evidence.png'), fullPage: true });
    await page.context().close();
  });

  it('when the 南宁 officer opens the run, then it sees only 南宁 (its counts a placeholder until they load, never 0) and can confirm the cement plant', async () => {
    const page = await login('nn_eeb');
    // Hold the city's count requests (one per card, pageSize=1) until the table has loaded.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/api\/v1\/screening\/runs\/\d+\/results\?.*pageSize=1(&|$)/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${served.baseUrl}/screening`);
    await page.locator('[data-testid^="screening-run-open-"]').first().click();
    await page.getByTestId('page-screening-run').waitFor();
    await expect.poll(async () => page.getByTestId('result-total').getAttribute('data-value'), { timeout: 30_000 }).toBe('1');
    // The table says 1 while the card's count is on its way: no number yet (before the fix: 列入 0).
    expect(await page.getByTestId('run-count-listed').getAttribute('data-value')).toBeNull();
    expect(await page.getByTestId('run-count-listed').textContent()).not.toContain('0');
    release();
    await expect.poll(async () => page.getByTestId('run-count-listed').getAttribute('data-value'), { timeout: 30_000 }).toBe('1');
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    const row = page.locator('[data-testid^="screening-row-"]', { hasText: CEMENT });
    await row.locator('[data-testid^="review-confirm-"]').click();
    // 确认 asks once more (Popconfirm).
    await confirmPopconfirm(page);
    await expect.poll(() => row.getAttribute('data-decision'), { timeout: 15_000 }).toBe('confirm');
    await page.screenshot({ path: path.join(artifactsDir, 'screening-confirmed.png'), fullPage: true });
    await page.context().close();
  });
});
