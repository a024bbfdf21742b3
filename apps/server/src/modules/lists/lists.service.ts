/**
 * The audit-list workflow (issue 5 §1, §7, §8) on the database: create or refresh a city's draft from
 * its sources, add and remove entries, submit, approve, return and publish. Each step runs in one
 * transaction with its review record, audit-log row and notifications; every change to a list checks
 * and bumps its `version` (a stale version → 409 CONFLICT), so of two reviewers acting at once exactly
 * one succeeds. The rules themselves are the domain's (`packages/domain/src/lists`).
 */
import type { AuditListDetail } from '@cpaudit/contracts';
import {
  buildDraftEntries,
  cityCodeOf,
  computeAuditDeadlines,
  nextListState,
  nextSupplementRound,
  scopeFilterOf,
  type Actor,
  type EarlierAudit,
  type ListAction,
  type ListDepartment,
  type ListStatus,
} from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../db/client.ts';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { loadWorkCalendars } from '../calendar/calendar.service.ts';
import { notifyOrgs } from '../notifications/notifications.routes.ts';
import { findList, listDetail, q, type Q } from './lists.repository.ts';

/** The department an actor acts for: region DEE → `dee`, region DRC → `drc`, city bureaus → `city`, else null. */
export function departmentOf(actor: Actor): ListDepartment | null {
  if (actor.orgKind === 'regionDee') return 'dee';
  if (actor.orgKind === 'regionDrc') return 'drc';
  if (actor.orgKind === 'cityEeb' || actor.orgKind === 'cityDrc') return 'city';
  return null;
}

/** Writes the audit-log row of a list step inside `tx`. */
export async function auditStep(deps: AppDeps, request: FastifyRequest, tx: Db, action: string, objectType: string, objectId: number | string, details: Record<string, unknown>) {
  const s = request.session!;
  await writeAuditLog(tx, {
    at: deps.clock.now(),
    action,
    result: 'success',
    actorUserId: s.user.id,
    actorUsername: s.user.username,
    orgId: s.org.id,
    orgName: s.org.name,
    objectType,
    objectId,
    ip: request.ip,
    requestId: String(request.id),
    details,
  });
}

/**
 * Computes the draft entries of a city and year from the sources (domain `buildDraftEntries`):
 * confirmed candidates of data year L-1 with their reasons and evidence, earlier audits that roll
 * over, and enterprises the city added as voluntary in the screening review.
 */
