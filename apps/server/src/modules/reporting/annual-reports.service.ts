/**
 * Yearly progress reports (年度落实情况报告, issue 5 item 6): each city reports on year L by the
 * due date (default the end of February of L+1; the region may set it per year), with figures
 * prefilled from the audits and its own narrative. The region sees per city: on time, late or
 * missing, a reminder window before the due date and an overdue flag after it
 * (`packages/domain/src/reporting/deadlines.ts`).
 */
import type { AnnualReport, ReportFigures, ReportingStatus } from '@cpaudit/contracts';
import {
  defaultReportDueDate,
  reminderDue,
  reportTag,
  reportTimeliness,
  type ReportingTag,
  type ScopeFilter,
} from '@cpaudit/domain';
import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { annualReports, annualReportSettings, divisions } from '../../db/schema.ts';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { toIsoCst } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import type { ActingUser } from './action-plans.service.ts';

/** The Beijing calendar date of an instant. */
export function beijingToday(now: Date): string {
  return toIsoCst(now).slice(0, 10);
}

/** Due date and reminder days of a year: the region's setting, else the end of February of year+1 and `REPORT_REMINDER_DAYS`. */
export async function settingsOf(db: Db, year: number, defaultReminderDays: number): Promise<{ dueDate: string; reminderDays: number }> {
  const [row] = await db.select().from(annualReportSettings).where(eq(annualReportSettings.year, year));
  return row ? { dueDate: row.dueDate, reminderDays: row.reminderDays } : { dueDate: defaultReportDueDate(year), reminderDays: defaultReminderDays };
}

/**
 * THE prefill query: the figures of city `cityCode` for report year `year`, counted from the
 * audits of the lists of year `year` (table `audits`, one per listed enterprise, created at
 * publication), their states (issue 6 §1 state machine) and deadlines as of `today`:
 * - `listed`: audits of list year `year` in the city (mandatory and voluntary);
 * - `disclosed`: of those, past `listed` (information disclosed, art. 11);
 * - `started`: past `disclosed` (audit started, art. 12);
 * - `evaluated`: evaluation passed or later (`evaluationPassed`, `implementing`, `acceptanceApplied`,
 *   `acceptance`, `accepted`, `acceptanceFailed`);
 * - `accepted`: `accepted`;
 * - `overdue`: a legal deadline passed before its step (disclosure, start or report due < today
 *   while still before that step);
 * - `rolledOver`: entries of the city's list of year `year + 1` whose source is `rolledOver`.
 * Counts are of enterprises (audits).
 */
export async function prefillFigures(db: Db, cityCode: string, year: number, today: string): Promise<ReportFigures> {
  const [row] = (
    (await db.execute(sql`
      select
        count(*)::int as listed,
        count(*) filter (where a.state <> 'listed')::int as disclosed,
        count(*) filter (where a.state not in ('listed', 'disclosed'))::int as started,
        count(*) filter (where a.state in ('evaluationPassed', 'implementing', 'acceptanceApplied', 'acceptance', 'accepted', 'acceptanceFailed'))::int as evaluated,
        count(*) filter (where a.state = 'accepted')::int as accepted,
        count(*) filter (where
             (a.disclosure_due < ${today}::date and a.state = 'listed')
          or (a.start_due < ${today}::date and a.state in ('listed', 'disclosed'))
          or (a.report_due < ${today}::date and a.state in ('listed', 'disclosed', 'started')))::int as overdue,
        (select count(*)::int from audit_list_entries e join audit_lists l on l.id = e.list_id
          where l.city_code = ${cityCode} and l.list_year = ${year + 1} and e.source = 'rolledOver') as rolled_over
      from audits a
      where a.city_code = ${cityCode} and a.list_year = ${year}`)) as unknown as {
      rows: { listed: number; disclosed: number; started: number; evaluated: number; accepted: number; overdue: number; rolled_over: number }[];
    }
  ).rows;
  return {
    connected: true,
    listed: row?.listed ?? 0,
    disclosed: row?.disclosed ?? 0,
    started: row?.started ?? 0,
    evaluated: row?.evaluated ?? 0,
    accepted: row?.accepted ?? 0,
    overdue: row?.overdue ?? 0,
    rolledOver: row?.rolled_over ?? 0,
  };
}

