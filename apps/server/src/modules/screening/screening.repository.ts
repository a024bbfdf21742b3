/** SQL of the screening module: runs, results (scope-filtered) and review decisions. */
import type { ConfirmBatchBody, ConfirmBatchResult, ReviewBody, ScreeningResultRow, ScreeningRun } from '@cpaudit/contracts';
import { Permission } from '@cpaudit/contracts';
import { isRegionWide, type Actor, type ScopeFilter } from '@cpaudit/domain';
import { sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Database } from '../../db/client.ts';
import { screeningReviews } from '../../db/schema.ts';
import { authorize } from '../../platform/auth.ts';
import { scopeFilterSql } from '../../platform/scope-sql.ts';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { toIsoCst } from '../../platform/clock.ts';

const scopeSql = (filter: ScopeFilter, division: SQL): SQL => scopeFilterSql(filter, { division });

interface RunRow {
  id: number;
  data_year: number;
  scope_division_code: string;
  scope_name: string;
  rule_set_version: string;
  run_by_name: string;
  started_at: Date | string;
  finished_at: Date | string | null;
  enterprises_scanned: number;
  counts: Record<string, unknown>;
  previous_run_id: number | null;
  diff: unknown;
}

const iso = (d: Date | string | null) => (d === null ? null : toIsoCst(new Date(d)));
const presentRun = (r: RunRow): ScreeningRun => ({
  id: r.id,
  dataYear: r.data_year,
  scopeDivisionCode: r.scope_division_code,
  scopeName: r.scope_name,
  ruleSetVersion: r.rule_set_version,
  runByName: r.run_by_name,
  startedAt: iso(r.started_at)!,
  finishedAt: iso(r.finished_at),
  enterprisesScanned: r.enterprises_scanned,
  counts: r.counts,
  previousRunId: r.previous_run_id,
  diff: r.diff,
});
const runSelect = sql`select r.*, d.name as scope_name from screening_runs r join divisions d on d.code = r.scope_division_code`;

export async function findRun(database: Database, id: number): Promise<ScreeningRun | null> {
  const rows = await database.rows<RunRow>(sql`${runSelect} where r.id = ${id}`);
  return rows[0] ? presentRun(rows[0]) : null;
}

/**
 * A run as an actor of a smaller area may see it: a region-wide run's counts are recomputed over
 * the actor's area and its diff (which names enterprises all over the region) is withheld.
 * Runs of the actor's own city, and every run for region users, are returned as stored.
 */
export async function runForArea(database: Database, run: ScreeningRun, filter: ScopeFilter): Promise<ScreeningRun> {
  if (isRegionWide(filter) || run.scopeDivisionCode !== '450000') return run;
  const area = scopeSql(filter, sql`division_code`);
  const [c] = await database.rows<{ listed: number; mandatory: number; not_due: number; key_industry: number }>(sql`
    select count(*)::int as listed,
           count(*) filter (where recommendation = 'mandatory')::int as mandatory,
           count(*) filter (where recommendation = 'notDue')::int as not_due,
           count(key_industry)::int as key_industry
    from screening_results where run_id = ${run.id} and ${area}`);
  const by = await database.rows<{ criterion: string; n: number }>(sql`
    select c as criterion, count(*)::int as n from screening_results, unnest(criteria) as c
    where run_id = ${run.id} and ${area} group by c`);
  const byCriterion = Object.fromEntries(
    ['dischargesHazardousSubstances', 'exceedsEnergyLimit', 'exceedsQuota', 'exceedsStandard', 'usesHazardousMaterials'].map((k) => [k, by.find((b) => b.criterion === k)?.n ?? 0]),
  );
  return {
    ...run,
    counts: { listed: c?.listed ?? 0, mandatory: c?.mandatory ?? 0, notDue: c?.not_due ?? 0, keyIndustry: c?.key_industry ?? 0, byCriterion, areaOnly: true },
    diff: null,
  };
}

