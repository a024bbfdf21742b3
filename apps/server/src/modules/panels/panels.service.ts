/**
 * Expert panels (评审专家组) of an audit's evaluation (评估) or acceptance (验收), the experts'
 * scoring sheets and the panel decision (issue 6 items 7–8).
 *
 * - The draw input is built from the database: the whole expert pool with this year's assignment
 *   counts, the enterprise's and its consulting agency's credit codes, the consulting team, and
 *   the reviews of the same enterprise kept in `panel_members`/`review_panels`; the pure
 *   `drawPanel` (packages/domain/src/panel) does the recusal and the seeded draw
 *   (regulations.md §2; forms-and-procedures.md §6).
 * - Every write commits with its audit-log row in one transaction, checks the `version` of the
 *   row it changes (409 CONFLICT when stale), and moves the audit through {@link applyPanelStep}.
 */
import crypto from 'node:crypto';
import type { Panel, PanelStage, ScoreSheetInput, ScoringTemplate } from '@cpaudit/contracts';
import {
  drawPanel,
  drawReplacement,
  PanelDrawError,
  panelResult,
  ReviewSheetError,
  sheetTotal,
  type Actor,
  type PanelRequest,
  type PoolExpert,
  type SheetTemplate,
} from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { writeAuditLog, type AuditEntry } from '../../platform/audit-log.ts';
import { toIsoCst } from '../../platform/clock.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { applyPanelStep } from './panels.workflow.ts';

/** The audit-log fields of the request; the action and object are added here. */
export type PanelContext = Omit<AuditEntry, 'action' | 'result' | 'objectType' | 'objectId' | 'details'> & {
  at: Date;
  actorUserId: number;
  actorUsername: string;
  orgId: number;
  orgName: string;
  /** The acting user as the domain sees it (role, organisation, area). */
  actor: Actor;
};

/** Years before the draw year in which a review of the same enterprise excludes an expert (configurable local practice). */
export const RECENT_REVIEW_YEARS = 3;

/** The audit states from which a panel of each stage may be drawn (the first applies `drawPanel`). */
const DRAW_STATES: Record<PanelStage, readonly string[]> = { evaluation: ['reportSubmitted', 'evaluation'], acceptance: ['acceptanceApplied', 'acceptance'] };

type Tx = Db;
async function rows<T>(tx: Tx, q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await tx.execute(q)) as unknown as { rows: T[] }).rows;
}
async function inTx<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return database.db.transaction(async (txRaw) => fn(txRaw as unknown as Tx));
}

/** The audit as the panels module needs it. */
export interface PanelAudit {
  id: number;
  enterpriseId: number;
  enterpriseName: string;
  enterpriseUscc: string;
  countyCode: string;
  cityCode: string;
  state: string;
  mode: string;
  listYear: number;
  keyIndustry: string | null;
  agencyName: string | null;
  agencyUscc: string | null;
  version: number;
}

/** Loads an audit with its enterprise, or throws NOT_FOUND. `lock` takes a row lock (inside a transaction). */
export async function loadAudit(tx: Tx, auditId: number, lock = false): Promise<PanelAudit> {
  const [a] = await rows<PanelAudit>(
    tx,
    sql`select a.id, a.enterprise_id as "enterpriseId", e.name as "enterpriseName", e.uscc as "enterpriseUscc",
          a.county_code as "countyCode", a.city_code as "cityCode", a.state, a.mode, a.list_year as "listYear",
          coalesce(a.key_industry, e.key_industry) as "keyIndustry", ca.name as "agencyName", ca.uscc as "agencyUscc", a.version
        from audits a join enterprises e on e.id = a.enterprise_id left join consulting_agencies ca on ca.id = a.consulting_agency_id where a.id = ${auditId} ${lock ? sql`for update of a` : sql``}`,
  );
  if (!a) throw new AppError('NOT_FOUND', '审核记录不存在');
  return a;
}

/**
 * The consulting agency's credit code and the experts who served on the enterprise's consulting
 * (audit) team. Experts are matched by expert id when the team lists them, else by name and
 * employer credit code equal to the agency's.
 */
async function consultingParties(tx: Tx, audit: PanelAudit): Promise<{ agencyUscc: string | null; teamExpertIds: number[] }> {
  // The audit team is `[{ name, role, employer? }]` (workflow `start`); an expert whose name is on
  // it is excluded whatever the employer (recusal errs on the safe side: a namesake is excluded too).
  const team = await rows<{ id: number }>(
    tx,
    sql`select x.id from experts x, audits a, jsonb_array_elements(a.audit_team) m
        where a.id = ${audit.id} and jsonb_typeof(a.audit_team) = 'array' and m->>'name' = x.name order by x.id`,
  );
  return { agencyUscc: audit.agencyUscc, teamExpertIds: [...new Set(team.map((t) => t.id))] };
}

/** The year (Beijing time) of an instant. */
function beijingYear(d: Date): number {
  return new Date(d.getTime() + 8 * 3600_000).getUTCFullYear();
}

