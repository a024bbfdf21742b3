/**
 * The audit part of the real-input scenario (issue 9 item 1, steps a–f of run.ts): accounts for
 * three enterprises of the published 2022 list, a consulting agency and six experts; disclosure,
 * start, options, report, evaluation panel, implementation, acceptance panel; the overdue job;
 * the dashboard and the reduction figures. Each step goes through the HTTP API as the account
 * that takes it in the console, on the dates of the 2022 calendar (see README.md here).
 *
 * Dates: `cpaudit serve` runs on the real clock (no option moves it), and the workflow dates each
 * step with the server's clock (`applyAuditAction`: the Beijing date of `deps.clock.now()`). To
 * act on the days of 2022–2023 the example starts the same application (`buildApp` of
 * apps/server, every route and check as in `serve`) in this process with a `ManualClock` (the
 * clock the product injects in its tests) set to the day of each step. The overdue job runs
 * through the CLI (`cpaudit jobs overdue --date`), which takes the day explicitly.
 */
import type { ManualClock } from '../../apps/server/src/platform/clock.ts';
import { Browser } from './http.ts';

/** What the audit part prints and compares (expected.json keys of the same names). */
export interface StoryOutcome {
  accounts: { username: string; role: string; org: string; linked: string | null }[];
  overdueJob: { date: string; ran: boolean; marked: number; escalated: number; notified: number };
  overdueSummary: { date: string; rows: { cityCode: string; countyCode: string; overdue: number; escalated: number }[] };
  disclosureForm: { uscc: string; due: string; criteria: string[]; exceedances: unknown };
  options: { uscc: string; code: string; costClass: string; status: string; investmentWan: number; dataYear: number; expected: Measures; achieved: Measures }[];
  panels: { uscc: string; stage: string; drawnOn: string; size: number; eligible: number; excluded: Record<string, number>; totals: number[]; mean: number; outcome: string; auditState: string }[];
  audits: AuditFigures[];
  dashboard: { today: string; totals: Record<string, number | null>; funnel: Record<string, number>; cities: Record<string, unknown>[] };
  reductions: { cityCode: string; label: string; options: number; implemented: number; investmentWan: number; achieved: Measures; expected: Measures }[];
}
interface Measures {
  tce: number;
  co2T: number;
  waterM3: number;
  benefitWan: number;
  reductions: Record<string, number>;
}
interface AuditFigures {
  uscc: string;
  name: string;
  auditType: string;
  state: string;
  consulting: string | null;
  disclosedOn: string | null;
  disclosureLate: boolean | null;
  startedOn: string | null;
  reportSubmittedOn: string | null;
  evaluationPassedOn: string | null;
  acceptanceApplicationDue: string | null;
  acceptanceAppliedOn: string | null;
  acceptedOn: string | null;
  validUntil: string | null;
  overdueSteps: string[];
}

/** What the story needs from run.ts. */
export interface StoryContext {
  env: NodeJS.ProcessEnv;
  password: string;
  cpaudit: (env: NodeJS.ProcessEnv, args: string[]) => Promise<string>;
  say: (line?: string) => void;
  step: (title: string) => void;
  /** The register entries (agency, experts) are added over `serve` by the region before the story. */
  agency: { id: number; name: string; uscc: string };
  experts: { id: number; name: string }[];
}

/** The three enterprises of the 2022 list that get accounts (the others never act: see README). */
export const STORY_ENTERPRISES = [
  { uscc: '914501026420642331', username: 'ex.qy.yungui', city: '450100', contact: '南宁市云桂水泥有限公司 环保专员' },
  { uscc: '914503029990397000', username: 'ex.qy.jinsui', city: '450300', contact: '桂林市金穗糖业有限公司 环保专员' },
  { uscc: '91450421600968074C', username: 'ex.qy.hongtai', city: '450400', contact: '梧州市泓泰化工有限公司 环保专员' },
] as const;
const [NANNING, GUILIN, WUZHOU] = STORY_ENTERPRISES;