type Row = typeof annualReports.$inferSelect;

async function cityName(db: Db, code: string): Promise<string> {
  const [row] = await db.select({ name: divisions.name, level: divisions.level }).from(divisions).where(eq(divisions.code, code));
  if (!row || row.level !== 'city') throw new AppError('NOT_FOUND', `${code} 不是设区市`);
  return row.name;
}

/** The report of a city and year (a virtual draft with `id` null and `version` 0 when none is saved). */
export async function getReport(db: Db, cityCode: string, year: number, reminderDefault: number, now: Date): Promise<AnnualReport> {
  const name = await cityName(db, cityCode);
  const [row] = await db.select().from(annualReports).where(and(eq(annualReports.cityCode, cityCode), eq(annualReports.year, year)));
  const { dueDate, reminderDays } = await settingsOf(db, year, reminderDefault);
  const figures = row?.status === 'submitted' && row.figures ? (row.figures as ReportFigures) : await prefillFigures(db, cityCode, year, beijingToday(now));
  const submittedAt = row?.submittedAt ? toIsoCst(row.submittedAt) : null;
  return {
    id: row?.id ?? null,
    cityCode,
    cityName: name,
    year,
    status: (row?.status as 'draft' | 'submitted' | undefined) ?? 'draft',
    figures,
    narrative: row?.narrative ?? '',
    dueDate,
    reminderDays,
    timeliness: reportTimeliness(dueDate, submittedAt, beijingToday(now)),
    submittedAt,
    version: row?.version ?? 0,
  };
}

function auditRow(tx: Db, who: ActingUser, at: Date, action: string, id: number, details: Record<string, unknown>) {
  return writeAuditLog(tx, {
    at,
    action,
    result: 'success',
    actorUserId: who.userId,
    actorUsername: who.username,
    orgId: who.orgId,
    orgName: who.orgName,
    objectType: 'annualReport',
    objectId: id,
    ip: who.ip,
    requestId: who.requestId,
    details,
  });
}

/**
 * Saves the narrative of a draft; `version` 0 creates the row.
 * @throws AppError CONFLICT on a stale version or a concurrent create; INVALID_STATE_TRANSITION once submitted
 */
export async function saveReport(database: Database, cityCode: string, year: number, body: { version: number; narrative: string }, who: ActingUser, now: Date): Promise<void> {
  await cityName(database.db, cityCode);
  await database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx.select().from(annualReports).where(and(eq(annualReports.cityCode, cityCode), eq(annualReports.year, year)));
    if (row?.status === 'submitted') throw new AppError('INVALID_STATE_TRANSITION', '报告已提交，不能修改');
    let saved: Row | undefined;
    if (!row) {
      if (body.version !== 0) throw new AppError('CONFLICT', '报告不存在或已被删除，请刷新');
      [saved] = await tx.insert(annualReports).values({ cityCode, year, status: 'draft', narrative: body.narrative, createdAt: now, updatedAt: now }).onConflictDoNothing().returning();
    } else {
      [saved] = await tx
        .update(annualReports)
        .set({ narrative: body.narrative, updatedAt: now, version: sql`${annualReports.version} + 1` })
        .where(and(eq(annualReports.id, row.id), eq(annualReports.version, body.version)))
        .returning();
    }
    if (!saved) throw new AppError('CONFLICT', '报告已被他人修改，请刷新后重试');
    await auditRow(tx, who, now, 'annualReport.update', saved.id, { cityCode, year, version: saved.version });
  });
}

/**
 * Submits the report: freezes the prefilled figures and records the time. A repeated submit
 * returns the report unchanged (idempotent).
 * @throws AppError CONFLICT on a stale version; RULE_VIOLATION when the narrative is empty or
 *   the year has not ended yet (a report on year L is filed from 1 January of L+1)
 */
