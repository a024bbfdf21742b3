/**
 * Applying one workflow action to an audit (issue 6 items 1, 10, 12), inside the caller's
 * transaction: lock the row, check the optimistic version, ask the domain state machine
 * (`decide`, packages/domain/src/workflow), write the new state and dates, the timeline row
 * (`audit_events`), the audit-log row and the notifications (in-app inbox + outbox). A rolled-back
 * transaction therefore leaves no event, no log row and no notification.
 *
 * Extension points for the other round-2 modules:
 * - {@link registerAuditFacts}: the panel module supplies `panelDrawn` / `panelOutcome`, the options
 *   register `optionCount`;
 * - {@link registerAuditScope}: further audit visibility (an expert sees the audits of its panels).
 */
import {
  DEFAULT_WORKFLOW_CONFIG,
  acceptanceValidUntil,
  beijingDateOf,
  computeAuditDeadlines,
  decide,
  workflowRoleOf,
  type Actor,
  type AuditAction,
  type AuditMode,
  type AuditState,
  type AuditType,
  type WorkflowActor,
  type WorkflowAudit,
  type WorkflowConfig,
  type WorkflowViolation,
} from '@cpaudit/domain';
import { auditActionLabels } from '@cpaudit/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { loadWorkCalendars } from '../calendar/calendar.service.ts';


/** Owner type of audit documents in the document store (`documents.owner_type`). */
export const AUDIT_DOCUMENT_OWNER = 'audit';

/** The audit row as the workflow reads it (snake_case columns of `audits`). */
export interface AuditRow {
  id: number;
  enterprise_id: number;
  list_year: number;
  audit_type: AuditType;
  mode: AuditMode;
  state: AuditState;
  county_code: string;
  city_code: string;
  published_at: string;
  consulting_agency_id: number | null;
  self_audit: boolean;
  lead_audit_id: number | null;
  acceptance_failures: number;
  disclosed_on: string | null;
  started_on: string | null;
  report_submitted_on: string | null;
  evaluation_passed_on: string | null;
  acceptance_application_due: string | null;
  disclosure_due: string | null;
  version: number;
}

/** Facts a provider adds to the state machine's view of an audit (see {@link registerAuditFacts}). */
export type AuditFacts = Partial<Pick<WorkflowAudit, 'optionCount' | 'panelDrawn' | 'panelOutcome'>>;
/** Reads facts of one audit inside the transaction `tx`. */
export type AuditFactsProvider = (tx: Db, audit: AuditRow) => Promise<AuditFacts>;

const factProviders: AuditFactsProvider[] = [];

/**
 * Registers a provider of workflow facts: the panels module (`panelDrawn`, `panelOutcome` of the
 * current review) and the options register (`optionCount`). Later providers override earlier keys.
 */
export function registerAuditFacts(provider: AuditFactsProvider): void {
  factProviders.push(provider);
}

/**
 * Extra visibility of audits for roles the core does not scope (e.g. `expertUser` → audits of its
 * panels): returns an SQL predicate on alias `a` (the audits table), or null for none.
 */
export type AuditScopeExtension = (actor: Actor) => SQL | null;
const scopeExtensions = new Map<string, AuditScopeExtension>();

/** Registers {@link AuditScopeExtension} for a role. */
export function registerAuditScope(role: string, ext: AuditScopeExtension): void {
  scopeExtensions.set(role, ext);
}

/**
 * The audits (alias `a`) an actor may see, as an SQL predicate: officials by area (division-code
 * prefix of the county code), an enterprise its own audits and the park/cluster audits it is a
 * member of, an agency the audits it consults on, other roles through {@link registerAuditScope}
 * (else nothing). Parameterised; never throws.
 */
