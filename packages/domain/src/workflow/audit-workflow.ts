import { addPeriod, type IsoDate } from '../calendar/iso-date.ts';

/**
 * The audit state machine (issue 6 item 1) as data: states × actions × roles → next state, or a
 * named violation. Sources: 《清洁生产审核办法》 (NDRC/MEP Order 38) art. 11 (disclosure),
 * art. 12 (start), art. 17 (report), art. 21–24 (evaluation 评估 and acceptance 验收);
 * 《清洁生产审核评估与验收指南》 (环办科技〔2018〕5号) for the order evaluation → implementation of the
 * 中/高费 options → acceptance; roll-over of failed audits into the next list follows the
 * Shenzhen 2024 / Qingyuan 2019 practice (regulations.md §1 "Penalties", configurable).
 *
 * No I/O: the server loads the audit, asks {@link decide} and writes the result.
 */

/** Audit types (glossary: 强制性 / 自愿性). */
export const auditTypes = ['mandatory', 'voluntary'] as const;
export type AuditType = (typeof auditTypes)[number];

/**
 * Audit modes (glossary: 简易流程, 园区 / 企业集群整体审核): `simplified` joins evaluation and
 * acceptance into one review; `park` and `cluster` cover member enterprises under one lead audit.
 */
export const auditModes = ['standard', 'simplified', 'park', 'cluster'] as const;
export type AuditMode = (typeof auditModes)[number];

/** The states of an audit, in the order of the standard path; `rolledOver` is terminal (moved into next year's list). */
export const auditStates = [
  'listed',
  'disclosed',
  'started',
  'reportSubmitted',
  'evaluation',
  'evaluationPassed',
  'evaluationFailed',
  'implementing',
  'acceptanceApplied',
  'acceptance',
  'accepted',
  'acceptanceFailed',
  'rolledOver',
] as const;
export type AuditState = (typeof auditStates)[number];

/**
 * The actions of the workflow:
 * - `discloseMember`: a member enterprise of a park/cluster audit records its own disclosure (state unchanged);
 * - `disclose` (art. 11), `start` (art. 12), `submitReport` (art. 17; also the resubmission after a failed evaluation);
 * - `drawPanel`: the city draws the expert panel for the evaluation or, after `applyForAcceptance`, the acceptance;
 * - `passEvaluation` / `failEvaluation`, `passAcceptance` / `failAcceptance`: the city records the panel result;
 * - `startImplementation`: the enterprise implements the 中/高费 options;
 * - `applyForAcceptance`: also the re-application after a failed acceptance;
 * - `rollOver`: the region moves an audit that failed acceptance too often into next year's list.
 */
export const auditActions = [
  'discloseMember',
  'disclose',
  'start',
  'submitReport',
  'drawPanel',
  'passEvaluation',
  'failEvaluation',
  'startImplementation',
  'applyForAcceptance',
  'passAcceptance',
  'failAcceptance',
  'rollOver',
] as const;
export type AuditAction = (typeof auditActions)[number];

/**
 * Who acts in the workflow. The server maps a user's role to one of these with
 * {@link workflowRoleOf} and checks the administrative area itself; the domain checks that an
 * `enterprise` or `agency` actor is a party of this audit (`orgId`).
 */
export const workflowRoles = ['enterprise', 'agency', 'county', 'city', 'region', 'expert'] as const;
export type WorkflowRole = (typeof workflowRoles)[number];

/**
 * The named reasons an action is refused:
 * - `wrongState`: the action does not apply in the current state;
 * - `modeNotAllowed`: the action does not exist in this audit's mode (e.g. `startImplementation` in `simplified`);
 * - `roleNotAllowed`: the actor's role may not take this action;
 * - `notAuditParty`: an enterprise or agency actor that is not this audit's enterprise / member / agency;
 * - `memberDisclosuresMissing`: a park/cluster lead discloses before every member has;
 * - `memberAlreadyDisclosed`: a member discloses twice;
 * - `consultingNotChosen`: the audit starts without a consulting agency or a declared self-audit (art. 15–16);
 * - `documentsMissing`: a document kind required for the step is not uploaded (see {@link WorkflowConfig.requiredDocuments});
 * - `panelNotDrawn`: a result is recorded without a drawn panel;
 * - `panelResultMissing`: the experts' sheets do not yet give a panel result;
 * - `panelResultContradicts`: pass recorded while the panel failed, or the reverse;
 * - `optionsMissing`: the report is submitted without any CP option;
 * - `acceptanceFailuresExhausted`: re-application after `maxAcceptanceFailures` failures (roll over instead);
 * - `rollOverTooEarly`: roll-over before `maxAcceptanceFailures` failures;
 * - `isGroupMember`: the audit is a member of a park/cluster audit, whose lead takes every step for
 *   the group (the member only records its own disclosure, through the lead's `discloseMember`).
 */