/** The pool with this year's assignment counts (seats not replaced on panels drawn this Beijing year). */
async function loadPool(tx: Tx, year: number): Promise<(PoolExpert & { employerName: string })[]> {
  const r = await rows<{ id: number; name: string; employerName: string; employerUscc: string | null; specialities: string[]; available: boolean; n: number }>(
    tx,
    sql`select x.id, x.name, x.employer_name as "employerName", x.employer_uscc as "employerUscc", x.specialities, x.available,
          (select count(*)::int from panel_members m join review_panels p on p.id = m.panel_id
            where m.expert_id = x.id and m.replaced_by is null and m.response <> 'declined'
              and extract(year from p.drawn_at at time zone 'Asia/Shanghai') = ${year}) as n
        from experts x order by x.id`,
  );
  // 'energy' (the key industry 能源) also counts as the cross-cutting energy-saving speciality of the domain.
  return r.map((x) => ({ ...x, specialities: x.specialities.flatMap((s) => (s === 'energy' ? ['energy', 'energy_saving'] : [s])), assignmentsThisYear: x.n }));
}

/** Earlier reviews of the enterprise by each expert (seats that were not declined or replaced), with the Beijing year. */
async function pastReviews(tx: Tx, enterpriseId: number): Promise<PanelRequest['pastReviews']> {
  const r = await rows<{ expertId: number; year: number }>(
    tx,
    sql`select m.expert_id as "expertId", extract(year from p.drawn_at at time zone 'Asia/Shanghai')::int as year
        from panel_members m join review_panels p on p.id = m.panel_id join audits a on a.id = p.audit_id
        where a.enterprise_id = ${enterpriseId} and m.replaced_by is null and m.response <> 'declined'`,
  );
  return r.map((x) => ({ ...x, enterpriseId }));
}

/** The draw input of an audit (pool + request). */
export async function drawInput(tx: Tx, audit: PanelAudit, at: Date): Promise<{ pool: (PoolExpert & { employerName: string })[]; request: PanelRequest }> {
  if (!audit.keyIndustry) throw new AppError('RULE_VIOLATION', '该审核没有所属重点行业，无法按专业抽取专家', { field: 'keyIndustry' });
  const year = beijingYear(at);
  const parties = await consultingParties(tx, audit);
  return {
    pool: await loadPool(tx, year),
    request: {
      keyIndustry: audit.keyIndustry,
      enterpriseId: audit.enterpriseId,
      enterpriseUscc: audit.enterpriseUscc,
      agencyUscc: parties.agencyUscc,
      consultingTeamExpertIds: parties.teamExpertIds,
      pastReviews: await pastReviews(tx, audit.enterpriseId),
      year,
    },
  };
}

function drawError(e: unknown): never {
  if (e instanceof PanelDrawError) {
    const zh: Record<PanelDrawError['code'], string> = {
      invalidSize: '专家人数应为不小于 3 的奇数',
      invalidSeed: '随机种子应为 0–4294967295 的整数',
      notEnoughEligible: '符合条件的专家不足',
      noIndustryExpert: '没有符合条件的本行业专家',
    };
    throw new AppError('RULE_VIOLATION', `${zh[e.code]}（${e.message}）`, { violation: e.code });
  }
  throw e;
}

/** A fresh random seed (unsigned 32-bit), recorded with the draw. */
function newSeed(): number {
  return crypto.randomInt(0, 0x100000000);
}

async function activeTemplate(tx: Tx, kind: PanelStage): Promise<{ id: number; title: string; body: SheetTemplate }> {
  const [t] = await rows<{ id: number; title: string; body: SheetTemplate }>(tx, sql`select id, title, body from scoring_templates where kind = ${kind} and active order by id desc limit 1`);
  if (!t) throw new AppError('RULE_VIOLATION', `没有启用的${kind === 'evaluation' ? '评估' : '验收'}评分表`);
  return t;
}

function templateOut(t: { id: number; title: string; body: SheetTemplate }): ScoringTemplate {
  const b = t.body;
  return {
    id: t.id,
    title: t.title,
    kind: b.kind,
    version: b.version,
    localPractice: b.localPractice,
    totalPoints: b.totalPoints,
    items: [...b.items],
    vetoItems: [...b.vetoItems],
    passWithRevisionsFrom: b.passWithRevisionsFrom,
    passFrom: b.passFrom,
    vetoRule: b.vetoRule,
  };
}

function log(tx: Tx, ctx: PanelContext, action: string, objectType: string, objectId: number, details: Record<string, unknown>): Promise<void> {
  const { actor: _actor, ...audit } = ctx;
  return writeAuditLog(tx, { ...audit, action, result: 'success', objectType, objectId, details });
}