export function auditScopeSql(actor: Actor): SQL {
  switch (actor.orgKind) {
    case 'regionDee':
    case 'regionDrc':
      return sql`a.county_code like ${`${actor.areaCode.slice(0, 2)}%`}`;
    case 'cityEeb':
    case 'cityDrc':
      return sql`a.county_code like ${`${actor.areaCode.slice(0, 4)}%`}`;
    case 'countyBureau':
      return sql`a.county_code = ${actor.areaCode}`;
    case 'enterprise':
      if (actor.enterpriseId === null) return sql`false`;
      return sql`(a.enterprise_id = ${actor.enterpriseId} or a.id in (select m.lead_audit_id from audits m where m.enterprise_id = ${actor.enterpriseId} and m.lead_audit_id is not null))`;
    case 'consultingAgency':
      return sql`a.consulting_agency_id in (select ca.id from consulting_agencies ca where ca.org_id = ${actor.orgId})`;
    default: {
      const ext = scopeExtensions.get(actor.role)?.(actor) ?? null;
      return ext ?? sql`false`;
    }
  }
}

/** Who takes the action: the domain actor plus names for the audit log. */
export interface ActionActor extends Actor {
  username?: string | null;
  orgName?: string | null;
}

/**
 * Input of {@link applyAuditAction}:
 * - `version`: the audit version the caller saw (optimistic lock);
 * - `documentIds`: documents (of this audit, `documents.owner_type = 'audit'`) attached to the step;
 * - `payload`: step data — `start`: `{ consulting: { agencyId } | { self: true }, auditTeam?: [{ name, role, employer? }] }`;
 *   `disclose`: `{ channel, url, fields? }`; `submitReport`: `{ optionCount? }` (ignored once the options register supplies the count).
 */
export interface AuditActionInput {
  auditId: number;
  action: AuditAction;
  actor: ActionActor;
  version: number;
  comment?: string | null;
  documentIds?: readonly number[];
  payload?: Record<string, unknown> | null;
  /** Now (default `new Date()`); the step's date is its Beijing calendar date. */
  now?: Date;
  ip?: string | null;
  requestId?: string | null;
  config?: WorkflowConfig;
}

/** Result of {@link applyAuditAction}. */
export interface AuditActionResult {
  auditId: number;
  action: AuditAction;
  fromState: AuditState;
  state: AuditState;
  version: number;
  eventId: number;
  notified: number;
}

/** Violations that are an authorisation matter (403) rather than a business rule (422). */
const FORBIDDEN_VIOLATIONS: ReadonlySet<WorkflowViolation> = new Set(['roleNotAllowed', 'notAuditParty']);

/** Chinese messages of the workflow violations (shown to the user). */
export const violationMessages: Record<WorkflowViolation, string> = {
  wrongState: '当前审核状态下不能执行此操作',
  modeNotAllowed: '该审核模式下没有此操作',
  roleNotAllowed: '您的角色不能执行此操作',
  notAuditParty: '您不是该审核的当事方（企业或其咨询机构）',
  memberDisclosuresMissing: '园区/集群成员企业尚未全部公开信息',
  memberAlreadyDisclosed: '该成员企业已公开过信息',
  consultingNotChosen: '启动审核前须选择咨询服务机构或声明自行审核（《清洁生产审核办法》第十五、十六条）',
  documentsMissing: '本步骤所需的材料尚未上传',
  panelNotDrawn: '尚未抽取专家组',
  panelResultMissing: '专家评分尚未完成，无法得出专家组结论',
  panelResultContradicts: '录入的结论与专家组评分结果不一致',
  optionsMissing: '审核报告至少应包含一项清洁生产方案',
  acceptanceFailuresExhausted: '验收未通过次数已达上限，应转入下一年度名单',
  rollOverTooEarly: '验收未通过次数未达上限，尚不能转入下一年度名单',
  isGroupMember: '该企业的审核已并入园区/集群整体审核，由牵头审核办理各步骤（成员企业只在牵头审核中公开本企业信息）',
};

