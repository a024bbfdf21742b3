/**
 * The review workflow of a city's action plan (行动计划) under the Guangxi 2021–2023 plan: the
 * city drafts and submits, the region's 生态环境厅 (DEE) and 发展改革委 (DRC) each approve, or
 * either returns it with comments; a returned plan is revised as a new revision and submitted
 * again (issue 5 item 5). Pure: states × actions → next state or a named violation.
 */

/** States of one plan revision. */
export const actionPlanStatuses = ['draft', 'submitted', 'approved', 'returned'] as const;
export type ActionPlanStatus = (typeof actionPlanStatuses)[number];

/** Which region department acts. */
export type ReviewDepartment = 'dee' | 'drc';

/** What a revision looks like to the workflow. */
export interface ActionPlanState {
  status: ActionPlanStatus;
  deeApproved: boolean;
  drcApproved: boolean;
}

/** An action on a revision. */
export type ActionPlanAction = { kind: 'edit' } | { kind: 'submit' } | { kind: 'approve'; department: ReviewDepartment } | { kind: 'return'; department: ReviewDepartment };

/** The outcome: the next state, or a violation with its reason. */
export type ActionPlanOutcome = { ok: true; next: ActionPlanState } | { ok: false; violation: 'notDraft' | 'notSubmitted' | 'alreadyApprovedByDepartment' };

/**
 * Applies `action` to `state`.
 * - `edit`, `submit`: only a `draft` (`notDraft` otherwise); submit → `submitted`, approvals cleared;
 * - `approve` by a department: only `submitted` (`notSubmitted`); the same department twice →
 *   `alreadyApprovedByDepartment`; when both have approved → `approved`;
 * - `return` by either department: only `submitted` → `returned` (approvals cleared; the city
 *   revises in a new revision).
 * Never throws.
 */
export function applyActionPlanAction(state: ActionPlanState, action: ActionPlanAction): ActionPlanOutcome {
  switch (action.kind) {
    case 'edit':
      return state.status === 'draft' ? { ok: true, next: state } : { ok: false, violation: 'notDraft' };
    case 'submit':
      return state.status === 'draft' ? { ok: true, next: { status: 'submitted', deeApproved: false, drcApproved: false } } : { ok: false, violation: 'notDraft' };
    case 'approve': {
      if (state.status !== 'submitted') return { ok: false, violation: 'notSubmitted' };
      const already = action.department === 'dee' ? state.deeApproved : state.drcApproved;
      if (already) return { ok: false, violation: 'alreadyApprovedByDepartment' };
      const dee = state.deeApproved || action.department === 'dee';
      const drc = state.drcApproved || action.department === 'drc';
      return { ok: true, next: { status: dee && drc ? 'approved' : 'submitted', deeApproved: dee, drcApproved: drc } };
    }
    case 'return':
      return state.status === 'submitted' ? { ok: true, next: { status: 'returned', deeApproved: false, drcApproved: false } } : { ok: false, violation: 'notSubmitted' };
  }
}
