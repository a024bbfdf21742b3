import { describe, expect, it } from 'vitest';
import {
  acceptanceValidUntil,
  allowedActions,
  auditActions,
  auditModes,
  auditStates,
  decide,
  DEFAULT_WORKFLOW_CONFIG,
  workflowRoleOf,
  workflowRoles,
  type AuditAction,
  type AuditMode,
  type AuditState,
  type WorkflowActor,
  type WorkflowAudit,
  type WorkflowRole,
} from './audit-workflow.ts';

const ENTERPRISE = 1;
const AGENCY = 7;
const MEMBER = 11;

/** An audit in `state` that meets every step condition for `action` (so only mode/state/role can refuse it). */
function readyFor(action: AuditAction, state: AuditState, mode: AuditMode): WorkflowAudit {
  return {
    state,
    mode,
    type: 'mandatory',
    enterpriseOrgId: ENTERPRISE,
    consulting: { kind: 'agency', agencyOrgId: AGENCY },
    members: mode === 'park' || mode === 'cluster' ? [{ orgId: MEMBER, disclosed: action !== 'discloseMember' }] : [],
    documents: ['disclosureProof', 'auditReport', 'acceptanceReport', 'monitoringReport'],
    optionCount: 3,
    panelDrawn: true,
    panelOutcome: action.startsWith('fail') ? 'fail' : 'pass',
    acceptanceFailures: action === 'rollOver' ? 2 : 1,
  };
}

function actorFor(role: WorkflowRole, action: AuditAction): WorkflowActor {
  if (role === 'enterprise') return { role, orgId: action === 'discloseMember' ? MEMBER : ENTERPRISE };
  if (role === 'agency') return { role, orgId: AGENCY };
  return { role, orgId: null };
}

// Every allowed transition, written out: [modes, from state, action, roles, next state].
// S = standard, park, cluster (the full path); simplified listed separately where it differs.
const FULL: AuditMode[] = ['standard', 'park', 'cluster'];
const ALL: AuditMode[] = ['standard', 'simplified', 'park', 'cluster'];
const ALLOWED: [AuditMode[], AuditState, AuditAction, WorkflowRole[], AuditState][] = [
  [['park', 'cluster'], 'listed', 'discloseMember', ['enterprise'], 'listed'],
  [ALL, 'listed', 'disclose', ['enterprise'], 'disclosed'],
  [ALL, 'disclosed', 'start', ['enterprise', 'agency'], 'started'],
  [ALL, 'started', 'submitReport', ['enterprise', 'agency'], 'reportSubmitted'],
  [ALL, 'evaluationFailed', 'submitReport', ['enterprise', 'agency'], 'reportSubmitted'],
  [ALL, 'reportSubmitted', 'drawPanel', ['city'], 'evaluation'],
  [FULL, 'evaluation', 'passEvaluation', ['city'], 'evaluationPassed'],
  [['simplified'], 'evaluation', 'passEvaluation', ['city'], 'accepted'],
  [ALL, 'evaluation', 'failEvaluation', ['city'], 'evaluationFailed'],
  [FULL, 'evaluationPassed', 'startImplementation', ['enterprise'], 'implementing'],
  [FULL, 'implementing', 'applyForAcceptance', ['enterprise', 'agency'], 'acceptanceApplied'],
  [FULL, 'acceptanceFailed', 'applyForAcceptance', ['enterprise', 'agency'], 'acceptanceApplied'],
  [FULL, 'acceptanceApplied', 'drawPanel', ['city'], 'acceptance'],
  [FULL, 'acceptance', 'passAcceptance', ['city'], 'accepted'],
  [FULL, 'acceptance', 'failAcceptance', ['city'], 'acceptanceFailed'],
  [FULL, 'acceptanceFailed', 'rollOver', ['region'], 'rolledOver'],
];

// Actions that do not exist in a mode.
const MODE_MISSING: Record<AuditMode, AuditAction[]> = {
  standard: ['discloseMember'],
  simplified: ['discloseMember', 'startImplementation', 'applyForAcceptance', 'passAcceptance', 'failAcceptance', 'rollOver'],
  park: [],
  cluster: [],
};

function expectedOf(mode: AuditMode, state: AuditState, action: AuditAction, role: WorkflowRole): string {
  if (MODE_MISSING[mode].includes(action)) return 'modeNotAllowed';
  const rows = ALLOWED.filter(([modes, from, a]) => modes.includes(mode) && from === state && a === action);
  if (rows.length === 0) return 'wrongState';
  const row = rows.find(([, , , roles]) => roles.includes(role));
  return row === undefined ? 'roleNotAllowed' : `→${row[4]}`;
}