/** Builds the state machine's view of an audit (members, consulting, documents, facts). */
export async function workflowViewOf(tx: Db, a: AuditRow, extra: { documentKinds?: readonly string[]; optionCount?: number } = {}): Promise<WorkflowAudit> {
  const rows = async <T>(q: SQL) => ((await tx.execute(q)) as unknown as { rows: T[] }).rows;
  const [ent] = await rows<{ id: number }>(sql`select id from orgs where kind = 'enterprise' and enterprise_id = ${a.enterprise_id} order by id limit 1`);
  let consulting: WorkflowAudit['consulting'] = null;
  if (a.consulting_agency_id !== null) {
    const [ag] = await rows<{ org_id: number | null }>(sql`select org_id from consulting_agencies where id = ${a.consulting_agency_id}`);
    consulting = { kind: 'agency', agencyOrgId: ag?.org_id ?? -1 };
  } else if (a.self_audit) consulting = { kind: 'self' };
  const members = await rows<{ org_id: number | null; disclosed: boolean }>(
    sql`select (select o.id from orgs o where o.kind = 'enterprise' and o.enterprise_id = m.enterprise_id order by o.id limit 1) as org_id, m.disclosed_on is not null as disclosed
        from audits m where m.lead_audit_id = ${a.id} order by m.id`,
  );
  const docs = await rows<{ kind: string }>(sql`select distinct kind from documents where owner_type = ${AUDIT_DOCUMENT_OWNER} and owner_id = ${a.id}`);
  let facts: AuditFacts = {};
  for (const p of factProviders) facts = { ...facts, ...(await p(tx, a)) };
  return {
    state: a.state,
    mode: a.mode,
    type: a.audit_type,
    enterpriseOrgId: ent?.id ?? -1,
    consulting,
    members: members.map((m) => ({ orgId: m.org_id ?? -1, disclosed: m.disclosed })),
    documents: [...new Set([...docs.map((d) => d.kind), ...(extra.documentKinds ?? [])])],
    optionCount: facts.optionCount ?? extra.optionCount ?? 0,
    panelDrawn: facts.panelDrawn ?? false,
    panelOutcome: facts.panelOutcome ?? null,
    acceptanceFailures: a.acceptance_failures,
    leadAuditId: a.lead_audit_id,
  };
}

/** The domain actor of a user, or null when its role takes no part in the workflow. */
export function workflowActorOf(actor: Actor): WorkflowActor | null {
  const role = workflowRoleOf(actor.role);
  return role === null ? null : { role, orgId: actor.orgId };
}

/** Whether an official actor's area covers the audit (the enterprise/agency party check is the domain's). */
function officialCovers(actor: Actor, a: AuditRow): boolean {
  switch (actor.orgKind) {
    case 'regionDee':
    case 'regionDrc':
      return a.county_code.startsWith(actor.areaCode.slice(0, 2));
    case 'cityEeb':
    case 'cityDrc':
      return a.county_code.startsWith(actor.areaCode.slice(0, 4));
    case 'countyBureau':
      return a.county_code === actor.areaCode;
    default:
      return true;
  }
}

const SELECT_AUDIT = sql`select id, enterprise_id, list_year, audit_type, mode, state, county_code, city_code, published_at::text as published_at,
  consulting_agency_id, self_audit, lead_audit_id, acceptance_failures, disclosed_on::text as disclosed_on, started_on::text as started_on,
  report_submitted_on::text as report_submitted_on, evaluation_passed_on::text as evaluation_passed_on,
  acceptance_application_due::text as acceptance_application_due, disclosure_due::text as disclosure_due, version from audits`;

/** Reads one audit row (no lock). */
export async function loadAudit(tx: Db, auditId: number, forUpdate = false): Promise<AuditRow | null> {
  const res = (await tx.execute(sql`${SELECT_AUDIT} where id = ${auditId} ${forUpdate ? sql`for update` : sql``}`)) as unknown as { rows: AuditRow[] };
  return res.rows[0] ?? null;
}

