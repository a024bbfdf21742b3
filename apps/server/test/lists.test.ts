/**
 * Issue 5: the annual-list workflow on the API (PGlite, and PostgreSQL with TEST_DATABASE_URL):
 * two cities draft from confirmed screening candidates of 2025, a county proposes, 南宁 is returned
 * and resubmitted, both departments approve (racing approvals: exactly one wins), the region
 * publishes 2026 with a document number; audits, deadlines, notifications, forms, public pages,
 * the feed, idempotency and the audit log are checked with values one can verify by hand.
 */
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type Agent, type TestApp } from './support.ts';

describe.each(backends)('audit lists on %s', (kind) => {
  let t: TestApp;
  const a: Record<string, Agent> = {};
  let nnList: { id: number; version: number; status: string; entries: { id: number; enterpriseId: number; auditType: string; criteria: string[] }[] };
  let lzListId = 0;
  let qyEnterprise = 0;
  let nnConfirmed: number[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind);
    for (const u of ['gx_dee', 'gx_drc', 'nn_eeb', 'nn_drc', 'lz_eeb', 'nn_xn', 'qy_demo', 'gz_demo']) a[u] = await t.login(u);
    const run = await a.gx_dee!.post('/api/v1/screening/runs', { dataYear: 2025 });
    expect(run.statusCode).toBe(201);
    const runId = run.json().id as number;
    const cands = async (prefix: string, n: number) =>
      (await t.database.rows<{ enterprise_id: number }>(sql`
        select enterprise_id from screening_results where run_id = ${runId} and division_code like ${`${prefix}%`} and recommendation = 'mandatory'
        order by ('exceedsEnergyLimit' = any(criteria)) desc, enterprise_id limit ${n}`)).map((r) => r.enterprise_id);
    nnConfirmed = await cands('4501', 3);
    for (const id of nnConfirmed) expect((await a.nn_eeb!.post('/api/v1/screening/reviews', { dataYear: 2025, enterpriseId: id, decision: 'confirm' })).statusCode).toBe(201);
    for (const id of await cands('4502', 2)) expect((await a.lz_eeb!.post('/api/v1/screening/reviews', { dataYear: 2025, enterpriseId: id, decision: 'confirm' })).statusCode).toBe(201);
    qyEnterprise = (await t.database.rows<{ enterprise_id: number }>(sql`select o.enterprise_id from orgs o join users u on u.org_id = o.id where u.username = 'qy_demo'`))[0]!.enterprise_id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('when 南宁 drafts 2026, then the draft holds its three confirmed candidates with reasons and evidence, and a refresh changes nothing', async () => {
    const res = await a.nn_eeb!.post('/api/v1/lists', { listYear: 2026 });
    expect(res.statusCode).toBe(200);
    nnList = res.json();
    expect(nnList).toMatchObject({ listYear: 2026, round: 0, cityCode: '450100', status: 'draft', version: 1, mandatoryCount: 3, voluntaryCount: 0 });
    expect(nnList.entries.map((e) => e.enterpriseId).sort((x, y) => x - y)).toEqual([...nnConfirmed].sort((x, y) => x - y));
    const first = res.json().entries[0];
    expect(first.source).toBe('screening');
    expect(first.criteria.length).toBeGreaterThan(0);
    expect(first.reasons[0]).toHaveProperty('basis');
    expect(Object.keys(first.evidence).sort()).toEqual([...first.criteria].sort());
    const again = await a.nn_drc!.post('/api/v1/lists', { listYear: 2026 });
    expect(again.json()).toMatchObject({ id: nnList.id, mandatoryCount: 3, version: 2 });
    nnList = again.json();
    const lz = await a.lz_eeb!.post('/api/v1/lists', { listYear: 2026 });
    expect(lz.json()).toMatchObject({ cityCode: '450200', mandatoryCount: 2 });
    lzListId = lz.json().id;
  });

  it('when the 兴宁 county proposes its own enterprise, then it is added; another county\'s is refused; 柳州 cannot read 南宁\'s list', async () => {
    const [xn] = await t.database.rows<{ id: number }>(sql`select id from enterprises where division_code = '450102' and status = 'operating' and not (id = any(${sql.param(nnConfirmed)}::int[])) order by id limit 1`);
    const [qx] = await t.database.rows<{ id: number }>(sql`select id from enterprises where division_code = '450103' and status = 'operating' order by id limit 1`);
    const refused = await a.nn_xn!.post(`/api/v1/lists/${nnList.id}/entries`, { version: nnList.version, enterpriseId: qx!.id, auditType: 'voluntary', source: 'applied' });
    expect(refused.statusCode).toBe(403);
    const ok = await a.nn_xn!.post(`/api/v1/lists/${nnList.id}/entries`, { version: nnList.version, enterpriseId: xn!.id, auditType: 'voluntary', source: 'applied', plannedStart: '2026-05-01', plannedFinish: '2027-04-30' });
    expect(ok.statusCode).toBe(201);
    // The county sees only its county's entries.
    expect(ok.json().entries.every((e: { countyCode: string }) => e.countyCode === '450102')).toBe(true);
    const stale = await a.nn_eeb!.post(`/api/v1/lists/${nnList.id}/entries`, { version: nnList.version, enterpriseId: qyEnterprise, auditType: 'voluntary' });
    expect(stale.statusCode).toBe(409);
    nnList = (await a.nn_eeb!.get(`/api/v1/lists/${nnList.id}`)).json();
    expect(nnList).toMatchObject({ mandatoryCount: 3, voluntaryCount: 1, version: 3 });
    if (!nnConfirmed.includes(qyEnterprise)) {
      const qy = await a.nn_eeb!.post(`/api/v1/lists/${nnList.id}/entries`, { version: nnList.version, enterpriseId: qyEnterprise, auditType: 'voluntary' });
      expect(qy.statusCode).toBe(201);
      nnList = qy.json();
    }
    expect((await a.lz_eeb!.get(`/api/v1/lists/${nnList.id}`)).statusCode).toBe(403);
  });

  it('when 南宁 submits twice with the same version, then one submission is recorded (natural idempotency); a removal after it is refused', async () => {
    const v = nnList.version;
    const [r1, r2] = [await a.nn_eeb!.post(`/api/v1/lists/${nnList.id}/submit`, { version: v }), await a.nn_eeb!.post(`/api/v1/lists/${nnList.id}/submit`, { version: v })];
    expect([r1.statusCode, r2.statusCode]).toEqual([200, 200]);
    expect(r2.json()).toMatchObject({ status: 'submitted', version: v + 1 });
    expect(r2.json().reviews.filter((r: { action: string }) => r.action === 'submit')).toHaveLength(1);
    nnList = r2.json();
    const rm = await a.nn_eeb!.post(`/api/v1/lists/${nnList.id}/remove-entry`, { version: nnList.version, entryId: nnList.entries[0]!.id });
    expect(rm.statusCode).toBe(409);
    const [n] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from notifications n join orgs o on o.id = n.recipient_org_id where o.kind = 'regionDee' and n.kind = 'auditList.submitted'`);
    expect(n!.n).toBe(1);
  });

  it('when DEE and DRC act on the same version at once, then exactly one succeeds and the other gets 409', async () => {
    const v = nnList.version;
    const [x, y] = await Promise.all([
      a.gx_dee!.post(`/api/v1/lists/${nnList.id}/return`, { version: v, comment: '请补充兴宁区企业的计划完成时间' }),
      a.gx_drc!.post(`/api/v1/lists/${nnList.id}/approve`, { version: v }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    nnList = (await a.nn_eeb!.get(`/api/v1/lists/${nnList.id}`)).json();
    if (nnList.status !== 'returned') {
      // DRC won the race: DEE returns now.
      const ret = await a.gx_dee!.post(`/api/v1/lists/${nnList.id}/return`, { version: nnList.version, comment: '请补充兴宁区企业的计划完成时间' });
      expect(ret.statusCode).toBe(200);
      nnList = ret.json();
    }
    expect(nnList).toMatchObject({ status: 'returned', returnComment: '请补充兴宁区企业的计划完成时间', deeApproved: false, drcApproved: false });
  });

  it('when 南宁 resubmits and both departments approve with an Idempotency-Key replay, then the list is approved once', async () => {
    nnList = (await a.nn_eeb!.post(`/api/v1/lists/${nnList.id}/submit`, { version: nnList.version })).json();
    expect(nnList.status).toBe('submitted');
    const headers = { 'idempotency-key': 'approve-nn-2026-dee' };
    const d1 = await a.gx_dee!.post(`/api/v1/lists/${nnList.id}/approve`, { version: nnList.version }, headers);
    const d2 = await a.gx_dee!.post(`/api/v1/lists/${nnList.id}/approve`, { version: nnList.version }, headers);
    expect(d1.statusCode).toBe(200);
    expect(d2.json()).toEqual(d1.json());
    const needsDrc = d1.json().needsDrc as boolean;
    expect(d1.json().status).toBe(needsDrc ? 'submitted' : 'approved');
    const drc = await a.gx_drc!.post(`/api/v1/lists/${nnList.id}/approve`, { version: d1.json().version });
    expect(drc.statusCode).toBe(needsDrc ? 200 : 409);
    const lz = (await a.lz_eeb!.post(`/api/v1/lists/${lzListId}/submit`, { version: (await a.lz_eeb!.get(`/api/v1/lists/${lzListId}`)).json().version })).json();
    const lzDee = (await a.gx_dee!.post(`/api/v1/lists/${lzListId}/approve`, { version: lz.version })).json();
    if (lzDee.status !== 'approved') expect((await a.gx_drc!.post(`/api/v1/lists/${lzListId}/approve`, { version: lzDee.version })).json().status).toBe('approved');
    const [approvals] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_list_reviews where list_id = ${nnList.id} and action = 'approve' and department = 'dee'`);
    expect(approvals!.n).toBe(1);
  });

  it('when the region publishes 2026, then one audit per entry with its deadlines, the lists published, enterprises notified', async () => {
    const body = { listYear: 2026, documentNo: '桂环函〔2026〕88号', publishedOn: '2026-03-02' };
    expect((await a.gx_drc!.post('/api/v1/lists/publish', body)).statusCode).toBe(403);
    const pub = await a.gx_dee!.post('/api/v1/lists/publish', body, { 'idempotency-key': 'publish-2026' });
    expect(pub.statusCode).toBe(201);
    const entries = nnList.entries.length + 2;
    expect(pub.json()).toMatchObject({ listYear: 2026, round: 0, documentNo: '桂环函〔2026〕88号', lists: 2 });
    expect(pub.json().mandatory + pub.json().voluntary).toBe((await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_list_entries where list_id in (${nnList.id}, ${lzListId})`))[0]!.n);
    expect(pub.json().mandatory).toBe(5);
    expect(entries).toBeGreaterThan(4);
    // The replay returns the same answer without publishing again.
    expect((await a.gx_dee!.post('/api/v1/lists/publish', body, { 'idempotency-key': 'publish-2026' })).json()).toEqual(pub.json());
    // Without a key, a second publication of the same year finds nothing approved.
    expect((await a.gx_dee!.post('/api/v1/lists/publish', { ...body, documentNo: '桂环函〔2026〕89号' })).statusCode).toBe(422);
    // 2026-03-02 + 1 month = 2026-04-02 (Thu); + 2 months = 2026-05-02, in the Labour Day break → 2026-05-06; + 1 year = 2027-03-02 (Tue).
    const dues = await t.database.rows<{ disclosure_due: string; start_due: string; report_due: string; state: string; document_no: string }>(
      sql`select distinct disclosure_due::text, start_due::text, report_due::text, state, document_no from audits where list_year = 2026 and audit_type = 'mandatory'`,
    );
    expect(dues).toEqual([{ disclosure_due: '2026-04-02', start_due: '2026-05-06', report_due: '2027-03-02', state: 'listed', document_no: '桂环函〔2026〕88号' }]);
    const lists = (await a.gx_dee!.get('/api/v1/lists?listYear=2026')).json();
    expect(lists.map((l: { status: string }) => l.status)).toEqual(['published', 'published']);
    // The demo enterprise also has the notice of the demo 2025 list (src/db/demo-lists.ts).
    const inbox = await a.qy_demo!.get('/api/v1/notifications');
    expect(inbox.json().unread).toBe(2);
    const note = inbox.json().data[0];
    expect(note.title).toBe('贵单位已列入2026年自愿性清洁生产审核名单');
    expect(inbox.json().data[1].title).toBe('贵单位已列入2025年强制性清洁生产审核名单');
    expect((await a.qy_demo!.post(`/api/v1/notifications/${note.id}/read`)).statusCode).toBe(204);
    expect((await a.qy_demo!.get('/api/v1/notifications')).json().unread).toBe(1);
    expect((await a.nn_xn!.post(`/api/v1/notifications/${note.id}/read`)).statusCode).toBe(404);
    const [listed] = await t.database.rows<{ n: number; m: number }>(sql`
      select (select count(*)::int from notifications where kind = 'audit.listed' and title like '%2026年%') as n,
             (select count(*)::int from audits a join orgs o on o.enterprise_id = a.enterprise_id where a.list_year = 2026) as m`);
    expect(listed!.n).toBe(listed!.m);
    const log = await t.database.rows<{ action: string }>(sql`select action from audit_log where object_type in ('auditList', 'auditListPublication') and result = 'success' order by id`);
    expect(new Set(log.map((l) => l.action))).toEqual(new Set(['auditList.draft', 'auditList.refresh', 'auditList.propose', 'auditList.review', 'auditList.publish']));
  });

  it('when 附件2 is exported, then the xlsx has the title, the header, 南宁 before 柳州 with counts and the total', async () => {
    const res = await a.gx_dee!.get('/api/v1/lists/export.xlsx?listYear=2026&auditType=mandatory');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('广西壮族自治区2026年重点行业强制性清洁生产审核企业名单汇总表');
    expect(ws.getRow(2).values).toEqual([undefined, '序号', '设区市', '县（市、区）', '企业名称', '统一社会信用代码', '所属重点行业', '国民经济行业代码', '审核类型', '审核依据', '名单发布文号', '计划启动时间', '计划完成时间', '备注']);
    const colA = Array.from({ length: ws.rowCount }, (_, i) => ws.getCell(i + 1, 1).value);
    expect(colA.slice(2)).toEqual([1, 2, 3, '南宁市小计', 4, 5, '柳州市小计', '合计']);
    expect(ws.getCell(6, 4).value).toBe('3家');
    expect(ws.getCell(9, 4).value).toBe('2家');
    expect(ws.getCell(10, 4).value).toBe('5家');
    expect(ws.getCell(3, 10).value).toBe('桂环函〔2026〕88号');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9 });
    const docx = await a.gx_dee!.get('/api/v1/lists/export.docx?listYear=2026');
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('when anyone opens the public list, then it shows the published 2026 enterprises as not yet disclosed, searchable by credit code', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/public/lists?listYear=2026&auditType=mandatory&pageSize=50' });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(5);
    expect(res.json().data.map((r: { cityCode: string }) => r.cityCode)).toEqual(['450100', '450100', '450100', '450200', '450200']);
    expect(res.json().data.every((r: { disclosed: boolean; auditState: string; documentNo: string }) => !r.disclosed && r.auditState === 'listed' && r.documentNo === '桂环函〔2026〕88号')).toBe(true);
    const one = res.json().data[3];
    // The same rows as CSV (no login): the 附件 columns, 柳州's first enterprise on row 4.
    const csv = await t.app.inject({ method: 'GET', url: '/api/v1/public/lists.csv?listYear=2026&auditType=mandatory' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="audit-lists-2026.csv"');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('序号,设区市,县（市、区）,企业名称,统一社会信用代码,所属重点行业,国民经济行业代码,审核类型,审核依据,名单发布文号,计划启动时间,计划完成时间,备注,年度,信息公开,审核进展');
    expect(lines[4]!.endsWith(',2026,,已列入名单')).toBe(true);
    expect(lines).toHaveLength(6);
    expect(lines[4]!.split(',').slice(0, 2)).toEqual(['4', '柳州市']);
    expect(lines[4]).toContain(`,${one.uscc},`);
    expect(lines[4]).toContain(',桂环函〔2026〕88号,');
    const q = await t.app.inject({ method: 'GET', url: `/api/v1/public/lists?listYear=2026&q=${one.uscc}` });
    expect(q.json().data.map((r: { uscc: string }) => r.uscc)).toEqual([one.uscc]);
    const pubs = await t.app.inject({ method: 'GET', url: '/api/v1/public/lists/publications' });
    expect(pubs.json().map((p: { listYear: number; documentNo: string; mandatoryCount: number }) => [p.listYear, p.documentNo, p.mandatoryCount])).toEqual([
      [2026, '桂环函〔2026〕88号', 5],
      [2025, '桂环函〔2025〕12号', (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audits where list_year = 2025 and publication_id is not null`))[0]!.n],
    ]);
  });

  it('when the exchange feed is read, then it has the §9 fields, and updatedSince after the last change returns nothing', async () => {
    const res = await a.gx_drc!.get('/api/v1/exchange/audit-lists');
    expect(res.statusCode).toBe(200);
    const all = res.json();
    // Audits of published lists (the demo's voluntary panel-ready audit has no publication).
    expect(all.length).toBe((await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audits where publication_id is not null`))[0]!.n);
    const rows = all.filter((r: { documentNo: string }) => r.documentNo === '桂环函〔2026〕88号');
    expect(rows.length).toBe(5 + (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audits where audit_type = 'voluntary' and list_year = 2026`))[0]!.n);
    expect(rows[0]).toMatchObject({ documentNo: '桂环函〔2026〕88号', city: '南宁市', publishedOn: '2026-03-02', recordStatus: 'normal' });
    expect(rows[0].orgCode).toBe(rows[0].uscc.slice(8, 17));
    const later = await a.gx_drc!.get(`/api/v1/exchange/audit-lists?updatedSince=${encodeURIComponent('2100-01-01T00:00:00Z')}`);
    expect(later.json()).toEqual([]);
    const csv = await a.gx_dee!.get('/api/v1/exchange/audit-lists.csv');
    expect(csv.body.split('\r\n')[0]).toBe('\uFEFF文号,企业名称,统一社会信用代码,组织机构代码,所属行业,县（市、区）,设区市,名单发布机关,名单发布日期,审核类型,记录状态,最后修改时间');
    expect((await a.nn_eeb!.get('/api/v1/exchange/audit-lists')).statusCode).toBe(403);
  });

  it('when 南宁 drafts 2026 again after publication, then it gets supplementary list 1, never the published list', async () => {
    const res = await a.nn_eeb!.post('/api/v1/lists', { listYear: 2026 });
    expect(res.json()).toMatchObject({ listYear: 2026, round: 1, status: 'draft', mandatoryCount: 0 });
  });
});