describe('decide: every mode × state × action × role', () => {
  const cases: [AuditMode, AuditState, AuditAction, WorkflowRole, string][] = [];
  for (const mode of auditModes)
    for (const state of auditStates)
      for (const action of auditActions)
        for (const role of workflowRoles) cases.push([mode, state, action, role, expectedOf(mode, state, action, role)]);

  it('when the table is enumerated, then there are 4 × 13 × 12 × 6 = 3744 cases and 69 of them are allowed', () => {
    expect(cases).toHaveLength(3744);
    expect(cases.filter((c) => c[4].startsWith('→'))).toHaveLength(69);
  });

  it.each(cases)('when %s audit in %s gets %s from %s, then %s', (mode, state, action, role, expected) => {
    const d = decide(readyFor(action, state, mode), action, actorFor(role, action));
    expect(d.ok ? `→${d.next}` : d.violation).toBe(expected);
  });
});

describe('decide: each step condition gives its named violation', () => {
  const base = (over: Partial<WorkflowAudit>): WorkflowAudit => ({ ...readyFor('disclose', 'listed', 'standard'), ...over });
  const city: WorkflowActor = { role: 'city', orgId: null };
  const ent: WorkflowActor = { role: 'enterprise', orgId: ENTERPRISE };
  it.each<[string, WorkflowAudit, AuditAction, WorkflowActor, string, string[]?]>([
    ['when another enterprise discloses, then notAuditParty', base({}), 'disclose', { role: 'enterprise', orgId: 2 }, 'notAuditParty'],
    ['when another agency starts, then notAuditParty', base({ state: 'disclosed' }), 'start', { role: 'agency', orgId: 8 }, 'notAuditParty'],
    ['when an agency acts on a self-audit, then notAuditParty', base({ state: 'disclosed', consulting: { kind: 'self' } }), 'start', { role: 'agency', orgId: AGENCY }, 'notAuditParty'],
    ['when a non-member discloses as member, then notAuditParty', base({ mode: 'park', members: [{ orgId: MEMBER, disclosed: false }] }), 'discloseMember', ent, 'notAuditParty'],
    ['when a member discloses twice, then memberAlreadyDisclosed', base({ mode: 'park', members: [{ orgId: MEMBER, disclosed: true }] }), 'discloseMember', { role: 'enterprise', orgId: MEMBER }, 'memberAlreadyDisclosed'],
    [
      'when the cluster lead discloses before member 12, then memberDisclosuresMissing naming 12',
      base({ mode: 'cluster', members: [{ orgId: MEMBER, disclosed: true }, { orgId: 12, disclosed: false }] }),
      'disclose', ent, 'memberDisclosuresMissing', ['12'],
    ],
    ['when a member audit (lead 41) discloses on its own, then isGroupMember', base({ leadAuditId: 41 }), 'disclose', ent, 'isGroupMember'],
    ['when the city records a result on a member audit (lead 41), then isGroupMember before any other check', base({ state: 'listed', leadAuditId: 41 }), 'passEvaluation', city, 'isGroupMember'],
    ['when leadAuditId is null (not a member), then the audit takes its own steps: disclose → disclosed checks pass to documents', base({ leadAuditId: null, documents: [] }), 'disclose', ent, 'documentsMissing', ['disclosureProof']],
    ['when the disclosure proof is missing, then documentsMissing', base({ documents: [] }), 'disclose', ent, 'documentsMissing', ['disclosureProof']],
    ['when neither agency nor self-audit is chosen, then consultingNotChosen', base({ state: 'disclosed', consulting: null }), 'start', ent, 'consultingNotChosen'],
    ['when the report has no option, then optionsMissing', base({ state: 'started', optionCount: 0 }), 'submitReport', ent, 'optionsMissing'],
    ['when the report file is missing, then documentsMissing', base({ state: 'started', documents: ['disclosureProof'] }), 'submitReport', ent, 'documentsMissing', ['auditReport']],
    ['when no panel is drawn, then panelNotDrawn', base({ state: 'evaluation', panelDrawn: false }), 'passEvaluation', city, 'panelNotDrawn'],
    ['when sheets are missing, then panelResultMissing', base({ state: 'evaluation', panelOutcome: null }), 'failEvaluation', city, 'panelResultMissing'],
    ['when pass is recorded on a failed panel, then panelResultContradicts', base({ state: 'evaluation', panelOutcome: 'fail' }), 'passEvaluation', city, 'panelResultContradicts'],
    ['when fail is recorded on a passWithRevisions panel, then panelResultContradicts', base({ state: 'acceptance', panelOutcome: 'passWithRevisions' }), 'failAcceptance', city, 'panelResultContradicts'],
    [
      'when the acceptance application lacks the monitoring report, then documentsMissing',
      base({ state: 'implementing', documents: ['acceptanceReport'] }), 'applyForAcceptance', ent, 'documentsMissing', ['monitoringReport'],
    ],
    ['when re-applying after 2 failures (max 2), then acceptanceFailuresExhausted', base({ state: 'acceptanceFailed', acceptanceFailures: 2 }), 'applyForAcceptance', ent, 'acceptanceFailuresExhausted'],
    ['when rolling over after 1 failure (max 2), then rollOverTooEarly', base({ state: 'acceptanceFailed', acceptanceFailures: 1 }), 'rollOver', { role: 'region', orgId: null }, 'rollOverTooEarly'],
  ])('%s', (_name, audit, action, actor, violation, missing) => {
    const d = decide(audit, action, actor);
    expect(d).toStrictEqual(missing === undefined ? { ok: false, violation } : { ok: false, violation, missing });
  });

  it('when maxAcceptanceFailures is configured to 3, then a re-application after 2 failures is allowed', () => {
    const cfg = { ...DEFAULT_WORKFLOW_CONFIG, maxAcceptanceFailures: 3 };
    expect(decide(base({ state: 'acceptanceFailed', acceptanceFailures: 2 }), 'applyForAcceptance', ent, cfg)).toStrictEqual({ ok: true, next: 'acceptanceApplied' });
  });

  it('when no documents are configured, then disclose needs none', () => {
    const cfg = { ...DEFAULT_WORKFLOW_CONFIG, requiredDocuments: {} };
    expect(decide(base({ documents: [] }), 'disclose', ent, cfg)).toStrictEqual({ ok: true, next: 'disclosed' });
  });

  it('when a self-audit starts, then the enterprise may start it', () => {
    expect(decide(base({ state: 'disclosed', consulting: { kind: 'self' } }), 'start', ent)).toStrictEqual({ ok: true, next: 'started' });
  });

  it('when an unknown action is asked, then it throws', () => {
    expect(() => decide(base({}), 'approve' as AuditAction, ent)).toThrow(RangeError);
  });
});