/** Runs the actor may see: region-wide runs and runs of cities within its area, newest first. */
export async function listRuns(database: Database, filter: ScopeFilter, dataYear?: number): Promise<ScreeningRun[]> {
  const visible =
    filter.kind === 'all'
      ? sql`true`
      : filter.kind === 'divisionPrefix'
        ? sql`(r.scope_division_code = '450000' or r.scope_division_code like ${`${filter.prefix.slice(0, 4)}%`})`
        : sql`false`;
  const year = dataYear ? sql`r.data_year = ${dataYear}` : sql`true`;
  const rows = await database.rows<RunRow>(sql`${runSelect} where ${visible} and ${year} order by r.id desc limit 200`);
  return Promise.all(rows.map((r) => runForArea(database, presentRun(r), filter)));
}

/** A page of a run's results within the actor's area, with each enterprise's current decision. */
export async function listResults(
  database: Database,
  run: ScreeningRun,
  filter: ScopeFilter,
  q: { current: number; pageSize: number; criterion?: string; divisionCode?: string; keyIndustry?: string; recommendation?: string; decision?: string; q?: string },
): Promise<{ data: ScreeningResultRow[]; total: number }> {
  const conds: SQL[] = [sql`s.run_id = ${run.id}`, scopeSql(filter, sql`s.division_code`)];
  if (q.criterion) conds.push(sql`${q.criterion} = any(s.criteria)`);
  if (q.divisionCode) {
    const prefix = q.divisionCode.endsWith('0000') ? q.divisionCode.slice(0, 2) : q.divisionCode.endsWith('00') ? q.divisionCode.slice(0, 4) : q.divisionCode;
    conds.push(sql`s.division_code like ${`${prefix}%`}`);
  }
  if (q.keyIndustry) conds.push(sql`s.key_industry = ${q.keyIndustry}`);
  if (q.recommendation) conds.push(sql`s.recommendation = ${q.recommendation}`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conds.push(sql`(s.name like ${like} or s.uscc like ${like.toUpperCase()})`);
  }
  if (q.decision === 'pending') conds.push(sql`(rv.decision is null or rv.decision = 'revoke')`);
  else if (q.decision) conds.push(sql`rv.decision = ${q.decision}`);
  const where = sql.join(conds, sql` and `);
  const rows = await database.rows<Record<string, unknown>>(sql`
    select s.id, s.enterprise_id, s.uscc, s.name, s.division_code, d.name as county_name, c.name as city_name, s.key_industry,
           s.recommendation, s.next_due_year, s.criteria, s.reasons,
           rv.decision, rv.reason_code, rv.justification, rv.decided_at, u.display_name as decided_by_name,
           count(*) over ()::int as total
    from screening_results s
    join divisions d on d.code = s.division_code
    join divisions c on c.code = substr(s.division_code, 1, 4) || '00'
    left join lateral (
      select decision, reason_code, justification, decided_at, decided_by from screening_reviews v
      where v.enterprise_id = s.enterprise_id and v.data_year = ${run.dataYear} order by v.id desc limit 1
    ) rv on true
    left join users u on u.id = rv.decided_by
    where ${where}
    order by s.uscc
    limit ${q.pageSize} offset ${(q.current - 1) * q.pageSize}`);
  return {
    total: (rows[0]?.total as number | undefined) ?? 0,
    data: rows.map((r) => ({
      id: r.id as number,
      enterpriseId: r.enterprise_id as number,
      uscc: r.uscc as string,
      name: r.name as string,
      divisionCode: r.division_code as string,
      countyName: r.county_name as string,
      cityName: r.city_name as string,
      keyIndustry: (r.key_industry as string | null) ?? null,
      recommendation: r.recommendation as 'mandatory' | 'notDue',
      nextDueYear: (r.next_due_year as number | null) ?? null,
      criteria: r.criteria as string[],
      reasons: r.reasons as ScreeningResultRow['reasons'],
      decision: r.decision && r.decision !== 'revoke'
        ? {
            decision: r.decision as 'confirm',
            reasonCode: (r.reason_code as string | null) ?? null,
            justification: (r.justification as string | null) ?? null,
            decidedAt: toIsoCst(new Date(r.decided_at as string)),
            decidedByName: (r.decided_by_name as string | null) ?? null,
          }
        : null,
    })),
  };
}