/**
 * Draws the panel of `stage` for the audit (POST /api/v1/audits/:id/panels): refuses unless the
 * audit is in `reportSubmitted`/`evaluation` (evaluation) or `acceptanceApplied`/`acceptance`
 * (acceptance; not in `simplified` mode, where evaluation and acceptance are one review), or when
 * an undecided panel of the stage exists. Keeps the seed, the pool and each exclusion, inserts the
 * members, writes `panel.draw` to the audit log and applies `drawPanel` from the first state.
 * @returns the new panel id
 * @throws AppError INVALID_STATE_TRANSITION, CONFLICT (an open panel), RULE_VIOLATION (draw failed)
 */
export async function drawForAudit(database: Database, auditId: number, input: { stage: PanelStage; size?: number; seed?: number; comment?: string; version?: number }, ctx: PanelContext) {
  const seed = input.seed ?? newSeed();
  const size = input.size ?? 3;
  try {
    return await inTx(database, async (tx) => {
      const audit = await loadAudit(tx, auditId, true);
      if (input.version !== undefined && input.version !== audit.version) throw new AppError('CONFLICT', '该审核已被他人更新，请刷新后重试', { currentVersion: audit.version });
      if (!DRAW_STATES[input.stage].includes(audit.state) || (input.stage === 'acceptance' && audit.mode === 'simplified')) {
        throw new AppError('INVALID_STATE_TRANSITION', `审核当前状态为 ${audit.state}，不能抽取${input.stage === 'evaluation' ? '评估' : '验收'}专家组`, {
          state: audit.state,
          stage: input.stage,
        });
      }
      const [open] = await rows<{ id: number }>(tx, sql`select id from review_panels where audit_id = ${auditId} and stage = ${input.stage} and status <> 'decided'`);
      if (open) throw new AppError('CONFLICT', '该审核已有未完成的专家组，请重新抽取或替换专家', { panelId: open.id });
      const { pool, request } = await drawInput(tx, audit, ctx.at);
      let draw;
      try {
        draw = drawPanel(pool, request, { seed, size, recentReviewYears: RECENT_REVIEW_YEARS });
      } catch (e) {
        drawError(e);
      }
      const names = new Map(pool.map((p) => [p.id, p.name]));
      const template = await activeTemplate(tx, input.stage);
      const exclusions = draw.excluded.map((x) => ({ expertId: x.expertId, name: names.get(x.expertId) ?? '', reason: x.reason }));
      const [panel] = await rows<{ id: number }>(
        tx,
        sql`insert into review_panels (audit_id, stage, seed, size, template_id, eligible, exclusions, draws, drawn_by, drawn_at)
            values (${auditId}, ${input.stage}, ${seed}, ${size}, ${template.id}, ${JSON.stringify(draw.eligible)}::jsonb, ${JSON.stringify(exclusions)}::jsonb,
              ${JSON.stringify([{ kind: 'draw', at: toIsoCst(ctx.at), by: ctx.actorUsername, seed, size, panel: draw.panel.map((p) => p.expertId) }])}::jsonb,
              ${ctx.actorUserId}, ${ctx.at})
            returning id`,
      );
      for (const [i, m] of draw.panel.entries()) {
        await tx.execute(sql`insert into panel_members (panel_id, expert_id, role, seat) values (${panel!.id}, ${m.expertId}, ${m.industryExpert ? 'industry' : 'other'}, ${i + 1})`);
      }
      await log(tx, ctx, 'panel.draw', 'reviewPanel', panel!.id, {
        auditId,
        stage: input.stage,
        seed,
        size,
        panel: draw.panel.map((p) => p.expertId),
        eligible: draw.eligible.length,
        excluded: draw.excluded,
      });
      if (audit.state === 'reportSubmitted' || audit.state === 'acceptanceApplied') {
        await applyPanelStep(tx, { auditId, action: 'drawPanel', actor: stepActor(ctx), version: audit.version, at: ctx.at, comment: input.comment ?? null, ip: ctx.ip ?? null, requestId: ctx.requestId ?? null });
      }
      return { id: panel!.id };
    });
  } catch (e) {
    throw uniqueToConflict(e);
  }
}

const OUTCOME_ZH = { pass: '通过', passWithRevisions: '补充完善后通过', fail: '不通过' } as const;

function stepActor(ctx: PanelContext) {
  return { ...ctx.actor, username: ctx.actorUsername, orgName: ctx.orgName };
}

/** A unique-index race (two draws at once) becomes 409 CONFLICT. */
function uniqueToConflict(e: unknown): unknown {
  if (isUniqueViolation(e)) return new AppError('CONFLICT', '专家组已被他人修改，请刷新后重试');
  return e;
}

interface PanelRow {
  id: number;
  auditId: number;
  stage: PanelStage;
  seed: number;
  size: number;
  templateId: number;
  eligible: number[];
  exclusions: { expertId: number; name: string; reason: string }[];
  draws: Record<string, unknown>[];
  drawnAt: Date;
  drawnBy: string | null;
  status: 'drawn' | 'scoring' | 'decided';
  result: Panel['result'];
  decidedAt: Date | null;
  version: number;
}

