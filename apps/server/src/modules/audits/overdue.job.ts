/**
 * The daily overdue job (issue 6 item 4): marks the missed legal deadlines of mandatory audits
 * (disclosure art. 11, start art. 12, report art. 17, acceptance application — local practice;
 * domain `overdueDeadlines`), notifies the enterprise, its county and its city once per missed
 * step, and escalates to the region after `OVERDUE_ESCALATION_DAYS`. The marks feed the overdue
 * counts and the roll-over of the next year's list.
 *
 * Safe to run twice and on several instances: the run claims the row `(job, run_date)` of
 * `job_runs` (primary key) in its transaction; a second run of the same day — concurrent or later —
 * finds the row and does nothing. Marks are `insert … on conflict do nothing` as well.
 */
import { beijingDateOf, overdueDeadlines, type IsoDate } from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { notifyStep } from './audit-actions.ts';
import { loadWorkCalendars } from '../calendar/calendar.service.ts';

/** Chinese names of the deadline steps. */
const STEP_LABEL: Record<string, string> = { disclosure: '信息公开（第十一条）', start: '启动审核（第十二条）', report: '报送审核报告（第十七条）', acceptanceApplication: '申请验收' };

/** Outcome of {@link runOverdueJob}: `ran` false when the day's run was already claimed. */
export interface OverdueJobResult {
  ran: boolean;
  date: IsoDate;
  marked: number;
  escalated: number;
  notified: number;
}

/**
 * Runs the overdue job for Beijing day `date` (default: the Beijing date of `now`).
 * @param escalationDays days after the due day from which an unresolved mark is escalated to the region
 * @throws RangeError on a malformed `date`
 */
export async function runOverdueJob(database: Database, opts: { now: Date; date?: IsoDate; escalationDays: number }): Promise<OverdueJobResult> {
  const date = opts.date ?? beijingDateOf(opts.now);
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const rows = async <T>(q: ReturnType<typeof sql>) => ((await tx.execute(q)) as unknown as { rows: T[] }).rows;
    const claimed = await rows(sql`insert into job_runs (job, run_date, started_at) values ('overdue', ${date}, ${opts.now}) on conflict do nothing returning job`);
    if (claimed.length === 0) return { ran: false, date, marked: 0, escalated: 0, notified: 0 };

    const audits = await rows<{
      id: number; enterprise_id: number; name: string; county_code: string; city_code: string; list_year: number;
      published_at: string; evaluation_passed_on: string | null; disclosed_on: string | null; started_on: string | null;
      report_submitted_on: string | null; acceptance_applied_on: string | null; state: string;
    }>(sql`select a.id, a.enterprise_id, e.name, a.county_code, a.city_code, a.list_year, a.published_at::text as published_at, a.evaluation_passed_on::text as evaluation_passed_on,
          a.disclosed_on::text as disclosed_on, a.started_on::text as started_on, a.report_submitted_on::text as report_submitted_on,
          a.acceptance_applied_on::text as acceptance_applied_on, a.state
        from audits a join enterprises e on e.id = a.enterprise_id
        where a.audit_type = 'mandatory' and a.state not in ('accepted','rolledOver') order by a.id`);
    let marked = 0;
    let notified = 0;
    const calendar = (await loadWorkCalendars({ rows })).provisional;
    for (const a of audits) {
      // A later state implies the earlier steps were done, even without their day recorded.
      const past = (s: string[]) => s.includes(a.state);
      const missed = overdueDeadlines(
        {
          published: a.published_at,
          evaluationPassed: a.evaluation_passed_on,
          disclosedOn: a.disclosed_on ?? (past(['listed']) ? null : a.published_at),
          startedOn: a.started_on ?? (past(['listed', 'disclosed']) ? null : a.published_at),
          reportSubmittedOn: a.report_submitted_on ?? (past(['listed', 'disclosed', 'started']) ? null : a.published_at),
          acceptanceAppliedOn: a.acceptance_applied_on ?? (past(['evaluationPassed', 'implementing']) ? null : a.published_at),
        },
        date,
        calendar,
      );
      const fresh: string[] = [];
      for (const m of missed) {
        const ins = await rows(sql`insert into audit_overdue (audit_id, step, due, marked_on) values (${a.id}, ${m.step}, ${m.due}, ${date}) on conflict do nothing returning step`);
        if (ins.length > 0) fresh.push(`${STEP_LABEL[m.step]}（截止 ${m.due}，已逾期 ${m.daysOverdue} 天）`);
      }
      if (fresh.length === 0) continue;
      marked += fresh.length;
      notified += await notifyStep(
        tx,
        sql`select o.id as org_id from orgs o where (o.kind = 'enterprise' and o.enterprise_id = ${a.enterprise_id})
              or (o.kind = 'countyBureau' and o.division_code = ${a.county_code}) or (o.kind = 'cityEeb' and o.division_code = ${a.city_code})`,
        { kind: 'audit.overdue', title: `${a.name}：清洁生产审核逾期`, body: `${a.list_year}年强制性清洁生产审核逾期：${fresh.join('；')}。`, link: `/audits/${a.id}` },
      );
    }

    const toEscalate = await rows<{ audit_id: number; step: string; due: string; name: string }>(
      sql`update audit_overdue o set escalated_on = ${date} from audits a join enterprises e on e.id = a.enterprise_id
          where a.id = o.audit_id and o.resolved_on is null and o.escalated_on is null and o.due + ${opts.escalationDays}::int < ${date}::date
          returning o.audit_id, o.step, o.due::text as due, e.name`,
    );
    for (const x of toEscalate) {
      notified += await notifyStep(tx, sql`select o.id as org_id from orgs o where o.kind = 'regionDee'`, {
        kind: 'audit.overdueEscalated',
        title: `逾期督办：${x.name}`,
        body: `${STEP_LABEL[x.step]}截止 ${x.due}，逾期超过 ${opts.escalationDays} 天仍未完成，提请自治区督办。`,
        link: `/audits/${x.audit_id}`,
      });
    }
    const result = { ran: true, date, marked, escalated: toEscalate.length, notified };
    await tx.execute(sql`update job_runs set finished_at = ${opts.now}, summary = ${JSON.stringify(result)}::jsonb where job = 'overdue' and run_date = ${date}`);
    return result;
  });
}