/** The audit-log row (`screening.confirm`, object the enterprise) of one review decision, in the caller's transaction. */
async function logReview(tx: unknown, request: FastifyRequest, actor: Actor, at: Date, enterpriseId: number, details: Record<string, unknown>): Promise<void> {
  const s = request.session!;
  await writeAuditLog(tx as never, {
    at,
    action: Permission.screeningConfirm,
    result: 'success',
    actorUserId: actor.userId,
    actorUsername: s.user.username,
    orgId: s.org.id,
    orgName: s.org.name,
    objectType: 'enterprise',
    objectId: enterpriseId,
    ip: request.ip,
    requestId: String(request.id),
    details,
  });
}

/**
 * Records a review decision (append-only; the latest per enterprise and data year counts).
 * confirm/exclude need the enterprise to be a screening candidate of that data year;
 * addVoluntary takes any operating enterprise of the area that is not a candidate.
 * @throws {AppError} NOT_FOUND for an unknown enterprise, OUT_OF_SCOPE outside the area,
 *   RULE_VIOLATION when the decision does not fit the enterprise.
 */
export async function recordReview(deps: AppDeps, request: FastifyRequest, actor: Actor, body: ReviewBody): Promise<number> {
  const { database } = deps;
  const [e] = await database.rows<{ id: number; division_code: string; status: string }>(
    sql`select id, division_code, status from enterprises where id = ${body.enterpriseId}`,
  );
  if (!e) throw new AppError('NOT_FOUND', '企业不存在');
  await authorize(deps, request, Permission.screeningConfirm, { kind: 'enterprise', enterpriseId: e.id, divisionCode: e.division_code });
  const [cand] = await database.rows<{ n: number }>(
    sql`select count(*)::int as n from screening_results s join screening_runs r on r.id = s.run_id where s.enterprise_id = ${e.id} and r.data_year = ${body.dataYear}`,
  );
  const isCandidate = (cand?.n ?? 0) > 0;
  if (body.decision !== 'revoke' && body.decision !== 'addVoluntary' && !isCandidate) {
    throw new AppError('RULE_VIOLATION', `该企业不是 ${body.dataYear} 年度筛选的候选企业`);
  }
  if (body.decision === 'addVoluntary' && isCandidate) {
    throw new AppError('RULE_VIOLATION', '该企业是强制性审核候选企业，请确认或排除，不能作为自愿性审核企业添加');
  }
  if (body.decision === 'addVoluntary' && e.status !== 'operating') {
    throw new AppError('RULE_VIOLATION', '只有在产企业可以列入自愿性审核');
  }
  // One decision at a time per enterprise and year: concurrent requests queue on an advisory
  // lock, and a decision equal to the current one is refused (ASVS 2.3.4, checklist F5).
  const row = await database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${e.id}, ${body.dataYear})`);
    const current = ((await tx.execute(
      sql`select decision from screening_reviews where enterprise_id = ${e.id} and data_year = ${body.dataYear} order by id desc limit 1`,
    )) as unknown as { rows: { decision: string }[] }).rows[0]?.decision;
    if (body.decision === 'revoke' ? !current || current === 'revoke' : current === body.decision) {
      throw new AppError('CONFLICT', body.decision === 'revoke' ? '该企业没有可撤销的审核决定' : '该企业已是此审核决定，请刷新页面');
    }
    const [inserted] = await tx
      .insert(screeningReviews)
      .values({
        dataYear: body.dataYear,
        enterpriseId: e.id,
        decision: body.decision,
        reasonCode: body.decision === 'exclude' ? (body.reasonCode ?? null) : null,
        justification: body.justification ?? null,
        decidedBy: actor.userId,
        decidedAt: deps.clock.now(),
      })
      .returning({ id: screeningReviews.id });
    await logReview(tx, request, actor, deps.clock.now(), e.id, { dataYear: body.dataYear, decision: body.decision, reasonCode: body.reasonCode ?? null });
    return inserted;
  });
  return row!.id;
}

/**
 * Confirms several screening candidates of one data year at once (批量确认, POST
 * /api/v1/screening/reviews/confirm-batch), all or nothing: every enterprise must exist (else
 * NOT_FOUND), lie in the actor's area (`screening.confirm` on it, else OUT_OF_SCOPE — the denial is
 * audited) and be a candidate of `dataYear` (else RULE_VIOLATION); the error names the first
 * offending `enterpriseIds[i]` and nothing is written. An enterprise whose latest decision is
 * already `confirm` is left as it is (`unchanged`); one whose latest decision is `exclude` (with its
 * written justification) refuses the whole batch (RULE_VIOLATION naming it: overturning an exclusion
 * is a decision of its own, taken one by one); the others get a `confirm` review and an
 * audit-log row each, in one transaction under the same per-enterprise locks as {@link recordReview}.
 * @returns the ids confirmed now and those unchanged, in the order given
 */
export async function confirmBatch(deps: AppDeps, request: FastifyRequest, actor: Actor, body: ConfirmBatchBody): Promise<ConfirmBatchResult> {
  const { database } = deps;
  const ids = body.enterpriseIds;
  const found = await database.rows<{ id: number; division_code: string; candidate: boolean }>(
    sql`select e.id, e.division_code, exists (select 1 from screening_results s join screening_runs r on r.id = s.run_id where s.enterprise_id = e.id and r.data_year = ${body.dataYear}) as candidate
        from enterprises e where e.id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`,
  );
  const byId = new Map(found.map((r) => [r.id, r]));
  for (const [i, id] of ids.entries()) {
    const e = byId.get(id);
    if (!e) throw new AppError('NOT_FOUND', `企业不存在：enterpriseIds[${i}] = ${id}`, { field: `enterpriseIds.${i}` });
    await authorize(deps, request, Permission.screeningConfirm, { kind: 'enterprise', enterpriseId: e.id, divisionCode: e.division_code });
    if (!e.candidate) throw new AppError('RULE_VIOLATION', `enterpriseIds[${i}] = ${id}：该企业不是 ${body.dataYear} 年度筛选的候选企业`, { field: `enterpriseIds.${i}` });
  }
  const at = deps.clock.now();
  return database.db.transaction(async (tx) => {
    const confirmed: number[] = [];
    const unchanged: number[] = [];
    // Locks in id order, so two batches over the same enterprises cannot deadlock.
    for (const id of [...ids].sort((a, b) => a - b)) await tx.execute(sql`select pg_advisory_xact_lock(${id}, ${body.dataYear})`);
    for (const [i, id] of ids.entries()) {
      const current = ((await tx.execute(
        sql`select decision from screening_reviews where enterprise_id = ${id} and data_year = ${body.dataYear} order by id desc limit 1`,
      )) as unknown as { rows: { decision: string }[] }).rows[0]?.decision;
      // An exclusion carries a written justification: a batch never overturns it silently (all or nothing).
      if (current === 'exclude') {
        throw new AppError('RULE_VIOLATION', `enterpriseIds[${i}] = ${id}：该企业已被排除，如需改为确认请单独办理`, { field: `enterpriseIds.${i}` });
      }
      if (current === 'confirm') {
        unchanged.push(id);
        continue;
      }
      await tx.insert(screeningReviews).values({ dataYear: body.dataYear, enterpriseId: id, decision: 'confirm', reasonCode: null, justification: null, decidedBy: actor.userId, decidedAt: at });
      await logReview(tx, request, actor, at, id, { dataYear: body.dataYear, decision: 'confirm', reasonCode: null, batch: ids.length });
      confirmed.push(id);
    }
    return { confirmed, unchanged };
  });
}
