/**
 * The one place where the panels module moves an audit through the workflow (issue 6 item 1):
 * `drawPanel` when a panel is drawn, `passEvaluation`/`failEvaluation` and
 * `passAcceptance`/`failAcceptance` when the panel decides.
 */
import { decide, type AuditAction, type AuditMode, type AuditState, type AuditType, type PanelOutcome } from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { AppError } from '../../platform/errors.ts';

/** What a panel step hands to the workflow. */
export interface PanelWorkflowStep {
  auditId: number;
  action: Extract<AuditAction, 'drawPanel' | 'passEvaluation' | 'failEvaluation' | 'passAcceptance' | 'failAcceptance'>;
  /** The acting official (city or region). */
  actor: { actorUserId: number; actorUsername: string; orgId: number; orgName: string; role: string };
  at: Date;
  comment: string | null;
  panelOutcome: PanelOutcome | null;
  ip: string | null;
  requestId: string | null;
}

/**
 * Applies the step inside `tx` (the caller's transaction).
 * Until the workflow module's `applyAuditAction` is merged this checks the domain `decide` and
 * moves `audits.state` itself (officials act as `city`).
 * @throws AppError INVALID_STATE_TRANSITION with the violation
 */
export async function applyPanelStep(tx: Db, step: PanelWorkflowStep): Promise<{ state: string }> {
  const res = (await tx.execute(sql`select state, mode, audit_type as type from audits where id = ${step.auditId} for update`)) as unknown as {
    rows: { state: AuditState; mode: AuditMode; type: AuditType }[];
  };
  const a = res.rows[0];
  if (!a) throw new AppError('NOT_FOUND', '审核记录不存在');
  const d = decide(
    { state: a.state, mode: a.mode, type: a.type, enterpriseOrgId: 0, consulting: null, members: [], documents: [], optionCount: 0, panelDrawn: true, panelOutcome: step.panelOutcome, acceptanceFailures: 0 },
    step.action,
    { role: 'city', orgId: null },
  );
  if (!d.ok) throw new AppError('INVALID_STATE_TRANSITION', `当前状态（${a.state}）下不能执行 ${step.action}`, { violation: d.violation });
  await tx.execute(sql`update audits set state = ${d.next}, version = version + 1, updated_at = ${step.at} where id = ${step.auditId}`);
  return { state: d.next };
}
