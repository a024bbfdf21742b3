/**
 * The public information service (issue 8 §4) as a citizen uses it: no login, from the login page
 * to the portal, search, open a policy; the body is the safe-Markdown rendering of the stored text.
 * Screenshots: artifacts/e2e/public-portal-*.png.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILE_NAME, seedPortalDemoFiles } from '../../server/src/db/portal-demo.ts';
import { DEMO_PASSWORD } from '../../server/test/support.ts';
import { artifactsDir, hasChromium, launchBrowser, loginAs, startServedApp } from './browser.ts';

describe.runIf(hasChromium)('public portal in Chromium (no login)', () => {
  let served: Awaited<ReturnType<typeof startServedApp>>;
  let browser: Browser;

  beforeAll(async () => {
    served = await startServedApp();
    // The demo policy's generated Word attachment, as `npm start` seeds it.
    await seedPortalDemoFiles(served.database, served.app.documents, served.clock.now());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('when a visitor opens the portal from the login page, searches 审核办法 and opens the hit, then the policy text shows without any session', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const apiStatuses: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/')) apiStatuses.push(r.status());
    });
    await page.goto(`${served.baseUrl}/login`);
    await page.getByTestId('login-public-link').click();
    await page.getByTestId('portal-home').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).pathname).toBe('/public');
    expect(await page.getByTestId('public-brand').textContent()).toBe('广西清洁生产信息公开');
    expect(await page.getByTestId('public-footer').textContent()).toContain('广西壮族自治区生态环境厅');
    await page.getByTestId('home-policies').getByText('中华人民共和国清洁生产促进法').waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'public-portal-home.png'), fullPage: true });

    await page.getByTestId('portal-search-input').locator('input').fill('审核办法');
    await page.getByTestId('portal-search-input').locator('input').press('Enter');
    const results = page.getByTestId('portal-search-results');
    await results.locator('[data-testid^="search-hit-policy-"]').first().waitFor({ timeout: 30_000 });
    const hits = await results.locator('[data-testid^="search-hit-"]').count();
    const api = (await served.app.inject({ method: 'GET', url: `/api/v1/public/search?q=${encodeURIComponent('审核办法')}` })).json();
    expect(hits).toBe(api.total);
    await results.getByRole('link', { name: /清洁生产审核办法/ }).click();

    await page.getByTestId('article-title').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('article-title').textContent()).toContain('清洁生产审核办法（国家发展和改革委员会 环境保护部令第38号）');
    const body = page.getByTestId('article-body');
    expect(await body.locator('h3').first().textContent()).toBe('简介');
    expect(await body.locator('li').count()).toBe(4);
    expect(await body.textContent()).toContain('自2016年7月1日起施行');
    // Its uploaded attachment is listed with its size and a download link that answers without a session.
    const file = page.getByTestId('article-file').getByRole('link', { name: DEMO_FILE_NAME });
    await file.waitFor();
    const href = (await file.getAttribute('href'))!;
    expect(href).toMatch(/^\/api\/v1\/public\/content\/articles\/\d+\/files\/\d+$/);
    expect(await page.getByTestId('article-file').textContent()).toMatch(/\d+\.\d KB/);
    const download = await context.request.get(`${served.baseUrl}${href}`);
    expect([download.status(), download.headers()['content-type']]).toEqual([200, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document']);
    // The navigation marks the section the page belongs to.
    expect(await page.locator('.cp-public-menu .ant-menu-item-selected').allTextContents()).toEqual(['政策法规']);
    await page.screenshot({ path: path.join(artifactsDir, 'public-portal-policy.png'), fullPage: true });
    // No request needed a session: nothing answered 401.
    expect(apiStatuses.filter((s) => s === 401)).toEqual([]);
    await context.close();
  });

  it('when a visitor downloads the 2025 list as Excel from the public list page, then the file has every 2025 row with the credit codes as 18-character text and 年度 2025', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${served.baseUrl}/public/lists?listYear=2025`);
    await page.getByTestId('page-public-lists').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('public-xlsx').textContent()).toContain('下载 Excel');
    expect(await page.getByTestId('public-download-note').textContent()).toContain('CSV 供数据工具读取');
    expect(await page.getByTestId('public-xlsx').getAttribute('href')).toBe('/api/v1/public/lists.xlsx?listYear=2025');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('public-xlsx').click()]);
    expect(download.suggestedFilename()).toBe('清洁生产审核企业名单-2025.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const ws = wb.getWorksheet('名单')!;
    const total = (await served.app.inject({ method: 'GET', url: '/api/v1/public/lists?listYear=2025&pageSize=1' })).json().total as number;
    expect(total).toBeGreaterThan(0);
    expect(ws.rowCount).toBe(1 + total);
    expect([ws.getCell(1, 5).value, ws.getCell(1, 14).value, ws.getCell(1, 15).value, ws.getCell(1, 16).value]).toEqual(['统一社会信用代码', '年度', '信息公开', '审核进展']);
    for (let r = 2; r <= ws.rowCount; r++) {
      expect(ws.getCell(r, 5).value).toMatch(/^[0-9A-Z]{18}$/);
      expect(ws.getCell(r, 14).value).toBe(2025);
    }
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    await page.screenshot({ path: path.join(artifactsDir, 'public-lists-downloads.png') });
    // The statistics say why their figures may differ from the officials' dashboard.
    await page.goto(`${served.baseUrl}/public/stats`);
    expect(await page.getByTestId('portal-stats-scope').textContent()).toContain('只统计已公布名单上的企业');
    await context.close();
  });

  it('when the portal is opened on a phone-sized screen, then the header and the search box fit the width', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN', isMobile: true });
    const page = await context.newPage();
    await page.goto(`${served.baseUrl}/public`);
    await page.getByTestId('portal-home').waitFor({ timeout: 30_000 });
    const scrollWidth = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(artifactsDir, 'public-portal-mobile.png'), fullPage: true });
    await context.close();
  });

  it('when the region officer writes a policy in the console and publishes it, then a visitor finds it on the portal', async () => {
    const page = await loginAs(browser, served.baseUrl, 'gx_dee', DEMO_PASSWORD);
    const context = page.context();
    await page.getByTestId('menu-portalAdmin').click();
    await page.getByTestId('page-portal-admin').waitFor({ timeout: 30_000 });
    await page.getByTestId('portal-new-articles').click();
    await page.getByTestId('field-title').fill('广西清洁生产审核工作浏览器测试通知');
    await page.getByTestId('field-body').fill('## 说明\n\n- 第一项\n- 第二项');
    await page.getByTestId('portal-item-save').click();
    const api = await served.login('gx_dee');
    await expect
      .poll(async () => (await api.get(`/api/v1/portal/articles?q=${encodeURIComponent('浏览器测试通知')}`)).json().total, { timeout: 15_000 })
      .toBe(1);
    const item = (await api.get(`/api/v1/portal/articles?q=${encodeURIComponent('浏览器测试通知')}`)).json().data[0];
    expect(item).toMatchObject({ status: 'draft', kind: 'policy', version: 1 });
    await page.getByTestId(`portal-publish-${item.id}`).click();
    await expect.poll(async () => (await api.get(`/api/v1/portal/articles/${item.id}`)).json().status, { timeout: 15_000 }).toBe('published');
    // Attach a file in the edit drawer (antd Upload, progress, then the list).
    await page.getByTestId(`portal-row-${item.id}`).getByText('编辑').click();
    await page.getByTestId('portal-article-files').locator('input[type=file]').setInputFiles({ name: '培训回执.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 e2e\n%%EOF\n') });
    await page.getByTestId('portal-article-files').locator('.ant-list-item').getByText('培训回执.pdf').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(artifactsDir, 'portal-admin-files.png'), fullPage: true });
    await page.keyboard.press('Escape');

    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const p2 = await visitor.newPage();
    await p2.goto(`${served.baseUrl}/public/search?q=${encodeURIComponent('浏览器测试')}`);
    await p2.getByTestId(`search-hit-policy-${item.id}`).waitFor({ timeout: 30_000 });
    await p2.getByTestId(`search-hit-policy-${item.id}`).getByRole('link').click();
    await p2.getByTestId('article-body').waitFor();
    expect(await p2.getByTestId('article-body').locator('li').allTextContents()).toEqual(['第一项', '第二项']);
    await p2.getByTestId('article-file').getByRole('link', { name: '培训回执.pdf' }).waitFor();
    await page.screenshot({ path: path.join(artifactsDir, 'portal-admin.png'), fullPage: true });
    await visitor.close();
    await context.close();
  });
});
