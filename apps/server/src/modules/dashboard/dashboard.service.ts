/**
 * Dashboard figures (issue 8 items 1–3): the audits of one list year in the actor's area, by stage
 * and by division, read straight from `audits` at request time (no nightly batch, so a write shows
 * at once). One grouped query (`auditGroupsSql`, the "plain aggregate" of `bench dashboard`) returns
 * up to a few thousand groups (county × type × state × publication date × key industry ×
 * disclosed late; 8,099 for the region on the 100,000-enterprise benchmark); the stage and
 * overdue figures are derived from the groups in memory with the domain's `overdueDeadlines`
 * (清洁生产审核办法 Order 38 art. 11, 12, 17), for the Beijing date of the clock.
 */
import {
  DEFAULT_WORKFLOW_CONFIG,
  allowedActions,
  beijingDateOf,
  daysBetween,
  overdueDeadlines,
  computeAuditDeadlines,
  scopeFilterOf,
  workflowRoleOf,
  type Actor,
  type AuditState,
  type IsoDate,
  type WorkCalendar,
} from '@cpaudit/domain';
import type { DashboardDivisionRow, DashboardFigures, DashboardSummary, MyAudits } from '@cpaudit/contracts';
import { auditStateValues, funnelStageStates, type AgencyHome } from '@cpaudit/contracts';
import { listAudits, NEXT_DUE_SQL } from '../audits/audits.service.ts';
import { auditScopeSql as agencyScopeSql } from '../audits/audit-actions.ts';
import { sql, type SQL } from 'drizzle-orm';
import type { AppDeps } from '../../app.ts';
import { scopeFilterSql } from '../../platform/scope-sql.ts';
import { reportingStatus } from '../reporting/annual-reports.service.ts';
import { parsePeriod } from '../reporting/action-plans.service.ts';
import { loadWorkCalendars } from '../calendar/calendar.service.ts';


/** One group of the aggregate query. */
export interface AuditGroup {
  county_code: string;
  audit_type: 'mandatory' | 'voluntary';
  state: AuditState;
  published_at: string;
  key_industry: string | null;
  /** Disclosed after its disclosure deadline (Order 38 art. 11): `disclosed_on` later than `disclosure_due`. */
  disclosed_late: boolean;
  n: number;
}

/** The actor's area over `audits a` (county code; an enterprise user only its own audits). */
export function auditScopeSql(actor: Actor): SQL {
  return scopeFilterSql(scopeFilterOf(actor), { division: sql`a.county_code`, enterpriseId: sql`a.enterprise_id` });
}

/**
 * THE aggregate of the dashboard: audits of `listYear` (and `keyIndustry` when given) in the
 * actor's area, counted per county, type, state, publication date and key industry.
 * Uses `audits_year_idx` (migration 0005); `audits_dashboard_idx` (0013) covers its other columns.
 */
export function auditGroupsSql(actor: Actor, listYear: number, keyIndustry: string | null): SQL {
  return sql`select a.county_code, a.audit_type, a.state, a.published_at::text as published_at, a.key_industry,
      coalesce(a.disclosed_on > a.disclosure_due, false) as disclosed_late, count(*)::int as n
    from audits a
    where a.list_year = ${listYear} and ${auditScopeSql(actor)} ${keyIndustry === null ? sql`` : sql`and a.key_industry = ${keyIndustry}`}
    group by 1, 2, 3, 4, 5, 6`;
}

const DISCLOSED_NOT: ReadonlySet<string> = new Set(['listed', 'rolledOver']);
const STARTED_NOT: ReadonlySet<string> = new Set(['listed', 'disclosed', 'rolledOver']);
const REPORTED: ReadonlySet<string> = new Set(['reportSubmitted', 'evaluation', 'evaluationPassed', 'evaluationFailed', 'implementing', 'acceptanceApplied', 'acceptance', 'accepted', 'acceptanceFailed']);
const APPLIED: ReadonlySet<string> = new Set(['acceptanceApplied', 'acceptance', 'accepted', 'acceptanceFailed']);
// The funnel figures count the states the audits list's `stage` filter lists (contracts funnelStageStates).
const IN_STAGE = {
  disclosed: new Set<string>(funnelStageStates.disclosed),
  started: new Set<string>(funnelStageStates.started),
  evaluated: new Set<string>(funnelStageStates.evaluated),
};