/** Loads a panel row (with `for update` inside a write) or throws NOT_FOUND. */
async function loadPanel(tx: Tx, panelId: number, lock = false): Promise<PanelRow> {
  const [p] = await rows<PanelRow>(
    tx,
    sql`select p.id, p.audit_id as "auditId", p.stage, p.seed::float8 as seed, p.size, p.template_id as "templateId", p.eligible, p.exclusions, p.draws,
          p.drawn_at as "drawnAt", u.username as "drawnBy", p.status, p.result, p.decided_at as "decidedAt", p.version
        from review_panels p left join users u on u.id = p.drawn_by where p.id = ${panelId} ${lock ? sql`for update of p` : sql``}`,
  );
  if (!p) throw new AppError('NOT_FOUND', '专家组不存在');
  return { ...p, seed: Number(p.seed), drawnAt: new Date(p.drawnAt), decidedAt: p.decidedAt ? new Date(p.decidedAt) : null };
}

/** The audit id of a panel (for the area check before anything else), or NOT_FOUND. */
export async function auditOfPanel(database: Database, panelId: number): Promise<PanelAudit> {
  const [p] = await database.rows<{ auditId: number }>(sql`select audit_id as "auditId" from review_panels where id = ${panelId}`);
  if (!p) throw new AppError('NOT_FOUND', '专家组不存在');
  return loadAudit(database.db, p.auditId);
}

interface MemberRow {
  id: number;
  expertId: number;
  name: string;
  account: string | null;
  employerName: string;
  title: string;
  role: 'industry' | 'other';
  seat: number;
  response: 'invited' | 'accepted' | 'declined';
  replacedBy: number | null;
  sheetId: number | null;
  scores: Record<string, number> | null;
  vetoes: string[] | null;
  comment: string | null;
  submittedAt: Date | null;
  sheetVersion: number | null;
}

async function loadMembers(tx: Tx, panelId: number): Promise<MemberRow[]> {
  return rows<MemberRow>(
    tx,
    sql`select m.id, m.expert_id as "expertId", x.name, u.username as account, x.employer_name as "employerName", x.title, m.role, m.seat, m.response, m.replaced_by as "replacedBy",
          s.id as "sheetId", s.scores, s.vetoes, s.comment, s.submitted_at as "submittedAt", s.version as "sheetVersion"
        from panel_members m join experts x on x.id = m.expert_id left join users u on u.id = x.user_id
          left join score_sheets s on s.panel_member_id = m.id
        where m.panel_id = ${panelId} order by m.seat, m.id`,
  );
}

const active = (m: MemberRow): boolean => m.replacedBy === null && m.response !== 'declined';

async function templateById(tx: Tx, id: number): Promise<{ id: number; title: string; body: SheetTemplate }> {
  const [t] = await rows<{ id: number; title: string; body: SheetTemplate }>(tx, sql`select id, title, body from scoring_templates where id = ${id}`);
  return t!;
}

function safeTotal(template: SheetTemplate, m: MemberRow): number | null {
  if (!m.submittedAt || !m.scores) return null;
  try {
    return sheetTotal(template, { expertId: m.expertId, scores: m.scores, vetoes: m.vetoes ?? [] });
  } catch {
    return null;
  }
}

/**
 * The panels of an audit, newest first. `full` (officials): the pool, exclusions, draw history
 * and names; otherwise (the enterprise) names and seeds only after the decision, never the pool.
 */
export async function listPanels(database: Database, auditId: number, full: boolean): Promise<Panel[]> {
  const ids = await database.rows<{ id: number }>(sql`select id from review_panels where audit_id = ${auditId} order by id desc`);
  const out: Panel[] = [];
  for (const { id } of ids) out.push(await panelOut(database.db, id, full));
  return out;
}

/** One panel in the wire shape (see {@link listPanels} for `full`). */
export async function panelOut(tx: Tx, panelId: number, full: boolean): Promise<Panel> {
  const p = await loadPanel(tx, panelId);
  const t = await templateById(tx, p.templateId);
  const members = await loadMembers(tx, panelId);
  const showNames = full || p.status === 'decided';
  let eligible: Panel['eligible'] = null;
  if (full) {
    const names = p.eligible.length
      ? await rows<{ id: number; name: string }>(tx, sql`select id, name from experts where id in (${sql.join(p.eligible.map((i) => sql`${i}`), sql`, `)})`)
      : [];
    const byId = new Map(names.map((n) => [n.id, n.name]));
    eligible = p.eligible.map((expertId) => ({ expertId, name: byId.get(expertId) ?? '' }));
  }
  const visible = full ? members : members.filter(active);
  return {
    id: p.id,
    auditId: p.auditId,
    stage: p.stage,
    status: p.status,
    version: p.version,
    seed: full ? p.seed : null,
    size: p.size,
    drawnAt: toIsoCst(p.drawnAt),
    drawnBy: full ? p.drawnBy : null,
    template: templateOut(t),
    members: visible.map((m) => ({
      id: m.id,
      expertId: showNames ? m.expertId : null,
      name: showNames ? m.name : null,
      account: full ? m.account : null,
      employerName: showNames ? m.employerName : null,
      title: showNames ? m.title : null,
      role: m.role,
      seat: m.seat,
      response: m.response,
      replaced: !active(m),
      submitted: m.submittedAt !== null,
      total: full || p.status === 'decided' ? safeTotal(t.body, m) : null,
    })),
    eligible,
    exclusions: full ? p.exclusions : null,
    draws: full ? p.draws : null,
    submitted: members.filter((m) => active(m) && m.submittedAt !== null).length,
    result: p.status === 'decided' ? p.result : null,
    decidedAt: p.decidedAt ? toIsoCst(p.decidedAt) : null,
  };
}

