/**
 * Reading audits (issue 6 items 1, 2, 4): the paged list with filters and live overdue flags, the
 * record with its timeline, documents, deadlines (days left in Beijing time) and the actions the
 * caller may take, the prefilled disclosure form, and the overdue counts per area.
 */
import { AuditQuerySchema, funnelStageStates } from '@cpaudit/contracts';
import {
  DEFAULT_WORKFLOW_CONFIG,
  allowedActions,
  auditActions,
  beijingDateOf,
  daysBetween,
  decide,
  prefillDisclosure,
  workdaysLate,
  type Actor,
  type AuditAction,
} from '@cpaudit/domain';
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Db } from '../../db/client.ts';
import { toIsoCst } from '../../platform/clock.ts';
import { loadWorkCalendars } from '../calendar/calendar.service.ts';
import { AUDIT_DOCUMENT_OWNER, auditScopeSql, loadAudit, workflowActorOf, workflowViewOf, type AuditRow } from './audit-actions.ts';

type AuditQuery = z.infer<typeof AuditQuerySchema>;

/**
 * The per-step document checklist (issue 6 item 5, configurable): kinds required by the state
 * machine's {@link DEFAULT_WORKFLOW_CONFIG}.requiredDocuments, plus optional kinds offered for upload.
 * Override with `AUDIT_DOCUMENT_CHECKLIST` (JSON `{ action: { required: [...], optional: [...] } }`).
 */
export const DEFAULT_CHECKLIST: Record<string, { required: string[]; optional: string[] }> = Object.fromEntries(
  auditActions.map((a) => [
    a,
    {
      required: [...(DEFAULT_WORKFLOW_CONFIG.requiredDocuments[a] ?? [])],
      optional:
        {
          disclose: ['disclosureScreenshot'],
          start: ['consultingContract', 'auditPlan'],
          submitReport: ['optionsList', 'attachment'],
          passEvaluation: ['evaluationOpinion'],
          failEvaluation: ['evaluationOpinion'],
          startImplementation: ['implementationPlan'],
          passAcceptance: ['acceptanceOpinion'],
          failAcceptance: ['acceptanceOpinion'],
        }[a as string] ?? ['attachment'],
    },
  ]),
);

/** The checklist in force: the default, overridden per action by the JSON of `raw` when valid. */
export function checklistOf(raw: string | undefined): Record<string, { required: string[]; optional: string[] }> {
  if (!raw) return DEFAULT_CHECKLIST;
  try {
    const parsed = JSON.parse(raw) as Record<string, { required?: string[]; optional?: string[] }>;
    const out = { ...DEFAULT_CHECKLIST };
    for (const [k, v] of Object.entries(parsed)) {
      if (!(auditActions as readonly string[]).includes(k)) continue;
      out[k] = { required: (v.required ?? []).filter((s) => /^[a-z][A-Za-z0-9]{1,39}$/.test(s)), optional: (v.optional ?? []).filter((s) => /^[a-z][A-Za-z0-9]{1,39}$/.test(s)) };
    }
    return out;
  } catch {
    return DEFAULT_CHECKLIST;
  }
}

/** Every document kind of the checklist (what an upload may be). */
export function checklistKinds(checklist: Record<string, { required: string[]; optional: string[] }>): Set<string> {
  return new Set(Object.values(checklist).flatMap((c) => [...c.required, ...c.optional]));
}

/**
 * SQL predicate (alias `a`): the audit has a pending step whose last on-time day is before `today`
 * (Order 38 art. 11, 12, 17; acceptance application local practice), the live overdue test.
 */
export function overdueSql(today: string): SQL {
  return sql`((a.disclosed_on is null and a.state = 'listed' and a.disclosure_due < ${today})
    or (a.started_on is null and a.state in ('listed','disclosed') and a.start_due < ${today})
    or (a.report_submitted_on is null and a.state in ('listed','disclosed','started') and a.report_due < ${today})
    or (a.acceptance_applied_on is null and a.state in ('evaluationPassed','implementing') and a.acceptance_application_due < ${today}))`;
}

const STEP_SQL = (today: string) => sql`array_remove(array[
    case when a.disclosed_on is null and a.state = 'listed' and a.disclosure_due < ${today} then 'disclosure' end,
    case when a.started_on is null and a.state in ('listed','disclosed') and a.start_due < ${today} then 'start' end,
    case when a.report_submitted_on is null and a.state in ('listed','disclosed','started') and a.report_due < ${today} then 'report' end,
    case when a.acceptance_applied_on is null and a.state in ('evaluationPassed','implementing') and a.acceptance_application_due < ${today} then 'acceptanceApplication' end
  ], null)`;