export const workflowViolations = [
  'wrongState',
  'modeNotAllowed',
  'roleNotAllowed',
  'notAuditParty',
  'memberDisclosuresMissing',
  'memberAlreadyDisclosed',
  'consultingNotChosen',
  'documentsMissing',
  'panelNotDrawn',
  'panelResultMissing',
  'panelResultContradicts',
  'optionsMissing',
  'acceptanceFailuresExhausted',
  'rollOverTooEarly',
  'isGroupMember',
] as const;
export type WorkflowViolation = (typeof workflowViolations)[number];

/** The panel result as computed from the experts' sheets (see review-sheet), or `null` while sheets are missing. */
export type PanelOutcome = 'pass' | 'passWithRevisions' | 'fail';

/**
 * What the state machine needs to know about one audit:
 * - `state`, `mode`, `type`;
 * - `enterpriseOrgId`: the organisation of the (lead) enterprise;
 * - `consulting`: `{ kind: 'agency', agencyOrgId }`, `{ kind: 'self' }` or `null` (not chosen yet);
 * - `members`: member enterprises of a park/cluster audit with their own disclosure flag (empty otherwise);
 * - `documents`: document kinds uploaded for the current step (e.g. `'auditReport'`);
 * - `optionCount`: number of CP options entered in the report;
 * - `panelDrawn`: a panel is drawn for the current review; `panelOutcome` its result or `null`;
 * - `acceptanceFailures`: how many acceptances have failed so far;
 * - `leadAuditId`: the park/cluster audit this one is a member of (absent or null when it is not a member).
 */
export interface WorkflowAudit {
  state: AuditState;
  mode: AuditMode;
  type: AuditType;
  enterpriseOrgId: number;
  consulting: { kind: 'agency'; agencyOrgId: number } | { kind: 'self' } | null;
  members: readonly { orgId: number; disclosed: boolean }[];
  documents: readonly string[];
  optionCount: number;
  panelDrawn: boolean;
  panelOutcome: PanelOutcome | null;
  acceptanceFailures: number;
  leadAuditId?: number | null;
}

/** The actor: its workflow role and organisation id (`null` for officials; their area is checked by the server). */
export interface WorkflowActor {
  role: WorkflowRole;
  orgId: number | null;
}

/**
 * Configuration (local practice, not national rule):
 * - `maxAcceptanceFailures`: after this many failed acceptances the audit rolls over (default 2);
 * - `requiredDocuments`: document kinds that must be uploaded before an action (default:
 *   `disclose` → `disclosureProof`, `submitReport` → `auditReport`, `applyForAcceptance` →
 *   `acceptanceReport` and `monitoringReport` (环办科技〔2018〕5号 acceptance materials)).
 */
export interface WorkflowConfig {
  maxAcceptanceFailures: number;
  requiredDocuments: Partial<Record<AuditAction, readonly string[]>>;
}

/** Defaults of {@link WorkflowConfig}. */
export const DEFAULT_WORKFLOW_CONFIG: WorkflowConfig = {
  maxAcceptanceFailures: 2,
  requiredDocuments: {
    disclose: ['disclosureProof'],
    submitReport: ['auditReport'],
    applyForAcceptance: ['acceptanceReport', 'monitoringReport'],
  },
};

/** One row of the transition table: the action from these states, by these roles, in these modes, to `to`. */
export interface TransitionRule {
  action: AuditAction;
  from: readonly AuditState[];
  roles: readonly WorkflowRole[];
  modes: readonly AuditMode[];
  /** The next state; `simplifiedTo` replaces it in `simplified` mode. */
  to: AuditState;
  simplifiedTo?: AuditState;
}

const ALL_MODES = auditModes;
const NOT_SIMPLIFIED: readonly AuditMode[] = ['standard', 'park', 'cluster'];