/**
 * Redraws a whole panel (POST /api/v1/panels/:id/redraw) with a recorded new seed, while no sheet
 * has been submitted: the old seats are kept as replaced, the new draw's pool and exclusions
 * replace the panel's, and the history (`draws`) records both seeds and the reason.
 * @throws AppError CONFLICT (stale version), RULE_VIOLATION (decided, a sheet submitted, or the draw fails)
 */
export async function redrawPanel(database: Database, panelId: number, input: { version: number; seed?: number; reason: string }, ctx: PanelContext) {
  const seed = input.seed ?? newSeed();
  return inTx(database, async (tx) => {
    const p = await loadPanel(tx, panelId, true);
    if (p.version !== input.version) throw new AppError('CONFLICT', '专家组已被修改，请刷新后重试', { version: p.version });
    if (p.status === 'decided') throw new AppError('RULE_VIOLATION', '专家组已作出结论，不能重新抽取');
    const members = await loadMembers(tx, panelId);
    if (members.some((m) => m.submittedAt !== null)) throw new AppError('RULE_VIOLATION', '已有专家提交评分表，不能整组重新抽取（可替换个别专家）');
    const audit = await loadAudit(tx, p.auditId);
    const { pool, request } = await drawInput(tx, audit, ctx.at);
    // Experts already on this panel (any seat) are not drawn again.
    const before = new Set(members.map((m) => m.expertId));
    let draw;
    try {
      draw = drawPanel(pool.filter((x) => !before.has(x.id)), request, { seed, size: p.size, recentReviewYears: RECENT_REVIEW_YEARS });
    } catch (e) {
      drawError(e);
    }
    const names = new Map(pool.map((x) => [x.id, x.name]));
    const seatBase = Math.max(0, ...members.map((m) => m.seat));
    await tx.execute(sql`delete from score_sheets where panel_member_id in (select id from panel_members where panel_id = ${panelId})`);
    const inserted: number[] = [];
    for (const [i, m] of draw.panel.entries()) {
      const [row] = await rows<{ id: number }>(
        tx,
        sql`insert into panel_members (panel_id, expert_id, role, seat) values (${panelId}, ${m.expertId}, ${m.industryExpert ? 'industry' : 'other'}, ${seatBase + i + 1}) returning id`,
      );
      inserted.push(row!.id);
    }
    for (const [i, m] of members.filter(active).entries()) {
      await tx.execute(sql`update panel_members set replaced_by = ${inserted[Math.min(i, inserted.length - 1)]!} where id = ${m.id}`);
    }
    const exclusions = draw.excluded.map((x) => ({ expertId: x.expertId, name: names.get(x.expertId) ?? '', reason: x.reason }));
    const history = [...p.draws, { kind: 'redraw', at: toIsoCst(ctx.at), by: ctx.actorUsername, seed, reason: input.reason, previous: members.filter(active).map((m) => m.expertId), panel: draw.panel.map((x) => x.expertId) }];
    await tx.execute(
      sql`update review_panels set seed = ${seed}, eligible = ${JSON.stringify(draw.eligible)}::jsonb, exclusions = ${JSON.stringify(exclusions)}::jsonb,
            draws = ${JSON.stringify(history)}::jsonb, status = 'drawn', version = version + 1 where id = ${panelId}`,
    );
    await log(tx, ctx, 'panel.redraw', 'reviewPanel', panelId, { seed, reason: input.reason, previous: members.filter(active).map((m) => m.expertId), panel: draw.panel.map((x) => x.expertId) });
    return panelOut(tx, panelId, true);
  });
}

/**
 * Records that a member declined and draws a replacement with a recorded new seed
 * (POST /api/v1/panels/:id/members/:memberId/replace). Nobody who sat on this panel is drawn
 * again; when the declined expert held the only key-industry seat, the replacement is of the key industry.
 * @throws AppError NOT_FOUND, CONFLICT (stale version), RULE_VIOLATION (decided, submitted, or nobody left)
 */