describe('allowedActions', () => {
  const audit = (over: Partial<WorkflowAudit>): WorkflowAudit => ({ ...readyFor('disclose', 'listed', 'standard'), ...over });
  it.each<[string, WorkflowAudit, WorkflowActor, AuditAction[]]>([
    ['when listed and the enterprise has its proof, then disclose', audit({}), { role: 'enterprise', orgId: ENTERPRISE }, ['disclose']],
    ['when listed and the city looks, then nothing', audit({}), { role: 'city', orgId: null }, []],
    ['when disclosed, then the agency may start', audit({ state: 'disclosed' }), { role: 'agency', orgId: AGENCY }, ['start']],
    ['when evaluation passed with revisions, then the city may pass (not fail)', audit({ state: 'evaluation', panelOutcome: 'passWithRevisions' }), { role: 'city', orgId: null }, ['passEvaluation']],
    ['when acceptance failed once, then the enterprise may reapply', audit({ state: 'acceptanceFailed', acceptanceFailures: 1 }), { role: 'enterprise', orgId: ENTERPRISE }, ['applyForAcceptance']],
    ['when acceptance failed twice, then the region may roll over', audit({ state: 'acceptanceFailed', acceptanceFailures: 2 }), { role: 'region', orgId: null }, ['rollOver']],
    [
      'when a park member has not disclosed, then the member may disclose and the lead may not',
      audit({ mode: 'park', members: [{ orgId: MEMBER, disclosed: false }] }), { role: 'enterprise', orgId: MEMBER }, ['discloseMember'],
    ],
    ['when accepted, then nobody may act (enterprise)', audit({ state: 'accepted' }), { role: 'enterprise', orgId: ENTERPRISE }, []],
  ])('%s', (_name, a, actor, expected) => {
    expect(allowedActions(a, actor)).toEqual(expected);
  });
});

describe('workflowRoleOf and acceptanceValidUntil', () => {
  it.each([
    ['enterpriseUser', 'enterprise'],
    ['agencyUser', 'agency'],
    ['countyOfficer', 'county'],
    ['cityEebOfficer', 'city'],
    ['regionDeeOfficer', 'region'],
    ['expertUser', 'expert'],
    ['cityDrcOfficer', null],
    ['sysAdmin', null],
  ])('when the role is %s, then the workflow role is %s', (role, expected) => {
    expect(workflowRoleOf(role)).toBe(expected);
  });

  it.each([
    ['2021-06-30', '2026-06-30'],
    ['2024-02-29', '2029-02-28'],
  ])('when accepted on %s, then valid until %s', (on, until) => {
    expect(acceptanceValidUntil(on)).toBe(until);
  });
});
