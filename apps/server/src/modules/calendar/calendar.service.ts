/**
 * The working-day calendar from the database (issue 6 item 3): the `work_calendar_years` rows
 * (seeded 2020–2026 by migration 0014 from the domain's `CHINA_HOLIDAY_SCHEDULES`, later years
 * added by the region) turned into the domain's `WorkCalendar`, which the pure deadline functions
 * take as a parameter. Adding a year recomputes the deadlines stored on audits in the same
 * transaction, so a deadline first computed Monday–Friday (no notice yet) gets its holidays.
 */
import type { AddCalendarYearBody, AddCalendarYearResult, CalendarYear } from '@cpaudit/contracts';
import {
  buildWorkCalendar,
  checkHolidaySchedule,
  computeAuditDeadlines,
  type HolidayRange,
  type HolidaySchedule,
  type IsoDate,
  type WorkCalendar,
} from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../db/client.ts';
import { q, type Q } from '../lists/lists.repository.ts';

interface YearRow {
  year: number;
  document_no: string;
  issued_on: string;
  title: string;
  url: string;
  holidays: HolidayRange[];
  makeup_workdays: IsoDate[];
  amendments: HolidaySchedule['amendments'];
  created_by: string | null;
  created_at: Date | string;
}

async function yearRows(db: Q): Promise<YearRow[]> {
  return db.rows<YearRow>(sql`
    select y.year, y.document_no, y.issued_on::text as issued_on, y.title, y.url, y.holidays, y.makeup_workdays, y.amendments,
      u.username as created_by, y.created_at
    from work_calendar_years y left join users u on u.id = y.created_by order by y.year`);
}

function scheduleOf(r: YearRow): HolidaySchedule {
  return { year: r.year, documentNo: r.document_no, issuedOn: r.issued_on, title: r.title, url: r.url, holidays: r.holidays, makeupWorkdays: r.makeup_workdays, amendments: r.amendments };
}

/** The stored holiday arrangements, one per year in year order, as the domain's `HolidaySchedule`. */
export async function loadHolidaySchedules(db: Q): Promise<HolidaySchedule[]> {
  return (await yearRows(db)).map(scheduleOf);
}

/**
 * The calendars of the stored years: `strict` refuses a date outside them (a legal deadline is not
 * guessed), `provisional` counts Monday–Friday beyond them (used, and flagged, when a deadline falls
 * in a year whose notice is not yet published).
 * @throws Error when the table is empty (migration 0014 seeds it)
 */
export async function loadWorkCalendars(db: Q): Promise<{ strict: WorkCalendar; provisional: WorkCalendar }> {
  const schedules = await loadHolidaySchedules(db);
  if (schedules.length === 0) throw new Error('work_calendar_years is empty: run the migrations (0014 seeds 2020–2026)');
  // The rows are read every time (a year added by the region counts at once); the calendars, whose
  // maps are read-only, are built again only when the rows differ from the last call's.
  const key = JSON.stringify(schedules);
  if (lastCalendars?.key === key) return lastCalendars.value;
  const value = { strict: buildWorkCalendar(schedules), provisional: buildWorkCalendar(schedules, { beyondCoverage: 'weekendsOnly' }) };
  lastCalendars = { key, value };
  return value;
}

/** The calendars last built by {@link loadWorkCalendars}, keyed by the JSON of the schedules they were built from. */
let lastCalendars: { key: string; value: { strict: WorkCalendar; provisional: WorkCalendar } } | null = null;

/** The stored years for the console: notice, breaks, 调休 days, who added each (null: shipped seed) and when. */
export async function listCalendarYears(db: Q): Promise<CalendarYear[]> {
  return (await yearRows(db)).map((r) => {
    const { amendments: _amendments, ...schedule } = scheduleOf(r);
    return { ...schedule, holidays: r.holidays, makeupWorkdays: r.makeup_workdays, createdBy: r.created_by, createdAt: new Date(r.created_at).toISOString() };
  });
}

/**
 * Recomputes the deadlines stored on audits (`disclosure_due`, `start_due`, `report_due` from
 * `published_at`; `acceptance_application_due` from `evaluation_passed_on`) with `calendar`
 * (Order 38 art. 11, 12, 17 via `computeAuditDeadlines`) and writes those that changed.
 * Only audits that carry stored deadlines (mandatory audits) are touched.
 * @returns the number of audits whose stored deadlines changed
 */