export async function replaceMember(database: Database, panelId: number, memberId: number, input: { version: number; seed?: number; reason: string }, ctx: PanelContext) {
  const seed = input.seed ?? newSeed();
  return inTx(database, async (tx) => {
    const p = await loadPanel(tx, panelId, true);
    if (p.version !== input.version) throw new AppError('CONFLICT', '专家组已被修改，请刷新后重试', { version: p.version });
    if (p.status === 'decided') throw new AppError('RULE_VIOLATION', '专家组已作出结论，不能替换专家');
    const members = await loadMembers(tx, panelId);
    const m = members.find((x) => x.id === memberId);
    if (!m) throw new AppError('NOT_FOUND', '该专家不在此专家组');
    if (!active(m)) throw new AppError('RULE_VIOLATION', '该席位已被替换');
    if (m.submittedAt !== null) throw new AppError('RULE_VIOLATION', '该专家已提交评分表，不能替换');
    const audit = await loadAudit(tx, p.auditId);
    const { pool, request } = await drawInput(tx, audit, ctx.at);
    const others = members.filter((x) => active(x) && x.id !== memberId);
    let r;
    try {
      r = drawReplacement(pool, request, {
        seed,
        seated: members.map((x) => x.expertId),
        needIndustry: m.role === 'industry' && !others.some((x) => x.role === 'industry'),
        recentReviewYears: RECENT_REVIEW_YEARS,
      });
    } catch (e) {
      drawError(e);
    }
    const [row] = await rows<{ id: number }>(
      tx,
      sql`insert into panel_members (panel_id, expert_id, role, seat) values (${panelId}, ${r.expertId}, ${r.industryExpert ? 'industry' : 'other'}, ${m.seat}) returning id`,
    );
    await tx.execute(sql`update panel_members set response = 'declined', responded_at = ${ctx.at}, replaced_by = ${row!.id} where id = ${memberId}`);
    await tx.execute(sql`delete from score_sheets where panel_member_id = ${memberId}`);
    const history = [...p.draws, { kind: 'replace', at: toIsoCst(ctx.at), by: ctx.actorUsername, seed, reason: input.reason, replacedExpertId: m.expertId, newExpertId: r.expertId }];
    await tx.execute(sql`update review_panels set draws = ${JSON.stringify(history)}::jsonb, version = version + 1 where id = ${panelId}`);
    await log(tx, ctx, 'panel.replace', 'reviewPanel', panelId, { seed, reason: input.reason, replacedExpertId: m.expertId, newExpertId: r.expertId });
    return panelOut(tx, panelId, true);
  });
}

/** The expert record linked to a user, or null. */
export async function expertOfUser(database: Database, userId: number): Promise<number | null> {
  const [x] = await database.rows<{ id: number }>(sql`select id from experts where user_id = ${userId}`);
  return x?.id ?? null;
}

/** The logged-in expert's active seat on a panel, or OUT_OF_SCOPE (the panel is not theirs). */
async function mySeat(tx: Tx, panelId: number, expertId: number | null): Promise<MemberRow> {
  const members = await loadMembers(tx, panelId);
  const m = members.find((x) => x.expertId === expertId && active(x));
  if (!m || expertId === null) throw new AppError('OUT_OF_SCOPE', '您不是该专家组成员');
  return m;
}

/** Checks a (possibly partial) sheet against the template: known keys, points 0..max with ≤ 2 decimals, known vetoes. */
function checkPartial(t: SheetTemplate, input: ScoreSheetInput): void {
  const max = new Map(t.items.map((i) => [i.key, i.maxPoints]));
  for (const [k, v] of Object.entries(input.items)) {
    const m = max.get(k);
    if (m === undefined) throw new AppError('VALIDATION_FAILED', `评分项 ${k} 不在评分表中`, [{ field: `items.${k}`, message: '不在评分表中' }]);
    if (v < 0 || v > m || Math.abs(Math.round(v * 100) - v * 100) > 1e-6) {
      throw new AppError('VALIDATION_FAILED', `评分项 ${k} 应为 0–${m} 分，最多两位小数`, [{ field: `items.${k}`, message: `应为 0–${m} 分` }]);
    }
  }
  const vetoKeys = new Set(t.vetoItems.map((v) => v.key));
  input.vetoes.forEach((k, i) => {
    if (!vetoKeys.has(k)) throw new AppError('VALIDATION_FAILED', `否定项 ${k} 不在评分表中`, [{ field: `vetoes[${i}]`, message: '不在评分表中' }]);
  });
}

function sheetOut(t: SheetTemplate, s: { version: number; scores: Record<string, number>; vetoes: string[]; comment: string; submittedAt: Date | null; expertId: number }) {
  let total: number | null = null;
  try {
    total = sheetTotal(t, { expertId: s.expertId, scores: s.scores, vetoes: s.vetoes });
  } catch {
    total = null;
  }
  return { version: s.version, scores: s.scores, vetoes: s.vetoes, comment: s.comment, submittedAt: s.submittedAt ? toIsoCst(new Date(s.submittedAt)) : null, total };
}