/** The due date of the step an audit in its state must take next (null when none is pending); over `audits a`. */
export const NEXT_DUE_SQL = sql`case
    when a.state = 'listed' then a.disclosure_due
    when a.state = 'disclosed' then a.start_due
    when a.state = 'started' then a.report_due
    when a.state in ('evaluationPassed','implementing') then a.acceptance_application_due
    else null end`;

interface SummaryRow {
  id: number;
  enterprise_id: number;
  enterprise_name: string;
  uscc: string;
  list_year: number;
  audit_type: 'mandatory' | 'voluntary';
  mode: 'standard' | 'simplified' | 'park' | 'cluster';
  state: string;
  city_code: string;
  county_code: string;
  county_name: string | null;
  key_industry: string | null;
  next_due: string | null;
  overdue_steps: string[];
  version: number;
  updated_at: Date | string;
}

function present(r: SummaryRow, today: string) {
  return {
    id: r.id,
    enterpriseId: r.enterprise_id,
    enterpriseName: r.enterprise_name,
    uscc: r.uscc,
    listYear: r.list_year,
    auditType: r.audit_type,
    mode: r.mode,
    state: r.state as never,
    cityCode: r.city_code,
    countyCode: r.county_code,
    countyName: r.county_name,
    keyIndustry: r.key_industry,
    nextDue: r.next_due,
    daysLeft: r.next_due ? daysBetween(today, r.next_due) : null,
    overdueSteps: r.overdue_steps ?? [],
    version: r.version,
    updatedAt: toIsoCst(new Date(r.updated_at)),
  };
}

const SUMMARY_COLUMNS = (today: string) => sql`a.id, a.enterprise_id, e.name as enterprise_name, e.uscc, a.list_year, a.audit_type, a.mode, a.state, a.city_code, a.county_code,
  d.name as county_name, a.key_industry, (${NEXT_DUE_SQL})::text as next_due, ${STEP_SQL(today)} as overdue_steps, a.version, a.updated_at`;

/**
 * The audits the actor may see ({@link auditScopeSql}), filtered and paged, newest list year first,
 * then by county and credit code. `overdue=true` keeps audits with a missed deadline on `today`.
 */
export async function listAudits(database: Database, actor: Actor, query: AuditQuery, now: Date) {
  const today = beijingDateOf(now);
  const where: SQL[] = [auditScopeSql(actor)];
  if (query.listYear !== undefined) where.push(sql`a.list_year = ${query.listYear}`);
  if (query.auditType) where.push(sql`a.audit_type = ${query.auditType}`);
  if (query.state) where.push(sql`a.state = ${query.state}`);
  if (query.stage && query.stage !== 'listed') where.push(sql`a.state in (${sql.join(funnelStageStates[query.stage].map((s) => sql`${s}`), sql`, `)})`);
  if (query.cityCode) where.push(sql`a.city_code = ${query.cityCode}`);
  if (query.countyCode) where.push(sql`a.county_code = ${query.countyCode}`);
  if (query.keyIndustry) where.push(sql`a.key_industry = ${query.keyIndustry}`);
  if (query.overdue === 'true') where.push(overdueSql(today));
  if (query.overdue === 'false') where.push(sql`not ${overdueSql(today)}`);
  if (query.q) where.push(sql`(e.name like ${`%${query.q}%`} or e.uscc = ${query.q.toUpperCase()})`);
  const w = sql.join(where, sql` and `);
  const from = sql`from audits a join enterprises e on e.id = a.enterprise_id left join divisions d on d.code = a.county_code where ${w}`;
  const rows = await database.rows<SummaryRow>(
    sql`select ${SUMMARY_COLUMNS(today)} ${from} order by a.list_year desc, a.county_code, e.uscc, a.id limit ${query.pageSize} offset ${(query.current - 1) * query.pageSize}`,
  );
  const [count] = await database.rows<{ n: number }>(sql`select count(*)::int as n ${from}`);
  return { data: rows.map((r) => present(r, today)), total: count!.n, current: query.current, pageSize: query.pageSize };
}

/** Whether the actor sees audit `id` ({@link auditScopeSql}). */
export async function auditVisible(db: Db | Database, actor: Actor, id: number): Promise<boolean> {
  const q = sql`select exists (select 1 from audits a where a.id = ${id} and ${auditScopeSql(actor)}) as ok`;
  const rows = 'rows' in db && typeof db.rows === 'function' ? await (db as Database).rows<{ ok: boolean }>(q) : ((await (db as Db).execute(q)) as unknown as { rows: { ok: boolean }[] }).rows;
  return rows[0]?.ok === true;
}

/**
 * The audit record for the page: summary, parties, team, members, dates, deadlines with days left
 * (Beijing date of `now`), timeline (actor names, documents), documents, checklist and the
 * actions the actor may take now (domain `allowedActions`).
 */