/**
 * The deadlines an audit in `state`, published on `published`, has missed on `today`
 * (domain `overdueDeadlines`). The `audits` table holds the state, not the dates of the steps
 * (those come with the workflow's `audit_events`), so a step the state has passed counts as done;
 * accepted and rolled-over audits have nothing pending; voluntary audits have no deadlines.
 */
export function overdueOf(type: 'mandatory' | 'voluntary', state: string, published: IsoDate, today: IsoDate, calendar: WorkCalendar) {
  if (type !== 'mandatory' || state === 'accepted' || state === 'rolledOver') return [];
  const done = (yes: boolean): IsoDate | null => (yes ? published : null);
  return overdueDeadlines(
    {
      published,
      evaluationPassed: null,
      disclosedOn: done(!DISCLOSED_NOT.has(state)),
      startedOn: done(!STARTED_NOT.has(state)),
      reportSubmittedOn: done(REPORTED.has(state)),
      acceptanceAppliedOn: done(APPLIED.has(state)),
    },
    today,
    calendar,
  );
}

/**
 * What a group of audits counts towards, the same for every group of one type, state and
 * publication date (so computed once per such triple): `overdue` from {@link overdueOf} for the
 * request's date and calendar, the stage flags from the state.
 */
interface GroupKind {
  mandatory: boolean;
  disclosed: boolean;
  started: boolean;
  evaluated: boolean;
  accepted: boolean;
  rolledOver: boolean;
  overdue: boolean;
}

function kindOf(g: AuditGroup, today: IsoDate, calendar: WorkCalendar): GroupKind {
  return {
    mandatory: g.audit_type === 'mandatory',
    disclosed: IN_STAGE.disclosed.has(g.state),
    started: IN_STAGE.started.has(g.state),
    evaluated: IN_STAGE.evaluated.has(g.state),
    accepted: g.state === 'accepted',
    rolledOver: g.state === 'rolledOver',
    overdue: overdueOf(g.audit_type, g.state, g.published_at, today, calendar).length > 0,
  };
}

function emptyFigures(): DashboardFigures {
  return { listed: 0, mandatory: 0, voluntary: 0, disclosed: 0, disclosedOnTime: 0, started: 0, evaluated: 0, accepted: 0, overdue: 0, rolledOver: 0, onTimeRate: null, completionRate: null };
}

/** Adds `n` audits of kind `k` (disclosed late or not) to `f` (rates are finished by {@link finish}). */
function add(f: DashboardFigures, k: GroupKind, n: number, disclosedLate: boolean): void {
  f.listed += n;
  if (k.mandatory) f.mandatory += n;
  else f.voluntary += n;
  if (k.disclosed) {
    f.disclosed += n;
    // The workflow records the disclosure day (`disclosed_on`); an audit disclosed without one counts as on time.
    if (!disclosedLate) f.disclosedOnTime += n;
  }
  if (k.started) f.started += n;
  if (k.evaluated) f.evaluated += n;
  if (k.accepted) f.accepted += n;
  if (k.rolledOver) f.rolledOver += n;
  if (k.overdue) f.overdue += n;
}

