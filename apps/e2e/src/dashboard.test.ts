/**
 * The region's audit dashboard in Chromium on the demo data (2025 list, clock 2026-03-02): the
 * official sees the map, the funnel and the per-city rates (checked against the API: in the demo a
 * few audits have gone on, 南宁's on-time rate is 50%, most others are overdue at 0%), types an overview into the yearly summary's form
 * and finds it in the Word file, downloads the 2021–2023 summary-stage report, clicks 南宁 and lands
 * on 南宁's enterprises.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxText } from '../../server/test/docx.ts';
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

  it('when gx_dee opens the home page, then the map, the funnel and the city rates show, the two Word documents download, and 南宁 opens its enterprises', async () => {
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

    // 年度工作总结: the form takes the narrative; the download carries it and a Chinese file name.
    const sentence = '全区2025年度名单公布工作按期完成。';
    await page.getByTestId('dashboard-summary-docx').click();
    const form = page.getByTestId('summary-docx-form');
    await form.waitFor();
    expect(await page.getByTestId('summary-docx-scope').textContent()).toContain('全部行业');
    await form.locator('textarea#overview').fill(sentence);
    await page.screenshot({ path: path.join(artifactsDir, 'dashboard-summary-form.png') });
    const [summary] = await Promise.all([page.waitForEvent('download'), page.getByTestId('summary-docx-download').click()]);
    expect(summary.suggestedFilename()).toBe('广西壮族自治区2025年度清洁生产审核工作总结.docx');
    const body = (await docxText(fs.readFileSync((await summary.path())!))).replace(/<[^>]+>/g, '');
    expect(body).toContain(sentence);
    expect(body).toContain('（未填写）'); // 三、存在的问题 and 四、下一步工作 were left empty
    await form.waitFor({ state: 'hidden' });
    // Opened again, the form still holds what was typed (kept for the session).
    await page.getByTestId('dashboard-summary-docx').click();
    await expect.poll(() => form.locator('textarea#overview').inputValue()).toBe(sentence);
    await page.getByRole('button', { name: /取\s*消/ }).click();
    await form.waitFor({ state: 'hidden' });

    // 总结阶段报告: 2021–2023 by default, the three years side by side.
    await page.getByTestId('dashboard-stage-docx').click();
    const stageForm = page.getByTestId('stage-docx-form');
    await stageForm.waitFor();
    // More than six years is refused on the field, nothing downloads; back to 2023 it goes.
    await page.getByTestId('stage-to-year').fill('2030');
    await page.getByTestId('stage-docx-download').click();
    await stageForm.getByText('截止年度不得早于起始年度，且最多 6 个年度').waitFor();
    await page.getByTestId('stage-to-year').fill('2023');
    const [stage] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stage-docx-download').click()]);
    expect(stage.suggestedFilename()).toBe('清洁生产审核工作总结阶段报告（2021—2023年）.docx');
    const stageBody = (await docxText(fs.readFileSync((await stage.path())!))).replace(/<[^>]+>/g, '');
    expect(stageBody).toContain('清洁生产审核工作总结阶段报告（2021—2023年）');
    for (const y of ['2021年', '2022年', '2023年']) expect(stageBody).toContain(y);
    expect(stageBody).not.toContain('2024年');
    await page.getByTestId('open-450100').click();
    await page.waitForURL((u) => u.pathname === '/enterprises' && u.searchParams.get('city') === '450100', { timeout: 15_000 });
    await page.getByTestId('page-enterprises').waitFor({ timeout: 15_000 });
    await context.close();
  });
});