/**
 * Saves the logged-in expert's sheet (PUT /api/v1/panels/:id/sheets/mine): `version` 0 creates
 * it, otherwise it must equal the stored version. Marks the seat accepted and the panel `scoring`.
 * @throws AppError OUT_OF_SCOPE (not a member), CONFLICT (stale version), RULE_VIOLATION (submitted, or panel decided), VALIDATION_FAILED
 */
export async function saveMySheet(database: Database, panelId: number, expertId: number | null, input: ScoreSheetInput, ctx: PanelContext) {
  try {
    return await inTx(database, async (tx) => {
      const p = await loadPanel(tx, panelId, true);
      const m = await mySeat(tx, panelId, expertId);
      if (p.status === 'decided') throw new AppError('RULE_VIOLATION', '专家组已作出结论，不能修改评分表');
      const t = await templateById(tx, p.templateId);
      checkPartial(t.body, input);
      if (m.submittedAt) throw new AppError('RULE_VIOLATION', '评分表已提交，不能修改');
      if ((m.sheetVersion ?? 0) !== input.version) throw new AppError('CONFLICT', '评分表已被修改，请刷新后重试', { version: m.sheetVersion ?? 0 });
      const vetoes = [...new Set(input.vetoes)];
      if (m.sheetId === null) {
        await tx.execute(
          sql`insert into score_sheets (panel_member_id, template_id, scores, vetoes, comment, updated_at)
              values (${m.id}, ${p.templateId}, ${JSON.stringify(input.items)}::jsonb, ${JSON.stringify(vetoes)}::jsonb, ${input.comment}, ${ctx.at})`,
        );
      } else {
        await tx.execute(
          sql`update score_sheets set scores = ${JSON.stringify(input.items)}::jsonb, vetoes = ${JSON.stringify(vetoes)}::jsonb, comment = ${input.comment},
                version = version + 1, updated_at = ${ctx.at} where id = ${m.sheetId}`,
        );
      }
      if (m.response === 'invited') await tx.execute(sql`update panel_members set response = 'accepted', responded_at = ${ctx.at} where id = ${m.id}`);
      if (p.status === 'drawn') await tx.execute(sql`update review_panels set status = 'scoring', version = version + 1 where id = ${panelId}`);
      await log(tx, ctx, 'panel.sheetSave', 'scoreSheet', m.id, { panelId, items: input.items, vetoes });
      return sheetOut(t.body, { version: input.version + 1, scores: input.items, vetoes, comment: input.comment, submittedAt: null, expertId: m.expertId });
    });
  } catch (e) {
    throw uniqueToConflict(e);
  }
}

/**
 * Submits the logged-in expert's sheet (POST /api/v1/panels/:id/sheets/mine/submit): every item
 * scored within its maximum (domain `sheetTotal`); afterwards read-only.
 * @throws AppError OUT_OF_SCOPE, NOT_FOUND (no sheet saved), CONFLICT (stale version), RULE_VIOLATION (already submitted), VALIDATION_FAILED (incomplete, located)
 */
export async function submitMySheet(database: Database, panelId: number, expertId: number | null, version: number, ctx: PanelContext) {
  return inTx(database, async (tx) => {
    const p = await loadPanel(tx, panelId, true);
    const m = await mySeat(tx, panelId, expertId);
    if (p.status === 'decided') throw new AppError('RULE_VIOLATION', '专家组已作出结论');
    if (m.sheetId === null) throw new AppError('NOT_FOUND', '尚未保存评分表');
    if (m.submittedAt) throw new AppError('RULE_VIOLATION', '评分表已提交');
    if (m.sheetVersion !== version) throw new AppError('CONFLICT', '评分表已被修改，请刷新后重试', { version: m.sheetVersion });
    const t = await templateById(tx, p.templateId);
    let total: number;
    try {
      total = sheetTotal(t.body, { expertId: m.expertId, scores: m.scores ?? {}, vetoes: m.vetoes ?? [] }, 'sheet');
    } catch (e) {
      if (e instanceof ReviewSheetError) throw new AppError('VALIDATION_FAILED', `评分表不完整：${e.message}`, [{ field: e.path.replace(/^sheet\.scores/, 'items'), message: e.message }]);
      throw e;
    }
    await tx.execute(sql`update score_sheets set submitted_at = ${ctx.at}, version = version + 1, updated_at = ${ctx.at} where id = ${m.sheetId}`);
    await log(tx, ctx, 'panel.sheetSubmit', 'scoreSheet', m.id, { panelId, total, vetoes: m.vetoes });
    return sheetOut(t.body, { version: version + 1, scores: m.scores ?? {}, vetoes: m.vetoes ?? [], comment: m.comment ?? '', submittedAt: ctx.at, expertId: m.expertId });
  });
}

/**
 * Decides the panel (POST /api/v1/panels/:id/decide) once every active member has submitted:
 * computes `panelResult` (mean, vetoes, outcome) and applies `passEvaluation`/`failEvaluation`
 * (evaluation) or `passAcceptance`/`failAcceptance` (acceptance) to the audit. In `simplified`
 * mode the evaluation is the one review (the workflow leads `passEvaluation` to `accepted`).
 * @throws AppError CONFLICT (stale version), RULE_VIOLATION (already decided, sheets missing), INVALID_STATE_TRANSITION
 */