export async function recomputeStoredDeadlines(db: Q, calendar: WorkCalendar): Promise<number> {
  const audits = await db.rows<{
    id: number; published_at: string; evaluation_passed_on: string | null;
    disclosure_due: string | null; start_due: string | null; report_due: string | null; acceptance_application_due: string | null;
  }>(sql`
    select id, published_at::text as published_at, evaluation_passed_on::text as evaluation_passed_on, disclosure_due::text as disclosure_due,
      start_due::text as start_due, report_due::text as report_due, acceptance_application_due::text as acceptance_application_due
    from audits where disclosure_due is not null or acceptance_application_due is not null order by id for update`);
  let changed = 0;
  for (const a of audits) {
    const evaluationPassed = a.acceptance_application_due !== null && a.evaluation_passed_on !== null ? a.evaluation_passed_on : null;
    const published = evaluationPassed !== null && evaluationPassed < a.published_at ? evaluationPassed : a.published_at;
    const d = computeAuditDeadlines({ published, evaluationPassed }, calendar);
    const next = {
      disclosure: a.disclosure_due === null ? null : d.disclosureDue,
      start: a.start_due === null ? null : d.startDue,
      report: a.report_due === null ? null : d.reportDue,
      acceptance: evaluationPassed === null ? a.acceptance_application_due : d.acceptanceApplicationDue,
    };
    if (next.disclosure === a.disclosure_due && next.start === a.start_due && next.report === a.report_due && next.acceptance === a.acceptance_application_due) continue;
    await db.rows(sql`update audits set disclosure_due = ${next.disclosure}, start_due = ${next.start}, report_due = ${next.report},
      acceptance_application_due = ${next.acceptance}, updated_at = now() where id = ${a.id}`);
    changed++;
  }
  return changed;
}

/**
 * Adds the holiday arrangement of one year (the region, when the State Council publishes its notice),
 * then recomputes the audits' stored deadlines with the extended calendar, all in `tx` with its
 * audit-log row. Serialised by an advisory lock so two administrators cannot add overlapping years.
 * @throws {AppError} VALIDATION_FAILED with one detail per problem of `checkHolidaySchedule`
 *   (`body.holidays[1].to`, `body.makeupWorkdays[0]`, `body.year` when not adjacent or already present)
 */
export async function addCalendarYear(tx: Db, request: FastifyRequest, clock: Clock, body: AddCalendarYearBody): Promise<AddCalendarYearResult> {
  const db = q(tx);
  await db.rows(sql`select pg_advisory_xact_lock(hashtext('work_calendar_years'))`);
  const existing = (await db.rows<{ year: number }>(sql`select year from work_calendar_years order by year`)).map((r) => r.year);
  const schedule: HolidaySchedule = { ...body, amendments: [] };
  const problems = checkHolidaySchedule(schedule, existing);
  if (problems.length > 0) {
    throw new AppError('VALIDATION_FAILED', `${body.year} 年放假安排有 ${problems.length} 处问题`, problems.map((p) => ({ field: `body.${p.field}`, message: p.message })));
  }
  const actor = request.actor!;
  await db.rows(sql`
    insert into work_calendar_years (year, document_no, issued_on, title, url, holidays, makeup_workdays, created_by)
    values (${body.year}, ${body.documentNo.trim()}, ${body.issuedOn}, ${body.title.trim()}, ${body.url}, ${JSON.stringify(body.holidays)}::jsonb,
      ${JSON.stringify(body.makeupWorkdays)}::jsonb, ${actor.userId})`);
  const { provisional } = await loadWorkCalendars(db);
  const recomputedAudits = await recomputeStoredDeadlines(db, provisional);
  const s = request.session!;
  await writeAuditLog(tx, {
    at: clock.now(),
    action: 'workCalendar.manage',
    result: 'success',
    actorUserId: s.user.id,
    actorUsername: s.user.username,
    orgId: s.org.id,
    orgName: s.org.name,
    objectType: 'workCalendarYear',
    objectId: body.year,
    ip: request.ip,
    requestId: String(request.id),
    details: { documentNo: body.documentNo, holidays: body.holidays.length, makeupWorkdays: body.makeupWorkdays.length, recomputedAudits },
  });
  const year = (await listCalendarYears(db)).find((y) => y.year === body.year)!;
  return { year, recomputedAudits };
}
