/**
 * The main story of issues 5, 8 and 9 through the console in Chromium, on the demo data (server clock
 * 2026-03-02 09:00 +08:00, the demo's 2025 list published): the region imports two enterprises and
 * their 2025 exceedances and screens data year 2025; 南宁 and 柳州 confirm candidates and draft their
 * 2026 lists; 柳州's is returned and resubmitted; DEE and DRC approve; the region publishes the 2026
 * list with a 文号 and reads 附件2 back; a citizen finds the cement plant on the public site and
 * downloads the list as CSV; 柳州 files its 2025 progress report while 防城港 is overdue; the region's
 * dashboard shows the map, the funnel and the per-city rates, opens 南宁's enterprises, and gives the
 * yearly summary as Word.
 *
 * One server and one browser; the steps run in order and share state (a step fails if an earlier one
 * did). Screenshots: artifacts/e2e/story-NN-<step>.png (viewport size); with STORY_SCREENSHOTS_DIR set,
 * also copied there as NN-<step>.png (the README walkthrough's pictures in docs/walkthrough/).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { docxText } from '../../server/test/docx.ts';
import { DEMO_PASSWORD } from '../../server/test/support.ts';
import { artifactsDir, confirmPopconfirm, hasChromium, importFile, launchBrowser, loginAs, startServedApp } from './browser.ts';

const cases = fileURLToPath(new URL('../../server/test/fixtures/cases/screening/', import.meta.url));
const CEMENT = { uscc: '914501026420642331', name: '南宁市云桂水泥有限公司' }; // 兴宁区, 南宁
const PAPER = { uscc: '91450203720368815A', name: '柳州市瑞禾纸业有限公司' }; // 鱼峰区, 柳州
const DATA_YEAR = 2025;
const LIST_YEAR = 2026;
const DOCUMENT_NO = '桂环函〔2026〕30号';
const RETURN_COMMENT = '请补充瑞禾纸业超标排放的监测报告后重新报送';

// A step takes 10–40 s on a quiet machine; the generous limit is for a loaded CI runner.
describe.runIf(hasChromium)('the story in Chromium: import, screen, lists, publication, public site, reports, dashboard', { timeout: 240_000 }, () => {
  let served: Awaited<ReturnType<typeof startServedApp>>;
  let browser: Browser;
  const pages = new Map<string, Page>();
  const shotsDir = process.env.STORY_SCREENSHOTS_DIR;
  let shot = 0;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'story-'));
  // Shared between steps.
  let nnListId = 0;
  let lzListId = 0;
  let nnEntries = 0;

  beforeAll(async () => {
    served = await startServedApp();
    browser = await launchBrowser();
    if (shotsDir) fs.mkdirSync(shotsDir, { recursive: true });
  });
  // The steps build on each other: after a failed step the rest are skipped (one failure, not ten timeouts).
  let broken = false;
  beforeEach((ctx) => {
    if (broken) ctx.skip();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    broken = true;
    // What each user saw when the step failed (CI artifact).
    for (const [user, page] of pages) await page.screenshot({ path: path.join(artifactsDir, `story-failed-${user}.png`) }).catch(() => undefined);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The page of `username`, logged in once through the login form and kept for later steps. */
  async function as(username: string): Promise<Page> {
    let page = pages.get(username);
    if (!page) {
      page = await loginAs(browser, served.baseUrl, username, DEMO_PASSWORD);
      pages.set(username, page);
    }
    return page;
  }

  /** Screenshot of the viewport: artifacts/e2e/story-NN-<step>.png (and STORY_SCREENSHOTS_DIR/NN-<step>.png). */
  async function snap(page: Page, step: string) {
    shot++;
    const nn = String(shot).padStart(2, '0');
    await page.waitForTimeout(300); // let antd's animations settle
    const buf = await page.screenshot({ path: path.join(artifactsDir, `story-${nn}-${step}.png`) });
    if (shotsDir) fs.writeFileSync(path.join(shotsDir, `${nn}-${step}.png`), buf);
  }

  /** Opens the latest screening run as the page's user, searches `uscc` and confirms it (Popconfirm). */
  async function confirmCandidate(page: Page, uscc: string) {
    await page.goto(`${served.baseUrl}/screening`);
    await page.locator('[data-testid^="screening-run-open-"]').first().click();
    await page.getByTestId('page-screening-run').waitFor({ timeout: 30_000 });
    await page.getByTestId('result-filter-q').fill(uscc);
    await page.getByTestId('result-filter-submit').click();
    await expect.poll(() => page.getByTestId('result-total').getAttribute('data-value'), { timeout: 30_000 }).toBe('1');
    const row = page.locator('[data-testid^="screening-row-"]', { hasText: uscc });
    await row.locator('[data-testid^="review-confirm-"]').first().click();
    await confirmPopconfirm(page);
    await expect.poll(() => row.getAttribute('data-decision'), { timeout: 15_000 }).toBe('confirm');
    return row;
  }

  /** The city's draft of LIST_YEAR (created or refreshed from its confirmed candidates); returns the list id. */
  async function draftList(page: Page): Promise<number> {
    await page.goto(`${served.baseUrl}/lists`);
    await page.getByTestId('lists-year').fill(String(LIST_YEAR));
    await page.getByTestId('lists-draft').click();
    await page.waitForURL((u) => /^\/lists\/\d+$/.test(u.pathname), { timeout: 30_000 });
    await page.getByTestId('page-list-detail').waitFor({ timeout: 30_000 });
    return Number(new URL(page.url()).pathname.split('/')[2]);
  }

  async function openList(page: Page, id: number) {
    await page.goto(`${served.baseUrl}/lists/${id}`);
    await page.getByTestId('page-list-detail').waitFor({ timeout: 30_000 });
  }

  async function submitList(page: Page) {
    await page.getByTestId('list-submit').click();
    await confirmPopconfirm(page);
    await expect.poll(() => page.getByTestId('list-status').textContent(), { timeout: 15_000 }).toBe('已报送');
  }

  it('01 the region officer imports two enterprises and their 2025 exceedances on the import page', async () => {
    const enterprises = path.join(tmp, 'enterprises.csv');
    const lines = fs.readFileSync(path.join(cases, 'enterprises.csv'), 'utf8').split('\n');
    fs.writeFileSync(enterprises, [lines[0], ...lines.filter((l) => l.includes(CEMENT.uscc) || l.includes(PAPER.uscc))].join('\n') + '\n');
    const exceedances = path.join(tmp, 'exceedances-2025.csv');
    fs.writeFileSync(
      exceedances,
      [
        '统一社会信用代码,排放口编号,污染物,监测日期,实测值,排放限值,计量单位,数据来源',
        `${CEMENT.uscc},DA001,颗粒物,2025-06-15,32.5,30,mg/m3,在线监测`,
        `${PAPER.uscc},DW001,化学需氧量,2025-03-02,130,100,mg/L,执法监测`,
      ].join('\n') + '\n',
    );
    const page = await as('gx_dee');
    expect(await importFile(page, served.baseUrl, '企业', enterprises)).toBe('applied');
    expect(await page.getByTestId('import-result-inserted').getAttribute('data-value')).toBe('2');
    expect(await page.getByTestId('import-result-rejected').getAttribute('data-value')).toBe('0');
    expect(await importFile(page, served.baseUrl, '超标', exceedances)).toBe('applied');
    expect(await page.getByTestId('import-result-inserted').getAttribute('data-value')).toBe('2');
    expect(await page.getByTestId('import-result-rejected').getAttribute('data-value')).toBe('0');
    await snap(page, 'import');
  });

  it('02 the region screens data year 2025 and both imported enterprises are candidates for exceeding a standard', async () => {
    const page = await as('gx_dee');
    await page.goto(`${served.baseUrl}/screening`);
    await page.getByTestId('screening-year').fill(String(DATA_YEAR));
    await page.getByTestId('screening-start').click();
    await page.getByTestId('page-screening-run').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('page-screening-run').getAttribute('data-data-year')).toBe(String(DATA_YEAR));
    await expect.poll(async () => Number(await page.getByTestId('result-total').getAttribute('data-value')), { timeout: 30_000 }).toBeGreaterThan(2);
    await page.getByTestId('result-filter-q').fill(CEMENT.uscc);
    await page.getByTestId('result-filter-submit').click();
    await expect.poll(() => page.getByTestId('result-total').getAttribute('data-value'), { timeout: 30_000 }).toBe('1');
    expect(await page.locator('[data-testid^="screening-row-"]', { hasText: CEMENT.uscc }).getAttribute('data-criteria')).toContain('exceedsStandard');
    await snap(page, 'screening');
  });

  it('03 南宁 confirms the cement plant and a candidate over its energy limit, drafts its 2026 list and submits it', async () => {
    const page = await as('nn_eeb');
    await confirmCandidate(page, CEMENT.uscc);
    // A 南宁 candidate of the demo data over its energy limit (GB 21258 …): DRC must approve the list too.
    await page.getByTestId('result-filter-reset').click();
    await page.waitForURL((u) => !u.searchParams.has('q'), { timeout: 15_000 });
    // Reset has settled when the form is empty and the table shows every candidate of the city.
    await expect.poll(() => page.getByTestId('result-filter-q').inputValue(), { timeout: 15_000 }).toBe('');
    await expect.poll(() => page.getByTestId('result-total').getAttribute('data-value'), { timeout: 30_000 }).toBe(await page.getByTestId('run-count-listed').getAttribute('data-value'));
    const energyCard = page.getByTestId('run-criterion-exceedsEnergyLimit');
    expect(Number(await energyCard.getAttribute('data-value'))).toBeGreaterThan(0);
    await energyCard.click();
    await page.waitForURL((u) => u.searchParams.get('criterion') === 'exceedsEnergyLimit', { timeout: 15_000 });
    // The table has settled on the filter when its total is the card's count.
    await expect.poll(() => page.getByTestId('result-total').getAttribute('data-value'), { timeout: 30_000 }).toBe(await energyCard.getAttribute('data-value'));
    const energyRow = page.locator('[data-testid^="screening-row-"][data-criteria*="exceedsEnergyLimit"]').first();
    await energyRow.waitFor({ timeout: 30_000 });
    const energyId = (await energyRow.getAttribute('data-testid'))!.replace('screening-row-', '');
    const energy = page.getByTestId(`screening-row-${energyId}`);
    expect(await energy.getAttribute('data-decision')).toBe('pending');
    await energy.locator('[data-testid^="review-confirm-"]').first().click();
    await confirmPopconfirm(page);
    await expect.poll(() => energy.getAttribute('data-decision'), { timeout: 15_000 }).toBe('confirm');
    await snap(page, 'confirm-nn');

    nnListId = await draftList(page);
    const entries = page.getByTestId('list-entries');
    await entries.getByText(CEMENT.uscc).waitFor({ timeout: 15_000 });
    nnEntries = await entries.locator('tbody tr.ant-table-row').count();
    expect(nnEntries).toBe(2);
    expect(await page.getByTestId('list-status').textContent()).toBe('草稿');
    await snap(page, 'draft-nn');
    await submitList(page);
  });

  it('04 柳州 confirms the paper mill, drafts and submits its list', async () => {
    const page = await as('lz_eeb');
    await confirmCandidate(page, PAPER.uscc);
    lzListId = await draftList(page);
    await page.getByTestId('list-entries').getByText(PAPER.uscc).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('list-entries').locator('tbody tr.ant-table-row').count()).toBe(1);
    await submitList(page);
  });

  it('05 the region returns 柳州\'s list with a comment; 柳州 sees it and resubmits', async () => {
    const dee = await as('gx_dee');
    await dee.goto(`${served.baseUrl}/lists`);
    await dee.getByTestId('lists-year').fill(String(LIST_YEAR));
    await dee.getByTestId('lists-table').getByRole('link', { name: '柳州市' }).click();
    await dee.getByTestId('page-list-detail').waitFor({ timeout: 30_000 });
    expect(new URL(dee.url()).pathname).toBe(`/lists/${lzListId}`);
    await dee.getByTestId('list-return').click();
    await dee.getByTestId('list-return-text').fill(RETURN_COMMENT);
    await dee.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect.poll(() => dee.getByTestId('list-status').textContent(), { timeout: 15_000 }).toBe('已退回');

    const lz = await as('lz_eeb');
    await openList(lz, lzListId);
    expect(await lz.getByTestId('list-return-comment').textContent()).toContain(RETURN_COMMENT);
    await snap(lz, 'returned-lz');
    await submitList(lz);
  });

  it('06 DEE approves both lists and DRC approves 南宁\'s (its energy-limit entry needs DRC)', async () => {
    const dee = await as('gx_dee');
    for (const id of [nnListId, lzListId]) {
      await openList(dee, id);
      await dee.getByTestId('list-approve').click();
      await dee.getByTestId('list-approve').waitFor({ state: 'detached', timeout: 15_000 });
    }
    // 柳州's list (exceedsStandard only) is approved by DEE alone; 南宁's waits for DRC.
    expect(await dee.getByTestId('list-status').textContent()).toBe('已审核通过');
    await openList(dee, nnListId);
    expect(await dee.getByTestId('list-status').textContent()).toBe('已报送');

    const drc = await as('gx_drc');
    await openList(drc, nnListId);
    await drc.getByTestId('list-approve').click();
    await expect.poll(() => drc.getByTestId('list-status').textContent(), { timeout: 15_000 }).toBe('已审核通过');
    await snap(drc, 'approved-drc');
  });

  it('07 the region publishes the 2026 list with its 文号 and reads 附件2 back: grouped per city, 小计 and 合计', async () => {
    const page = await as('gx_dee');
    await page.goto(`${served.baseUrl}/lists`);
    await page.getByTestId('lists-year').fill(String(LIST_YEAR));
    await page.getByTestId('lists-document-no').fill(DOCUMENT_NO);
    await page.getByTestId('lists-published-on').click();
    await page.keyboard.type('2026-03-02'); // the calendar moves to March 2026; pick the day
    await page.locator('.ant-picker-dropdown td[title="2026-03-02"]').click();
    await page.getByTestId('lists-publish').click();
    // Publication is irreversible: the console asks first, naming the 文号 and the cities with an approved list.
    const ok = page.getByTestId('lists-publish-ok');
    await ok.waitFor({ timeout: 15_000 });
    expect(await page.locator('.ant-modal').last().textContent()).toContain(DOCUMENT_NO);
    await ok.click();
    const pub = page.getByTestId('lists-publications').locator('tr', { hasText: DOCUMENT_NO });
    await pub.waitFor({ timeout: 30_000 });
    expect(await pub.textContent()).toContain('2026-03-02');
    expect(await page.locator('.ant-message-error').count()).toBe(0);
    // The form is emptied after publishing: the 文号 is not offered again for a second press.
    expect(await page.getByTestId('lists-document-no').inputValue()).toBe('');
    await snap(page, 'published');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('lists-xlsx-mandatory').click()]);
    const file = path.join(tmp, 'annex2.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('附件2')!;
    const text = (r: number, c: number) => String(ws.getCell(r, c).value ?? '');
    expect(text(1, 1)).toBe(`广西壮族自治区${LIST_YEAR}年重点行业强制性清洁生产审核企业名单汇总表`);
    expect(text(2, 1)).toBe('序号');
    expect(text(2, 10)).toBe('名单发布文号');
    // 南宁 (450100) first: its two entries, 小计 2家; then 柳州 (450200): the paper mill, 小计 1家; 合计 3家.
    const rows = Array.from({ length: ws.rowCount - 2 }, (_, i) => [1, 2, 4, 5, 9, 10].map((c) => text(i + 3, c)));
    expect(rows).toHaveLength(nnEntries + 1 + 1 + 1 + 1);
    expect(rows[0]!.slice(0, 2)).toEqual(['1', '南宁市']);
    expect(rows.slice(0, nnEntries).map((r) => r[3])).toContain(CEMENT.uscc);
    expect(rows[nnEntries]!.slice(0, 3)).toEqual(['南宁市小计', '南宁市小计', '2家']);
    expect(rows[nnEntries + 1]).toEqual(['3', '柳州市', PAPER.name, PAPER.uscc, '双超', DOCUMENT_NO]);
    expect(rows[nnEntries + 2]!.slice(0, 3)).toEqual(['柳州市小计', '柳州市小计', '1家']);
    expect(rows[nnEntries + 3]!.slice(0, 3)).toEqual(['合计', '合计', '3家']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.pageSetup.orientation).toBe('landscape');
  });

  it('08 a citizen without an account finds the cement plant on the public list, sees its disclosure status, and downloads the CSV', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${served.baseUrl}/public/lists`);
    await page.getByTestId('page-public-lists').waitFor({ timeout: 30_000 });
    const search = page.getByTestId('public-search').locator('xpath=self::input | descendant::input').first();
    await search.fill('云桂水泥');
    await search.press('Enter');
    const row = page.getByTestId(`public-row-${CEMENT.uscc}-${LIST_YEAR}`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain(DOCUMENT_NO);
    expect(await row.getAttribute('data-disclosed')).toBe('false');
    expect(await row.textContent()).toContain('未公开');
    expect(await row.textContent()).toContain('已列入名单');
    await snap(page, 'public-list');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('public-csv').click()]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('序号,设区市,县（市、区）,企业名称,统一社会信用代码,所属重点行业,国民经济行业代码,审核类型,审核依据,名单发布文号,计划启动时间,计划完成时间,备注,年度,信息公开,审核进展');
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith(`,${LIST_YEAR},,已列入名单`)).toBe(true);
    expect(lines[1]).toMatch(new RegExp(`^1,南宁市,兴宁区,${CEMENT.name},${CEMENT.uscc},.*,强制性,双超,${DOCUMENT_NO},`));
    await context.close();
  });

  it('09 柳州 files its 2025 progress report (late) while the region\'s matrix shows 防城港 overdue', async () => {
    const lz = await as('lz_eeb');
    await lz.goto(`${served.baseUrl}/reporting/annual-reports/450200/2025`);
    await lz.getByTestId('report-narrative').waitFor({ timeout: 30_000 });
    await lz.getByTestId('report-narrative').fill('2025 年柳州市督促名单企业公开信息、启动清洁生产审核，组织评估验收。');
    await lz.getByTestId('report-save').click();
    await expect.poll(() => lz.getByTestId('report-submit').isEnabled(), { timeout: 15_000 }).toBe(true);
    await lz.getByTestId('report-submit').click();
    await expect.poll(() => lz.getByTestId('report-status').getAttribute('data-tag'), { timeout: 15_000 }).toBe('submitted');
    expect(await lz.getByTestId('report-timeliness').getAttribute('data-timeliness')).toBe('late');

    const dee = await as('gx_dee');
    await dee.goto(`${served.baseUrl}/reporting?year=2025`);
    await dee.getByTestId('report-tag-450200').waitFor({ timeout: 30_000 });
    expect(await dee.getByTestId('report-tag-450200').getAttribute('data-tag')).toBe('submitted');
    expect(await dee.getByTestId('report-timeliness-450200').textContent()).toContain('逾期提交');
    expect(await dee.getByTestId('report-tag-450600').getAttribute('data-tag')).toBe('overdue');
    expect(await dee.getByTestId('report-tag-450100').getAttribute('data-tag')).toBe('submitted');
    await snap(dee, 'reporting');
  });

  it('10 the region dashboard: map, funnel and rates of the 2026 list; 南宁 opens its enterprises; the yearly summary is a Word file', async () => {
    const page = await as('gx_dee');
    await page.goto(`${served.baseUrl}/`);
    const dash = page.getByTestId('audit-dashboard');
    await dash.waitFor({ timeout: 30_000 });
    if ((await dash.getAttribute('data-list-year')) !== String(LIST_YEAR)) {
      await page.getByTestId('dashboard-year').click();
      await page.locator('.ant-select-item-option', { hasText: String(LIST_YEAR) }).click();
      await expect.poll(() => dash.getAttribute('data-list-year'), { timeout: 15_000 }).toBe(String(LIST_YEAR));
    }
    await page.getByTestId('dashboard-map').locator('path[data-code="450100"]').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('dashboard-funnel').locator('[data-testid="funnel-stage-listed"]').first().waitFor({ timeout: 30_000 });
    const nn = page.getByTestId('rate-row-450100');
    const nnCells = await nn.locator('td').allTextContents();
    expect(nnCells[0]).toBe('南宁市');
    expect(nnCells[1]).toBe(String(nnEntries)); // listed
    expect(await page.getByTestId('rate-row-450200').locator('td').nth(1).textContent()).toBe('1');
    expect(await page.getByTestId('rate-row-450300').locator('td').nth(1).textContent()).toBe('0');
    await snap(page, 'dashboard');

    await page.getByTestId('dashboard-summary-docx').click();
    await page.getByTestId('summary-docx-form').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('summary-docx-download').click()]);
    // docxText throws unless the download is a zip with [Content_Types].xml and word/document.xml.
    const xml = await docxText(fs.readFileSync((await download.path())!));
    const body = xml.replace(/<[^>]+>/g, '');
    expect(body).toContain(`广西壮族自治区${LIST_YEAR}年度清洁生产审核工作总结`);
    expect(body).toContain('南宁市');

    await page.getByTestId('open-450100').click();
    await page.waitForURL((u) => u.pathname === '/enterprises' && u.searchParams.get('city') === '450100', { timeout: 15_000 });
    await page.getByTestId('page-enterprises').waitFor({ timeout: 15_000 });
    const api = await served.login('gx_dee');
    const total = (await api.get('/api/v1/enterprises?divisionCode=450100&current=1&pageSize=1')).json().total as number;
    await expect.poll(() => page.getByTestId('enterprise-total').getAttribute('data-value'), { timeout: 15_000 }).toBe(String(total));
    await snap(page, 'enterprises-nn');
  });
});