export async function decidePanel(database: Database, panelId: number, input: { version: number; comment?: string }, ctx: PanelContext) {
  return inTx(database, async (tx) => {
    const p = await loadPanel(tx, panelId, true);
    if (p.version !== input.version) throw new AppError('CONFLICT', '专家组已被修改，请刷新后重试', { version: p.version });
    if (p.status === 'decided') throw new AppError('RULE_VIOLATION', '专家组已作出结论');
    const members = (await loadMembers(tx, panelId)).filter(active);
    const missing = members.filter((m) => m.submittedAt === null);
    if (missing.length) throw new AppError('RULE_VIOLATION', `还有 ${missing.length} 位专家未提交评分表`, { missing: missing.map((m) => m.id) });
    const t = await templateById(tx, p.templateId);
    const result = panelResult(
      t.body,
      members.map((m) => ({ expertId: m.expertId, scores: m.scores ?? {}, vetoes: m.vetoes ?? [] })),
    );
    await tx.execute(
      sql`update review_panels set status = 'decided', result = ${JSON.stringify(result)}::jsonb, decided_by = ${ctx.actorUserId}, decided_at = ${ctx.at}, version = version + 1 where id = ${panelId}`,
    );
    await log(tx, ctx, 'panel.decide', 'reviewPanel', panelId, { auditId: p.auditId, stage: p.stage, mean: result.mean, outcome: result.outcome, vetoes: result.vetoes });
    const pass = result.outcome !== 'fail';
    const action = p.stage === 'evaluation' ? (pass ? 'passEvaluation' : 'failEvaluation') : pass ? 'passAcceptance' : 'failAcceptance';
    const audit = await loadAudit(tx, p.auditId);
    const { state } = await applyPanelStep(tx, {
      auditId: p.auditId,
      action,
      actor: stepActor(ctx),
      version: audit.version,
      at: ctx.at,
      comment: input.comment ?? `专家组评分均值 ${result.mean.toFixed(2)} 分（${OUTCOME_ZH[result.outcome]}）`,
      ip: ctx.ip ?? null,
      requestId: ctx.requestId ?? null,
    });
    return { panel: await panelOut(tx, panelId, true), auditState: state };
  });
}

/**
 * The logged-in expert's assignments (GET /api/v1/my/assignments): each panel with an active
 * seat, newest first, with the audit summary, the audit's documents, the template and its own sheet.
 */
export async function myAssignments(database: Database, expertId: number | null) {
  if (expertId === null) return [];
  const seats = await database.rows<{ panelId: number; memberId: number; role: 'industry' | 'other' }>(
    sql`select m.panel_id as "panelId", m.id as "memberId", m.role from panel_members m
        where m.expert_id = ${expertId} and m.replaced_by is null and m.response <> 'declined' order by m.panel_id desc`,
  );
  const out = [];
  for (const s of seats) {
    const p = await loadPanel(database.db, s.panelId);
    const a = await loadAudit(database.db, p.auditId);
    const t = await templateById(database.db, p.templateId);
    const [sheet] = await database.rows<{ version: number; scores: Record<string, number>; vetoes: string[]; comment: string; submittedAt: Date | null }>(
      sql`select version, scores, vetoes, comment, submitted_at as "submittedAt" from score_sheets where panel_member_id = ${s.memberId}`,
    );
    const docs = await database.rows<{ id: number; kind: string; fileName: string; version: number; uploadedAt: Date }>(
      sql`select id, kind, file_name as "fileName", version, uploaded_at as "uploadedAt" from documents where owner_type = 'audit' and owner_id = ${a.id} order by kind, version desc`,
    );
    out.push({
      panelId: p.id,
      panelVersion: p.version,
      stage: p.stage,
      status: p.status,
      memberId: s.memberId,
      role: s.role,
      audit: { id: a.id, enterpriseName: a.enterpriseName, listYear: a.listYear, mode: a.mode, state: a.state, keyIndustry: a.keyIndustry, cityCode: a.cityCode },
      documents: docs.map((d) => ({ ...d, uploadedAt: toIsoCst(new Date(d.uploadedAt)) })),
      template: templateOut(t),
      sheet: sheet ? sheetOut(t.body, { ...sheet, expertId }) : null,
    });
  }
  return out;
}

/** Whether an actor reads the full panel record (officials) or the enterprise view. */
export function fullView(actor: Actor): boolean {
  return actor.orgKind !== 'enterprise';
}

/** The sheets of a panel's active members (for the opinion document). */
export async function panelSheets(database: Database, panelId: number) {
  const members = (await loadMembers(database.db, panelId)).filter(active);
  return members.map((m) => ({ expertId: m.expertId, scores: m.scores ?? {}, vetoes: m.vetoes ?? [], comment: m.comment ?? '' }));
}
