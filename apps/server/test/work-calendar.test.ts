/**
 * The working-day calendar as region-administered data (issue 6 item 3): migration 0014 seeds the
 * State Council notices 2020–2026 from the domain; the region adds 2027 and the stored deadlines
 * are recomputed with it.
 *
 * The 2027 arrangement (packages/domain/test/fixtures/holidays-2027.json) is a test fixture, not
 * the official notice: 元旦 2027-01-01 (Friday)…01-03, 春节 02-06 (Saturday)…02-14 (Sunday), 调休
 * Saturday 02-20. A list published on 2026-02-08 has its report due on the corresponding day
 * 2027-02-08, a Monday: Monday–Friday only (no 2027 notice) it stays 2027-02-08; inside the 2027
 * 春节 break it moves to Monday 2027-02-15.
 */
import { CHINA_HOLIDAY_SCHEDULES } from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type Agent, type TestApp } from './support.ts';
// The 2027 arrangement as the body of POST /api/v1/work-calendar (the domain's calendar tests use it too).
import Y2027 from '../../../packages/domain/test/fixtures/holidays-2027.json' with { type: 'json' };

describe.each(backends)('work calendar on %s', (kind) => {
  let t: TestApp;
  let dee: Agent;
  let auditId = 0;
  beforeAll(async () => {
    t = await createTestApp(kind);
    dee = await t.login('gx_dee');
    // One mandatory audit published 2026-02-08 with its deadlines as publication stored them (Monday–Friday beyond 2026).
    auditId = (await t.database.rows<{ id: number }>(sql`select id from audits where audit_type = 'mandatory' order by id limit 1`))[0]!.id;
    await t.database.rows(sql`update audits set published_at = '2026-02-08', disclosure_due = '2026-03-09', start_due = '2026-04-08', report_due = '2027-02-08',
      evaluation_passed_on = null, acceptance_application_due = null where id = ${auditId}`);
  });
  afterAll(async () => {
    await t.close();
  });

  it('when migrated, then the table holds the seven notices 2020–2026 of the domain, with no author', async () => {
    const res = await dee.get('/api/v1/work-calendar');
    expect(res.statusCode).toBe(200);
    const years = res.json();
    expect(years.map((y: { year: number }) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(years.map((y: { documentNo: string }) => y.documentNo)).toEqual(CHINA_HOLIDAY_SCHEDULES.map((s) => s.documentNo));
    expect(years[6]).toMatchObject({ documentNo: '国办发明电〔2025〕7号', makeupWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'], createdBy: null });
    expect(years[6].holidays[1]).toEqual({ name: '春节', from: '2026-02-15', to: '2026-02-23' });
  });

  it('when a deadline falls in 2027 before its notice is added, then it is computed Monday–Friday and flagged provisional', async () => {
    const res = await dee.get('/api/v1/work-calendar/deadlines?published=2026-02-08');
    expect(res.json()).toEqual({ disclosureDue: '2026-03-09', startDue: '2026-04-08', reportDue: '2027-02-08', acceptanceApplicationDue: null, provisional: true, lastYear: 2026 });
  });

  it('when the year is wrong, dates lie outside it or a day is both holiday and workday, then 400 with each field located, and nothing is stored', async () => {
    const bad = await dee.post('/api/v1/work-calendar', {
      ...Y2027,
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2028-01-03' }, { name: '春节', from: '2027-02-06', to: '2027-02-14' }],
      makeupWorkdays: ['2027-02-13', '2027-03-03'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    expect(bad.json().error.details).toEqual([
      { field: 'body.holidays[0].to', message: '2028-01-03 不在 2027 年内' },
      { field: 'body.makeupWorkdays[0]', message: '2027-02-13 同时是放假日（holidays[1]）与调休上班日' },
      { field: 'body.makeupWorkdays[1]', message: '2027-03-03 不是周六或周日，无需调休上班' },
    ]);
    const gap = await dee.post('/api/v1/work-calendar', { ...Y2027, year: 2028, holidays: [{ name: '元旦', from: '2028-01-01', to: '2028-01-01' }], makeupWorkdays: [] });
    expect(gap.json().error.details).toEqual([{ field: 'body.year', message: '只能添加 2027 年（或 2019 年），日历须为连续年份' }]);
    expect((await t.database.rows(sql`select 1 from work_calendar_years where year >= 2027`)).length).toBe(0);
    expect((await t.database.rows<{ report_due: string }>(sql`select report_due::text as report_due from audits where id = ${auditId}`))[0]!.report_due).toBe('2027-02-08');
  });

  it('when a city officer adds a year, then 403', async () => {
    const nn = await t.login('nn_eeb');
    expect((await nn.post('/api/v1/work-calendar', Y2027)).statusCode).toBe(403);
  });

  it('when the region adds 2027, then it is stored with its author, the stored deadlines are recomputed (report 2027-02-08 → 2027-02-15), and a repeat with the same key answers the same', async () => {
    // Audits with a due day that the 2027 fixture makes a rest day: Friday 01-01 or a weekday 02-08…02-12.
    const affected = (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audits where
      array[disclosure_due, start_due, report_due, acceptance_application_due]::date[] && array['2027-01-01','2027-02-08','2027-02-09','2027-02-10','2027-02-11','2027-02-12']::date[]`))[0]!.n;
    expect(affected).toBeGreaterThanOrEqual(1);
    const res = await dee.post('/api/v1/work-calendar', Y2027, { 'idempotency-key': 'cal-2027' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().recomputedAudits).toBe(affected);
    expect(res.json().year).toMatchObject({ year: 2027, documentNo: '测试〔2026〕1号', createdBy: 'gx_dee', makeupWorkdays: ['2027-02-20'] });
    const [a] = await t.database.rows<{ disclosure_due: string; start_due: string; report_due: string }>(
      sql`select disclosure_due::text as disclosure_due, start_due::text as start_due, report_due::text as report_due from audits where id = ${auditId}`,
    );
    expect(a).toEqual({ disclosure_due: '2026-03-09', start_due: '2026-04-08', report_due: '2027-02-15' });
    expect((await dee.get('/api/v1/work-calendar/deadlines?published=2026-02-08')).json()).toMatchObject({ reportDue: '2027-02-15', provisional: false, lastYear: 2027 });
    const again = await dee.post('/api/v1/work-calendar', Y2027, { 'idempotency-key': 'cal-2027' });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(res.json());
    const log = await t.database.rows<{ action: string; object_id: string }>(sql`select action, object_id from audit_log where action = 'workCalendar.manage' and result = 'success'`);
    expect(log).toEqual([{ action: 'workCalendar.manage', object_id: '2027' }]);
    const dup = await dee.post('/api/v1/work-calendar', Y2027);
    expect(dup.json().error.details).toEqual([{ field: 'body.year', message: '2027 年的放假安排已存在' }]);
  });
});