function finish(f: DashboardFigures): DashboardFigures {
  f.onTimeRate = f.mandatory === 0 ? null : round4((f.mandatory - f.overdue) / f.mandatory);
  f.completionRate = f.listed === 0 ? null : round4(f.accepted / f.listed);
  return f;
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/**
 * The list years that have audits in the actor's area, newest first: a loose index scan (one
 * `order by list_year desc limit 1` probe of `audits_year_idx` per year, a handful of years) instead
 * of reading every audit of the area. Same result as
 * `select distinct list_year from audits a where <scope> order by 1 desc`. A probe reads past the
 * audits of other areas of a year until it finds one of the actor's, so a small area costs at
 * most about one scan of those index entries.
 */
export function auditYearsSql(actor: Actor): SQL {
  const scope = auditScopeSql(actor);
  return sql`with recursive ys(y) as (
      (select a.list_year from audits a where ${scope} order by a.list_year desc limit 1)
      union all
      select (select a.list_year from audits a where a.list_year < ys.y and ${scope} order by a.list_year desc limit 1) from ys where ys.y is not null
    )
    select ys.y::int as y from ys where ys.y is not null order by 1 desc`;
}

/** The area of the dashboard: the user's division. */
export type DashboardArea = DashboardSummary['area'];

/**
 * Computes the {@link DashboardSummary} of list year `listYear` (default: the newest year with
 * audits in the area, else the current Beijing year) for the actor's area.
 * Divisions: a region user sees the 14 cities, a city user its counties, a county user itself.
 */
export async function getDashboardSummary(
  deps: AppDeps,
  actor: Actor,
  area: DashboardArea,
  query: { listYear?: number | undefined; keyIndustry?: string | undefined },
): Promise<DashboardSummary> {
  const { rows } = deps.database;
  const now = deps.clock.now();
  const today = beijingDateOf(now);
  const yearsQuery = rows<{ y: number }>(auditYearsSql(actor)).then((r) => r.map((x) => x.y));
  // With the year given, every query runs at once; without it, the newest year comes first.
  const years = query.listYear === undefined ? await yearsQuery : null;
  const listYear = query.listYear ?? years?.[0] ?? Number(today.slice(0, 4));
  const keyIndustry = query.keyIndustry ?? null;

  const divisionWhere =
    area.level === 'region' ? sql`d.level = 'city'` : area.level === 'city' ? sql`d.parent_code = ${area.divisionCode}` : sql`d.code = ${area.divisionCode}`;
  const [groups, divisionRows, industries, matrix, allYears, calendars] = await Promise.all([
    rows<AuditGroup>(auditGroupsSql(actor, listYear, keyIndustry)),
    rows<{ code: string; name: string }>(sql`select d.code, d.name from divisions d where ${divisionWhere} order by d.code`),
    rows<{ key: string; name_zh: string }>(sql`select k.key, k.name_zh from key_industries k order by k.sort_order, k.key`),
    area.level === 'county'
      ? null
      : reportingStatus(deps.database.db, scopeFilterOf(actor, 'area'), listYear, parsePeriod(deps.env.ACTION_PLAN_PERIOD), deps.env.REPORT_REMINDER_DAYS, now),
    years ?? yearsQuery,
    loadWorkCalendars(deps.database),
  ]);
  const tags = new Map((matrix?.rows ?? []).map((r) => [r.cityCode, r]));

  const calendar = calendars.provisional;
  // One pass over the groups; what a group counts towards is worked out once per type, state and
  // publication date (`kinds`), and each county's division figures are looked up once (`byCounty`).
  const kinds = new Map<string, GroupKind>();
  const totals = emptyFigures();
  const byDivision = new Map<string, DashboardFigures>();
  const byCounty = new Map<string, DashboardFigures>();
  const byIndustry = new Map<string, DashboardFigures>();
  for (const g of groups) {
    const key = `${g.audit_type}|${g.state}|${g.published_at}`;
    let k = kinds.get(key);
    if (k === undefined) {
      k = kindOf(g, today, calendar);
      kinds.set(key, k);
    }
    const n = g.n;
    const late = g.disclosed_late;
    add(totals, k, n, late);
    let div = byCounty.get(g.county_code);
    if (div === undefined) {
      const d = area.level === 'region' ? `${g.county_code.slice(0, 4)}00` : g.county_code;
      div = byDivision.get(d);
      if (div === undefined) byDivision.set(d, (div = emptyFigures()));
      byCounty.set(g.county_code, div);
    }
    add(div, k, n, late);
    if (g.key_industry !== null) {
      let ind = byIndustry.get(g.key_industry);
      if (ind === undefined) byIndustry.set(g.key_industry, (ind = emptyFigures()));
      add(ind, k, n, late);
    }
  }
  finish(totals);
  const divisions: DashboardDivisionRow[] = divisionRows.map((d) => {
    const tag = area.level === 'region' ? tags.get(d.code) : undefined;
    return {
      divisionCode: d.code,
      name: d.name,
      ...finish(byDivision.get(d.code) ?? emptyFigures()),
      list: tag?.list ?? null,
      actionPlan: tag?.actionPlan ?? null,
      annualReport: tag?.annualReport ?? null,
    };
  });
  return {
    area,
    listYear,
    keyIndustry,
    today,
    years: allYears,
    totals,
    funnel: [
      { stage: 'listed', count: totals.listed },
      { stage: 'disclosed', count: totals.disclosed },
      { stage: 'started', count: totals.started },
      { stage: 'evaluated', count: totals.evaluated },
      { stage: 'accepted', count: totals.accepted },
    ],
    divisions,
    byKeyIndustry: industries.map((k) => {
      const f = byIndustry.get(k.key) ?? emptyFigures();
      return { key: k.key, nameZh: k.name_zh, listed: f.listed, accepted: f.accepted, overdue: f.overdue };
    }),
  };
}

/**
 * Enterprise home (issue 8 item 2): the audits of the caller's enterprise, newest list year
 * first, with the next pending deadline and its days left (Beijing date), the missed ones, and the
 * workflow actions the enterprise may take now (domain `allowedActions`; the document
 * preconditions are left to the audit page, so `disclose` shows before the proof is uploaded).
 * Non-enterprise callers get no audits (the agency's link to its audits comes with the workflow).
 */
export async function getMyAudits(deps: AppDeps, actor: Actor): Promise<MyAudits> {
  const today = beijingDateOf(deps.clock.now());
  if (actor.enterpriseId === null) return { today, audits: [] };
  const rows = await deps.database.rows<{ id: number; list_year: number; audit_type: 'mandatory' | 'voluntary'; state: AuditState; mode: string; document_no: string; published_at: string }>(sql`
    select a.id, a.list_year::int as list_year, a.audit_type, a.state, a.mode, a.document_no, a.published_at::text as published_at
    from audits a where a.enterprise_id = ${actor.enterpriseId} order by a.list_year desc, a.id desc`);
  const role = workflowRoleOf(actor.role);
  const calendar = (await loadWorkCalendars(deps.database)).provisional;
  return {
    today,
    audits: rows.map((a) => {
      const overdue = overdueOf(a.audit_type, a.state, a.published_at, today, calendar);
      let nextDeadline: MyAudits['audits'][number]['nextDeadline'] = null;
      if (a.audit_type === 'mandatory' && a.state !== 'accepted' && a.state !== 'rolledOver') {
        const due = computeAuditDeadlines({ published: a.published_at, evaluationPassed: null }, calendar);
        const pending: [string, IsoDate | null][] = [
          ['disclosure', DISCLOSED_NOT.has(a.state) ? due.disclosureDue : null],
          ['start', STARTED_NOT.has(a.state) ? due.startDue : null],
          ['report', REPORTED.has(a.state) ? null : due.reportDue],
        ];
        const first = pending.find(([, d]) => d !== null);
        if (first) nextDeadline = { step: first[0], due: first[1]!, daysLeft: daysBetween(today, first[1]!) };
      }
      const actions =
        role === null
          ? []
          : allowedActions(
              { state: a.state, mode: a.mode as 'standard', type: a.audit_type, enterpriseOrgId: actor.orgId, consulting: null, members: [], documents: [], optionCount: 0, panelDrawn: false, panelOutcome: null, acceptanceFailures: 0 },
              { role, orgId: actor.orgId },
              { ...DEFAULT_WORKFLOW_CONFIG, requiredDocuments: {} },
            );
      return { id: a.id, listYear: a.list_year, auditType: a.audit_type, state: a.state, documentNo: a.document_no, nextDeadline, overdue, actions };
    }),
  };
}

/**
 * Consulting-agency home (issue 8 item 2): the audits the actor's agency consults on
 * (`auditScopeSql`: `consulting_agency_id` of the actor's organisation), counted by state, the
 * nearest pending deadline among them (Beijing date of the clock) and the 200 newest audits.
 * Any other actor gets an empty home.
 */
export async function getAgencyHome(deps: AppDeps, actor: Actor): Promise<AgencyHome> {
  const now = deps.clock.now();
  const today = beijingDateOf(now);
  if (actor.orgKind !== 'consultingAgency') return { today, total: 0, byState: [], nextDeadline: null, audits: [] };
  const scope = agencyScopeSql(actor);
  const counts = await deps.database.rows<{ state: AuditState; n: number }>(sql`select a.state, count(*)::int as n from audits a where ${scope} group by 1`);
  const byCount = new Map(counts.map((c) => [c.state, c.n]));
  const [next] = await deps.database.rows<{ id: number; name: string; state: AuditState; due: string }>(sql`
    select a.id, e.name, a.state, (${NEXT_DUE_SQL})::text as due from audits a join enterprises e on e.id = a.enterprise_id
    where ${scope} and (${NEXT_DUE_SQL}) is not null order by 4, a.id limit 1`);
  const page = await listAudits(deps.database, actor, { current: 1, pageSize: 200 }, now);
  return {
    today,
    total: page.total,
    byState: auditStateValues.filter((st) => byCount.has(st)).map((st) => ({ state: st, count: byCount.get(st)! })),
    nextDeadline: next ? { auditId: next.id, enterpriseName: next.name, state: next.state, due: next.due, daysLeft: daysBetween(today, next.due) } : null,
    audits: page.data,
  };
}