interface TeamMember {
  name: string;
  role: string;
  employer?: string;
}

function parseStartPayload(p: Record<string, unknown> | null | undefined): { agencyId: number | null; self: boolean; team: TeamMember[] } | null {
  if (!p || typeof p.consulting !== 'object' || p.consulting === null) return null;
  const c = p.consulting as Record<string, unknown>;
  const team = Array.isArray(p.auditTeam)
    ? (p.auditTeam as unknown[]).flatMap((m) => {
        if (typeof m !== 'object' || m === null) return [];
        const r = m as Record<string, unknown>;
        if (typeof r.name !== 'string' || r.name.trim() === '') return [];
        return [{ name: r.name.trim().slice(0, 100), role: typeof r.role === 'string' ? r.role.slice(0, 100) : '', ...(typeof r.employer === 'string' ? { employer: r.employer.slice(0, 200) } : {}) }];
      })
    : [];
  if (c.self === true) return { agencyId: null, self: true, team };
  if (typeof c.agencyId === 'number' && Number.isInteger(c.agencyId)) return { agencyId: c.agencyId, self: false, team };
  throw new AppError('VALIDATION_FAILED', '咨询机构应为 { agencyId } 或 { self: true }', [{ field: 'payload.consulting', message: '格式不正确' }]);
}

/**
 * Recipients of a step's notification: official organisations of the audit's area and/or the parties.
 * With `withMembers` (a park/cluster lead whose members followed the step), the enterprise recipients
 * include the member enterprises, once each.
 */
function recipientsSql(a: AuditRow, action: AuditAction, withMembers = false): SQL {
  // A park/cluster lead's result reaches its member enterprises too: their rows follow the lead.
  const enterprise = withMembers
    ? sql`select o.id as org_id from orgs o where o.kind = 'enterprise' and (o.enterprise_id = ${a.enterprise_id}
        or o.enterprise_id in (select m.enterprise_id from audits m where m.lead_audit_id = ${a.id}))`
    : sql`select o.id as org_id from orgs o where o.kind = 'enterprise' and o.enterprise_id = ${a.enterprise_id}`;
  const agency = sql`select ca.org_id from consulting_agencies ca where ca.id = ${a.consulting_agency_id ?? -1} and ca.org_id is not null`;
  const county = sql`select o.id as org_id from orgs o where o.kind = 'countyBureau' and o.division_code = ${a.county_code}`;
  const city = sql`select o.id as org_id from orgs o where o.kind = 'cityEeb' and o.division_code = ${a.city_code}`;
  switch (action) {
    case 'discloseMember':
    case 'disclose':
    case 'start':
      return sql`${county} union ${city}`;
    case 'submitReport':
    case 'applyForAcceptance':
    case 'startImplementation':
      return sql`${city} union ${county}`;
    case 'rollOver':
      return sql`${enterprise} union ${city} union ${county}`;
    default:
      return sql`${enterprise} union ${agency}`;
  }
}

/**
 * Applies `action` to an audit inside `tx` (the caller's transaction).
 *
 * Order: lock the row (`select … for update`), compare `version` (stale → CONFLICT 409 with
 * `details.currentVersion`), apply the `start` payload (consulting agency or self-audit, audit team),
 * ask `decide()`, then update state, version, dates (`disclosed_on`, `started_on`,
 * `report_submitted_on`, `evaluation_passed_on` + `acceptance_application_due` via
 * `computeAuditDeadlines` (Order 38 art. 11, 12, 17; local practice for acceptance), `accepted_on` +
 * `valid_until` (+5 years), `acceptance_failures`), insert the `audit_events` row, the audit-log row
 * (`audit.<action>`) and the notifications (inbox + one `email` outbox row per recipient org).
 *
 * @throws {AppError} NOT_FOUND (no such audit or out of the actor's scope); CONFLICT (stale version);
 *   FORBIDDEN with `details.violation` (`roleNotAllowed`, `notAuditParty`, official outside its area);
 *   RULE_VIOLATION 422 with `details.violation` and `details.missing` for the other workflow violations;
 *   VALIDATION_FAILED for a malformed payload or a document that is not this audit's
 */
