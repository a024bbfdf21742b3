/**
 * Dashboard figures (issue 8 items 1–3, 6) on the demo 2025 list (published 2025-03-10, two
 * mandatory audits per city plus the demo enterprise), test clock 2026-03-02 Beijing.
 * Deadlines (Order 38 art. 11/12/17, CHINA_WORK_CALENDAR): disclosure 2025-04-10, start
 * 2025-05-12 — both missed on 2026-03-02 by an audit still `listed`.
 */
import { computeAuditDeadlines, CHINA_WORK_CALENDAR } from '@cpaudit/domain';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp } from './support.ts';

describe.each(backends)('dashboard on %s', (kind) => {
  let t: TestApp;
  let total = 0;
  let nnIds: number[] = [];
  beforeAll(async () => {
    t = await createTestApp(kind);
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

});