/**
 * The transition table. Each action appears once. In `simplified` mode the one review is the
 * evaluation: `passEvaluation` leads straight to `accepted`, and the implementation/acceptance
 * actions do not exist.
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  { action: 'discloseMember', from: ['listed'], roles: ['enterprise'], modes: ['park', 'cluster'], to: 'listed' },
  { action: 'disclose', from: ['listed'], roles: ['enterprise'], modes: ALL_MODES, to: 'disclosed' },
  { action: 'start', from: ['disclosed'], roles: ['enterprise', 'agency'], modes: ALL_MODES, to: 'started' },
  { action: 'submitReport', from: ['started', 'evaluationFailed'], roles: ['enterprise', 'agency'], modes: ALL_MODES, to: 'reportSubmitted' },
  { action: 'drawPanel', from: ['reportSubmitted', 'acceptanceApplied'], roles: ['city'], modes: ALL_MODES, to: 'evaluation' },
  { action: 'passEvaluation', from: ['evaluation'], roles: ['city'], modes: ALL_MODES, to: 'evaluationPassed', simplifiedTo: 'accepted' },
  { action: 'failEvaluation', from: ['evaluation'], roles: ['city'], modes: ALL_MODES, to: 'evaluationFailed' },
  { action: 'startImplementation', from: ['evaluationPassed'], roles: ['enterprise'], modes: NOT_SIMPLIFIED, to: 'implementing' },
  { action: 'applyForAcceptance', from: ['implementing', 'acceptanceFailed'], roles: ['enterprise', 'agency'], modes: NOT_SIMPLIFIED, to: 'acceptanceApplied' },
  { action: 'passAcceptance', from: ['acceptance'], roles: ['city'], modes: NOT_SIMPLIFIED, to: 'accepted' },
  { action: 'failAcceptance', from: ['acceptance'], roles: ['city'], modes: NOT_SIMPLIFIED, to: 'acceptanceFailed' },
  { action: 'rollOver', from: ['acceptanceFailed'], roles: ['region'], modes: NOT_SIMPLIFIED, to: 'rolledOver' },
];

// `drawPanel` opens the evaluation or the acceptance review; the state it leaves from decides which.
const DRAW_FROM: Partial<Record<AuditState, AuditState>> = { reportSubmitted: 'evaluation', acceptanceApplied: 'acceptance' };

/** The result of {@link decide}: the next state, or the first violation found (with details). */
export type WorkflowDecision =
  | { ok: true; next: AuditState }
  | { ok: false; violation: WorkflowViolation; missing?: readonly string[] };

function ruleOf(action: AuditAction): TransitionRule {
  const rule = TRANSITIONS.find((r) => r.action === action);
  if (rule === undefined) throw new RangeError(`unknown audit action ${JSON.stringify(action)}`);
  return rule;
}

function isParty(audit: WorkflowAudit, actor: WorkflowActor, action: AuditAction): boolean {
  if (actor.role === 'enterprise') {
    if (action === 'discloseMember') return audit.members.some((m) => m.orgId === actor.orgId);
    return actor.orgId === audit.enterpriseOrgId;
  }
  if (actor.role === 'agency') return audit.consulting?.kind === 'agency' && audit.consulting.agencyOrgId === actor.orgId;
  return true;
}

/**
 * Decides whether `actor` may take `action` on `audit`, and the state it leads to.
 * Checks, in this order: group membership (`isGroupMember`: a member audit takes no step of its
 * own, its lead does: a park/cluster audit is one centralised audit, and each member enterprise of a
 * passed one is deemed to have completed a CP audit — 环办科财函〔2023〕79号, pilot type (二), 视同开展一次
 * 清洁生产审核; the server copies the lead's steps onto its members), mode (`modeNotAllowed`), state (`wrongState`), role (`roleNotAllowed`),
 * party (`notAuditParty`), then the step's own conditions (see {@link WorkflowViolation}).
 *
 * Example: a `standard` audit in `evaluation` with `panelOutcome: 'passWithRevisions'`, actor
 * `{ role: 'city', orgId: null }`, action `passEvaluation` → `{ ok: true, next: 'evaluationPassed' }`.
 *
 * @throws RangeError for an action that is not in {@link auditActions}
 */