async function computeEntries(db: Q, listId: number, listYear: number, cityCode: string) {
  const cityPrefix = `${cityCode.slice(0, 4)}%`;
  const decided = await db.rows<{ enterprise_id: number; decision: string; criteria: string[] | null; reasons: unknown }>(sql`
    with latest as (
      select distinct on (enterprise_id) enterprise_id, decision from screening_reviews where data_year = ${listYear - 1} order by enterprise_id, id desc
    ), res as (
      select distinct on (s.enterprise_id) s.enterprise_id, s.criteria, s.reasons
      from screening_results s join screening_runs r on r.id = s.run_id
      where r.data_year = ${listYear - 1} and s.division_code like ${cityPrefix}
      order by s.enterprise_id, r.id desc
    )
    select l.enterprise_id, l.decision, res.criteria, res.reasons
    from latest l join enterprises e on e.id = l.enterprise_id left join res on res.enterprise_id = l.enterprise_id
    where e.division_code like ${cityPrefix} and l.decision in ('confirm', 'addVoluntary') and e.status = 'operating'
    order by e.uscc`);
  const earlier = await db.rows<{ enterprise_id: number; list_year: number; audit_type: 'mandatory' | 'voluntary'; state: string; report_due: string | null; acceptance_application_due: string | null; acceptance_failures: number; criteria: string[] }>(sql`
    select a.enterprise_id, a.list_year, a.audit_type, a.state, a.report_due::text as report_due, a.acceptance_application_due::text as acceptance_application_due, a.acceptance_failures,
      array(select r->>'criterion' from jsonb_array_elements(a.reasons) r where r ? 'criterion') as criteria
    from audits a join enterprises e on e.id = a.enterprise_id
    where a.city_code = ${cityCode} and a.list_year < ${listYear} and e.status = 'operating'`);
  const listed = await db.rows<{ enterprise_id: number }>(sql`
    select enterprise_id from audits where list_year = ${listYear} and city_code = ${cityCode}
    union select x.enterprise_id from audit_list_entries x join audit_lists l on l.id = x.list_id where l.list_year = ${listYear} and l.id <> ${listId} and l.status <> 'published'`);
  const reasonsByEnterprise = new Map<number, unknown>();
  for (const d of decided) reasonsByEnterprise.set(d.enterprise_id, d.reasons);
  const entries = buildDraftEntries({
    listYear,
    confirmedCandidates: decided.filter((d) => d.decision === 'confirm' && d.criteria !== null).map((d) => ({ enterpriseId: d.enterprise_id, criteria: d.criteria! })),
    earlierAudits: earlier.map((a): EarlierAudit => ({ enterpriseId: a.enterprise_id, listYear: a.list_year, auditType: a.audit_type, state: a.state, reportDue: a.report_due, acceptanceApplicationDue: a.acceptance_application_due, acceptanceFailures: a.acceptance_failures, criteria: a.criteria })),
    voluntary: decided.filter((d) => d.decision === 'addVoluntary').map((d) => ({ enterpriseId: d.enterprise_id, source: 'cityAdded' as const })),
    alreadyListed: new Set(listed.map((l) => l.enterprise_id)),
  });
  return entries.map((e) => {
    const screened = e.source === 'screening' ? (reasonsByEnterprise.get(e.enterpriseId) as { criterion: string; basis: string; evidence: unknown }[] | null) : null;
    return {
      ...e,
      reasons: screened ? screened.map((r) => ({ criterion: r.criterion, basis: r.basis })) : e.criteria.map((criterion) => ({ criterion })),
      evidence: screened ? Object.fromEntries(screened.map((r) => [r.criterion, r.evidence])) : {},
    };
  });
}

/** Replaces the automatic entries (screening, rolled over) of an editable draft with the current sources; manual entries stay. */
async function refreshEntries(tx: Db, listId: number, listYear: number, cityCode: string, actor: Actor): Promise<{ added: number; removed: number }> {
  const db = q(tx);
  const entries = await computeEntries(db, listId, listYear, cityCode);
  const keep = entries.map((e) => e.enterpriseId);
  const removed = await db.rows(sql`
    delete from audit_list_entries where list_id = ${listId} and source in ('screening', 'rolledOver', 'cityAdded') and added_by is null
      and not (enterprise_id = any(${sql.param(keep)}::int[])) returning id`);
  let added = 0;
  for (const e of entries) {
    const r = await db.rows(sql`
      insert into audit_list_entries (list_id, enterprise_id, audit_type, source, criteria, reasons, evidence, proposed_by_org_id)
      values (${listId}, ${e.enterpriseId}, ${e.auditType}, ${e.source}, ${sql.param([...e.criteria])}::text[], ${JSON.stringify(e.reasons)}::jsonb, ${JSON.stringify(e.evidence)}::jsonb, ${actor.orgId})
      on conflict (list_id, enterprise_id) do nothing returning id`);
    added += r.length;
  }
  return { added, removed: removed.length };
}

/** Bumps the list's version if it is still `version`; else 409. */
async function bumpVersion(tx: Db, listId: number, version: number, set = sql``): Promise<void> {
  const r = await q(tx).rows(sql`update audit_lists set version = version + 1, updated_at = now() ${set} where id = ${listId} and version = ${version} returning id`);
  if (r.length === 0) throw new AppError('CONFLICT', '名单已被他人修改，请刷新后重试');
}

/**
 * `POST /api/v1/lists`: the actor's city draft of `listYear` in the current round (0, or the next
 * supplementary list once the annual list is published). Created from the sources if missing;
 * refreshed if editable; returned unchanged otherwise (natural idempotency).
 * @throws {AppError} FORBIDDEN for actors without a city
 */