/** The consulting agency and the six experts the region adds to its register (fictional). */
export const AGENCY = {
  name: '广西示例清洁生产技术咨询有限公司',
  uscc: '91450103MA5KC8TD2L',
  divisionCode: '450103',
  auditors: [{ name: '李清源', certificateNo: 'CP-GX-2021-0107', validUntil: '2024-12-31' }],
  industries: ['building_materials', 'agri_food_processing', 'chemical'],
  contactPhone: '0771-5550107',
};
export const EXPERTS = [
  { name: '覃明远', employerName: '广西大学', title: '教授', specialities: ['building_materials', 'energy_saving'], cityCode: '450100' },
  { name: '韦丽华', employerName: '广西建筑材料科学研究设计院', title: '正高级工程师', specialities: ['building_materials'], cityCode: '450100' },
  { name: '黄志坚', employerName: '桂林理工大学', title: '教授', specialities: ['building_materials', 'environment'], cityCode: '450300' },
  { name: '陆海燕', employerName: '广西壮族自治区环境保护科学研究院', title: '高级工程师', specialities: ['building_materials', 'environment'], cityCode: '450100' },
  { name: '蒙德胜', employerName: '柳州市节能技术服务中心', title: '高级工程师', specialities: ['building_materials', 'energy_saving'], cityCode: '450200' },
  { name: '莫晓岚', employerName: '广西科技大学', title: '副教授', specialities: ['building_materials'], cityCode: '450200' },
] as const;

