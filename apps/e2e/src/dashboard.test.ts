/**
 * The region's audit dashboard in Chromium on the demo data (2025 list, clock 2026-03-02): the
 * official sees the map, the funnel and the per-city rates (every demo audit is still `listed`,
 * so all are overdue and the on-time rate is 0.0%), clicks 南宁 and lands on 南宁's enterprises.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/test/support.ts';
import { artifactsDir, hasChromium, launchBrowser, loginAs, startServedApp } from './browser.ts';

describe.runIf(hasChromium)('console: the region audit dashboard in Chromium', () => {
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

  it('when gx_dee opens the home page, then the map, the funnel and the city rates show, and 南宁 opens its enterprises', async () => {
    const page = await loginAs(browser, served.baseUrl, 'gx_dee', DEMO_PASSWORD);
    const context = page.context();
    await page.goto(`${served.baseUrl}/`);
    await page.getByTestId('audit-dashboard').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('audit-dashboard').getAttribute('data-list-year')).toBe('2025');
    await page.getByTestId('dashboard-map').locator('path[data-code="450100"]').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('dashboard-funnel').locator('[data-testid="funnel-stage-listed"]').first().waitFor({ timeout: 30_000 });
    const nn = page.getByTestId('rate-row-450100');
    await nn.waitFor();
    const text = await nn.textContent();
    expect(text).toContain('南宁市');
    expect(text).toContain('0.0%');
    expect(await page.locator('[data-testid^="rate-row-45"]').count()).toBe(14);
    // The map's measure is the on-time rate: the legend and a city's tooltip read in per cent.
    expect(await page.getByTestId('dashboard-map-legend-max').textContent()).toBe('100%');
    const api = (await (await served.login('gx_dee')).get('/api/v1/dashboard/summary')).json();
    const nnRate = api.divisions.find((d: { divisionCode: string }) => d.divisionCode === '450100').onTimeRate as number;
    expect(await page.getByTestId('dashboard-map').locator('path[data-code="450100"] title').textContent()).toBe(`南宁市：${Math.round(nnRate * 1000) / 10}%`);
    // The city name is a real link (keyboard-reachable), to 南宁's enterprises.
    const link = page.getByTestId('open-450100');
    expect(await link.getAttribute('href')).toBe('/enterprises?city=450100');
    await link.focus();
    expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-testid'))).toBe('open-450100');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(artifactsDir, 'dashboard-gx_dee.png'), fullPage: true });
    await page.getByTestId('open-450100').click();
    await page.waitForURL((u) => u.pathname === '/enterprises' && u.searchParams.get('city') === '450100', { timeout: 15_000 });
    await page.getByTestId('page-enterprises').waitFor({ timeout: 15_000 });
    await context.close();
  });
});
