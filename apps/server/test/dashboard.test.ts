/**
 * Dashboard figures (issue 8 items 1–3, 6) on the demo 2025 list (published 2025-03-10, two
 * mandatory audits per city plus the demo enterprise), test clock 2026-03-02 Beijing.
 * Deadlines (Order 38 art. 11/12/17, CHINA_WORK_CALENDAR): disclosure 2025-04-10, start
 * 2025-05-12 — both missed on 2026-03-02 by an audit still `listed`.
 */
import { computeAuditDeadlines, CHINA_WORK_CALENDAR } from '@cpaudit/domain';
import { parse as parseContentDisposition } from 'content-disposition';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxText } from './docx.ts';
import { backends, createTestApp, type TestApp } from './support.ts';

describe.each(backends)('dashboard on %s', (kind) => {
  let t: TestApp;
  let total = 0;
  let nnIds: number[] = [];
  beforeAll(async () => {
    t = await createTestApp(kind);
    // Start from the published 2025 list as published: the demo's later steps (audits moved along by
    // demo-lists.ts, the voluntary panel audit of demo-panels.ts) are undone, so every figure below is
    // counted from a known state.
    await t.database.rows(sql`delete from audits where list_year = 2025 and audit_type = 'voluntary'`);
    await t.database.rows(sql`update audits set state = 'listed' where list_year = 2025`);
    total = (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audits where list_year = 2025`))[0]!.n;
    nnIds = (await t.database.rows<{ id: number }>(sql`select id from audits where city_code = '450100' order by id`)).map((r) => r.id);
  });
  afterAll(async () => {
    await t.close();
  });
  const summary = async (user: string, q = '') => (await (await t.login(user)).get(`/api/v1/dashboard/summary${q}`)).json();

  it('the demo deadlines are the ones this test reasons with', () => {
    expect(computeAuditDeadlines({ published: '2025-03-10', evaluationPassed: null }, CHINA_WORK_CALENDAR)).toMatchObject({ disclosureDue: '2025-04-10', startDue: '2025-05-12' });
  });

  it('when nothing has moved, then the region sees every 2025 audit listed and overdue (0 % on time), 14 city rows adding up', async () => {
    expect(total).toBeGreaterThanOrEqual(28);
    const s = await summary('gx_dee');
    expect(s.listYear).toBe(2025);
    expect(s.today).toBe('2026-03-02');
    expect(s.totals).toMatchObject({ listed: total, mandatory: total, voluntary: 0, disclosed: 0, started: 0, accepted: 0, overdue: total, onTimeRate: 0, completionRate: 0 });
    expect(s.divisions).toHaveLength(14);
    expect(s.divisions.reduce((n: number, d: { listed: number }) => n + d.listed, 0)).toBe(total);
    // The reporting matrix's list status: the demo lists are published -> approved.
    expect(s.divisions[0]).toMatchObject({ divisionCode: '450100', name: '南宁市', list: 'approved' });
    expect(s.funnel.map((f: { stage: string }) => f.stage)).toEqual(['listed', 'disclosed', 'started', 'evaluated', 'accepted']);
  });

  it('when the demo enterprise opens its home, then it sees its 2025 audit, the missed deadlines and that it must disclose', async () => {
    const res = await (await t.login('qy_demo')).get('/api/v1/dashboard/my-audits');
    const body = res.json();
    expect(body.today).toBe('2026-03-02');
    const a = body.audits[0];
    expect(a).toMatchObject({ listYear: 2025, auditType: 'mandatory', documentNo: '桂环函〔2025〕12号' });
    expect(a.state).toBe('listed');
    // 2025-04-10 -> 2026-03-02: 20 + 31+30+31+31+30+31+30+31 + 31+28 + 2 = 326 days.
    expect(a.nextDeadline).toEqual({ step: 'disclosure', due: '2025-04-10', daysLeft: -326 });
    expect(a.overdue.map((o: { step: string }) => o.step)).toEqual(['disclosure', 'start']);
    expect(a.actions).toEqual(['disclose']);
    const official = (await (await t.login('gx_dee')).get('/api/v1/dashboard/my-audits')).json();
    expect(official.audits).toEqual([]);
  });

  it('when one 南宁 audit is accepted and another started, then the figures move at once (no batch)', async () => {
    await t.database.rows(sql`update audits set state = 'accepted' where id = ${nnIds[0]!}`);
    await t.database.rows(sql`update audits set state = 'started' where id = ${nnIds[1]!}`);
    const s = await summary('gx_dee');
    expect(s.totals).toMatchObject({ disclosed: 2, started: 2, evaluated: 1, accepted: 1, overdue: total - 2 });
    const nn = s.divisions.find((d: { divisionCode: string }) => d.divisionCode === '450100');
    const n = nnIds.length;
    expect(nn).toMatchObject({ listed: n, accepted: 1, started: 2, overdue: n - 2 });
    expect(nn.onTimeRate).toBeCloseTo(2 / n, 4);
    expect(nn.completionRate).toBeCloseTo(1 / n, 4);
    expect(s.funnel).toEqual([
      { stage: 'listed', count: total },
      { stage: 'disclosed', count: 2 },
      { stage: 'started', count: 2 },
      { stage: 'evaluated', count: 1 },
      { stage: 'accepted', count: 1 },
    ]);
  });

  it('when one of the two disclosed 南宁 audits disclosed a day after its deadline, then it is disclosed but not on time', async () => {
    // Deadline 2025-04-10 (see above); 2025-04-11 is late (Order 38 art. 11), 2025-04-10 itself on time.
    await t.database.rows(sql`update audits set disclosed_on = '2025-04-11' where id = ${nnIds[1]!}`);
    await t.database.rows(sql`update audits set disclosed_on = '2025-04-10' where id = ${nnIds[0]!}`);
    const s = await summary('gx_dee');
    expect(s.totals).toMatchObject({ disclosed: 2, disclosedOnTime: 1 });
    expect(s.divisions.find((d: { divisionCode: string }) => d.divisionCode === '450100')).toMatchObject({ disclosed: 2, disclosedOnTime: 1 });
    await t.database.rows(sql`update audits set disclosed_on = null where id in (${nnIds[0]!}, ${nnIds[1]!})`);
  });

  it('when a funnel stage is clicked (/audits?listYear=2025&stage=…), then the audits list holds exactly the audits the stage counts', async () => {
    const dee = await t.login('gx_dee');
    const list = async (q: string) => (await dee.get(`/api/v1/audits?listYear=2025&pageSize=100${q}`)).json();
    const s = await summary('gx_dee');
    for (const f of s.funnel as { stage: string; count: number }[]) expect([f.stage, (await list(`&stage=${f.stage}`)).total]).toEqual([f.stage, f.count]);
    // Counted by hand after the step above: 南宁's first audit accepted, its second started.
    const started = await list('&stage=started');
    expect(started.data.map((a: { id: number }) => a.id).sort((a: number, b: number) => a - b)).toEqual([nnIds[0]!, nnIds[1]!]);
    expect((await list('&stage=accepted')).data.map((a: { id: number; state: string }) => [a.id, a.state])).toEqual([[nnIds[0]!, 'accepted']]);
    expect((await list('&stage=evaluated')).total).toBe(1);
    expect((await list('&stage=listed')).total).toBe(total);
    const bad = await dee.get('/api/v1/audits?stage=finished');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('stage');
  });

  it('when the consulting agency (jg_demo) opens its home, then it sees its three audits by state, the nearest deadline and the list', async () => {
    const [third] = await t.database.rows<{ id: number; state: string }>(sql`select id, state from audits where list_year = 2025 and city_code <> '450100' order by id limit 1`);
    expect(third!.state).toBe('listed');
    const [agency] = await t.database.rows<{ id: number }>(sql`select a.id from consulting_agencies a join users u on u.org_id = a.org_id where u.username = 'jg_demo'`);
    // Exactly three audits consulted by 绿源: 南宁's two (accepted and started above) and another city's first (listed).
    await t.database.rows(sql`update audits set consulting_agency_id = null where consulting_agency_id = ${agency!.id}`);
    await t.database.rows(sql`update audits set consulting_agency_id = ${agency!.id} where id in (${nnIds[0]!}, ${nnIds[1]!}, ${third!.id})`);
    const home = (await (await t.login('jg_demo')).get('/api/v1/dashboard/agency-audits')).json();
    expect(home.today).toBe('2026-03-02');
    expect(home.total).toBe(3);
    expect(home.byState).toEqual([
      { state: 'listed', count: 1 },
      { state: 'started', count: 1 },
      { state: 'accepted', count: 1 },
    ]);
    // The listed audit's disclosure was due 2025-04-10: 326 days before 2026-03-02 (see the enterprise home above).
    expect(home.nextDeadline).toMatchObject({ auditId: third!.id, state: 'listed', due: '2025-04-10', daysLeft: -326 });
    expect(home.audits.map((a: { id: number }) => a.id).sort((a: number, b: number) => a - b)).toEqual([nnIds[0]!, nnIds[1]!, third!.id].sort((a, b) => a - b));
    // Another organisation's user gets an empty agency home.
    const other = (await (await t.login('nn_eeb')).get('/api/v1/dashboard/agency-audits')).json();
    expect(other).toEqual({ today: '2026-03-02', total: 0, byState: [], nextDeadline: null, audits: [] });
  });

  it('when the 南宁 city user looks, then only 南宁 audits count, by county', async () => {
    const s = await summary('nn_eeb');
    expect(s.area.level).toBe('city');
    expect(s.totals.listed).toBe(nnIds.length);
    expect(s.divisions.every((d: { divisionCode: string }) => d.divisionCode.startsWith('4501') && d.divisionCode !== '450100')).toBe(true);
    expect(s.divisions.reduce((n: number, d: { listed: number }) => n + d.listed, 0)).toBe(nnIds.length);
    expect(s.divisions.every((d: { list: unknown }) => d.list === null)).toBe(true);
  });

  it('when a key industry or a year without audits is chosen, then the figures follow the filter', async () => {
    const s = await summary('gx_dee', '?listYear=2024');
    expect(s.totals.listed).toBe(0);
    expect(s.totals.onTimeRate).toBeNull();
    const key = (await t.database.rows<{ k: string; n: number }>(sql`select key_industry as k, count(*)::int as n from audits where key_industry is not null group by 1 order by 2 desc, 1 limit 1`))[0]!;
    const f = await summary('gx_dee', `?keyIndustry=${key.k}`);
    expect(f.totals.listed).toBe(key.n);
    expect(f.byKeyIndustry.find((k: { key: string }) => k.key === key.k).listed).toBe(key.n);
  });

  it('when the region downloads the tables, then the xlsx holds the same per-city figures', async () => {
    const res = await (await t.login('gx_dee')).get('/api/v1/dashboard/summary.xlsx?listYear=2025');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('分地区')!;
    expect(ws.getRow(2).getCell(2).value).toBe('地区');
    expect(ws.getRow(3).getCell(1).value).toBe('450100');
    expect(ws.getRow(3).getCell(3).value).toBe(nnIds.length);
    expect(ws.rowCount).toBe(2 + 14);
  });

  it('when the region downloads the tables, then the xlsx also holds the page\'s 减排成效与投资 (2025, by city, key-industry filter followed) and the enterprise overview tables', async () => {
    const load = async (user: string, q: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await (await t.login(user)).get(`/api/v1/dashboard/summary.xlsx${q}`)).rawPayload as unknown as ArrayBuffer);
      return wb;
    };
    const rowsOf = (ws: ExcelJS.Worksheet, cols: number) => {
      const out: unknown[][] = [];
      ws.eachRow((r) => out.push((r.values as unknown[]).slice(1, 1 + cols)));
      return out;
    };
    const wb = await load('gx_dee', '?listYear=2025');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '分地区', '分行业', '减排成效与投资', '按行政区划统计', '按重点行业统计']);
    // The demo's 2025 options: 南宁 6 (2 implemented: 3 + 6 万元, 11.061 + 22.122 tce), invested 3 + 0.5 + 100 + 6 + 0.5 + 200 = 310 万元;
    // 柳州 6 (9 + 0.5 + 300 + 12 + 0.5 + 400 = 722 万元; 33.183 + 44.244 = 77.427 tce achieved).
    expect(rowsOf(wb.getWorksheet('减排成效与投资')!, 5)).toEqual([
      ['减排成效与投资 广西壮族自治区 2025 年名单（截至 2026-03-02）'],
      ['设区市', '方案数', '已实施', '投资 (万元)', '已实现 节能量 (tce/年)'],
      ['南宁市', 6, 2, 310, 33.183],
      ['柳州市', 6, 2, 722, 77.427],
    ]);
    const divs = rowsOf(wb.getWorksheet('按行政区划统计')!, 3);
    const [nn] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from enterprises where division_code like '4501%'`);
    const [all] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from enterprises`);
    expect(divs[1]).toEqual(['行政区划', '区划代码', '企业数']);
    expect(divs[2]).toEqual(['南宁市', '450100', nn!.n]);
    expect(nn!.n).toBe(36);
    expect(divs).toHaveLength(2 + 14 + 1);
    expect(divs.at(-1)).toEqual(['合计', '', all!.n]);
    const inds = rowsOf(wb.getWorksheet('按重点行业统计')!, 2);
    expect(inds[1]).toEqual(['重点行业', '企业数']);
    const [plating] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from enterprises where key_industry = 'electroplating'`);
    expect(inds.find((r) => r[0] === '电镀')).toEqual(['电镀', plating!.n]);

    // Key industry 有色 (nonferrous): only 柳州's three options of that industry (9 + 0.5 + 300 万元).
    const nf = await load('gx_dee', '?listYear=2025&keyIndustry=nonferrous');
    expect(rowsOf(nf.getWorksheet('减排成效与投资')!, 5).slice(1)).toEqual([
      ['设区市', '方案数', '已实施', '投资 (万元)', '已实现 节能量 (tce/年)'],
      ['柳州市', 3, 1, 309.5, 33.183],
    ]);
    // 南宁's officer: its counties only; the enterprise (no option.stats, no reductions card on its page): no such sheet.
    const city = await load('nn_eeb', '?listYear=2025');
    const cityRed = rowsOf(city.getWorksheet('减排成效与投资')!, 4);
    expect(cityRed[1]![0]).toBe('县（市、区）');
    expect(cityRed.slice(2).reduce((n, r) => n + (r[3] as number), 0)).toBe(310);
    expect(rowsOf(city.getWorksheet('按行政区划统计')!, 3).at(-1)).toEqual(['合计', '', nn!.n]);
    const ent = await load('qy_demo', '?listYear=2025');
    expect(ent.getWorksheet('减排成效与投资')).toBeUndefined();
  });


  it('when the region downloads its yearly summary, then the docx holds the title, the totals, each city and the narrative typed in', async () => {
    const dee = await t.login('gx_dee');
    const res = await dee.post('/api/v1/documents/region-summary.docx', { listYear: 2025, overview: '全区名单公布工作按期完成。', problems: '部分企业信息公开滞后。', nextSteps: '' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const xml = await docxText(res.rawPayload);
    expect(xml).toContain('广西壮族自治区2025年度清洁生产审核工作总结');
    expect(xml).toContain('全区名单公布工作按期完成。');
    expect(xml).toContain('部分企业信息公开滞后。');
    expect(xml).toContain('（未填写）');
    expect(cellsAfter(xml, '列入审核名单')[0]).toBe(String(total));
    // 南宁: listed, started 2 (one accepted, one started), accepted 1.
    expect(cellsAfter(xml, '南宁市').slice(0, 3)).toEqual([String(nnIds.length), '2', '1']);
    expect(xml).toContain('崇左市');
    expect(xml).toContain('统计口径：2025 年审核名单，全部行业');
    // The Chinese file name travels in filename* (RFC 8187), the ASCII one for old clients.
    expect(parseContentDisposition(String(res.headers['content-disposition']))).toEqual({ type: 'attachment', parameters: { filename: '广西壮族自治区2025年度清洁生产审核工作总结.docx' } });
    expect(res.headers['content-disposition']).toContain('filename=region-summary-2025.docx;');
    expect((await (await t.login('nn_eeb')).post('/api/v1/documents/region-summary.docx', { listYear: 2025 })).statusCode).toBe(403);
  });

  it('when the region downloads its yearly summary with the dashboard filtered to one key industry, then title, scope and figures are that industry\'s; an unknown industry is refused', async () => {
    const key = (await t.database.rows<{ k: string; name: string; n: number; nn: number }>(sql`
      select a.key_industry as k, k.name_zh as name, count(*)::int as n, count(*) filter (where a.city_code = '450100')::int as nn
      from audits a join key_industries k on k.key = a.key_industry where a.list_year = 2025 group by 1, 2 order by 3 desc, 1 limit 1`))[0]!;
    expect(key.n).toBeLessThan(total);
    const dee = await t.login('gx_dee');
    const res = await dee.post('/api/v1/documents/region-summary.docx', { listYear: 2025, keyIndustry: key.k });
    expect(res.statusCode).toBe(200);
    const xml = await docxText(res.rawPayload);
    expect(xml).toContain(`广西壮族自治区2025年度清洁生产审核工作总结（${key.name}行业）`);
    expect(xml).toContain(`统计口径：2025 年审核名单，重点行业：${key.name}`);
    expect(cellsAfter(xml, '列入审核名单')[0]).toBe(String(key.n));
    expect(cellsAfter(xml, '南宁市')[0]).toBe(String(key.nn));
    expect(parseContentDisposition(String(res.headers['content-disposition'])).parameters.filename).toBe(`广西壮族自治区2025年度清洁生产审核工作总结（${key.name}行业）.docx`);
    const bad = await dee.post('/api/v1/documents/region-summary.docx', { listYear: 2025, keyIndustry: 'no_such_industry' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'body.keyIndustry' }] });
  });

  it('when the region downloads the 2021–2023 summary-stage report, then the three years stand side by side', async () => {
    // One 2022 audit in 南宁, accepted.
    await t.database.rows(sql`insert into audits (enterprise_id, list_year, audit_type, state, published_at, document_no, county_code, city_code, key_industry)
      select enterprise_id, 2022, 'mandatory', 'accepted', '2022-03-10', '桂环函〔2022〕1号', county_code, city_code, key_industry from audits where id = ${nnIds[0]!}`);
    const res = await (await t.login('gx_dee')).post('/api/v1/documents/summary-stage.docx', { fromYear: 2021, toYear: 2023, narrative: '三年来审核工作稳步推进。' });
    expect(res.statusCode).toBe(200);
    const xml = await docxText(res.rawPayload);
    expect(xml).toContain('清洁生产审核工作总结阶段报告（2021—2023年）');
    expect(cellsAfter(xml, '指标').slice(0, 3)).toEqual(['2021年', '2022年', '2023年']);
    expect(cellsAfter(xml, '列入审核名单（家）').slice(0, 3)).toEqual(['0', '1', '0']);
    expect(cellsAfter(xml, '通过验收（家）').slice(0, 3)).toEqual(['0', '1', '0']);
    expect(cellsAfter(xml, '南宁市').slice(0, 3)).toEqual(['0 / 0', '1 / 1', '0 / 0']);
    expect(xml).toContain('三年来审核工作稳步推进。');
    expect(parseContentDisposition(String(res.headers['content-disposition'])).parameters.filename).toBe('清洁生产审核工作总结阶段报告（2021—2023年）.docx');
  });

  it('when a 2026 list is published (its report due in 2027, a year without a holiday notice), then the dashboard still answers', async () => {
    // Before the fix the overdue check used the strict calendar and answered 500 for the new year.
    await t.database.rows(sql`insert into audits (enterprise_id, list_year, audit_type, state, published_at, document_no, county_code, city_code, key_industry)
      select enterprise_id, 2026, 'mandatory', 'listed', '2026-03-02', '桂环函〔2026〕30号', county_code, city_code, key_industry from audits where id = ${nnIds[1]!}`);
    const res = await (await t.login('gx_dee')).get('/api/v1/dashboard/summary?listYear=2026');
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s.totals).toMatchObject({ listed: 1, mandatory: 1, overdue: 0, onTimeRate: 1 });
    expect(s.divisions.find((d: { divisionCode: string }) => d.divisionCode === '450100')).toMatchObject({ listed: 1, overdue: 0 });
  });
});

/** The texts of the table cells following the first cell whose text is `label` (same row first). */
function cellsAfter(xml: string, label: string): string[] {
  const cells = [...xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((m) => [...m[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((x) => x[1]).join(''));
  const i = cells.indexOf(label);
  if (i < 0) throw new Error(`no cell ${label}`);
  return cells.slice(i + 1);
}