/** A small valid PDF (the document store checks the magic bytes), one per uploaded document. */
function pdf(title: string): Uint8Array {
  return new TextEncoder().encode(`%PDF-1.4\n% ${title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

const at = (day: string) => `${day}T10:00:00+08:00`;

interface AuditDetail {
  id: number;
  uscc: string;
  enterpriseName: string;
  auditType: string;
  state: string;
  version: number;
  consultingAgencyName: string | null;
  selfAudit: boolean;
  evaluationPassedOn: string | null;
  acceptedOn: string | null;
  validUntil: string | null;
  overdueSteps: string[];
  disclosure: { late?: boolean } | null;
  deadlines: { step: string; due: string | null; doneOn: string | null }[];
}

/**
 * Runs steps a–f. `ctx.env` is the scenario's database environment; the database must not be
 * open in another process (PGlite): `serve` is stopped before.
 */
export async function auditStory(ctx: StoryContext): Promise<StoryOutcome> {
  const { env, password, say, step } = ctx;
  const accounts: StoryOutcome['accounts'] = [];

  // a. The agency's and the experts' login accounts, through the CLI, linked to their register entries.
  step('a. cpaudit org create / user create: 咨询机构与专家账号 agency and expert accounts (linked to the register)');
  const cli = async (args: string[]) => say(`   ${(await ctx.cpaudit(env, args)).trim()}`);
  await cli(['org', 'create', '--kind', 'consultingAgency', '--name', AGENCY.name, '--division', AGENCY.divisionCode, '--uscc', AGENCY.uscc]);
  await cli(['user', 'create', '--username', 'ex.agency', '--display-name', '咨询机构 示例审核师', '--role', 'agencyUser', '--org', AGENCY.name, '--password-env', 'EXAMPLE_PASSWORD', '--no-force-change']);
  accounts.push({ username: 'ex.agency', role: 'agencyUser', org: AGENCY.name, linked: AGENCY.uscc });
  const POOL = '广西壮族自治区清洁生产审核专家库';
  await cli(['org', 'create', '--kind', 'expert', '--name', POOL, '--division', '450000']);
  const expertUser = new Map<number, string>();
  for (const [i, x] of ctx.experts.entries()) {
    const username = `ex.expert${i + 1}`;
    await cli(['user', 'create', '--username', username, '--display-name', `${x.name}（专家）`, '--role', 'expertUser', '--org', POOL, '--password-env', 'EXAMPLE_PASSWORD', '--expert', String(x.id), '--no-force-change']);
    expertUser.set(x.id, username);
    accounts.push({ username, role: 'expertUser', org: POOL, linked: x.name });
  }

  const { ManualClock } = await import('../../apps/server/src/platform/clock.ts');
  const clock = new ManualClock(at('2022-04-01'));
  let app = await startApp(env, clock);
  say(`   进程内应用 in-process app ${app.base} (clock ${clock.now().toISOString()})`);
  const users = new Map<string, Browser>();
  const as = async (username: string): Promise<Browser> => {
    let b = users.get(username);
    if (!b) {
      b = new Browser(app.base, username);
      await b.login(password);
      users.set(username, b);
    }
    return b;
  };
  const day = (d: string) => {
    clock.set(at(d));
    return d;
  };
  const dee = () => as('ex.dee');

  // a (cont.). The enterprises register their accounts with their credit codes; the city approves.
  step('a. 企业注册账号 enterprises register (POST /api/v1/public/enterprise-registrations), 市生态环境局批准 the city approves');
  day('2022-04-01');
  for (const e of STORY_ENTERPRISES) {
    const res = await fetch(`${app.base}/api/v1/public/enterprise-registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', origin: app.base },
      body: JSON.stringify({ uscc: e.uscc, username: e.username, displayName: e.contact, password, contactPhone: '0771-5550000' }),
    });
    if (res.status !== 201) throw new Error(`registration ${e.uscc}: HTTP ${res.status} ${await res.text()}`);
    const reg = (await res.json()) as { id: number };
    const city = await as(`ex.eeb${e.city}`);
    const r = await city.call<{ status: string; enterpriseName: string }>('POST', `/api/v1/enterprise-registrations/${reg.id}/approve`, {});
    say(`   ${e.username}: ${r.enterpriseName} ${e.uscc} → ${r.status} (ex.eeb${e.city})`);
    accounts.push({ username: e.username, role: 'enterpriseUser', org: r.enterpriseName, linked: e.uscc });
  }

  const ids = new Map<string, number>();
  {
    const page = await (await dee()).call<{ data: { id: number; uscc: string }[] }>('GET', '/api/v1/audits?listYear=2022&current=1&pageSize=100');
    for (const a of page.data) ids.set(a.uscc, a.id);
  }
  const detail = async (uscc: string, by = 'ex.dee') => (await as(by)).call<AuditDetail>('GET', `/api/v1/audits/${ids.get(uscc)}`);
  const upload = async (username: string, uscc: string, kind: string, title: string) => {
    const d = await (await as(username)).upload<{ id: number }>(`/api/v1/audits/${ids.get(uscc)}/documents?kind=${kind}`, `${kind}.pdf`, pdf(title), 'application/pdf');
    return d.id;
  };
  const act = async (username: string, uscc: string, action: string, extra: { payload?: Record<string, unknown>; documentIds?: number[]; comment?: string } = {}) => {
    const a = await detail(uscc, username);
    const r = await (await as(username)).call<{ state: string }>('POST', `/api/v1/audits/${a.id}/actions/${action}`, { version: a.version, ...extra });
    say(`   ${beijingDay(clock)} ${username}: ${action} ${a.enterpriseName} → ${r.state}`);
    return r;
  };

  // b. Disclosure within the deadline (Order 38 art. 11) with the proof uploaded.
  step('b. 信息公开 disclosure (art. 11, due 2022-05-05)');
  const disclose = async (e: (typeof STORY_ENTERPRISES)[number], d: string) => {
    day(d);
    const doc = await upload(e.username, e.uscc, 'disclosureProof', `${e.uscc} 信息公开截图`);
    await act(e.username, e.uscc, 'disclose', { documentIds: [doc], payload: { channel: '企业网站', url: `https://example.invalid/${e.uscc}/disclosure` } });
  };
  const form = await (await as(NANNING.username)).call<{ due: string; criteria: string[]; form: { exceedances: unknown } }>('GET', `/api/v1/audits/${ids.get(NANNING.uscc)}/disclosure-form`);
  say(`   ${NANNING.username}: 预填公开表 prefilled form, due ${form.due}, criteria ${form.criteria.join(', ')}, exceedances ${JSON.stringify(form.form.exceedances)}`);
  const disclosureForm = { uscc: NANNING.uscc, due: form.due, criteria: form.criteria, exceedances: form.form.exceedances };
  await disclose(NANNING, '2022-04-06');
  await disclose(GUILIN, '2022-04-08');

  // c. Start (art. 12, due 2022-05-31): 南宁 with the consulting agency, 桂林 as a self-audit.
  step('c. 启动审核 start (art. 12, due 2022-05-31)');
  day('2022-04-20');
  await act(NANNING.username, NANNING.uscc, 'start', {
    payload: { consulting: { agencyId: ctx.agency.id }, auditTeam: [{ name: '李清源', role: '审核组长', employer: AGENCY.name }, { name: '南宁云桂 生产副总', role: '审核小组成员' }] },
  });
  day('2022-04-25');
  await act(GUILIN.username, GUILIN.uscc, 'start', { payload: { consulting: { self: true }, auditTeam: [{ name: '金穗糖业 总工程师', role: '审核组长' }] } });
  await app.close();

  // b (cont.). The overdue job for the first day after the disclosure deadline (CLI, explicit date).
  step('b. cpaudit jobs overdue --date 2022-05-06 (逾期检查 the day after the disclosure deadline)');
  const jobOut = (await ctx.cpaudit(env, ['jobs', 'overdue', '--date', '2022-05-06'])).trim();
  say(`   ${jobOut}`);
  const m = /overdue (\d{4}-\d{2}-\d{2}): (\d+) marked, (\d+) escalated, (\d+) notified/.exec(jobOut);
  if (!m) throw new Error(`unexpected output of cpaudit jobs overdue: ${jobOut}`);
  const overdueJob = { date: m[1]!, ran: true, marked: Number(m[2]), escalated: Number(m[3]), notified: Number(m[4]) };

  app = await startApp(env, clock);
  users.clear();
  say(`   进程内应用 in-process app ${app.base}`);

  // b (cont.). 梧州 discloses late; it starts within the start deadline (self-audit).
  step('b/c. 梧州 逾期公开 late disclosure, then start');
  await disclose(WUZHOU, '2022-05-10');
  day('2022-05-20');
  await act(WUZHOU.username, WUZHOU.uscc, 'start', { payload: { consulting: { self: true }, auditTeam: [{ name: '泓泰化工 安环部长', role: '审核组长' }] } });
  const summary = await (await dee()).call<{ cityCode: string; countyCode: string; overdue: number; escalated: number }[]>('GET', '/api/v1/audits/overdue-summary');
  const overdueSummary = { date: '2022-05-20', rows: summary.map((r) => ({ cityCode: r.cityCode, countyCode: r.countyCode, overdue: r.overdue, escalated: r.escalated })) };
  for (const r of overdueSummary.rows) say(`   逾期 overdue on 2022-05-20: ${r.countyCode} ${r.overdue} (escalated ${r.escalated})`);

  // d. Options and the report (art. 17, due 2023-03-31). The enterprise enters the options: the
  // options routes check the area and the enterprise only, so the agency's user (which has the
  // permission) gets 403 OUT_OF_SCOPE on the audits it consults on — reported, left to the options module.
  step('d. 方案 options (low- and high-cost) and 审核报告 report');
  day('2022-09-15');
  const yungui = await as(NANNING.username);
  const optionIds = new Map<string, { id: number; version: number }>();
  const addOption = async (by: Browser, uscc: string, body: Record<string, unknown>) => {
    const o = await by.call<{ id: number; version: number; code: string; expectedMeasures: Measures }>('POST', `/api/v1/audits/${ids.get(uscc)}/options`, body);
    optionIds.set(`${uscc}/${o.code}`, { id: o.id, version: o.version });
    say(`   ${by.username}: 方案 option ${o.code} ${String(body.name)} — expected ${o.expectedMeasures.tce} tce, ${o.expectedMeasures.co2T} t CO2`);
  };
  await addOption(yungui, NANNING.uscc, {
    code: 'F1',
    name: '空压机系统泄漏治理与供气压力优化',
    costClass: 'low',
    direction: 'equipment',
    investmentWan: 3,
    status: 'implemented',
    actualStart: '2022-07-01',
    actualEnd: '2022-08-31',
    expected: { energy: { electricity: 150000 }, economicBenefitWan: 9 },
    achieved: { energy: { electricity: 150000 }, economicBenefitWan: 9 },
  });
  await addOption(yungui, NANNING.uscc, {
    code: 'F2',
    name: '窑尾电除尘器改袋式除尘器及风机变频改造',
    costClass: 'high',
    direction: 'processTechnology',
    investmentWan: 380,
    status: 'feasible',
    plannedStart: '2023-01-01',
    plannedEnd: '2023-05-31',
    expected: { energy: { electricity: 420000 }, reductions: { pm: 9600 }, economicBenefitWan: 25.2 },
  });
  day('2022-10-31');
  {
    const doc = await upload('ex.agency', NANNING.uscc, 'auditReport', '南宁市云桂水泥有限公司清洁生产审核报告');
    await act('ex.agency', NANNING.uscc, 'submitReport', { documentIds: [doc] });
  }

  // e. Evaluation: the city draws the panel, three experts score, the city records the result.
  const panels: StoryOutcome['panels'] = [];
  const review = async (stage: 'evaluation' | 'acceptance', drawOn: string, scoreOn: string, decideOn: string, seed: number, sheets: Record<string, number>[]) => {
    const city = await as('ex.eeb450100');
    day(drawOn);
    const p = await city.call<{ id: number; size: number; eligible: { expertId: number }[]; exclusions: { reason: string }[]; members: { expertId: number; seat: number }[] }>(
      'POST',
      `/api/v1/audits/${ids.get(NANNING.uscc)}/panels`,
      { stage, size: 3, seed },
    );
    const names = new Map(ctx.experts.map((x) => [x.id, x.name]));
    say(`   ${drawOn} ex.eeb450100: 抽取${stage === 'evaluation' ? '评估' : '验收'}专家组 drew the ${stage} panel (seed ${seed}): ${p.members.map((x) => names.get(x.expertId)).join('、')}; eligible ${p.eligible.length}, excluded ${p.exclusions.length}`);
    day(scoreOn);
    for (const [i, member] of [...p.members].sort((a, b) => a.seat - b.seat).entries()) {
      const expert = await as(expertUser.get(member.expertId)!);
      const saved = await expert.call<{ version: number; total: number }>('PUT', `/api/v1/panels/${p.id}/sheets/mine`, { version: 0, items: sheets[i], vetoes: [], comment: `席位 ${member.seat} 评分` });
      await expert.call('POST', `/api/v1/panels/${p.id}/sheets/mine/submit`, { version: saved.version });
      say(`   ${scoreOn} ${expert.username} (${names.get(member.expertId)}): 评分 total ${saved.total}`);
    }
    day(decideOn);
    const before = await city.call<{ version: number }[]>('GET', `/api/v1/audits/${ids.get(NANNING.uscc)}/panels`);
    const d = await city.call<{ panel: { result: { mean: number; outcome: string; sheets: { total: number }[] } }; auditState: string }>('POST', `/api/v1/panels/${p.id}/decide`, {
      version: before[0]!.version,
    });
    say(`   ${decideOn} ex.eeb450100: 结论 mean ${d.panel.result.mean} → ${d.panel.result.outcome}; audit → ${d.auditState}`);
    const excluded: Record<string, number> = {};
    for (const x of p.exclusions) excluded[x.reason] = (excluded[x.reason] ?? 0) + 1;
    panels.push({
      uscc: NANNING.uscc,
      stage,
      drawnOn: drawOn,
      size: p.size,
      eligible: p.eligible.length,
      excluded,
      totals: d.panel.result.sheets.map((s) => s.total).sort((a, b) => a - b),
      mean: d.panel.result.mean,
      outcome: d.panel.result.outcome,
      auditState: d.auditState,
    });
  };
  step('e. 评估 evaluation: panel drawn by the city, three experts score, result recorded');
  await review('evaluation', '2022-11-08', '2022-11-15', '2022-11-18', 20221108, [
    { preparation: 5, preAssessment: 22, assessment: 18, optionGeneration: 13, feasibility: 17, implementationPlan: 4, reportQuality: 9 },
    { preparation: 5, preAssessment: 23, assessment: 18, optionGeneration: 14, feasibility: 18, implementationPlan: 5, reportQuality: 9 },
    { preparation: 4, preAssessment: 21, assessment: 17, optionGeneration: 13, feasibility: 17, implementationPlan: 4, reportQuality: 8 },
  ]);

  // e (cont.). Implementation of the high-cost option, acceptance application, acceptance panel.
  step('e. 实施 implementation, 申请验收 acceptance application, 验收 acceptance');
  day('2022-11-25');
  await act(NANNING.username, NANNING.uscc, 'startImplementation');

  // 桂林 submits its report on time with one low-cost option (it stays waiting for its evaluation).
  day('2023-03-20');
  await addOption(await as(GUILIN.username), GUILIN.uscc, {
    code: 'F1',
    name: '蒸发冷凝水回收用作锅炉补水',
    costClass: 'low',
    direction: 'wasteRecycling',
    investmentWan: 2,
    status: 'proposed',
    expected: { waterM3: 36000, reductions: { cod: 5400 }, economicBenefitWan: 10.8 },
  });
  {
    const doc = await upload(GUILIN.username, GUILIN.uscc, 'auditReport', '桂林市金穗糖业有限公司清洁生产审核报告');
    await act(GUILIN.username, GUILIN.uscc, 'submitReport', { documentIds: [doc] });
  }

  day('2023-05-31');
  {
    const ent = await as(NANNING.username);
    const ref = optionIds.get(`${NANNING.uscc}/F2`)!;
    const o = await ent.call<Record<string, unknown> & { version: number }>('GET', `/api/v1/options/${ref.id}`);
    const body = {
      code: o.code,
      name: o.name,
      costClass: o.costClass,
      direction: o.direction,
      description: o.description,
      investmentWan: o.investmentWan,
      status: 'implemented',
      plannedStart: o.plannedStart,
      plannedEnd: o.plannedEnd,
      actualStart: '2023-01-05',
      actualEnd: '2023-05-31',
      dataYear: o.dataYear,
      expected: o.expected,
      achieved: { energy: { electricity: 400000 }, reductions: { pm: 10200 }, economicBenefitWan: 24 },
      fiscalFundingWan: o.fiscalFundingWan,
      fiscalFundingSource: o.fiscalFundingSource,
      acceptanceStatus: o.acceptanceStatus,
      version: o.version,
    };
    const u = await ent.call<{ achievedMeasures: Measures }>('PUT', `/api/v1/options/${ref.id}`, body);
    say(`   2023-05-31 ${NANNING.username}: 方案 F2 已实施 implemented — achieved ${u.achievedMeasures.tce} tce, ${u.achievedMeasures.co2T} t CO2, PM ${u.achievedMeasures.reductions.pm} kg`);
  }
  day('2023-06-15');
  {
    const d1 = await upload(NANNING.username, NANNING.uscc, 'acceptanceReport', '清洁生产审核验收报告');
    const d2 = await upload(NANNING.username, NANNING.uscc, 'monitoringReport', '验收监测报告');
    await act(NANNING.username, NANNING.uscc, 'applyForAcceptance', { documentIds: [d1, d2] });
  }
  await review('acceptance', '2023-06-26', '2023-06-28', '2023-06-30', 20230626, [
    { reportQuality: 9, optionsImplemented: 28, targetsMet: 27, cpLevel: 14, continuingCp: 14 },
    { reportQuality: 9, optionsImplemented: 27, targetsMet: 28, cpLevel: 13, continuingCp: 14 },
    { reportQuality: 10, optionsImplemented: 29, targetsMet: 28, cpLevel: 14, continuingCp: 15 },
  ]);

  // The audits as the region reads them on 2023-06-30.
  step('audits on 2023-06-30 (GET /api/v1/audits/:id as ex.dee)');
  const audits: AuditFigures[] = [];
  const page = await (await dee()).call<{ data: { id: number; uscc: string }[] }>('GET', '/api/v1/audits?listYear=2022&current=1&pageSize=100');
  for (const row of page.data) {
    const a = await (await dee()).call<AuditDetail>('GET', `/api/v1/audits/${row.id}`);
    const dl = (s: string) => a.deadlines.find((x) => x.step === s);
    const f: AuditFigures = {
      uscc: a.uscc,
      name: a.enterpriseName,
      auditType: a.auditType,
      state: a.state,
      consulting: a.consultingAgencyName ?? (a.selfAudit ? 'self' : null),
      disclosedOn: dl('disclosure')?.doneOn ?? null,
      disclosureLate: a.disclosure ? a.disclosure.late === true : null,
      startedOn: dl('start')?.doneOn ?? null,
      reportSubmittedOn: dl('report')?.doneOn ?? null,
      evaluationPassedOn: a.evaluationPassedOn,
      acceptanceApplicationDue: dl('acceptanceApplication')?.due ?? null,
      acceptanceAppliedOn: dl('acceptanceApplication')?.doneOn ?? null,
      acceptedOn: a.acceptedOn,
      validUntil: a.validUntil,
      overdueSteps: a.overdueSteps,
    };
    audits.push(f);
    say(
      `   ${f.uscc} ${f.name} (${f.auditType}): ${f.state}; 公开 ${f.disclosedOn ?? '—'}${f.disclosureLate ? ' (逾期 late)' : ''}, 启动 ${f.startedOn ?? '—'}${f.consulting ? ` (${f.consulting})` : ''}, 报告 ${f.reportSubmittedOn ?? '—'}, 评估通过 ${f.evaluationPassedOn ?? '—'}, 申请验收截止 ${f.acceptanceApplicationDue ?? '—'}, 申请 ${f.acceptanceAppliedOn ?? '—'}, 验收 ${f.acceptedOn ?? '—'} (有效至 ${f.validUntil ?? '—'}); 逾期 [${f.overdueSteps.join(', ')}]`,
    );
  }
  audits.sort((x, y) => x.uscc.localeCompare(y.uscc));

  // Options as stored (tce/CO2 computed by the server from the factor table).
  const options: StoryOutcome['options'] = [];
  for (const uscc of [NANNING.uscc, GUILIN.uscc]) {
    const list = await (await dee()).call<{ code: string; costClass: string; status: string; investmentWan: number; dataYear: number; expectedMeasures: Measures; achievedMeasures: Measures }[]>(
      'GET',
      `/api/v1/audits/${ids.get(uscc)}/options`,
    );
    for (const o of list) {
      options.push({ uscc, code: o.code, costClass: o.costClass, status: o.status, investmentWan: o.investmentWan, dataYear: o.dataYear, expected: nonZero(o.expectedMeasures), achieved: nonZero(o.achievedMeasures) });
    }
  }

  // f. Dashboard and reduction figures of list year 2022 for the region, on 2023-06-30.
  step('f. 看板 dashboard 2022 (GET /api/v1/dashboard/summary?listYear=2022 as ex.dee, on 2023-06-30)');
  const s = await (await dee()).call<{ today: string; totals: Record<string, number | null>; funnel: { stage: string; count: number }[]; divisions: (Record<string, unknown> & { listed: number })[] }>(
    'GET',
    '/api/v1/dashboard/summary?listYear=2022',
  );
  const keys = ['listed', 'mandatory', 'voluntary', 'disclosed', 'disclosedOnTime', 'started', 'evaluated', 'accepted', 'overdue', 'rolledOver', 'onTimeRate', 'completionRate'] as const;
  const pick = (r: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, r[k] as number | null])) as Record<(typeof keys)[number], number | null>;
  const dashboard = {
    today: s.today,
    totals: pick(s.totals),
    funnel: Object.fromEntries(s.funnel.map((f) => [f.stage, f.count])),
    cities: s.divisions.filter((d) => d.listed > 0).map((d) => ({ divisionCode: d.divisionCode, name: d.name, ...pick(d) })),
  };
  say(`   ${s.today}: ${keys.map((k) => `${k} ${s.totals[k]}`).join(', ')}`);
  for (const c of dashboard.cities) say(`      ${c.divisionCode} ${String(c.name)}: listed ${c.listed}, disclosed ${c.disclosed} (on time ${c.disclosedOnTime}), started ${c.started}, evaluated ${c.evaluated}, accepted ${c.accepted}, overdue ${c.overdue}`);
  step('f. 减排成效 reductions 2022 by city (GET /api/v1/stats/reductions?year=2022&groupBy=city)');
  const red = await (await dee()).call<{ key: string; label: string; options: number; implemented: number; investmentWan: number; achieved: Measures; expected: Measures }[]>(
    'GET',
    '/api/v1/stats/reductions?year=2022&groupBy=city',
  );
  const reductions = red.map((r) => ({ cityCode: r.key, label: r.label, options: r.options, implemented: r.implemented, investmentWan: r.investmentWan, achieved: nonZero(r.achieved), expected: nonZero(r.expected) }));
  for (const r of reductions) {
    say(`   ${r.cityCode} ${r.label}: ${r.options} options (${r.implemented} implemented), 投资 ${r.investmentWan} 万元; 已实现 achieved ${JSON.stringify(r.achieved)}; 预期(未实施) expected ${JSON.stringify(r.expected)}`);
  }
  await app.close();
  return { accounts, overdueJob, overdueSummary, disclosureForm, options, panels, audits, dashboard, reductions };
}

/** The measures with the zero pollutant reductions left out (what a person compares). */
function nonZero(m: Measures): Measures {
  return { ...m, reductions: Object.fromEntries(Object.entries(m.reductions).filter(([, v]) => v !== 0)) };
}

function beijingDay(clock: ManualClock): string {
  return new Date(clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Starts the application of apps/server in this process on a free port, with the given clock. */
async function startApp(env: NodeJS.ProcessEnv, clock: ManualClock): Promise<{ base: string; close: () => Promise<void> }> {
  const { buildApp } = await import('../../apps/server/src/app.ts');
  const { loadEnv } = await import('../../apps/server/src/env.ts');
  const { openConfigured } = await import('../../apps/server/src/cli/setup.ts');
  const { argon2Hasher } = await import('../../apps/server/src/platform/passwords.ts');
  // Logins: every step re-logs in after a clock jump (idle sessions end); the default 20 a minute would throttle the example.
  const appEnv = loadEnv({ ...env, DATABASE_URL: env.DATABASE_URL, LOGIN_RATE_PER_MINUTE: '1000', LOG_LEVEL: 'warn' });
  const database = await openConfigured(appEnv);
  const app = await buildApp({ env: appEnv, database, clock, hasher: argon2Hasher });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