export async function auditDetail(database: Database, actor: Actor, id: number, now: Date, checklist: Record<string, { required: string[]; optional: string[] }>) {
  const today = beijingDateOf(now);
  const db = database.db;
  const [r] = await database.rows<
    SummaryRow & {
      published_at: string;
      document_no: string;
      consulting_agency_id: number | null;
      agency_name: string | null;
      self_audit: boolean;
      audit_team: { name: string; role: string; employer?: string }[];
      lead_audit_id: number | null;
      acceptance_failures: number;
      disclosure_due: string | null;
      start_due: string | null;
      report_due: string | null;
      acceptance_application_due: string | null;
      disclosed_on: string | null;
      started_on: string | null;
      report_submitted_on: string | null;
      acceptance_applied_on: string | null;
      evaluation_passed_on: string | null;
      accepted_on: string | null;
      valid_until: string | null;
      reasons: unknown;
      disclosure: unknown;
    }
  >(sql`select ${SUMMARY_COLUMNS(today)}, a.published_at::text as published_at, a.document_no, a.consulting_agency_id, ca.name as agency_name, a.self_audit, a.audit_team,
      a.lead_audit_id, a.acceptance_failures, a.disclosure_due::text as disclosure_due, a.start_due::text as start_due, a.report_due::text as report_due,
      a.acceptance_application_due::text as acceptance_application_due, a.disclosed_on::text as disclosed_on, a.started_on::text as started_on,
      a.report_submitted_on::text as report_submitted_on, a.acceptance_applied_on::text as acceptance_applied_on, a.evaluation_passed_on::text as evaluation_passed_on,
      a.accepted_on::text as accepted_on, a.valid_until::text as valid_until, a.reasons, a.disclosure
    from audits a join enterprises e on e.id = a.enterprise_id left join divisions d on d.code = a.county_code
      left join consulting_agencies ca on ca.id = a.consulting_agency_id
    where a.id = ${id}`);
  if (!r) return null;
  // The region's stored calendar, Monday–Friday beyond its last year (as the deadlines themselves).
  const calendar = (await loadWorkCalendars(database)).provisional;
  const step = (s: 'disclosure' | 'start' | 'report' | 'acceptanceApplication', due: string | null, doneOn: string | null) => ({
    step: s,
    due,
    doneOn,
    daysLeft: due && !doneOn ? daysBetween(today, due) : null,
    overdue: (r.overdue_steps ?? []).includes(s),
    workdaysLate: workdaysLate(due, doneOn, calendar),
  });
  const members = await database.rows<{ id: number; name: string; disclosed_on: string | null }>(
    sql`select m.id, e.name, m.disclosed_on::text as disclosed_on from audits m join enterprises e on e.id = m.enterprise_id where m.lead_audit_id = ${id} order by m.id`,
  );
  const docs = await database.rows<{ id: number; kind: string; version: number; file_name: string; file_type: string; size_bytes: number; uploaded_at: Date | string }>(
    sql`select id, kind, version, file_name, file_type, size_bytes, uploaded_at from documents where owner_type = ${AUDIT_DOCUMENT_OWNER} and owner_id = ${id} order by id`,
  );
  const docById = new Map(docs.map((d) => [d.id, d]));
  const events = await database.rows<{ id: number; from_state: string; action: string; to_state: string; actor_name: string | null; actor_org_name: string | null; actor_role: string | null; at: Date | string; comment: string | null; document_ids: number[] }>(
    sql`select ev.id, ev.from_state, ev.action, ev.to_state, u.display_name as actor_name, o.name as actor_org_name, ev.actor_role, ev.at, ev.comment, ev.document_ids
        from audit_events ev left join users u on u.id = ev.actor_user_id left join orgs o on o.id = ev.actor_org_id where ev.audit_id = ${id} order by ev.at, ev.id`,
  );
  const row = (await loadAudit(db, id)) as AuditRow;
  const wfActor = workflowActorOf(actor);
  const view = await workflowViewOf(db, row);
  const allowed: AuditAction[] = wfActor ? allowedActions(view, wfActor) : [];
  // `start` brings the consulting choice in its own payload: offer it when that is all it lacks
  // (the step's form asks for the agency or self-audit; the server checks it again).
  if (wfActor && view.consulting === null && !allowed.includes('start') && decide({ ...view, consulting: { kind: 'self' } }, 'start', wfActor).ok) {
    allowed.splice(0, allowed.length, ...auditActions.filter((x) => x === 'start' || allowed.includes(x)));
  }
  return {
    ...present(r, today),
    publishedAt: r.published_at,
    documentNo: r.document_no,
    consultingAgencyId: r.consulting_agency_id,
    consultingAgencyName: r.agency_name,
    selfAudit: r.self_audit,
    auditTeam: r.audit_team ?? [],
    leadAuditId: r.lead_audit_id,
    members: members.map((m) => ({ auditId: m.id, enterpriseName: m.name, disclosedOn: m.disclosed_on })),
    acceptanceFailures: r.acceptance_failures,
    evaluationPassedOn: r.evaluation_passed_on,
    acceptedOn: r.accepted_on,
    validUntil: r.valid_until,
    reasons: r.reasons,
    disclosure: r.disclosure ?? null,
    deadlines: [
      step('disclosure', r.disclosure_due, r.disclosed_on),
      step('start', r.start_due, r.started_on),
      step('report', r.report_due, r.report_submitted_on),
      step('acceptanceApplication', r.acceptance_application_due, r.acceptance_applied_on),
    ],
    timeline: events.map((e) => ({
      id: Number(e.id),
      fromState: e.from_state,
      action: e.action,
      toState: e.to_state,
      actorName: e.actor_name,
      actorOrgName: e.actor_org_name,
      actorRole: e.actor_role,
      at: toIsoCst(new Date(e.at)),
      comment: e.comment,
      documents: (e.document_ids ?? []).flatMap((did) => {
        const d = docById.get(did);
        return d ? [{ id: d.id, kind: d.kind, fileName: d.file_name, version: d.version }] : [];
      }),
    })),
    documents: docs.map((d) => ({ id: d.id, kind: d.kind, version: d.version, fileName: d.file_name, fileType: d.file_type, sizeBytes: d.size_bytes, uploadedAt: toIsoCst(new Date(d.uploaded_at)) })),
    checklist,
    allowedActions: allowed,
  };
}