export async function submitReport(database: Database, cityCode: string, year: number, version: number, who: ActingUser, now: Date): Promise<{ changed: boolean }> {
  await cityName(database.db, cityCode);
  if (beijingToday(now) < `${year + 1}-01-01`) throw new AppError('RULE_VIOLATION', `${year} 年度尚未结束，${year + 1} 年 1 月 1 日起可以提交`, { rule: 'yearNotEnded' });
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx.select().from(annualReports).where(and(eq(annualReports.cityCode, cityCode), eq(annualReports.year, year)));
    if (row?.status === 'submitted') return { changed: false };
    if (!row || row.narrative.trim().length < 10) throw new AppError('RULE_VIOLATION', '请先填写并保存工作情况说明（至少 10 个字）', { rule: 'narrativeRequired' });
    const figures = await prefillFigures(tx, cityCode, year, beijingToday(now));
    const [saved] = await tx
      .update(annualReports)
      .set({ status: 'submitted', figures, submittedAt: now, submittedBy: who.userId, updatedAt: now, version: sql`${annualReports.version} + 1` })
      .where(and(eq(annualReports.id, row.id), eq(annualReports.version, version)))
      .returning();
    if (!saved) throw new AppError('CONFLICT', '报告已被他人修改，请刷新后重试');
    await auditRow(tx, who, now, 'annualReport.submit', saved.id, { cityCode, year, figures });
    return { changed: true };
  });
}

/** Sets a year's due date and reminder days (region). Audited. */
export async function setSettings(database: Database, year: number, body: { dueDate: string; reminderDays: number }, who: ActingUser, now: Date): Promise<void> {
  await database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx
      .insert(annualReportSettings)
      .values({ year, dueDate: body.dueDate, reminderDays: body.reminderDays, setBy: who.userId, setAt: now })
      .onConflictDoUpdate({ target: annualReportSettings.year, set: { dueDate: body.dueDate, reminderDays: body.reminderDays, setBy: who.userId, setAt: now } });
    await writeAuditLog(tx, {
      at: now,
      action: 'annualReport.configure',
      result: 'success',
      actorUserId: who.userId,
      actorUsername: who.username,
      orgId: who.orgId,
      orgName: who.orgName,
      objectType: 'annualReportSettings',
      objectId: year,
      ip: who.ip,
      requestId: who.requestId,
      details: body,
    });
  });
}

/**
 * THE list-status query of the matrix: each city's annual list (round 0) of list year `year`:
 * draft → `notSubmitted`, submitted → `submitted`, returned → `returned`, approved or published →
 * `approved`; no list → `notSubmitted`.
 */
export async function listStatusByCity(db: Db, year: number): Promise<Map<string, ReportingTag>> {
  const rows = (await db.execute(sql`select city_code, status from audit_lists where list_year = ${year} and round = 0`)) as unknown as {
    rows: { city_code: string; status: string }[];
  };
  const tag: Record<string, ReportingTag> = { draft: 'notSubmitted', submitted: 'submitted', returned: 'returned', approved: 'approved', published: 'approved' };
  return new Map(rows.rows.map((r) => [r.city_code, tag[r.status] ?? 'notSubmitted']));
}

/**
 * Sends the reminder of the report on `year` to every city in its reminder window that has not
 * submitted: one in-app notification to each of the city's bureaus (生态环境局, 发展改革委),
 * at most once per city and year (the report row's `reminder_sent_at`, set in the same
 * transaction; safe to run twice and on several instances).
 * @returns the city codes reminded now
 */