export async function createOrRefreshDraft(deps: AppDeps, request: FastifyRequest, actor: Actor, tx: Db, listYear: number): Promise<AuditListDetail> {
  const db = q(tx);
  if (departmentOf(actor) !== 'city') throw new AppError('FORBIDDEN', '名单草稿由设区市编制');
  const cityCode = cityCodeOf(actor.areaCode)!;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('audit_lists'), ${listYear})`);
  const rounds = await db.rows<{ round: number }>(sql`select round from audit_list_publications where list_year = ${listYear}`);
  const round = nextSupplementRound(rounds.map((r) => r.round));
  let [list] = await db.rows<{ id: number; status: ListStatus; version: number }>(
    sql`select id, status, version from audit_lists where list_year = ${listYear} and round = ${round} and city_code = ${cityCode} for update`,
  );
  let created = false;
  if (!list) {
    [list] = await db.rows<{ id: number; status: ListStatus; version: number }>(sql`
      insert into audit_lists (list_year, round, city_code, created_by) values (${listYear}, ${round}, ${cityCode}, ${actor.userId}) returning id, status, version`);
    created = true;
  }
  if (list!.status === 'draft' || list!.status === 'returned') {
    const counts = await refreshEntries(tx, list!.id, listYear, cityCode, actor);
    if (!created) await bumpVersion(tx, list!.id, list!.version);
    await auditStep(deps, request, tx, created ? 'auditList.draft' : 'auditList.refresh', 'auditList', list!.id, { listYear, round, cityCode, ...counts });
  }
  return (await listDetail(db, list!.id, scopeFilterOf(actor)))!;
}

/** Loads a list for a change and checks that it is editable and at `version`. */
async function editableList(tx: Db, id: number, version: number) {
  const list = await findList(q(tx), id, true);
  if (!list) throw new AppError('NOT_FOUND', '名单不存在');
  if (list.status !== 'draft' && list.status !== 'returned') throw new AppError('CONFLICT', '名单已报送或已发布，不能修改；发布后请编制补充名单');
  if (list.version !== version) throw new AppError('CONFLICT', '名单已被他人修改，请刷新后重试');
  return list;
}

/**
 * Adds one enterprise to an editable draft (county officers for their county, city officers for
 * their city: the caller has checked the enterprise against the actor's area). A mandatory entry
 * takes the reasons and evidence of the enterprise's latest screening result of year L-1, if any.
 * @throws {AppError} CONFLICT (stale version, not editable, already on a list of the year), RULE_VIOLATION (other city, not operating)
 */
export async function addEntry(
  deps: AppDeps,
  request: FastifyRequest,
  actor: Actor,
  tx: Db,
  listId: number,
  body: { version: number; enterpriseId: number; auditType: 'mandatory' | 'voluntary'; source?: 'applied' | 'cityAdded'; remarks?: string; plannedStart?: string; plannedFinish?: string },
  enterprise: { id: number; division_code: string; status: string },
): Promise<AuditListDetail> {
  const db = q(tx);
  const list = await editableList(tx, listId, body.version);
  if (cityCodeOf(enterprise.division_code) !== list.city_code) throw new AppError('RULE_VIOLATION', '该企业不属于此名单所在的设区市');
  if (enterprise.status !== 'operating') throw new AppError('RULE_VIOLATION', '只有在产企业可以列入名单');
  if (body.plannedStart && body.plannedFinish && body.plannedFinish < body.plannedStart) {
    throw new AppError('VALIDATION_FAILED', '计划完成时间早于计划启动时间', [{ field: 'body.plannedFinish', message: '早于计划启动时间' }]);
  }
  const dup = await db.rows(sql`
    select 1 from audit_list_entries x join audit_lists l on l.id = x.list_id where l.list_year = ${list.list_year} and x.enterprise_id = ${enterprise.id}
    union all select 1 from audits where list_year = ${list.list_year} and enterprise_id = ${enterprise.id}`);
  if (dup.length > 0) throw new AppError('CONFLICT', `该企业已在 ${list.list_year} 年名单中`);
  const [res] = body.auditType === 'mandatory'
    ? await db.rows<{ criteria: string[]; reasons: { criterion: string; basis: string; evidence: unknown }[] }>(sql`
        select s.criteria, s.reasons from screening_results s join screening_runs r on r.id = s.run_id
        where s.enterprise_id = ${enterprise.id} and r.data_year = ${list.list_year - 1} order by r.id desc limit 1`)
    : [];
  const source = body.auditType === 'mandatory' ? (res ? 'screening' : 'cityAdded') : (body.source ?? 'cityAdded');
  const [entry] = await db.rows<{ id: number }>(sql`
    insert into audit_list_entries (list_id, enterprise_id, audit_type, source, criteria, reasons, evidence, remarks, planned_start, planned_finish, proposed_by_org_id, added_by)
    values (${listId}, ${enterprise.id}, ${body.auditType}, ${source}, ${sql.param(res?.criteria ?? [])}::text[],
      ${JSON.stringify(res ? res.reasons.map((r) => ({ criterion: r.criterion, basis: r.basis })) : [])}::jsonb,
      ${JSON.stringify(res ? Object.fromEntries(res.reasons.map((r) => [r.criterion, r.evidence])) : {})}::jsonb,
      ${body.remarks ?? null}, ${body.plannedStart ?? null}, ${body.plannedFinish ?? null}, ${actor.orgId}, ${actor.userId})
    returning id`);
  await bumpVersion(tx, listId, body.version);
  await auditStep(deps, request, tx, 'auditList.propose', 'auditList', listId, { entryId: entry!.id, enterpriseId: enterprise.id, auditType: body.auditType, source });
  return (await listDetail(db, listId, scopeFilterOf(actor)))!;
}

/**
 * Removes one entry from an editable draft; `inScope` says whether the actor may touch the entry's
 * enterprise. An entry added by accepting a voluntary application reopens that application
 * (`accepted` → `pending`, audit-logged as `voluntary.reopen`, the enterprise notified), so an
 * application never stays accepted without an entry behind it.
 * @throws {AppError} NOT_FOUND when the entry is not on the list; CONFLICT on a stale version
 */
export async function removeEntry(
  deps: AppDeps,
  request: FastifyRequest,
  actor: Actor,
  tx: Db,
  listId: number,
  body: { version: number; entryId: number },
  inScope: (e: { id: number; division_code: string }) => Promise<void>,
): Promise<AuditListDetail> {
  const db = q(tx);
  await editableList(tx, listId, body.version);
  const [entry] = await db.rows<{ id: number; enterprise_id: number; division_code: string }>(
    sql`select x.id, x.enterprise_id, e.division_code from audit_list_entries x join enterprises e on e.id = x.enterprise_id where x.id = ${body.entryId} and x.list_id = ${listId}`,
  );
  if (!entry) throw new AppError('NOT_FOUND', '名单中没有该条目');
  await inScope({ id: entry.enterprise_id, division_code: entry.division_code });
  // An entry that came from an accepted voluntary application takes that acceptance with it: the
  // application goes back to pending (before the delete, whose FK would only null its entry_id),
  // so the city decides it again (accept into a draft, or decline with a reason the enterprise sees).
  const reopened = await db.rows<{ id: number; list_year: number }>(sql`
    update voluntary_applications set status = 'pending', list_id = null, entry_id = null, decided_by = null, decided_at = null, version = version + 1
    where entry_id = ${entry.id} and status = 'accepted' returning id, list_year`);
  await db.rows(sql`delete from audit_list_entries where id = ${entry.id}`);
  await bumpVersion(tx, listId, body.version);
  await auditStep(deps, request, tx, 'auditList.propose', 'auditList', listId, { removedEntryId: entry.id, enterpriseId: entry.enterprise_id });
  for (const a of reopened) {
    await auditStep(deps, request, tx, 'voluntary.reopen', 'voluntaryApplication', a.id, { removedEntryId: entry.id, listId });
    await notifyOrgs(tx, sql`select id as org_id from orgs where kind = 'enterprise' and enterprise_id = ${entry.enterprise_id}`, {
      kind: 'voluntaryApplication',
      title: `${a.list_year} 年自愿性清洁生产审核申请已退回待受理`,
      body: '本市已将贵单位从名单草稿中移除，申请恢复为待受理，将另行答复',
      link: '/voluntary-applications',
    });
  }
  return (await listDetail(db, listId, scopeFilterOf(actor)))!;
}

/**
 * One workflow step (`submit`, `approve`, `return`) on list `listId` at `version`, by the actor's
 * department. A repeat of the same step by the same user on the same version (a double click, a
 * retried request) returns the list as it is (natural idempotency); any other stale version is a 409.
 * @throws {AppError} NOT_FOUND, CONFLICT, RULE_VIOLATION, FORBIDDEN
 */
export async function listStep(
  deps: AppDeps,
  request: FastifyRequest,
  actor: Actor,
  tx: Db,
  listId: number,
  action: Exclude<ListAction, 'publish'>,
  body: { version: number; comment?: string },
): Promise<AuditListDetail> {
  const db = q(tx);
  const list = await findList(db, listId, true);
  if (!list) throw new AppError('NOT_FOUND', '名单不存在');
  const department = departmentOf(actor);
  if (!department) throw new AppError('FORBIDDEN');
  if (list.version !== body.version) {
    const [last] = await db.rows<{ action: string; actor_user_id: number; list_version: number }>(
      sql`select action, actor_user_id, list_version from audit_list_reviews where list_id = ${listId} order by id desc limit 1`,
    );
    if (last && last.action === action && last.actor_user_id === actor.userId && last.list_version === body.version) {
      return (await listDetail(db, listId, scopeFilterOf(actor)))!;
    }
    throw new AppError('CONFLICT', '名单已被他人处理，请刷新后重试');
  }
  const [info] = await db.rows<{ n: number; needs_drc: boolean }>(sql`
    select count(*)::int as n, coalesce(bool_or('exceedsEnergyLimit' = any(criteria)), false) as needs_drc from audit_list_entries where list_id = ${listId}`);
  const step = nextListState(
    { status: list.status, deeApproved: list.dee_approved_at !== null, drcApproved: list.drc_approved_at !== null, needsDrc: info!.needs_drc },
    action,
    department,
    info!.n,
  );
  if (!step.ok) throw new AppError(step.refusal.code, step.refusal.message);
  const now = deps.clock.now();
  const s = step.state;
  const set = sql`, status = ${s.status},
    dee_approved_at = ${s.deeApproved ? (department === 'dee' && action === 'approve' ? now : sql`dee_approved_at`) : null},
    dee_approved_by = ${s.deeApproved ? (department === 'dee' && action === 'approve' ? actor.userId : sql`dee_approved_by`) : null},
    drc_approved_at = ${s.drcApproved ? (department === 'drc' && action === 'approve' ? now : sql`drc_approved_at`) : null},
    drc_approved_by = ${s.drcApproved ? (department === 'drc' && action === 'approve' ? actor.userId : sql`drc_approved_by`) : null}
    ${action === 'submit' ? sql`, submitted_at = ${now}, submitted_by = ${actor.userId}, return_comment = null` : sql``}
    ${action === 'return' ? sql`, return_comment = ${body.comment ?? ''}` : sql``}`;
  await bumpVersion(tx, listId, body.version, set);
  await db.rows(sql`
    insert into audit_list_reviews (list_id, action, department, list_version, comment, actor_user_id, actor_name, at)
    values (${listId}, ${action}, ${department}, ${body.version}, ${body.comment ?? null}, ${actor.userId}, ${request.session!.user.displayName}, ${now})`);
  const permission = action === 'submit' ? 'auditList.draft' : 'auditList.review';
  await auditStep(deps, request, tx, permission, 'auditList', listId, { step: action, department, fromStatus: list.status, toStatus: s.status, version: body.version });
  // Tell the other side: the region on a submission, the city on a return or a full approval.
  const [city] = await db.rows<{ name: string }>(sql`select name from divisions where code = ${list.city_code}`);
  const label = `${city?.name ?? list.city_code}${list.list_year}年${list.round > 0 ? `第${list.round}批补充` : ''}清洁生产审核名单`;
  const link = `/lists/${listId}`;
  if (action === 'submit') {
    await notifyOrgs(tx, sql`select id as org_id from orgs where kind in ('regionDee', 'regionDrc')`, { kind: 'auditList.submitted', title: `${label}已报送`, body: `${label}已报送，请审核。`, link });
  } else if (action === 'return' || s.status === 'approved') {
    const title = action === 'return' ? `${label}被退回` : `${label}已审核通过`;
    const text = action === 'return' ? `退回意见：${body.comment ?? ''}` : `${label}已通过自治区审核，待发布。`;
    await notifyOrgs(tx, sql`select id as org_id from orgs where kind in ('cityEeb', 'cityDrc') and division_code = ${list.city_code}`, { kind: `auditList.${action === 'return' ? 'returned' : 'approved'}`, title, body: text, link });
  }
  return (await listDetail(db, listId, scopeFilterOf(actor)))!;
}

/** Outcome of {@link publishLists}. */
export interface PublishOutcome {
  publicationId: number;
  listYear: number;
  round: number;
  documentNo: string;
  publishedOn: string;
  lists: number;
  mandatory: number;
  voluntary: number;
  notified: number;
}

/**
 * Publishes every approved city list of `listYear` in the current round (0 = the annual list, n = the
 * n-th 补充名单) under one document number and date, in one transaction: the publication row, one
 * `audits` row per entry with its Order 38 deadlines (art. 11 disclosure, art. 12 start, art. 17 report;
 * computed with `computeAuditDeadlines` on the stored work calendar `work_calendar_years`, mandatory audits only), the lists
 * marked published, unsubmitted drafts of the round moved to the next round, a notification to each
 * listed enterprise's organisation and to the cities, and the audit-log row.
 * @throws {AppError} RULE_VIOLATION when no list is approved or some are still under review;
 *   CONFLICT when the document number is taken or the round was published meanwhile. Deadlines falling in a
 *   year without a loaded holiday notice are computed Monday–Friday (provisional) and flagged in the audit log
 */
export async function publishLists(deps: AppDeps, request: FastifyRequest, actor: Actor, tx: Db, body: { listYear: number; documentNo: string; publishedOn: string }): Promise<PublishOutcome> {
  const db = q(tx);
  const { listYear, documentNo, publishedOn } = body;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('audit_lists'), ${listYear})`);
  // A deadline in a year whose State Council holiday notice is not yet loaded (the report is due a
  // year after publication) is computed provisionally, weekends only, rather than blocking publication.
  // The calendar is the region's data (work_calendar_years); adding a year later recomputes these.
  const calendars = await loadWorkCalendars(db);
  let deadlines;
  let provisionalDeadlines = false;
  try {
    deadlines = computeAuditDeadlines({ published: publishedOn, evaluationPassed: null }, calendars.strict);
  } catch {
    provisionalDeadlines = true;
    deadlines = computeAuditDeadlines({ published: publishedOn, evaluationPassed: null }, calendars.provisional);
  }
  const rounds = await db.rows<{ round: number }>(sql`select round from audit_list_publications where list_year = ${listYear}`);
  const round = nextSupplementRound(rounds.map((r) => r.round));
  const lists = await db.rows<{ id: number; status: ListStatus; city_code: string; version: number }>(
    sql`select id, status, city_code, version from audit_lists where list_year = ${listYear} and round = ${round} order by city_code for update`,
  );
  const pending = lists.filter((l) => l.status === 'submitted');
  if (pending.length > 0) throw new AppError('RULE_VIOLATION', `尚有设区市名单未审核完毕：${pending.map((l) => l.city_code).join('、')}`, { pending: pending.map((l) => l.city_code) });
  const approved = lists.filter((l) => l.status === 'approved');
  if (approved.length === 0) throw new AppError('RULE_VIOLATION', `${listYear} 年${round > 0 ? `第 ${round} 批补充` : ''}名单没有审核通过的设区市名单，不能发布`);
  const taken = await db.rows(sql`select 1 from audit_list_publications where document_no = ${documentNo}`);
  if (taken.length > 0) throw new AppError('CONFLICT', `文号 ${documentNo} 已被使用`);
  const [drc] = await db.rows<{ name: string }>(sql`select name from orgs where kind = 'regionDrc' order by id limit 1`);
  const authority = [request.session!.org.name, drc?.name].filter(Boolean).join('、');
  const [pub] = await db.rows<{ id: number }>(sql`
    insert into audit_list_publications (list_year, round, document_no, published_on, authority, published_by)
    values (${listYear}, ${round}, ${documentNo}, ${publishedOn}, ${authority}, ${actor.userId}) returning id`);
  const ids = approved.map((l) => l.id);
  const inserted = await db.rows<{ audit_type: string }>(sql`
    insert into audits (enterprise_id, list_year, audit_type, list_entry_id, publication_id, published_at, document_no, county_code, city_code, key_industry, reasons, disclosure_due, start_due, report_due)
    select x.enterprise_id, ${listYear}, x.audit_type, x.id, ${pub!.id}, ${publishedOn}, ${documentNo}, e.division_code, l.city_code, e.key_industry, x.reasons,
      case when x.audit_type = 'mandatory' then ${deadlines.disclosureDue}::date end,
      case when x.audit_type = 'mandatory' then ${deadlines.startDue}::date end,
      case when x.audit_type = 'mandatory' then ${deadlines.reportDue}::date end
    from audit_list_entries x join audit_lists l on l.id = x.list_id join enterprises e on e.id = x.enterprise_id
    where x.list_id = any(${sql.param(ids)}::int[])
    order by l.city_code, e.uscc
    on conflict (enterprise_id, list_year, audit_type) do nothing
    returning audit_type`);
  const now = deps.clock.now();
  await db.rows(sql`update audit_lists set status = 'published', publication_id = ${pub!.id}, version = version + 1, updated_at = now() where id = any(${sql.param(ids)}::int[])`);
  await db.rows(sql`
    insert into audit_list_reviews (list_id, action, department, list_version, comment, actor_user_id, actor_name, at)
    select id, 'publish', 'dee', version - 1, ${documentNo}, ${actor.userId}, ${request.session!.user.displayName}, ${now} from audit_lists where id = any(${sql.param(ids)}::int[])`);
  // Drafts not yet submitted wait for the next round (a supplementary list), never a published list.
  await db.rows(sql`
    update audit_lists l set round = ${round + 1}, version = version + 1, updated_at = now()
    where l.list_year = ${listYear} and l.round = ${round} and l.status in ('draft', 'returned')
      and not exists (select 1 from audit_lists o where o.list_year = l.list_year and o.round = ${round + 1} and o.city_code = l.city_code)`);
  const listName = `${listYear}年${round > 0 ? `第${round}批补充` : ''}清洁生产审核企业名单`;
  const notified = await notifyOrgs(
    tx,
    sql`select o.id as org_id, a.audit_type, a.disclosure_due, a.start_due, a.report_due from audits a join orgs o on o.enterprise_id = a.enterprise_id and o.kind = 'enterprise' where a.publication_id = ${pub!.id}`,
    {
      kind: 'audit.listed',
      title: sql`case when r.audit_type = 'mandatory' then ${`贵单位已列入${listYear}年强制性清洁生产审核名单`} else ${`贵单位已列入${listYear}年自愿性清洁生产审核名单`} end`,
      body: sql`${`依据${documentNo}（${publishedOn}发布）`} || case when r.audit_type = 'mandatory'
        then '。请于 ' || r.disclosure_due::text || ' 前公布企业相关信息，' || r.start_due::text || ' 前启动清洁生产审核，' || r.report_due::text || ' 前报送审核报告（《清洁生产审核办法》第十一、十二、十七条）。'
        else '。' end`,
      link: `/public/lists?listYear=${listYear}`,
    },
  );
  await notifyOrgs(tx, sql`select id as org_id from orgs where kind in ('cityEeb', 'cityDrc', 'countyBureau') and substr(division_code, 1, 4) in (select substr(city_code, 1, 4) from audit_lists where id = any(${sql.param(ids)}::int[]))`, {
    kind: 'auditList.published',
    title: `${listName}已发布`,
    body: `自治区已以${documentNo}发布${listName}（${publishedOn}）。`,
    link: '/lists',
  });
  const mandatory = inserted.filter((r) => r.audit_type === 'mandatory').length;
  const outcome: PublishOutcome = { publicationId: pub!.id, listYear, round, documentNo, publishedOn, lists: ids.length, mandatory, voluntary: inserted.length - mandatory, notified };
  await auditStep(deps, request, tx, 'auditList.publish', 'auditListPublication', pub!.id, { ...outcome, deadlines, provisionalDeadlines });
  return outcome;
}
