/**
 * Options register over HTTP (issue 7 items 1, 3, 4, 6, 7): numbers worked by hand.
 * - 100 000 kWh in data year 2022: tce = 100 000 · 0.1229 / 1000 = 12.29; CO2 = 100 000 · 0.4044 / 1000
 *   = 40.44 t (广西 2022 grid factor, 公告 of MEE/NBS); 10 t diesel: tce = 10 · 1.4571 = 14.571, CO2 30.959 t.
 * - High-cost option 100 万元, 30 万元/yr, 10 years, tax 25 %, discount 10 %: D = 10, F = (30 − 10)·0.75 + 10
 *   = 25, N = 4, NPV = 25 · 6.144567 − 100 = 53.6142, IRR 21.41 % > 10 % → feasible.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OptionInputSchema } from '@cpaudit/contracts';
import { auditRef, createOption } from '../src/modules/options/options.service.ts';
import { backends, createTestApp, putAuditsInState, qyDemoAudit, type Agent, type TestApp } from './support.ts';
import scoringSystem from '../../../packages/domain/test/fixtures/scoring/system.json' with { type: 'json' };
import scoringCases from '../../../packages/domain/test/fixtures/scoring/cases.json' with { type: 'json' };

const benefits = (over: Record<string, unknown> = {}) => ({ energy: {}, waterM3: 0, rawMaterials: [], reductions: {}, economicBenefitWan: 0, ...over });
const lowOption = {
  code: 'F1',
  name: '空压机变频改造',
  costClass: 'low',
  direction: 'equipment',
  investmentWan: 2,
  status: 'implementing',
  dataYear: 2022,
  expected: benefits({ energy: { electricity: 100000 }, waterM3: 500, reductions: { cod: 120 }, economicBenefitWan: 6 }),
};
const highOption = {
  code: 'F2',
  name: '燃油锅炉改造',
  costClass: 'high',
  direction: 'processTechnology',
  investmentWan: 100,
  status: 'feasible',
  dataYear: 2022,
  expected: benefits({ energy: { diesel: 10 }, reductions: { so2: 50, nox: 30 }, economicBenefitWan: 30 }),
};

describe.each(backends)('options register on %s', (kind) => {
  let t: TestApp;
  let qy: Agent;
  let nn: Agent;
  let gx: Agent;
  let lz: Agent;
  /** qy_demo's 2025 audit (南宁) and a 柳州 audit. */
  const audits = { own: 0, liuzhou: 0 };
  let definitionId = 0;

  beforeAll(async () => {
    t = await createTestApp(kind);
    qy = await t.login('qy_demo');
    nn = await t.login('nn_eeb');
    gx = await t.login('gx_dee');
    lz = await t.login('lz_eeb');
    await t.database.rows(sql`delete from cp_options`);
    audits.own = (await qyDemoAudit(t.database)).auditId;
    audits.liuzhou = (await t.database.rows<{ id: number }>(sql`select id from audits where city_code = '450200' order by id limit 1`))[0]!.id;
    await putAuditsInState(t.database, [audits.own, audits.liuzhou], 'started');
    const systemId = (await t.database.rows<{ id: number }>(sql`select id from indicator_systems where title = '钢铁行业清洁生产评价指标体系'`))[0]!.id;
    const imported = (await gx.post(`/api/v1/indicator-systems/${systemId}/definitions`, { definition: scoringSystem })).json();
    definitionId = imported.id;
    const pub = await gx.post(`/api/v1/indicator-systems/${systemId}/definitions/${definitionId}/publish`, { rowVersion: 1 });
    expect(pub.statusCode, pub.body).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ['100 000 kWh in 2022 (广西 0.4044)', { electricity: 100000 }, 2022, 12.29, 40.44],
    ['10 t diesel', { diesel: 10 }, 2022, 14.571, 30.959],
    ['100 000 kWh in 2023 (广西 a gap → 南方 0.4042)', { electricity: 100000 }, 2023, 12.29, 40.42],
  ])('when the preview of %s is asked, then tce and CO2 are as worked by hand, factors named', async (_n, energy, dataYear, tce, co2) => {
    const res = await qy.post(`/api/v1/audits/${audits.own}/options/preview`, { dataYear, benefits: benefits({ energy }) });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.measures.tce).toBe(tce);
    expect(body.measures.co2T).toBe(co2);
    expect(body.factors).toHaveLength(1);
    expect(body.factorVersion).toMatch(/^refdata:energy_conversion_factors\.csv@/);
  });

  it('when the preview of 100 000 kWh in 2022 is asked, then the factor table is named for people: GB/T 2589-2020, the 广西 2022 grid factor of the MEE/NBS announcement, two 8-digit hashes', async () => {
    const body = (await qy.post(`/api/v1/audits/${audits.own}/options/preview`, { dataYear: 2022, benefits: benefits({ energy: { electricity: 100000 } }) })).json();
    expect(body.factorLabel).toEqual({
      energyStandard: 'GB/T 2589-2020',
      grid: { scope: '广西', dataYear: 2022, source: '生态环境部、国家统计局《关于发布2022年电力二氧化碳排放因子的公告》' },
      digest: expect.stringMatching(/^[0-9a-f]{8}\+[0-9a-f]{8}$/),
    });
  });

  it('when the preview of 100 t raw coal (no CO2 factor) is asked, then CO2 is null (absent) and tce 71.43; 1000 m³ water alone gives a real CO2 of 0', async () => {
    const coal = (await qy.post(`/api/v1/audits/${audits.own}/options/preview`, { dataYear: 2022, benefits: benefits({ energy: { rawCoal: 100 } }) })).json();
    expect(coal.measures).toMatchObject({ tce: 71.43, co2T: null });
    const water = (await qy.post(`/api/v1/audits/${audits.own}/options/preview`, { dataYear: 2022, benefits: benefits({ waterM3: 1000 }) })).json();
    expect(water.measures).toMatchObject({ tce: 0, co2T: 0, waterM3: 1000 });
  });

  it('when the enterprise adds a low-cost and a high-cost option, then the stored tce/CO2, factor version and performance table are as worked by hand', async () => {
    const low = await qy.post(`/api/v1/audits/${audits.own}/options`, lowOption);
    expect(low.statusCode, low.body).toBe(201);
    const o = low.json();
    expect(o.expectedMeasures).toMatchObject({ tce: 12.29, co2T: 40.44, waterM3: 500, benefitWan: 6 });
    expect(o.expectedMeasures.reductions.cod).toBe(120);
    expect(o.factors[0]).toMatchObject({ carrier: 'electricity', kgcePerUnit: 0.1229, co2Factor: { scope: '广西', value: 0.4044 } });
    const high = await qy.post(`/api/v1/audits/${audits.own}/options`, highOption);
    expect(high.statusCode, high.body).toBe(201);
    const flat = await t.database.rows<{ code: string; exp_tce: number; exp_co2_t: number; factor_version: string; city_code: string }>(
      sql`select code, exp_tce, exp_co2_t, factor_version, city_code from cp_options where audit_id = ${audits.own} order by code`,
    );
    expect(flat.map((f) => [f.code, Number(f.exp_tce), Number(f.exp_co2_t), f.city_code])).toEqual([
      ['F1', 12.29, 40.44, '450100'],
      ['F2', 14.571, 30.959, '450100'],
    ]);
    expect(flat[0]!.factor_version).toMatch(/^refdata:/);
    const p = (await nn.get(`/api/v1/audits/${audits.own}/performance`)).json();
    expect([p.low.energySavedTce, p.low.co2ReducedT, p.low.investmentWan]).toEqual([12.29, 40.44, 2]);
    expect([p.high.energySavedTce, p.high.co2ReducedT, p.high.economicBenefitWan]).toEqual([14.571, 30.959, 30]);
    expect([p.all.count, p.all.energySavedTce, p.all.co2ReducedT, p.all.investmentWan, p.all.reductions.so2]).toEqual([2, 26.861, 71.399, 102, 50]);
  });

  it('when an option is sent twice with the same code, then 409; a located 400 for bad input', async () => {
    expect((await qy.post(`/api/v1/audits/${audits.own}/options`, lowOption)).statusCode).toBe(409);
    const bad = await qy.post(`/api/v1/audits/${audits.own}/options`, { ...lowOption, code: 'F9', costClass: 'medium' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('costClass');
    const noFactor = await qy.post(`/api/v1/audits/${audits.own}/options`, { ...lowOption, code: 'F9', dataYear: 2019 });
    expect(noFactor.statusCode).toBe(400);
    expect(noFactor.json().error.message).toContain('expected.energy.electricity');
  });

  it.each([
    ['100 万元, 30 万元/yr, 10 y, 25 %, 10 %', { investment: 100, annualBenefit: 30, life: 10, taxRate: 0.25, discountRate: 0.1 }, { depreciation: 10, annualCashFlow: 25, paybackYears: 4, npv: 53.6142, npvr: 0.5361, irr: 0.2141 }, true],
    // F = (12 − 10)·0.75 + 10 = 11.5; NPV = 11.5 · 6.144567 − 100 = −29.3375; IRR below 10 %.
    ['100 万元, 12 万元/yr (not feasible)', { investment: 100, annualBenefit: 12, life: 10, taxRate: 0.25, discountRate: 0.1 }, { depreciation: 10, annualCashFlow: 11.5, paybackYears: 8.6957, npv: -29.3375 }, false],
  ])('when the feasibility of %s is stored, then D, F, N, NPV, IRR and the hints are as worked by hand', async (_n, body, expected, feasible) => {
    const id = (await t.database.rows<{ id: number }>(sql`select id from cp_options where audit_id = ${audits.own} and code = 'F2'`))[0]!.id;
    const res = await qy.post(`/api/v1/options/${id}/feasibility`, body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ...expected, inputs: body, hints: { feasible } });
  });

  it('when the stated totals disagree, then completeness fails with located findings; once they agree and the focus has a target, it passes', async () => {
    const id = (await t.database.rows<{ id: number }>(sql`select id from cp_options where audit_id = ${audits.own} and code = 'F2'`))[0]!.id;
    await qy.post(`/api/v1/options/${id}/feasibility`, { investment: 100, annualBenefit: 30, life: 10, taxRate: 0.25, discountRate: 0.1 });
    const first = (await qy.get(`/api/v1/audits/${audits.own}/completeness`)).json();
    expect(first.complete).toBe(false);
    expect(first.findings.map((f: { path: string }) => f.path)).toEqual(['stated', 'focuses']);
    const put1 = await qy.put(`/api/v1/audits/${audits.own}/stated-totals`, {
      version: 0,
      stated: { all: { energySavedTce: 26.0, co2ReducedT: 71.4, investmentWan: 102 } },
      focuses: [{ name: '空压站', targets: [{ indicator: '单位产品电耗', unit: 'kWh/t', baseline: 120, target: 100 }] }],
    });
    expect(put1.json()).toEqual({ version: 1 });
    const second = (await qy.get(`/api/v1/audits/${audits.own}/completeness`)).json();
    expect(second.findings.map((f: { code: string; path: string }) => `${f.code} ${f.path}`)).toEqual(['totalMismatch stated.all.energySavedTce']);
    expect((await qy.put(`/api/v1/audits/${audits.own}/stated-totals`, { version: 0, stated: {}, focuses: [] })).statusCode).toBe(409);
    await qy.put(`/api/v1/audits/${audits.own}/stated-totals`, {
      version: 1,
      stated: { all: { energySavedTce: 26.86, co2ReducedT: 71.4, investmentWan: 102 } },
      focuses: [{ name: '空压站', targets: [{ indicator: '单位产品电耗', unit: 'kWh/t', baseline: 120, target: 100 }] }],
    });
    const third = (await nn.get(`/api/v1/audits/${audits.own}/completeness`)).json();
    expect(third).toMatchObject({ complete: true, findings: [] });
  });

  it('when the levels before and after are scored, then II (I index 85) and I are stored with every indicator explained', async () => {
    const before = await qy.put(`/api/v1/audits/${audits.own}/levels`, { stage: 'before', definitionId, values: scoringCases[1]!.values });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({ level: 'II', result: { indices: { I: 85 } } });
    await qy.put(`/api/v1/audits/${audits.own}/levels`, { stage: 'after', definitionId, values: scoringCases[0]!.values });
    const levels = (await nn.get(`/api/v1/audits/${audits.own}/levels`)).json();
    expect([levels.before.level, levels.after.level]).toEqual(['II', 'I']);
    expect(levels.after.result.indicators).toHaveLength(8);
    const unknown = await qy.put(`/api/v1/audits/${audits.own}/levels`, { stage: 'after', definitionId, values: { nope: 1 } });
    expect(unknown.statusCode).toBe(422);
  });

  it('when F1 is implemented with 90 000 kWh achieved and 柳州 has an option, then the figures by city sum achieved and expected, area-scoped', async () => {
    const f1 = (await qy.get(`/api/v1/audits/${audits.own}/options`)).json().find((o: { code: string }) => o.code === 'F1');
    const put = await qy.put(`/api/v1/options/${f1.id}`, { ...lowOption, version: f1.version, status: 'implemented', achieved: benefits({ energy: { electricity: 90000 }, economicBenefitWan: 5 }) });
    expect(put.statusCode, put.body).toBe(200);
    // 90 000 kWh: tce 11.061, CO2 36.396 t.
    expect(put.json().achievedMeasures).toMatchObject({ tce: 11.061, co2T: 36.396, benefitWan: 5 });
    expect((await qy.put(`/api/v1/options/${f1.id}`, { ...lowOption, version: f1.version })).statusCode).toBe(409);
    const who = { userId: 1, username: 'test', orgId: 1, orgName: 'test', ip: null, requestId: null };
    await createOption(t.database.db, await auditRef(t.database.db, audits.liuzhou), OptionInputSchema.parse({ ...highOption, code: 'L1' }), who, new Date());
    const region = (await gx.get('/api/v1/stats/reductions?year=2025&groupBy=city')).json();
    expect(region.map((r: { key: string; achieved: { tce: number }; expected: { tce: number; co2T: number } }) => [r.key, r.achieved.tce, r.expected.tce, r.expected.co2T])).toEqual([
      ['450100', 11.061, 14.571, 30.959],
      ['450200', 0, 14.571, 30.959],
    ]);
    expect(region[0].label).toBe('南宁市');
    const city = (await nn.get('/api/v1/stats/reductions?groupBy=city')).json();
    expect(city.map((r: { key: string }) => r.key)).toEqual(['450100']);
    const xlsx = await gx.get('/api/v1/stats/reductions.xlsx?groupBy=industry');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it.each([
    ['an enterprise edits another audit\'s options', 403, 'OUT_OF_SCOPE', () => qy.post(`/api/v1/audits/${audits.liuzhou}/options`, { ...lowOption, code: 'X1' })],
    ['an enterprise reads another audit\'s options', 403, 'OUT_OF_SCOPE', () => qy.get(`/api/v1/audits/${audits.liuzhou}/options`)],
    ['a city reads another city\'s options', 403, 'OUT_OF_SCOPE', () => nn.get(`/api/v1/audits/${audits.liuzhou}/options`)],
    ['a city reads another city\'s figures', 403, 'OUT_OF_SCOPE', () => nn.get('/api/v1/stats/reductions?cityCode=450200')],
    ['a city officer edits options', 403, 'FORBIDDEN', () => nn.post(`/api/v1/audits/${audits.own}/options`, { ...lowOption, code: 'X2' })],
    ['柳州 reads its own audit', 200, null, () => lz.get(`/api/v1/audits/${audits.liuzhou}/options`)],
  ])('when %s, then %i %s', async (_n, status, code, call) => {
    const res = await call();
    expect(res.statusCode).toBe(status);
    if (code) expect(res.json().error.code).toBe(code);
  });

  it('when the audit is only listed, then options cannot be added (INVALID_STATE_TRANSITION) and the write is not recorded', async () => {
    await t.database.rows(sql`update audits set state = 'listed' where id = ${audits.own}`);
    const res = await qy.post(`/api/v1/audits/${audits.own}/options`, { ...lowOption, code: 'F7' });
    expect(res.json().error.code).toBe('INVALID_STATE_TRANSITION');
    await t.database.rows(sql`update audits set state = 'started' where id = ${audits.own}`);
    const logged = await t.database.rows<{ action: string; n: number }>(sql`select action, count(*)::int as n from audit_log where action like 'option.%' and result = 'success' group by action order by action`);
    // F1, F2 over HTTP and 柳州's L1 through the service; F9/F7 and the duplicate F1 were refused.
    expect(logged).toEqual([{ action: 'option.create', n: 3 }, { action: 'option.feasibility', n: 3 }, { action: 'option.update', n: 1 }]);
  });
});

describe.each(backends)('demo options on %s', (kind) => {
  it('when the demo data is loaded, then the region sees achieved figures: 4 audits × F1 (90 000 kWh · scale 1–4 in 2023) = 110.61 tce, 363.78 t CO2 (南方 0.4042)', async () => {
    const t = await createTestApp(kind);
    try {
      const gx = await t.login('gx_dee');
      const rows = (await gx.get('/api/v1/stats/reductions?year=2025&groupBy=year')).json();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ key: '2025', options: 12, implemented: 4 });
      expect([rows[0].achieved.tce, rows[0].achieved.co2T]).toEqual([110.61, 363.78]);
      // Z1: 10 t diesel × scale → 14.571 tce × 10 = 145.71 expected tce; F2 has no energy.
      expect(rows[0].expected.tce).toBe(145.71);
    } finally {
      await t.close();
    }
  });
});