export async function applyAuditAction(tx: Db, input: AuditActionInput): Promise<AuditActionResult> {
  const { auditId, action, actor } = input;
  const now = input.now ?? new Date();
  const today = beijingDateOf(now);
  const config = input.config ?? DEFAULT_WORKFLOW_CONFIG;
  const rows = async <T>(q: SQL) => ((await tx.execute(q)) as unknown as { rows: T[] }).rows;

  const a = await loadAudit(tx, auditId, true);
  if (a === null) throw new AppError('NOT_FOUND', '审核记录不存在');
  const [visible] = await rows<{ ok: boolean }>(sql`select exists (select 1 from audits a where a.id = ${auditId} and ${auditScopeSql(actor)}) as ok`);
  if (!visible?.ok) throw new AppError('NOT_FOUND', '审核记录不存在');
  if (input.version !== a.version) throw new AppError('CONFLICT', '该审核已被他人更新，请刷新后重试', { currentVersion: a.version });
  const wfActor = workflowActorOf(actor);
  if (wfActor === null || !officialCovers(actor, a)) throw new AppError('FORBIDDEN', violationMessages.roleNotAllowed, { violation: 'roleNotAllowed' });

  // Attached documents must belong to this audit.
  const documentIds = [...new Set(input.documentIds ?? [])];
  let attachedKinds: string[] = [];
  if (documentIds.length > 0) {
    const docs = await rows<{ id: number; kind: string }>(
      sql`select id, kind from documents where owner_type = ${AUDIT_DOCUMENT_OWNER} and owner_id = ${auditId} and id in (${sql.join(documentIds.map((d) => sql`${d}`), sql`, `)})`,
    );
    if (docs.length !== documentIds.length) {
      throw new AppError('VALIDATION_FAILED', '附件不属于该审核', [{ field: 'documentIds', message: '附件不属于该审核' }]);
    }
    attachedKinds = docs.map((d) => d.kind);
  }

  // `start` chooses the consulting agency or a self-audit and the audit team.
  const start = action === 'start' ? parseStartPayload(input.payload) : null;
  let view = a;
  if (start) {
    if (start.agencyId !== null) {
      const [ag] = await rows<{ id: number }>(sql`select id from consulting_agencies where id = ${start.agencyId}`);
      if (!ag) throw new AppError('VALIDATION_FAILED', '咨询服务机构不存在', [{ field: 'payload.consulting.agencyId', message: '不存在' }]);
    }
    view = { ...a, consulting_agency_id: start.agencyId, self_audit: start.self };
  }
  const payloadOptions = typeof input.payload?.optionCount === 'number' ? input.payload.optionCount : undefined;
  const wf = await workflowViewOf(tx, view, { documentKinds: attachedKinds, ...(payloadOptions === undefined ? {} : { optionCount: payloadOptions }) });
  const decision = decide(wf, action, wfActor, config);
  if (!decision.ok) {
    const details = { violation: decision.violation, ...(decision.missing ? { missing: decision.missing } : {}) };
    throw new AppError(FORBIDDEN_VIOLATIONS.has(decision.violation) ? 'FORBIDDEN' : 'RULE_VIOLATION', violationMessages[decision.violation], details);
  }
  const next = decision.next;

  // Dates and counters of the step.
  const set: SQL[] = [sql`state = ${next}`, sql`version = version + 1`, sql`updated_at = ${now}`];
  let disclosureLate = false;
  switch (action) {
    case 'disclose': {
      set.push(sql`disclosed_on = ${today}`);
      disclosureLate = a.disclosure_due !== null && today > a.disclosure_due;
      const p = input.payload ?? {};
      const disclosure = {
        channel: typeof p.channel === 'string' ? p.channel.slice(0, 200) : null,
        url: typeof p.url === 'string' ? p.url.slice(0, 500) : null,
        fields: typeof p.fields === 'object' && p.fields !== null ? p.fields : null,
        disclosedOn: today,
        late: disclosureLate,
      };
      set.push(sql`disclosure = ${JSON.stringify(disclosure)}::jsonb`);
      break;
    }
    case 'start':
      set.push(sql`started_on = ${today}`, sql`consulting_agency_id = ${start!.agencyId}`, sql`self_audit = ${start!.self}`, sql`audit_team = ${JSON.stringify(start!.team)}::jsonb`);
      break;
    case 'submitReport':
      set.push(sql`report_submitted_on = coalesce(report_submitted_on, ${today})`);
      break;
    case 'passEvaluation': {
      set.push(sql`evaluation_passed_on = ${today}`);
      if (next === 'accepted') {
        set.push(sql`accepted_on = ${today}`, sql`valid_until = ${acceptanceValidUntil(today)}`);
      } else {
        const published = a.published_at < today ? a.published_at : today;
        // The region's stored calendar, Monday–Friday beyond its last year (recomputed when a year is added).
        const calendar = (await loadWorkCalendars({ rows })).provisional;
        const d = computeAuditDeadlines({ published, evaluationPassed: today }, calendar);
        set.push(sql`acceptance_application_due = ${d.acceptanceApplicationDue}`);
      }
      break;
    }
    case 'applyForAcceptance':
      set.push(sql`acceptance_applied_on = coalesce(acceptance_applied_on, ${today})`);
      break;
    case 'passAcceptance':
      set.push(sql`accepted_on = ${today}`, sql`valid_until = ${acceptanceValidUntil(today)}`);
      break;
    case 'failAcceptance':
      set.push(sql`acceptance_failures = acceptance_failures + 1`);
      break;
    default:
      break;
  }
  if (action === 'discloseMember') {
    // The member's own audit row records its disclosure.
    const own = await rows<{ id: number }>(
      sql`update audits set disclosed_on = ${today}, version = version + 1, updated_at = ${now} where lead_audit_id = ${auditId} and enterprise_id = ${actor.enterpriseId ?? -1} and disclosed_on is null returning id`,
    );
    for (const m of own) await tx.execute(sql`update audit_overdue set resolved_on = ${today} where audit_id = ${m.id} and step = 'disclosure' and resolved_on is null`);
  }
  const [upd] = await rows<{ version: number }>(sql`update audits set ${sql.join(set, sql`, `)} where id = ${auditId} and version = ${input.version} returning version`);
  if (!upd) throw new AppError('CONFLICT', '该审核已被他人更新，请刷新后重试');
  // Park/cluster: the lead's step is its members' step (环办科财函〔2023〕79号: each member of a passed
  // group audit is deemed to have completed one audit), so the members' rows follow the lead's state and
  // step dates — the funnel, the overdue marks, the yearly figures and the 5-year rule count them as
  // the lead. A member's own disclosure (`discloseMember`) stays its own.
  const followers =
    action === 'discloseMember'
      ? []
      : await rows<{ id: number }>(sql`
          update audits m set state = l.state, started_on = l.started_on, report_submitted_on = l.report_submitted_on,
            evaluation_passed_on = l.evaluation_passed_on, acceptance_application_due = l.acceptance_application_due,
            acceptance_applied_on = l.acceptance_applied_on, accepted_on = l.accepted_on, valid_until = l.valid_until,
            acceptance_failures = l.acceptance_failures, consulting_agency_id = l.consulting_agency_id, self_audit = l.self_audit,
            version = m.version + 1, updated_at = ${now}
          from audits l where l.id = ${auditId} and m.lead_audit_id = l.id returning m.id`);
  // A done step resolves its overdue mark (the lead's and its members').
  const resolvedStep = { disclose: 'disclosure', start: 'start', submitReport: 'report', applyForAcceptance: 'acceptanceApplication' }[action as string];
  if (resolvedStep) {
    const ids = [auditId, ...followers.map((f) => f.id)];
    await tx.execute(sql`update audit_overdue set resolved_on = ${today} where audit_id in (${sql.join(ids.map((i) => sql`${i}`), sql`, `)}) and step = ${resolvedStep} and resolved_on is null`);
  }

  const comment = input.comment?.trim() ? input.comment.trim().slice(0, 2000) : null;
  const eventPayload = action === 'disclose' ? { late: disclosureLate } : (input.payload ?? null);
  const [ev] = await rows<{ id: number }>(
    sql`insert into audit_events (audit_id, from_state, action, to_state, actor_user_id, actor_org_id, actor_role, at, comment, document_ids, payload, version_after)
        values (${auditId}, ${a.state}, ${action}, ${next}, ${actor.userId}, ${actor.orgId}, ${actor.role}, ${now}, ${comment}, ${JSON.stringify(documentIds)}::jsonb,
                ${eventPayload === null ? null : JSON.stringify(eventPayload)}::jsonb, ${upd.version}) returning id`,
  );
  await writeAuditLog(tx, {
    at: now,
    action: `audit.${action}`,
    result: 'success',
    actorUserId: actor.userId,
    actorUsername: actor.username ?? null,
    orgId: actor.orgId,
    orgName: actor.orgName ?? null,
    objectType: 'audit',
    objectId: auditId,
    ip: input.ip ?? null,
    requestId: input.requestId ?? null,
    details: { from: a.state, to: next, version: upd.version, documentIds, ...(disclosureLate ? { late: true } : {}) },
  });

  const [ent] = await rows<{ name: string }>(sql`select name from enterprises where id = ${a.enterprise_id}`);
  const title = `${ent?.name ?? '企业'}：${auditActionLabels['zh-CN'][action]}`;
  const body = `${a.list_year}年${a.audit_type === 'mandatory' ? '强制性' : '自愿性'}清洁生产审核${disclosureLate ? '（逾期公开）' : ''}${comment ? `。意见：${comment}` : ''}`;
  const notified = await notifyStep(tx, recipientsSql(a, action, followers.length > 0), { kind: `audit.${action}`, title, body, link: `/audits/${auditId}` });
  return { auditId, action, fromState: a.state, state: next, version: upd.version, eventId: Number(ev!.id), notified };
}

/** A notification message: kind (`audit.disclose`, `audit.overdue`…), title, body, link in the console. */
export interface StepMessage {
  kind: string;
  title: string;
  body: string;
  link: string | null;
}

/**
 * Writes one in-app message per recipient organisation (table `notifications`) and one `email`
 * outbox row per organisation (recipient `org:<id>`, sent by the dispatcher), in `tx`.
 * @param recipients SQL returning one column `org_id`
 * @returns the number of organisations notified
 */
export async function notifyStep(tx: Db, recipients: SQL, m: StepMessage): Promise<number> {
  const res = (await tx.execute(
    sql`with r as (select distinct org_id from (${recipients}) x where org_id is not null),
         inbox as (insert into notifications (recipient_org_id, kind, title, body, link) select org_id, ${m.kind}, ${m.title}, ${m.body}, ${m.link} from r returning recipient_org_id),
         outbox as (insert into notification_outbox (channel, recipient_org_id, recipient, payload)
                    select 'email', org_id, 'org:' || org_id, ${JSON.stringify(m)}::jsonb from r returning id)
         select (select count(*)::int from inbox) as n, (select count(*)::int from outbox) as o`,
  )) as unknown as { rows: { n: number }[] };
  return res.rows[0]?.n ?? 0;
}
