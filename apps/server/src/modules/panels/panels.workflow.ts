/**
 * The one place where the panels module moves an audit through the workflow (issue 6 item 1):
 * `drawPanel` when a panel is drawn, `passEvaluation`/`failEvaluation` and
 * `passAcceptance`/`failAcceptance` when the panel decides — through the workflow module's
 * `applyAuditAction` (timeline row, audit log, notifications in the same transaction).
 *
 * Also registers, once at load, the panel facts the state machine needs (`panelDrawn`,
 * `panelOutcome` of the current review) and the audit visibility of experts (the audits of
 * the panels they sit on).
 */
import type { Actor, AuditAction, PanelOutcome } from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { applyAuditAction, registerAuditFacts, registerAuditScope } from '../audits/audit-actions.ts';

/** What a panel step hands to the workflow. */
export interface PanelWorkflowStep {
  auditId: number;
  action: Extract<AuditAction, 'drawPanel' | 'passEvaluation' | 'failEvaluation' | 'passAcceptance' | 'failAcceptance'>;
  /** The acting official with names for the log. */
  actor: Actor & { username: string; orgName: string };
  /** The audit version the caller saw (optimistic lock; 409 when stale). */
  version: number;
  at: Date;
  comment: string | null;
  ip: string | null;
  requestId: string | null;
}

/**
 * Applies the step inside `tx` (the caller's transaction) via `applyAuditAction`.
 * @returns the audit's new state and version
 * @throws AppError as `applyAuditAction` (CONFLICT, FORBIDDEN, RULE_VIOLATION with the violation)
 */
export async function applyPanelStep(tx: Db, step: PanelWorkflowStep): Promise<{ state: string; version: number }> {
  const r = await applyAuditAction(tx, {
    auditId: step.auditId,
    action: step.action,
    actor: step.actor,
    version: step.version,
    comment: step.comment,
    now: step.at,
    ip: step.ip,
    requestId: step.requestId,
  });
  return { state: r.state, version: r.version };
}

const STAGE_OF_STATE: Record<string, 'evaluation' | 'acceptance'> = { evaluation: 'evaluation', acceptance: 'acceptance' };

// The current review's panel: the newest panel of the stage the audit is in.
registerAuditFacts(async (tx, audit) => {
  const stage = STAGE_OF_STATE[audit.state];
  if (!stage) return {};
  const res = (await tx.execute(
    sql`select status, result->>'outcome' as outcome from review_panels where audit_id = ${audit.id} and stage = ${stage} order by id desc limit 1`,
  )) as unknown as { rows: { status: string; outcome: PanelOutcome | null }[] };
  const p = res.rows[0];
  if (!p) return { panelDrawn: false, panelOutcome: null };
  return { panelDrawn: true, panelOutcome: p.status === 'decided' ? p.outcome : null };
});

// An expert sees the audits of the panels it sits on (active seats).
registerAuditScope('expertUser', (actor) =>
  sql`a.id in (select p.audit_id from review_panels p join panel_members m on m.panel_id = p.id join experts x on x.id = m.expert_id
                where x.user_id = ${actor.userId} and m.replaced_by is null and m.response <> 'declined')`,
);
