/**
 * The reporting story in Chromium on the demo data (clock 2026-03-02): the region's matrix shows
 * 南宁's 2025 report on time and 柳州's overdue; 柳州 files it (late); the region's DRC approves
 * 柳州's resubmitted action plan, which DEE had approved already.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/test/support.ts';
import { artifactsDir, hasChromium, launchBrowser, loginAs, startServedApp } from './browser.ts';

describe.runIf(hasChromium)('console: action plans and yearly reports in Chromium', () => {
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

  it('when the region opens 报送情况 for 2025, then 南宁 submitted (on time), 柳州 overdue, 南宁\'s plan approved and 柳州\'s submitted', async () => {
    const page = await login('gx_dee');
    await page.goto(`${served.baseUrl}/reporting?year=2025`);
    await page.getByTestId('report-tag-450100').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('report-tag-450100').getAttribute('data-tag')).toBe('submitted');
    expect(await page.getByTestId('report-timeliness-450100').textContent()).toContain('按时提交');
    expect(await page.getByTestId('report-tag-450200').getAttribute('data-tag')).toBe('overdue');
    expect(await page.getByTestId('report-tag-450300').getAttribute('data-tag')).toBe('submitted');
    expect(await page.getByTestId('report-timeliness-450300').textContent()).toContain('逾期提交');
    expect(await page.getByTestId('plan-tag-450100').getAttribute('data-tag')).toBe('approved');
    expect(await page.getByTestId('plan-tag-450200').getAttribute('data-tag')).toBe('submitted');
    expect(await page.getByTestId('reporting-due').textContent()).toContain('2026-02-28');
    await page.screenshot({ path: path.join(artifactsDir, 'reporting-matrix-gx_dee.png'), fullPage: true });
    await page.context().close();
  });

  it('when 柳州 files its 2025 report with a narrative, then it is submitted late and the figures stay read-only', async () => {
    const page = await login('lz_eeb');
    await page.goto(`${served.baseUrl}/reporting/annual-reports/450200/2025`);
    await page.getByTestId('report-narrative').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('report-status').getAttribute('data-tag')).toBe('overdue');
    // The demo's published 2025 list names two enterprises per city (apps/server/src/db/demo-lists.ts).
    expect(await page.locator('[data-figure="listed"]').textContent()).toBe('2');
    await page.getByTestId('report-narrative').fill('2025 年柳州市督促名单企业开展清洁生产审核，完成评估验收组织工作。');
    await page.getByTestId('report-save').click();
    await expect.poll(() => page.getByTestId('report-submit').isEnabled(), { timeout: 15_000 }).toBe(true);
    await page.getByTestId('report-submit').click();
    await expect.poll(() => page.getByTestId('report-status').getAttribute('data-tag'), { timeout: 15_000 }).toBe('submitted');
    expect(await page.getByTestId('report-timeliness').getAttribute('data-timeliness')).toBe('late');
    expect(await page.getByTestId('report-narrative').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, 'annual-report-lz_eeb.png'), fullPage: true });
    await page.context().close();
  });

  it('when the region\'s DRC approves 柳州\'s resubmitted plan, then it is approved (DEE had approved)', async () => {
    const page = await login('gx_drc');
    await page.goto(`${served.baseUrl}/reporting?year=2025`);
    await page.getByTestId('plan-link-450200').click();
    await page.getByTestId('plan-approve').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('plan-status').getAttribute('data-tag')).toBe('submitted');
    await page.screenshot({ path: path.join(artifactsDir, 'action-plan-review-gx_drc.png'), fullPage: true });
    await page.getByTestId('plan-approve').click();
    await expect.poll(() => page.getByTestId('plan-status').getAttribute('data-tag'), { timeout: 15_000 }).toBe('approved');
    await page.context().close();
  });
});
