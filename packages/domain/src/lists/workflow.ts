/**
 * The workflow of an annual audit list (名单) of one city, issue 5 §1 and 《清洁生产审核办法》
 * (NDRC/MEP Order No. 38) art. 9–10: the city's ecology-and-environment bureau, with the city DRC,
 * proposes the list of its area; the region's Department of Ecology and Environment (DEE) and
 * Development and Reform Commission (DRC) review it and the region publishes it. Art. 9 gives the
 * energy criterion (高耗能) to the development-and-reform side, hence DRC approval is required only
 * for a list that has an entry with the reason `exceedsEnergyLimit` (Guangxi plan, regulations.md §7).
 *
 * Pure: no clock, no I/O. The server stores the state returned here.
 */
import type { ScreeningCriterion } from '../screening/types.ts';

/** `draft` → `submitted` → (`returned` → `submitted`)* → `approved` → `published`. */
export type ListStatus = 'draft' | 'submitted' | 'returned' | 'approved' | 'published';

/** Who acts: the city (drafts, submits), or one of the two region departments. */
export type ListDepartment = 'city' | 'dee' | 'drc';

/** A step of the workflow. `publish` is the region's (DEE) act on an approved list. */
export type ListAction = 'submit' | 'approve' | 'return' | 'publish';

/**
 * The part of a list the workflow decides on: its status, whether each region department has
 * approved the current submission, and whether DRC approval is needed at all
 * (see {@link requiresDrcApproval}).
 */
export interface ListState {
  status: ListStatus;
  deeApproved: boolean;
  drcApproved: boolean;
  needsDrc: boolean;
}

/** A refused step: `code` is the contracts error code to answer with, `message` says why (zh-CN). */
export interface ListStepRefusal {
  code: 'RULE_VIOLATION' | 'CONFLICT' | 'FORBIDDEN';
  message: string;
}

/** Result of {@link nextListState}: the new state, or why the step is refused. */
export type ListStepResult = { ok: true; state: ListState } | { ok: false; refusal: ListStepRefusal };

/** Whether a list can still be edited (entries added, removed or changed): only `draft` and `returned`. */
export function isEditable(status: ListStatus): boolean {
  return status === 'draft' || status === 'returned';
}

/**
 * Whether the DRC must approve a list: true when any entry's criteria include `exceedsEnergyLimit`
 * (高耗能, Order 38 art. 8 (二), a DRC matter per art. 9).
 * @param entries the entries' screening criteria (empty for voluntary entries)
 */
export function requiresDrcApproval(entries: readonly { criteria: readonly string[] }[]): boolean {
  return entries.some((e) => e.criteria.includes('exceedsEnergyLimit' satisfies ScreeningCriterion));
}

/** True when every department whose approval is needed has approved. */
export function isFullyApproved(s: Pick<ListState, 'deeApproved' | 'drcApproved' | 'needsDrc'>): boolean {
  return s.deeApproved && (!s.needsDrc || s.drcApproved);
}

const refuse = (code: ListStepRefusal['code'], message: string): ListStepResult => ({ ok: false, refusal: { code, message } });

/**
 * The state after `action` by `department`, or the refusal. Rules:
 * - `submit` (city only) from `draft` or `returned`, with at least `entryCount` ≥ 1 → `submitted`,
 *   both approvals cleared (a resubmission is reviewed afresh);
 * - `approve` (dee or drc) on `submitted`: records that department's approval; when every needed
 *   approval is present → `approved`. DRC approving a list that needs no DRC approval is allowed
 *   (it is recorded). The same department approving twice → `CONFLICT`;
 * - `return` (dee or drc) on `submitted` or `approved` (before publication) → `returned`, approvals cleared;
 * - `publish` (dee) on `approved` → `published`; a published list never changes again
 *   (amendments are supplementary lists, {@link nextSupplementRound}).
 * Any other combination → `CONFLICT` when the status does not allow the step (another user acted
 * first), `FORBIDDEN` when the department may never take it.
 *
 * Example: `{ status: 'submitted', deeApproved: false, drcApproved: false, needsDrc: true }`, `approve` by `dee`
 * → `{ status: 'submitted', deeApproved: true, … }`; then `approve` by `drc` → `status: 'approved'`.
 */
export function nextListState(state: ListState, action: ListAction, department: ListDepartment, entryCount: number): ListStepResult {
  switch (action) {
    case 'submit':
      if (department !== 'city') return refuse('FORBIDDEN', '只有设区市可以报送名单');
      if (!isEditable(state.status)) return refuse('CONFLICT', `名单状态为「${STATUS_ZH[state.status]}」，不能报送`);
      if (entryCount < 1) return refuse('RULE_VIOLATION', '名单没有企业，不能报送');
      return { ok: true, state: { ...state, status: 'submitted', deeApproved: false, drcApproved: false } };
    case 'approve': {
      if (department === 'city') return refuse('FORBIDDEN', '名单由自治区生态环境厅和发展改革委审核');
      if (state.status !== 'submitted') return refuse('CONFLICT', `名单状态为「${STATUS_ZH[state.status]}」，不能审核通过`);
      if (department === 'dee' ? state.deeApproved : state.drcApproved) return refuse('CONFLICT', '本部门已审核通过该名单');
      const next = { ...state, deeApproved: state.deeApproved || department === 'dee', drcApproved: state.drcApproved || department === 'drc' };
      return { ok: true, state: { ...next, status: isFullyApproved(next) ? 'approved' : 'submitted' } };
    }
    case 'return':
      if (department === 'city') return refuse('FORBIDDEN', '名单由自治区生态环境厅和发展改革委退回');
      if (state.status !== 'submitted' && state.status !== 'approved') return refuse('CONFLICT', `名单状态为「${STATUS_ZH[state.status]}」，不能退回`);
      return { ok: true, state: { ...state, status: 'returned', deeApproved: false, drcApproved: false } };
    case 'publish':
      if (department !== 'dee') return refuse('FORBIDDEN', '名单由自治区生态环境厅发布');
      if (state.status !== 'approved') return refuse('CONFLICT', `名单状态为「${STATUS_ZH[state.status]}」，不能发布`);
      return { ok: true, state: { ...state, status: 'published' } };
  }
}

/** Chinese labels of the statuses (interface). */
export const STATUS_ZH: Record<ListStatus, string> = {
  draft: '草稿',
  submitted: '已报送',
  returned: '已退回',
  approved: '已审核通过',
  published: '已发布',
};

/**
 * The round of the next list a city drafts for `listYear`: 0 (the annual list) while the year's
 * annual list is not published, else the next supplementary list (补充名单) number, one more than
 * the highest published round. Never 0 once round 0 is published: a published list is never edited
 * in place (issue 5 §1).
 * @param publishedRounds the rounds already published for the year (any order)
 */
export function nextSupplementRound(publishedRounds: readonly number[]): number {
  if (!publishedRounds.includes(0)) return 0;
  return Math.max(...publishedRounds) + 1;
}