/**
 * The prefilled disclosure form (issue 6 item 2, Order 38 art. 11): the list entry's criteria and
 * {@link prefillDisclosure} of its evidence, the due day and days left, and the disclosure if made.
 */
export async function disclosureForm(database: Database, id: number, now: Date) {
  const today = beijingDateOf(now);
  const [r] = await database.rows<{ id: number; disclosure_due: string | null; disclosure: unknown; criteria: string[] | null; evidence: unknown; reasons: unknown }>(
    sql`select a.id, a.disclosure_due::text as disclosure_due, a.disclosure, x.criteria, x.evidence, a.reasons
        from audits a left join audit_list_entries x on x.id = a.list_entry_id where a.id = ${id}`,
  );
  if (!r) return null;
  const criteria = r.criteria ?? (Array.isArray(r.reasons) ? (r.reasons as { criterion?: string }[]).flatMap((x) => (x.criterion ? [x.criterion] : [])) : []);
  return {
    auditId: r.id,
    due: r.disclosure_due,
    daysLeft: r.disclosure_due ? daysBetween(today, r.disclosure_due) : null,
    criteria,
    form: prefillDisclosure(r.evidence),
    disclosure: r.disclosure ?? null,
  };
}

/** Overdue audits on `today` per city and county within the actor's scope, and how many are escalated. */
export async function overdueSummary(database: Database, actor: Actor, now: Date) {
  const today = beijingDateOf(now);
  const rows = await database.rows<{ city_code: string; city_name: string | null; county_code: string; county_name: string | null; overdue: number; escalated: number }>(
    sql`select a.city_code, c.name as city_name, a.county_code, d.name as county_name, count(*)::int as overdue,
          count(*) filter (where exists (select 1 from audit_overdue o where o.audit_id = a.id and o.resolved_on is null and o.escalated_on is not null))::int as escalated
        from audits a left join divisions d on d.code = a.county_code left join divisions c on c.code = a.city_code
        where ${auditScopeSql(actor)} and ${overdueSql(today)}
        group by a.city_code, c.name, a.county_code, d.name order by a.city_code, a.county_code`,
  );
  return rows.map((r) => ({ cityCode: r.city_code, cityName: r.city_name, countyCode: r.county_code, countyName: r.county_name, overdue: r.overdue, escalated: r.escalated }));
}

/** The published disclosure of an audit (no login): only the disclosed fields, null when not disclosed. */
export async function publicDisclosure(database: Database, id: number) {
  const [r] = await database.rows<{ id: number; name: string; uscc: string; list_year: number; disclosure: { channel: string | null; url: string | null; fields: unknown; disclosedOn: string; late: boolean } | null }>(
    sql`select a.id, e.name, e.uscc, a.list_year, a.disclosure from audits a join enterprises e on e.id = a.enterprise_id
        where a.id = ${id} and a.publication_id is not null and a.disclosure is not null`,
  );
  if (!r || !r.disclosure) return null;
  return {
    auditId: r.id,
    enterpriseName: r.name,
    uscc: r.uscc,
    listYear: r.list_year,
    disclosedOn: r.disclosure.disclosedOn,
    channel: r.disclosure.channel,
    url: r.disclosure.url,
    late: r.disclosure.late === true,
    fields: r.disclosure.fields ?? null,
  };
}
