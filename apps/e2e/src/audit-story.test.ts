/**
 * The audit story in Chromium on the demo data (issues 6 and 7, "Done when"; test clock
 * 2026-03-02 Beijing time): qy_demo's audit of the published 2025 list (桂环函〔2025〕12号) goes
 * from disclosure to acceptance through the console — the enterprise discloses (fields prefilled),
 * starts with jg_demo's agency, enters options (tce and CO2 with the factors named, NPV/IRR/payback
 * of a high-cost option), fails the completeness check until its stated totals agree, submits its
 * report; the agency edits an option; the city (nn_eeb) draws the evaluation panel (the expert
 * employed by the enterprise is excluded, never drawn); three experts score; the panel passes;
 * the options are implemented; acceptance is applied for, drawn, scored and passed, the panel
 * seeing the enterprise's level against an indicator system with every indicator explained; the
 * audit page shows the whole timeline with its documents. Another 2025 audit that never disclosed
 * is overdue for its county, city and the region; the region sees reductions by city and industry.
 *
 * Set up outside the console, because the product has no screen for it: the expert accounts of
 * drawn experts without one (as `cpaudit user create` does, linked with `experts.user_id`), and
 * a published indicator-system definition (the region's JSON import and publish, through the API).
 * Screenshots: artifacts/e2e/audit-story-NN-<step>.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import scoringSystem from '../../../packages/domain/test/fixtures/scoring/system.json' with { type: 'json' };
import { DEMO_PASSWORD } from '../../server/test/support.ts';
import { artifactsDir, confirmPopconfirm, hasChromium, launchBrowser, loginAs, startServedApp } from './browser.ts';

/** The indicators of the fixture system (packages/domain/test/fixtures/scoring/system.json). */
const INDICATORS = (scoringSystem.groups as { indicators: { id: string; name: string; direction: string; benchmarks?: { II: number } }[] }[]).flatMap((g) => g.indicators);
const PDF = (label: string) => ({ name: `${label}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.4\n% ${label}\n`) });