export function decide(audit: WorkflowAudit, action: AuditAction, actor: WorkflowActor, config: WorkflowConfig = DEFAULT_WORKFLOW_CONFIG): WorkflowDecision {
  const rule = ruleOf(action);
  if (audit.leadAuditId !== undefined && audit.leadAuditId !== null) return { ok: false, violation: 'isGroupMember' };
  if (!rule.modes.includes(audit.mode)) return { ok: false, violation: 'modeNotAllowed' };
  const drawTarget = action === 'drawPanel' ? DRAW_FROM[audit.state] : undefined;
  if (!rule.from.includes(audit.state) || (drawTarget === 'acceptance' && audit.mode === 'simplified')) return { ok: false, violation: 'wrongState' };
  if (!rule.roles.includes(actor.role)) return { ok: false, violation: 'roleNotAllowed' };
  if (!isParty(audit, actor, action)) return { ok: false, violation: 'notAuditParty' };

  const required = config.requiredDocuments[action] ?? [];
  const missing = required.filter((d) => !audit.documents.includes(d));
  switch (action) {
    case 'discloseMember': {
      const member = audit.members.find((m) => m.orgId === actor.orgId);
      if (member?.disclosed) return { ok: false, violation: 'memberAlreadyDisclosed' };
      break;
    }
    case 'disclose':
      if ((audit.mode === 'park' || audit.mode === 'cluster') && audit.members.some((m) => !m.disclosed)) {
        return { ok: false, violation: 'memberDisclosuresMissing', missing: audit.members.filter((m) => !m.disclosed).map((m) => String(m.orgId)) };
      }
      break;
    case 'start':
      if (audit.consulting === null) return { ok: false, violation: 'consultingNotChosen' };
      break;
    case 'submitReport':
      if (audit.optionCount < 1) return { ok: false, violation: 'optionsMissing' };
      break;
    case 'passEvaluation':
    case 'failEvaluation':
    case 'passAcceptance':
    case 'failAcceptance': {
      if (!audit.panelDrawn) return { ok: false, violation: 'panelNotDrawn' };
      if (audit.panelOutcome === null) return { ok: false, violation: 'panelResultMissing' };
      const passing = audit.panelOutcome !== 'fail';
      if (passing !== action.startsWith('pass')) return { ok: false, violation: 'panelResultContradicts' };
      break;
    }
    case 'applyForAcceptance':
      if (audit.state === 'acceptanceFailed' && audit.acceptanceFailures >= config.maxAcceptanceFailures) {
        return { ok: false, violation: 'acceptanceFailuresExhausted' };
      }
      break;
    case 'rollOver':
      if (audit.acceptanceFailures < config.maxAcceptanceFailures) return { ok: false, violation: 'rollOverTooEarly' };
      break;
    default:
      break;
  }
  if (missing.length > 0) return { ok: false, violation: 'documentsMissing', missing };
  const next = drawTarget ?? (audit.mode === 'simplified' && rule.simplifiedTo !== undefined ? rule.simplifiedTo : rule.to);
  return { ok: true, next };
}

/**
 * The actions `actor` may take on `audit` now, in {@link auditActions} order — what the audit
 * page offers. Example: a `listed` standard audit, its own enterprise with `disclosureProof`
 * uploaded → `['disclose']`.
 */
export function allowedActions(audit: WorkflowAudit, actor: WorkflowActor, config: WorkflowConfig = DEFAULT_WORKFLOW_CONFIG): AuditAction[] {
  return auditActions.filter((a) => decide(audit, a, actor, config).ok);
}

/** Maps a user role (contracts `Role`) to its workflow role, or `null` when the role takes no part. */
export function workflowRoleOf(role: string): WorkflowRole | null {
  switch (role) {
    case 'enterpriseUser':
      return 'enterprise';
    case 'agencyUser':
      return 'agency';
    case 'countyOfficer':
      return 'county';
    case 'cityEebOfficer':
      return 'city';
    case 'regionDeeOfficer':
      return 'region';
    case 'expertUser':
      return 'expert';
    default:
      return null;
  }
}

/** Years an acceptance stays valid (the 5-year audit cycle of Order 38 art. 12 for 双有 enterprises). */
export const ACCEPTANCE_VALID_YEARS = 5;

/**
 * The last day an acceptance on `acceptedOn` is valid: the corresponding day
 * {@link ACCEPTANCE_VALID_YEARS} years later (民法典 第二百零二条; `'2024-02-29'` → `'2029-02-28'`).
 * @throws RangeError on a malformed date
 */
export function acceptanceValidUntil(acceptedOn: IsoDate): IsoDate {
  return addPeriod(acceptedOn, { years: ACCEPTANCE_VALID_YEARS });
}