export async function sendReportReminders(database: Database, year: number, reminderDefault: number, now: Date): Promise<string[]> {
  const { dueDate, reminderDays } = await settingsOf(database.db, year, reminderDefault);
  const today = beijingToday(now);
  if (!reminderDue(dueDate, false, today, reminderDays)) return [];
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const claimed = (await tx.execute(sql`
      insert into annual_reports (city_code, year, status, reminder_sent_at, created_at, updated_at)
      select d.code, ${year}, 'draft', ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz from divisions d where d.level = 'city'
      on conflict (city_code, year) do update set reminder_sent_at = excluded.reminder_sent_at
        where annual_reports.reminder_sent_at is null and annual_reports.status = 'draft'
      returning city_code`)) as unknown as { rows: { city_code: string }[] };
    const cities = claimed.rows.map((r) => r.city_code).sort();
    if (cities.length === 0) return [];
    await tx.execute(sql`
      insert into notifications (recipient_org_id, kind, title, body, link, created_at)
      select o.id, 'annualReportReminder', ${`${year} 年度清洁生产审核工作落实情况报告将于 ${dueDate} 截止`},
        ${`请于 ${dueDate} 24 时前提交 ${year} 年度落实情况报告。`}, '/reporting/annual-reports/' || o.division_code || '/' || ${String(year)}, ${now.toISOString()}::timestamptz
      from orgs o where o.kind in ('cityEeb', 'cityDrc') and o.division_code in (${sql.join(cities.map((c) => sql`${c}`), sql`, `)})`);
    await writeAuditLog(tx, { at: now, action: 'annualReport.remind', result: 'success', objectType: 'annualReport', objectId: year, details: { cities, dueDate } });
    return cities;
  });
}

/**
 * The reporting-status matrix of year `year`: every city in the actor's scope × {list, action
 * plan of the period, yearly report on `year`}, with timeliness and the reminder flag.
 */
export async function reportingStatus(
  db: Db,
  scope: ScopeFilter,
  year: number,
  period: { start: number; end: number },
  reminderDefault: number,
  now: Date,
): Promise<ReportingStatus> {
  // Cities are rows here: the region sees all, a city itself; a county-level scope sees none.
  const prefix = scope.kind === 'all' ? '45' : scope.kind === 'divisionPrefix' && scope.prefix.length <= 4 ? scope.prefix : null;
  if (prefix === null) return { year, dueDate: defaultReportDueDate(year), reminderDays: reminderDefault, periodStart: period.start, periodEnd: period.end, rows: [] };
  const today = beijingToday(now);
  // Three independent reads, sent together (one round trip's wait instead of three).
  const [{ dueDate, reminderDays }, rows, lists] = await Promise.all([
    settingsOf(db, year, reminderDefault),
    db.execute(sql`
    select d.code, d.name,
      p.id as plan_id, p.status as plan_status, p.revision as plan_revision,
      r.status as report_status, r.submitted_at
    from divisions d
    left join lateral (
      select id, status, revision from action_plans where city_code = d.code and period_start = ${period.start} order by revision desc limit 1
    ) p on true
    left join annual_reports r on r.city_code = d.code and r.year = ${year}
    where d.level = 'city' and d.code like ${`${prefix}%`}
    order by d.code`) as unknown as Promise<{
      rows: { code: string; name: string; plan_id: number | null; plan_status: string | null; plan_revision: number | null; report_status: string | null; submitted_at: string | Date | null }[];
    }>,
    listStatusByCity(db, year),
  ]);
  return {
    year,
    dueDate,
    reminderDays,
    periodStart: period.start,
    periodEnd: period.end,
    rows: rows.rows.map((r) => {
      const submittedAt = r.report_status === 'submitted' && r.submitted_at ? toIsoCst(new Date(r.submitted_at)) : null;
      const timeliness = reportTimeliness(dueDate, submittedAt, today);
      const planTag: ReportingTag =
        r.plan_status === null
          ? 'notSubmitted'
          : r.plan_status === 'draft'
            ? (r.plan_revision ?? 1) > 1
              ? 'returned'
              : 'notSubmitted'
            : (r.plan_status as ReportingTag);
      return {
        cityCode: r.code,
        cityName: r.name,
        list: lists.get(r.code) ?? 'notSubmitted',
        actionPlan: planTag,
        actionPlanId: r.plan_id,
        annualReport: reportTag(timeliness),
        timeliness,
        submittedAt,
        reminderDue: reminderDue(dueDate, submittedAt !== null, today, reminderDays),
      };
    }),
  };
}
