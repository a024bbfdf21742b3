import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type Agent, type TestApp } from './support.ts';

describe.each(backends)('screening runs and reviews on %s (demo data year 2025)', (kind) => {
  let t: TestApp;
  let region: Agent;
  let nanning: Agent;
  let regionRunId: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    region = await t.login('gx_dee');
    nanning = await t.login('nn_eeb');
  });
  afterAll(async () => t.close());

  type Row = { id: number; enterpriseId: number; uscc: string; divisionCode: string; criteria: string[]; recommendation: string; reasons: { criterion: string; basis: string; evidence: Record<string, unknown>[] }[] };
  const allResults = async (agent: Agent, runId: number, query = ''): Promise<Row[]> =>
    (await agent.get(`/api/v1/screening/runs/${runId}/results?pageSize=200${query}`)).json().data;

  it('when the region officer screens 2025, then the run lists exactly the enterprises an independent SQL finds for the two numeric criteria', async () => {
    const res = await region.post('/api/v1/screening/runs', { dataYear: 2025 });
    expect(res.statusCode, res.body).toBe(201);
    const run = res.json();
    regionRunId = run.id;
    expect(run).toMatchObject({ dataYear: 2025, scopeDivisionCode: '450000', scopeName: '广西壮族自治区', ruleSetVersion: 'order38-art8-art12.v1', previousRunId: null });
    const results = await allResults(region, run.id);
    expect(results.length).toBe(run.counts.listed);

    const over = await t.database.rows<{ uscc: string }>(sql`
      select distinct e.uscc from exceedance_records r join enterprises e on e.id = r.enterprise_id
      where r.measured_value > r.limit_value and r.monitored_on between '2025-01-01' and '2025-12-31' order by 1`);
    expect(results.filter((r) => r.criteria.includes('exceedsStandard')).map((r) => r.uscc)).toEqual(over.map((o) => o.uscc));
    const energy = await t.database.rows<{ uscc: string }>(sql`
      select distinct e.uscc from energy_records r join enterprises e on e.id = r.enterprise_id
      where r.energy_per_unit_kgce > r.limit_kgce_per_unit and r.year = 2025 order by 1`);
    expect(results.filter((r) => r.criteria.includes('exceedsEnergyLimit')).map((r) => r.uscc)).toEqual(energy.map((o) => o.uscc));

    const one = results.find((r) => r.criteria.includes('exceedsStandard'))!;
    const reason = one.reasons.find((r) => r.criterion === 'exceedsStandard')!;
    expect(reason.basis).toBe('清洁生产审核办法 第八条第（一）项');
    expect(reason.evidence[0]).toMatchObject({ kind: 'exceedance' });
    expect(Number(reason.evidence[0]!.measuredValue)).toBeGreaterThan(Number(reason.evidence[0]!.limitValue));
  });

  it('when the region screens again with the same data, then the run refers to the previous one and nothing is added or dropped', async () => {
    const run = (await region.post('/api/v1/screening/runs', { dataYear: 2025 })).json();
    expect(run.previousRunId).toBe(regionRunId);
    expect(run.diff).toMatchObject({ previousRunId: regionRunId, added: [], dropped: [], reasonsChanged: [] });
  });

  it('when the 南宁 officer reads the region run, then only 南宁 rows are returned; when it screens, the scope is 南宁', async () => {
    const rows = await allResults(nanning, regionRunId);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.divisionCode.startsWith('4501'))).toBe(true);
    // The region run as 南宁 sees it: counts of 南宁 only, no region-wide diff.
    const seen = (await nanning.get(`/api/v1/screening/runs/${regionRunId}`)).json();
    expect(seen.counts).toMatchObject({ listed: rows.length, areaOnly: true });
    expect(seen.diff).toBeNull();
    const listed = (await nanning.get('/api/v1/screening/runs')).json();
    expect(listed.find((r: { id: number }) => r.id === regionRunId)).toMatchObject({ counts: { listed: rows.length }, diff: null });
    const own = await nanning.post('/api/v1/screening/runs', { dataYear: 2025 });
    expect(own.statusCode).toBe(201);
    expect(own.json().scopeDivisionCode).toBe('450100');
    expect(own.json().counts.listed).toBe(rows.length);
  });

  it('when the 南宁 officer tries to screen 柳州, then OUT_OF_SCOPE and no run is stored', async () => {
    const before = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from screening_runs`);
    const res = await nanning.post('/api/v1/screening/runs', { dataYear: 2025, cityCode: '450200' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    const after = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from screening_runs`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('when a candidate is excluded without a justification, then 400; with one, the decision shows on the result and is audited', async () => {
    const rows = await allResults(nanning, regionRunId);
    const c = rows[0]!;
    const bad = await nanning.post('/api/v1/screening/reviews', { dataYear: 2025, enterpriseId: c.enterpriseId, decision: 'exclude', reasonCode: 'shutdown' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('body.justification');
    const ok = await nanning.post('/api/v1/screening/reviews', { dataYear: 2025, enterpriseId: c.enterpriseId, decision: 'exclude', reasonCode: 'shutdown', justification: '企业已于2025年12月关停' });
    expect(ok.statusCode).toBe(201);
    const after = await allResults(nanning, regionRunId, '&decision=exclude');
    expect(after.map((r) => r.enterpriseId)).toEqual([c.enterpriseId]);
    const confirmed = await nanning.post('/api/v1/screening/reviews', { dataYear: 2025, enterpriseId: c.enterpriseId, decision: 'confirm' });
    expect(confirmed.statusCode).toBe(201);
    expect((await allResults(nanning, regionRunId, '&decision=exclude')).length).toBe(0);
    const kept = await t.database.rows(sql`select decision from screening_reviews where enterprise_id = ${c.enterpriseId} order by id`);
    expect(kept).toEqual([{ decision: 'exclude' }, { decision: 'confirm' }]);
    const audit = await t.database.rows(sql`select action, object_id from audit_log where actor_username = 'nn_eeb' and action = 'screening.confirm' order by id`);
    expect(audit).toHaveLength(2);
  });

  it('when a decision is revoked, then the candidate is pending again and the history keeps all three decisions', async () => {
    const c = (await allResults(nanning, regionRunId))[1]!;
    expect((await nanning.post('/api/v1/screening/reviews', { dataYear: 2025, enterpriseId: c.enterpriseId, decision: 'revoke' })).statusCode).toBe(409);
    await nanning.post('/api/v1/screening/reviews', { dataYear: 2025, enterpriseId: c.enterpriseId, decision: 'confirm' });
    const revoked = await nanning.post('/api/v1/screening/reviews', { dataYear: 2025, enterpriseId: c.enterpriseId, decision: 'revoke' });
    expect(revoked.statusCode).toBe(201);
    const pending = await allResults(nanning, regionRunId, '&decision=pending');
    expect(pending.find((r) => r.enterpriseId === c.enterpriseId)).toMatchObject({ decision: null });
  });

  it('when the 南宁 officer exports the region run, then the xlsx holds its 南宁 rows with criteria and basis in Chinese', async () => {
    const res = await nanning.get(`/api/v1/screening/runs/${regionRunId}/results.xlsx`);
    expect(res.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const api = await allResults(nanning, regionRunId);
    expect(rows).toHaveLength(api.length + 1);
    expect(rows[0]).toEqual(['设区市', '县（市、区）', '企业名称', '统一社会信用代码', '所属重点行业', '筛选依据', '法律依据', '推荐', '审核决定', '说明']);
    expect(rows.slice(1).every((r) => r[0] === '南宁市')).toBe(true);
    expect(String(rows[1]![6])).toContain('清洁生产审核办法 第八条');
  });

  it('when the region drafts a version with a new hazardous list, then the comparison names exactly the enterprise it adds, and publishing makes runs use it', async () => {
    const [e] = await t.database.rows<{ id: number; uscc: string }>(sql`
      select e.id, e.uscc from enterprises e where e.division_code like '4503%' and not exists (
        select 1 from hazardous_records h where h.enterprise_id = e.id and h.year = 2025) and not exists (
        select 1 from exceedance_records x where x.enterprise_id = e.id and x.monitored_on >= '2025-01-01') and not exists (
        select 1 from quota_records q where q.enterprise_id = e.id and q.year = 2025) and not exists (
        select 1 from energy_records g where g.enterprise_id = e.id and g.year = 2025)
      order by e.id limit 1`);
    await t.database.rows(sql`insert into hazardous_records (enterprise_id, year, category, substance_name, cas_no, match_key, quantity, unit)
      values (${e!.id}, 2025, 'use', '测试物质甲', '1234-56-6', '1234-56-6', 2.5, 't')`);
    const rules = (await region.get('/api/v1/screening/rule-sets')).json();
    const base = rules.find((r: { publishedAt: string | null }) => r.publishedAt)!.version;
    const draft = await region.post('/api/v1/screening/rule-sets', {
      version: 'test-2026.1',
      addHazardousLists: [{ listName: '测试新增名录', substances: [{ nameZh: '测试物质甲', casNumbers: ['1234-56-6'] }] }],
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect((await region.post('/api/v1/screening/rule-sets', { version: 'test-2026.1' })).statusCode).toBe(409);
    expect((await nanning.post('/api/v1/screening/rule-sets', { version: 'city-1.0' })).statusCode).toBe(403);
    const cmp = (await region.post('/api/v1/screening/compare', { dataYear: 2025, baseVersion: base, candidateVersion: 'test-2026.1' })).json();
    expect(cmp.added).toEqual([expect.objectContaining({ uscc: e!.uscc, criteria: ['usesHazardousMaterials'] })]);
    expect(cmp.dropped).toEqual([]);
    expect(cmp.candidateListed - cmp.baseListed).toBe(1);
    t.clock.advance(60_000);
    expect((await region.post('/api/v1/screening/rule-sets/test-2026.1/publish')).statusCode).toBe(204);
    const run = (await region.post('/api/v1/screening/runs', { dataYear: 2025 })).json();
    expect(run.ruleSetVersion).toBe('test-2026.1');
    expect(run.diff.added).toEqual([e!.uscc]);
  });

  it('when 20 confirmations of one candidate arrive at once, then exactly one is recorded and audited, the rest get 409', async () => {
    const c = (await allResults(nanning, regionRunId))[2]!;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => nanning.post('/api/v1/screening/reviews', { dataYear: 2025, enterpriseId: c.enterpriseId, decision: 'confirm' })),
    );
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 409)).toHaveLength(19);
    const rows = await t.database.rows(sql`select decision from screening_reviews where enterprise_id = ${c.enterpriseId} and data_year = 2025`);
    expect(rows).toEqual([{ decision: 'confirm' }]);
    const audited = await t.database.rows(sql`select id from audit_log where action = 'screening.confirm' and object_id = ${String(c.enterpriseId)}`);
    expect(audited).toHaveLength(1);
  });

  it('when a city adds a candidate as voluntary, or reviews another city\'s enterprise, then it is refused', async () => {
    const rows = await allResults(nanning, regionRunId);
    const asVoluntary = await nanning.post('/api/v1/screening/reviews', { dataYear: 2025, enterpriseId: rows[0]!.enterpriseId, decision: 'addVoluntary' });
    expect(asVoluntary.statusCode).toBe(422);
    const lzRow = (await allResults(region, regionRunId, '&divisionCode=450200'))[0]!;
    const other = await nanning.post('/api/v1/screening/reviews', { dataYear: 2025, enterpriseId: lzRow.enterpriseId, decision: 'confirm' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('OUT_OF_SCOPE');
  });
  it('when 南宁 confirms a batch, then all or nothing: an 柳州 enterprise (403) or a non-candidate (422, located) writes nothing; a good batch confirms each once and leaves an already confirmed one unchanged', async () => {
    const reviewed = new Set((await t.database.rows<{ enterprise_id: number }>(sql`select enterprise_id from screening_reviews where data_year = 2025`)).map((r) => r.enterprise_id));
    const rows = await allResults(nanning, regionRunId);
    const [a, b, excluded] = rows.filter((r) => !reviewed.has(r.enterpriseId)).map((r) => r.enterpriseId);
    const already = rows.find((r) => reviewed.has(r.enterpriseId))!.enterpriseId;
    const current = async (id: number) => (await t.database.rows<{ decision: string }>(sql`select decision from screening_reviews where enterprise_id = ${id} and data_year = 2025 order by id desc limit 1`))[0]?.decision ?? null;
    if ((await current(already)) !== 'confirm') await nanning.post('/api/v1/screening/reviews', { dataYear: 2025, enterpriseId: already, decision: 'confirm' });
    expect(await current(already)).toBe('confirm');
    const count = async () => (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from screening_reviews`))[0]!.n;
    const ex = await nanning.post('/api/v1/screening/reviews', { dataYear: 2025, enterpriseId: excluded, decision: 'exclude', reasonCode: 'shutdown', justification: '企业已于2025年12月关停' });
    expect(ex.statusCode, ex.body).toBe(201);
    const before = await count();

    const lz = (await allResults(region, regionRunId, '&divisionCode=450200'))[0]!.enterpriseId;
    const outside = await nanning.post('/api/v1/screening/reviews/confirm-batch', { dataYear: 2025, enterpriseIds: [a, b, lz] });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('OUT_OF_SCOPE');
    const [nonCandidate] = await t.database.rows<{ id: number }>(
      sql`select id from enterprises where division_code like '4501%' and id not in (select enterprise_id from screening_results) order by id limit 1`,
    );
    const notCand = await nanning.post('/api/v1/screening/reviews/confirm-batch', { dataYear: 2025, enterpriseIds: [a, nonCandidate!.id, b] });
    expect(notCand.statusCode).toBe(422);
    expect(notCand.json().error.code).toBe('RULE_VIOLATION');
    expect(notCand.json().error.message).toContain(`enterpriseIds[1] = ${nonCandidate!.id}`);
    expect((await nanning.post('/api/v1/screening/reviews/confirm-batch', { dataYear: 2025, enterpriseIds: [a, a] })).statusCode).toBe(400);
    // An exclusion (with its justification) is not overturned by a batch: the whole batch is refused, naming it.
    const overturn = await nanning.post('/api/v1/screening/reviews/confirm-batch', { dataYear: 2025, enterpriseIds: [a, excluded, b] });
    expect(overturn.statusCode).toBe(422);
    expect(overturn.json().error.message).toContain(`enterpriseIds[1] = ${excluded}`);
    expect(await current(excluded!)).toBe('exclude');
    expect(await count()).toBe(before);
    expect(await current(a!)).toBeNull();

    const ok = await nanning.post('/api/v1/screening/reviews/confirm-batch', { dataYear: 2025, enterpriseIds: [a!, already, b!] });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ confirmed: [a, b], unchanged: [already] });
    expect(await count()).toBe(before + 2);
    expect([await current(a!), await current(b!), await current(already)]).toEqual(['confirm', 'confirm', 'confirm']);
    const audited = await t.database.rows(sql`select object_id from audit_log where action = 'screening.confirm' and object_id in (${String(a)}, ${String(b)}) order by object_id`);
    expect(audited).toHaveLength(2);
  });
});