describe.runIf(hasChromium)('console: one audit from disclosure to acceptance in Chromium', { timeout: 180_000 }, () => {
  let served: Awaited<ReturnType<typeof startServedApp>>;
  let browser: Browser;
  let auditId = 0;
  let shots = 0;
  /** The expert employed by qy_demo's enterprise (the demo's recusal case). */
  let conflicted = { id: 0, name: '' };

  const rows = <T,>(q: ReturnType<typeof sql>) => served.database.rows<T>(q);
  const shot = (page: Page, step: string) =>
    page.screenshot({ path: path.join(artifactsDir, `audit-story-${String(++shots).padStart(2, '0')}-${step}.png`), fullPage: true });
  /** One logged-in page per user for the whole story (each login costs an argon2 verification). */
  const pages = new Map<string, Page>();
  async function login(username: string): Promise<Page> {
    const known = pages.get(username);
    if (known) return known;
    const page = await loginAs(browser, served.baseUrl, username, DEMO_PASSWORD);
    pages.set(username, page);
    return page;
  }
  /** Picks `text` in the antd Select `select`. */
  /**
   * Picks the option `text` of an antd Select and checks that the select shows it. The dropdown of
   * the newest select is the last one in the page (a closed modal's dropdown may linger unhidden),
   * so the last match is clicked; under load the click is retried once the select shows otherwise.
   */
  async function choose(page: Page, select: Locator, text: string | RegExp) {
    for (let attempt = 1; ; attempt++) {
      await select.click();
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).last().click();
      const shown = (await select.textContent()) ?? '';
      if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return;
      if (attempt === 3) throw new Error(`choose: the select shows "${shown}", not ${String(text)}`);
      await page.keyboard.press('Escape');
    }
  }
  async function openAudit(page: Page, tab?: 'options' | 'panels') {
    await page.goto(`${served.baseUrl}/audits/${auditId}${tab ? `?tab=${tab}` : ''}`);
    await page.getByTestId('audit-state').waitFor({ timeout: 30_000 });
  }
  const state = (page: Page) => page.getByTestId('audit-state').textContent();
  /** Uploads a document of `kindLabel` with the audit page's uploader (workflow tab). */
  async function upload(page: Page, kindLabel: string, file: ReturnType<typeof PDF>) {
    const before = await page.locator('[data-testid=page-audit] .ant-table-row').count();
    await choose(page, page.getByTestId('audit-doc-kind'), kindLabel);
    await page.locator('.ant-upload:has([data-testid=audit-doc-upload]) input[type=file]').setInputFiles(file);
    await expect.poll(() => page.getByText(file.name).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=page-audit] .ant-table-row').count()).toBeGreaterThan(before);
  }
  /** Takes the workflow action `action` in its modal and waits for the state label `to`. */
  async function act(page: Page, action: string, to: string, fill?: () => Promise<void>) {
    await page.getByTestId(`audit-action-${action}`).click();
    await page.locator('.ant-modal').waitFor();
    if (fill) await fill();
    await page.getByTestId('audit-action-ok').click();
    await expect.poll(() => state(page), { timeout: 20_000 }).toBe(to);
  }
  /** The login of every seated expert of the audit's current `stage` panel: every demo expert has one (zj_demo, zj_02 … zj_42). */
  async function expertAccounts(stage: 'evaluation' | 'acceptance'): Promise<{ username: string; panelId: number }[]> {
    const seats = await rows<{ panel_id: number; expert_id: number; username: string | null }>(sql`
      select p.id as panel_id, m.expert_id, u.username from review_panels p join panel_members m on m.panel_id = p.id
        join experts x on x.id = m.expert_id left join users u on u.id = x.user_id
      where p.audit_id = ${auditId} and p.stage = ${stage} and m.replaced_by is null order by m.seat`);
    expect(seats.length).toBeGreaterThanOrEqual(3);
    for (const s of seats) expect(s.username).toMatch(/^zj_(demo|\d\d)$/);
    return seats.map((s) => ({ username: s.username!, panelId: s.panel_id }));
  }
  /** The expert scores its sheet in 我的评审任务: every item at its maximum less `minus` on the first. */
  async function score(username: string, panelId: number, minus: number) {
    const page = await login(username);
    await page.goto(`${served.baseUrl}/my/assignments`);
    const card = page.getByTestId(`assignment-${panelId}`);
    await card.waitFor({ timeout: 30_000 });
    const mine = ((await (await page.request.get(`${served.baseUrl}/api/v1/my/assignments`)).json()) as { panelId: number; template: { items: { key: string; maxPoints: number }[] } }[]).find((a) => a.panelId === panelId)!;
    for (const [i, item] of mine.template.items.entries()) {
      await card.getByTestId(`sheet-item-${item.key}`).fill(String(item.maxPoints - (i === 0 ? minus : 0)));
    }
    await card.getByTestId('sheet-comment').fill('报告内容完整，方案可行。');
    await expect.poll(() => card.getByTestId('sheet-total').textContent(), { timeout: 15_000 }).toContain(String(100 - minus));
    await card.getByTestId('sheet-submit').click();
    await confirmPopconfirm(page);
    await card.getByTestId('sheet-submit').waitFor({ state: 'detached', timeout: 20_000 });
    return page;
  }
  /** The city decides the current panel on the audit's panel tab; returns once the audit is in `to`. */
  async function decide(to: string) {
    const page = await login('nn_eeb');
    await openAudit(page, 'panels');
    const btn = page.getByTestId('panel-decide');
    await expect.poll(() => btn.isEnabled(), { timeout: 20_000 }).toBe(true);
    await btn.click();
    await expect.poll(() => state(page), { timeout: 20_000 }).toBe(to);
    return page;
  }

  beforeAll(async () => {
    served = await startServedApp();
    browser = await launchBrowser();
    for (const f of fs.readdirSync(artifactsDir)) if (f.startsWith('audit-story-')) fs.rmSync(path.join(artifactsDir, f));
    const [a] = await rows<{ id: number; uscc: string }>(sql`select a.id, e.uscc from audits a join enterprises e on e.id = a.enterprise_id
      join orgs o on o.enterprise_id = e.id join users u on u.org_id = o.id where u.username = 'qy_demo' and a.list_year = 2025`);
    auditId = a!.id;
    const [x] = await rows<{ id: number; name: string }>(sql`select x.id, x.name from experts x where x.employer_uscc = ${a!.uscc} order by x.id limit 1`);
    expect(x, 'the demo pool has an expert employed by qy_demo\'s enterprise').toBeTruthy();
    conflicted = x!;
  });
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('when qy_demo opens its listed audit, then it uploads the proof and discloses with the fields prefilled, late', async () => {
    const page = await login('qy_demo');
    await page.goto(`${served.baseUrl}/audits`);
    await page.getByTestId(`audit-link-${auditId}`).click();
    await page.getByTestId('audit-state').waitFor({ timeout: 30_000 });
    expect(await state(page)).toBe('已列入名单');
    // Nothing is offered before the proof is uploaded, and the page says why.
    expect(await page.getByTestId('audit-missing-documents').textContent()).toContain('信息公开证明');
    await shot(page, 'listed');
    await upload(page, '信息公开证明', PDF('disclosure-proof'));
    await act(page, 'disclose', '已公开信息', async () => {
      // The exceedance of the screening evidence, prefilled: COD 125 mg/L against 100 mg/L.
      const prefill = await page.getByTestId('disclosure-prefill').textContent();
      expect(prefill).toContain('化学需氧量');
      expect(prefill).toContain('实测值：125'); // field names in Chinese, not the wire keys
      expect(prefill).not.toContain('measuredValue');
      expect(await page.getByTestId('audit-action-pending-docs').textContent()).toContain('disclosure-proof.pdf');
      await page.locator('.ant-modal #channel').fill('企业网站');
      await page.locator('.ant-modal #url').fill('https://qy.example.com/gk');
      await shot(page, 'disclose-form');
    });
  });

  it('when qy_demo starts with the consulting agency, then the audit is started with 绿源', async () => {
    const page = await login('qy_demo');
    await openAudit(page);
    await act(page, 'start', '已启动审核', async () => {
      await choose(page, page.locator('.ant-modal .ant-select').first(), '绿源');
      await page.locator('.ant-modal #team').fill('张三，李四');
    });
    expect(await page.getByTestId('page-audit').textContent()).toContain('绿源');
    await shot(page, 'started');
  });

  it('when qy_demo enters a low-cost and a high-cost option, then it sees tce and CO2 with the factors named and NPV, IRR and payback', async () => {
    const page = await login('qy_demo');
    await openAudit(page, 'options');
    await page.getByTestId('option-add').click();
    await page.getByTestId('option-code').fill('Q1');
    await page.getByTestId('option-name').fill('空压站余热回收');
    await page.getByTestId('option-investment').fill('5');
    await page.getByTestId('option-expected-energy-electricity').fill('200000');
    await page.getByTestId('option-expected-reduction-cod').fill('500');
    await page.getByTestId('option-expected-benefit').fill('8');
    // 200 000 kWh × 0.1229 kgce/kWh (GB/T 2589-2020) = 24.58 tce.
    await expect.poll(() => page.getByTestId('option-preview-tce').textContent(), { timeout: 15_000 }).toContain('24.58');
    const factors = await page.getByTestId('option-preview-factors').textContent();
    expect(factors).toContain('0.1229 kgce/kWh');
    expect(factors).toMatch(/电网|南方|广西|全国/);
    const co2 = await page.getByTestId('option-preview-co2').textContent();
    expect(co2).not.toMatch(/: (0|—)$/);
    await shot(page, 'option-preview');
    await page.getByTestId('option-save').click();
    await expect.poll(() => page.getByTestId('option-tce-Q1').textContent(), { timeout: 15_000 }).toBe('24.58');

    await page.getByTestId('option-add').click();
    await page.getByTestId('option-code').fill('Q2');
    await page.getByTestId('option-name').fill('燃煤锅炉改天然气锅炉');
    await choose(page, page.getByTestId('option-cost-class'), '中/高费');
    await page.getByTestId('option-investment').fill('200');
    await page.getByTestId('option-expected-energy-rawCoal').fill('1000');
    await page.getByTestId('option-expected-reduction-so2').fill('2000');
    await page.getByTestId('option-expected-benefit').fill('60');
    await expect.poll(() => page.getByTestId('option-preview-tce').textContent(), { timeout: 15_000 }).toContain('714.3');
    await page.getByTestId('option-save').click();
    await expect.poll(() => page.getByTestId('option-tce-Q2').textContent(), { timeout: 15_000 }).toBe('714.3');

    // Feasibility with the defaults (I 200, P 60, n 10, t 25 %, i 10 %): D = 20, F = (60 − 20)(1 − 0.25) + 20 = 50,
    // N = 200 / 50 = 4 years, NPV = 50 × 6.144567 − 200 = 107.2284, IRR ≈ 21.41 % (annuity factor 4 over 10 years).
    const fs = page.getByTestId('feasibility-Q2');
    await fs.getByTestId('fs-compute').click();
    const result = page.getByTestId('feasibility-result-Q2');
    await result.waitFor({ timeout: 15_000 });
    const text = (await result.textContent())!;
    expect(text).toContain('107.2284');
    expect(text).toContain('21.41 %');
    expect(text).toMatch(/4(?!\d)/);
    expect(await page.getByTestId('feasibility-verdict-Q2').textContent()).toBe('经济可行');
    await shot(page, 'options-feasibility');
  });

  it('when qy_demo states totals that disagree with its options, then the completeness check fails until they agree', async () => {
    const page = await login('qy_demo');
    await openAudit(page, 'options');
    const check = page.getByTestId('completeness');
    await check.waitFor({ timeout: 30_000 });
    expect(await check.textContent()).toContain('未确定审核重点');
    await page.getByTestId('stated-all-investmentWan').fill('200');
    await page.getByTestId('focus-add').click();
    await page.getByTestId('focus-name-0').fill('锅炉房能耗');
    await page.getByTestId('focus-add-target-0').click();
    await page.getByPlaceholder('目标指标').fill('单位产品综合能耗');
    await page.getByPlaceholder('目标值').fill('320');
    await page.getByTestId('stated-save').click();
    // The options' investment: the demo's three options of this audit (demo-options.ts: 3 + 0.5 + 100) and Q1, Q2 (5 + 200).
    const sum = (await page.getByTestId('perf-all-investmentWan').textContent())!.replace(/,/g, '');
    expect(sum).toBe('308.5');
    await expect.poll(() => check.textContent(), { timeout: 15_000 }).toContain(`报告填写 200，方案合计 ${sum}`);
    expect(await check.getAttribute('class')).toContain('ant-alert-error');
    await shot(page, 'completeness-fails');
    await page.getByTestId('stated-all-investmentWan').fill(sum);
    await page.getByTestId('stated-save').click();
    await expect.poll(() => check.textContent(), { timeout: 15_000 }).toContain('报告完整性检查通过');
    await shot(page, 'completeness-ok');
  });

  it('when the agency jg_demo opens the audit it consults on, then it edits an option', async () => {
    const page = await login('jg_demo');
    await page.goto(`${served.baseUrl}/audits`);
    await page.getByTestId(`audit-link-${auditId}`).click();
    await page.getByTestId('audit-tab-options').click();
    await page.getByTestId('option-edit-Q1').click();
    await page.getByTestId('option-name').fill('空压站余热回收（咨询机构核定）');
    await page.getByTestId('option-save').click();
    await expect.poll(() => page.getByTestId('options-table').textContent(), { timeout: 15_000 }).toContain('空压站余热回收（咨询机构核定）');
    await shot(page, 'agency-edits-option');
  });

  it('when qy_demo uploads its report and submits it, then the report is submitted with its options', async () => {
    const page = await login('qy_demo');
    await openAudit(page);
    await upload(page, '清洁生产审核报告', PDF('audit-report'));
    await act(page, 'submitReport', '已报送审核报告');
    await shot(page, 'report-submitted');
  });

  it('when the city draws the evaluation panel, then three experts are seated and the expert employed by the enterprise is excluded', async () => {
    const page = await login('nn_eeb');
    await openAudit(page);
    // The workflow's draw button leads to the panel tab (the only place that draws, with the exclusions).
    await page.getByTestId('audit-action-drawPanel').click();
    await page.getByTestId('panel-draw').click();
    await expect.poll(() => state(page), { timeout: 20_000 }).toBe('评估中');
    const members = page.getByTestId('panel-members');
    await expect.poll(() => members.locator('.ant-table-row').count(), { timeout: 15_000 }).toBe(3);
    const seated = await rows<{ expert_id: number }>(sql`select m.expert_id from panel_members m join review_panels p on p.id = m.panel_id where p.audit_id = ${auditId}`);
    expect(seated.map((s) => s.expert_id)).not.toContain(conflicted.id);
    await page.locator('.ant-collapse-header', { hasText: /回避|排除/ }).first().click();
    expect(await page.getByTestId('panel-exclusions').textContent()).toContain(conflicted.name);
    await shot(page, 'panel-drawn');
  });

  it('when three experts score the evaluation, then the city decides and the evaluation passes', async () => {
    const experts = await expertAccounts('evaluation');
    expect(experts).toHaveLength(3);
    for (const [i, e] of experts.entries()) {
      const p = await score(e.username, e.panelId, i * 2);
      if (i === 0) await shot(p, 'expert-scores');
    }
    const page = await decide('评估通过');
    expect(await page.getByTestId('panel-result').textContent()).toContain('98.00');
    await shot(page, 'evaluation-passed');
  });

  it('when qy_demo implements its options and applies for acceptance, then the acceptance is applied for', async () => {
    const page = await login('qy_demo');
    await openAudit(page);
    await act(page, 'startImplementation', '方案实施中');
    await page.getByTestId('audit-tab-options').click();
    for (const [code, field, achieved] of [['Q1', 'electricity', '180000'], ['Q2', 'rawCoal', '900']] as const) {
      await page.getByTestId(`option-edit-${code}`).click();
      await choose(page, page.getByTestId('option-status'), '已实施');
      await page.getByTestId(`option-achieved-energy-${field}`).fill(achieved);
      await page.getByTestId('option-save').click();
      await page.locator('.ant-modal').waitFor({ state: 'detached', timeout: 15_000 });
    }
    // Implemented options count with their achieved savings: 180 000 kWh → 22.122 tce; 900 t raw coal → 642.87 tce.
    await expect.poll(() => page.getByTestId('option-tce-Q1').textContent(), { timeout: 15_000 }).toBe('22.122');
    await expect.poll(() => page.getByTestId('option-tce-Q2').textContent(), { timeout: 15_000 }).toBe('642.87');
    await shot(page, 'options-implemented');
    await page.getByTestId('audit-tab-workflow').click();
    await upload(page, '验收报告', PDF('acceptance-report'));
    await upload(page, '监测报告', PDF('monitoring-report'));
    await act(page, 'applyForAcceptance', '已申请验收');
  });

  it('when the enterprise scores its level before and after against a published indicator system, then the acceptance panel sees it explained', async () => {
    // The region imports and publishes a definition (API), as its indicator-system editor does.
    const gx = await served.login('gx_dee');
    const [sys] = await rows<{ id: number }>(sql`select id from indicator_systems order by (industry_key = 'packaging_printing') desc nulls last, id limit 1`);
    const def = (await gx.post(`/api/v1/indicator-systems/${sys!.id}/definitions`, { definition: { ...scoringSystem, name: '示例行业清洁生产评价指标体系（验收演示）' } })).json();
    const pub = await gx.post(`/api/v1/indicator-systems/${sys!.id}/definitions/${def.id}/publish`, { rowVersion: def.rowVersion ?? 1 });
    expect(pub.statusCode, pub.body).toBe(200);
    const qy = await served.login('qy_demo');
    const values = (water: number, energy: number, reuse: number) =>
      Object.fromEntries(INDICATORS.map((i) => [i.id, i.direction === 'qualitative' ? 'II' : i.id === 'water' ? water : i.id === 'energy' ? energy : i.id === 'reuse' ? reuse : i.benchmarks!.II]));
    for (const [stage, v] of [['before', values(10, 400, 75)], ['after', values(6, 320, 85)]] as const) {
      const r = await qy.put(`/api/v1/audits/${auditId}/levels`, { stage, definitionId: def.id, values: v });
      expect(r.statusCode, r.body).toBe(200);
    }

    const page = await login('nn_eeb');
    await openAudit(page, 'panels');
    await page.getByTestId('panel-draw').click();
    await expect.poll(() => state(page), { timeout: 20_000 }).toBe('验收中');
    await shot(page, 'acceptance-panel-drawn');
    const experts = await expertAccounts('acceptance');
    expect(experts).toHaveLength(3);
    const seen = await login(experts[0]!.username);
    await seen.goto(`${served.baseUrl}/my/assignments`);
    await seen.getByTestId(`assignment-options-${experts[0]!.panelId}`).click();
    const after = seen.getByTestId('level-after');
    await after.waitFor({ timeout: 30_000 });
    const text = (await after.textContent())!;
    for (const i of INDICATORS) expect(text).toContain(i.name);
    expect(await seen.getByTestId('level-after-value').textContent()).toMatch(/级|未达到/);
    await shot(seen, 'acceptance-panel-sees-level');
  });

  it('when three experts score the acceptance, then it passes and the audit page shows the whole timeline with documents', async () => {
    for (const [i, e] of (await expertAccounts('acceptance')).entries()) {
      await score(e.username, e.panelId, i);
    }
    await decide('验收通过');
    const page = await login('qy_demo');
    await openAudit(page);
    const timeline = page.getByTestId('audit-timeline');
    const text = (await timeline.textContent())!;
    for (const label of ['信息公开', '启动审核', '提交审核报告', '抽取专家组', '评估通过', '实施中/高费方案', '申请验收', '验收通过']) expect(text).toContain(label);
    const links = timeline.locator('a[href^="/api/v1/documents/"]');
    expect(await links.count()).toBeGreaterThanOrEqual(4);
    await shot(page, 'accepted-timeline');
    // The consulting agency downloads the audit's documents too.
    const agency = await login('jg_demo');
    const href = (await links.first().getAttribute('href'))!;
    expect((await agency.request.get(`${served.baseUrl}${href}`)).status()).toBe(200);
  });

  it('when another enterprise never disclosed, then it is overdue for its county, its city and the region', async () => {
    // The demo's 2025 list has no other 南宁 audit left in `listed` (demo-lists.ts), so one elsewhere;
    // its county bureau (and its city, unless 柳州's lz_eeb) gets an account as `cpaudit user create` would.
    const [other] = await rows<{ id: number; name: string; county_code: string; city_code: string }>(sql`select a.id, e.name, a.county_code, a.city_code from audits a
      join enterprises e on e.id = a.enterprise_id where a.list_year = 2025 and a.state = 'listed' and a.city_code <> '450100' order by (a.city_code = '450200') desc, a.id limit 1`);
    const account = async (username: string, role: string, kind: string, code: string) => {
      await rows(sql`insert into users (username, display_name, role, org_id, password_hash)
        select ${username}, o.name || ' 管理员', ${role}, o.id, u.password_hash from orgs o, users u
        where o.kind = ${kind} and o.division_code = ${code} and u.username = 'nn_xn'`);
      return username;
    };
    const county = await account(`e2e_county_${other!.county_code}`, 'countyOfficer', 'countyBureau', other!.county_code);
    const city = other!.city_code === '450200' ? 'lz_eeb' : await account(`e2e_city_${other!.city_code}`, 'cityEebOfficer', 'cityEeb', other!.city_code);
    for (const [who, user] of [['county', county], ['city', city], ['region', 'gx_dee']] as const) {
      const page = await login(user);
      await page.goto(`${served.baseUrl}/audits`);
      await page.getByTestId('audits-overdue').click();
      await page.getByPlaceholder('企业名称或信用代码').fill(other!.name);
      await page.getByPlaceholder('企业名称或信用代码').press('Enter');
      await page.getByTestId(`audit-overdue-${other!.id}`).waitFor({ timeout: 20_000 });
      await shot(page, `overdue-${who}`);
    }
  });

  it('when the region opens 减排成效, then it sees reductions by city and by industry', async () => {
    const page = await login('gx_dee');
    await page.goto(`${served.baseUrl}/reductions`);
    const table = page.getByTestId('reductions-table');
    await expect.poll(() => table.textContent(), { timeout: 30_000 }).toContain('南宁');
    await shot(page, 'reductions-city');
    await choose(page, page.getByTestId('reductions-group'), '重点行业');
    await expect.poll(() => table.locator('.ant-table-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot(page, 'reductions-industry');
  });
});
