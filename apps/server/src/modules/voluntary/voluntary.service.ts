/**
 * Enterprises' applications for a voluntary audit (issue 5 item 1: "its voluntary list from
 * enterprises that applied or that the city added"), on the database. An application is written
 * once per enterprise and list year (a repeat returns the open one); the city accepts it into its
 * editable draft of that year through the lists module's `addEntry` (a `voluntary` entry with
 * source `applied`, same checks and audit-log row as adding by hand) or declines it with a reason.
 * Each step runs in one transaction with its audit-log row and notification.
 */
import type { VoluntaryApplication, VoluntaryApplyBody } from '@cpaudit/contracts';
import { cityCodeOf, type Actor, type ScopeFilter } from '@cpaudit/domain';
import { sql, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { scopeFilterSql } from '../../platform/scope-sql.ts';
import { auditStep, addEntry } from '../lists/lists.service.ts';
import { q, type Q } from '../lists/lists.repository.ts';
import { notifyOrgs } from '../notifications/notifications.routes.ts';

interface Row {
  id: number; enterprise_id: number; enterprise_name: string; uscc: string; county_code: string; city_code: string; list_year: number;
  reason: string; contact: string | null; status: VoluntaryApplication['status']; decision_reason: string | null; list_id: number | null;
  entry_id: number | null; decided_by: string | null; decided_at: Date | string | null; created_at: Date | string; version: number;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

function present(r: Row): VoluntaryApplication {
  return {
    id: r.id, enterpriseId: r.enterprise_id, enterpriseName: r.enterprise_name, uscc: r.uscc, countyCode: r.county_code, cityCode: r.city_code,
    listYear: r.list_year, reason: r.reason, contact: r.contact, status: r.status, decisionReason: r.decision_reason, listId: r.list_id,
    entryId: r.entry_id, decidedBy: r.decided_by, decidedAt: iso(r.decided_at), createdAt: iso(r.created_at)!, version: r.version,
  };
}

async function select(db: Q, where: SQL): Promise<VoluntaryApplication[]> {
  const rows = await db.rows<Row>(sql`
    select v.id, v.enterprise_id, e.name as enterprise_name, e.uscc, v.county_code, v.city_code, v.list_year, v.reason, v.contact, v.status,
      v.decision_reason, v.list_id, v.entry_id, u.username as decided_by, v.decided_at, v.created_at, v.version
    from voluntary_applications v join enterprises e on e.id = v.enterprise_id left join users u on u.id = v.decided_by
    where ${where} order by v.list_year desc, v.created_at, v.id`);
  return rows.map(present);
}

/** The applications of the actor's area (a city its city, a county its county, the region all), optionally of one year and status. */
export async function listApplications(db: Q, filter: ScopeFilter, query: { listYear?: number | undefined; status?: string | undefined }): Promise<VoluntaryApplication[]> {
  const parts = [scopeFilterSql(filter, { division: sql`v.county_code`, enterpriseId: sql`v.enterprise_id` })];
  if (query.listYear !== undefined) parts.push(sql`v.list_year = ${query.listYear}`);
  if (query.status !== undefined) parts.push(sql`v.status = ${query.status}`);
  return select(db, sql.join(parts, sql` and `));
}

/** The applications of one enterprise (its own page). */
export async function applicationsOf(db: Q, enterpriseId: number): Promise<VoluntaryApplication[]> {
  return select(db, sql`v.enterprise_id = ${enterpriseId}`);
}

/** One application, or null. */
export async function findApplication(db: Q, id: number): Promise<VoluntaryApplication | null> {
  return (await select(db, sql`v.id = ${id}`))[0] ?? null;
}

/**
 * Files the actor's enterprise's application for list year `listYear`. Idempotent: while an
 * application of that enterprise and year is pending or accepted, it is returned unchanged
 * (`created: false`); a declined one does not block a new application.
 * @throws {AppError} RULE_VIOLATION when the enterprise is not operating or is already listed or
 *   audited in that year; VALIDATION_FAILED when the year is more than one year before today's
 */
export async function apply(deps: AppDeps, request: FastifyRequest, actor: Actor, tx: Db, body: VoluntaryApplyBody): Promise<{ created: boolean; application: VoluntaryApplication }> {
  const db = q(tx);
  const enterpriseId = actor.enterpriseId!;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('voluntary_applications'), ${enterpriseId})`);
  const thisYear = Number(new Date(deps.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 4));
  if (body.listYear < thisYear - 1) throw new AppError('VALIDATION_FAILED', `${body.listYear} 年名单已过`, [{ field: 'body.listYear', message: `应不早于 ${thisYear - 1} 年` }]);
  const [open] = await db.rows<{ id: number }>(sql`select id from voluntary_applications where enterprise_id = ${enterpriseId} and list_year = ${body.listYear} and status in ('pending','accepted')`);
  if (open) return { created: false, application: (await findApplication(db, open.id))! };
  const [e] = await db.rows<{ division_code: string; status: string }>(sql`select division_code, status from enterprises where id = ${enterpriseId}`);
  if (!e) throw new AppError('NOT_FOUND', '企业不存在');
  if (e.status !== 'operating') throw new AppError('RULE_VIOLATION', '只有在产企业可以申请');
  const listed = await db.rows(sql`
    select 1 from audit_list_entries x join audit_lists l on l.id = x.list_id where l.list_year = ${body.listYear} and x.enterprise_id = ${enterpriseId}
    union all select 1 from audits where list_year = ${body.listYear} and enterprise_id = ${enterpriseId}`);
  if (listed.length > 0) throw new AppError('RULE_VIOLATION', `本企业已在 ${body.listYear} 年名单中，无需申请`);
  const cityCode = cityCodeOf(e.division_code);
  const [row] = await db.rows<{ id: number }>(sql`
    insert into voluntary_applications (enterprise_id, list_year, city_code, county_code, reason, contact, applied_by)
    values (${enterpriseId}, ${body.listYear}, ${cityCode}, ${e.division_code}, ${body.reason}, ${body.contact || null}, ${actor.userId}) returning id`);
  await auditStep(deps, request, tx, 'voluntary.apply', 'voluntaryApplication', row!.id, { enterpriseId, listYear: body.listYear });
  const application = (await findApplication(db, row!.id))!;
  await notifyOrgs(tx, sql`select id as org_id from orgs where kind in ('cityEeb','countyBureau') and (division_code = ${cityCode} or division_code = ${e.division_code})`, {
    kind: 'voluntaryApplication',
    title: `${application.enterpriseName} 申请 ${body.listYear} 年自愿性清洁生产审核`,
    body: body.reason,
    link: '/lists',
  });
  return { created: true, application };
}

async function lockPending(tx: Db, id: number, version: number): Promise<VoluntaryApplication | 'same'> {
  const db = q(tx);
  await db.rows(sql`select id from voluntary_applications where id = ${id} for update`);
  const a = await findApplication(db, id);
  if (!a) throw new AppError('NOT_FOUND', '申请不存在');
  if (a.status !== 'pending') {
    // A repeat of the step that decided it (same version + 1) is answered as it stands.
    if (a.version === version + 1) return 'same';
    throw new AppError('CONFLICT', a.status === 'accepted' ? '该申请已被受理' : '该申请已不予受理');
  }
  if (a.version !== version) throw new AppError('CONFLICT', '申请已被他人处理，请刷新后重试');
  return a;
}

/**
 * Accepts application `id` (at `version`) into the city's editable draft of its list year, as a
 * `voluntary` entry with source `applied` and the reason as remarks.
 * @throws {AppError} RULE_VIOLATION when the city has no editable draft of that year; CONFLICT on a
 *   stale version or a decided application; and those of `addEntry`
 */
export async function accept(deps: AppDeps, request: FastifyRequest, actor: Actor, tx: Db, id: number, version: number): Promise<VoluntaryApplication> {
  const db = q(tx);
  const a = await lockPending(tx, id, version);
  if (a === 'same') return (await findApplication(db, id))!;
  const [list] = await db.rows<{ id: number; version: number }>(sql`
    select id, version from audit_lists where city_code = ${a.cityCode} and list_year = ${a.listYear} and status in ('draft','returned') order by round desc limit 1`);
  if (!list) throw new AppError('RULE_VIOLATION', `请先编制本市 ${a.listYear} 年名单草稿（或名单已报送），再受理申请`);
  const [e] = await db.rows<{ id: number; division_code: string; status: string }>(sql`select id, division_code, status from enterprises where id = ${a.enterpriseId}`);
  const detail = await addEntry(deps, request, actor, tx, list.id, { version: list.version, enterpriseId: a.enterpriseId, auditType: 'voluntary', source: 'applied', remarks: `企业申请：${a.reason}`.slice(0, 500) }, e!);
  const entry = detail.entries.find((x) => x.enterpriseId === a.enterpriseId);
  await db.rows(sql`update voluntary_applications set status = 'accepted', list_id = ${list.id}, entry_id = ${entry?.id ?? null}, decided_by = ${actor.userId},
    decided_at = ${deps.clock.now()}, version = version + 1 where id = ${id}`);
  await auditStep(deps, request, tx, 'voluntary.accept', 'voluntaryApplication', id, { listId: list.id, entryId: entry?.id ?? null });
  await notifyOrgs(tx, sql`select id as org_id from orgs where kind = 'enterprise' and enterprise_id = ${a.enterpriseId}`, {
    kind: 'voluntaryApplication', title: `${a.listYear} 年自愿性清洁生产审核申请已受理`, body: '已列入本市自愿性审核名单草稿', link: '/voluntary-applications',
  });
  return (await findApplication(db, id))!;
}

/**
 * Declines application `id` (at `version`) with `reason`, which the enterprise sees.
 * @throws {AppError} CONFLICT on a stale version or a decided application
 */
export async function decline(deps: AppDeps, request: FastifyRequest, actor: Actor, tx: Db, id: number, body: { version: number; reason: string }): Promise<VoluntaryApplication> {
  const db = q(tx);
  const a = await lockPending(tx, id, body.version);
  if (a === 'same') return (await findApplication(db, id))!;
  await db.rows(sql`update voluntary_applications set status = 'declined', decision_reason = ${body.reason}, decided_by = ${actor.userId},
    decided_at = ${deps.clock.now()}, version = version + 1 where id = ${id}`);
  await auditStep(deps, request, tx, 'voluntary.decline', 'voluntaryApplication', id, { reason: body.reason });
  await notifyOrgs(tx, sql`select id as org_id from orgs where kind = 'enterprise' and enterprise_id = ${a.enterpriseId}`, {
    kind: 'voluntaryApplication', title: `${a.listYear} 年自愿性清洁生产审核申请未予受理`, body: body.reason, link: '/voluntary-applications',
  });
  return (await findApplication(db, id))!;
}

