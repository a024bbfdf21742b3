/**
 * Cities' action plans (行动计划, issue 5 item 5): the city drafts a plan for the period
 * (default 2021–2023, `ACTION_PLAN_PERIOD`) with targets per year and key industry, a narrative
 * and attachments; submits; the region's DEE and DRC each approve, or either returns it with a
 * comment; a returned plan is revised as a new revision (old revisions stay readable).
 *
 * Every write runs in one transaction with its audit-log row, checks the row `version`
 * (optimistic lock: of two reviewers acting on the same version, one wins and the other gets
 * 409 CONFLICT) and is idempotent where a repeat is harmless (a second submit of a submitted
 * revision returns it unchanged). The workflow rules are the domain's `applyActionPlanAction`.
 */
import type { ActionPlan, ActionPlanTarget } from '@cpaudit/contracts';
import { applyActionPlanAction, type ActionPlanStatus, type ReviewDepartment } from '@cpaudit/domain';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { actionPlans, divisions } from '../../db/schema.ts';
import { writeAuditLog, type AuditEntry } from '../../platform/audit-log.ts';
import type { DocumentStore } from '../../platform/documents.ts';
import { AppError } from '../../platform/errors.ts';
import { toIsoCst } from '../../platform/clock.ts';

/** Who acts, for the audit log. */
export interface ActingUser {
  userId: number;
  username: string;
  displayName: string;
  orgId: number;
  orgName: string;
  ip: string | null;
  requestId: string | null;
}

type Row = typeof actionPlans.$inferSelect;

function audit(tx: Db, who: ActingUser, at: Date, action: string, planId: number, details: Record<string, unknown>): Promise<void> {
  const e: AuditEntry = {
    at,
    action,
    result: 'success',
    actorUserId: who.userId,
    actorUsername: who.username,
    orgId: who.orgId,
    orgName: who.orgName,
    objectType: 'actionPlan',
    objectId: planId,
    ip: who.ip,
    requestId: who.requestId,
    details,
  };
  return writeAuditLog(tx, e);
}

/** Parses `ACTION_PLAN_PERIOD` (`'2021-2023'`). */
export function parsePeriod(period: string): { start: number; end: number } {
  return { start: Number(period.slice(0, 4)), end: Number(period.slice(5, 9)) };
}

/** The plan row. @throws AppError NOT_FOUND */
export async function findPlan(db: Db, id: number): Promise<Row> {
  const [row] = await db.select().from(actionPlans).where(eq(actionPlans.id, id));
  if (!row) throw new AppError('NOT_FOUND', '行动计划不存在');
  return row;
}

/** The latest revision of a city's plan for a period, or null. */
export async function latestPlan(db: Db, cityCode: string, periodStart: number): Promise<Row | null> {
  const [row] = await db
    .select()
    .from(actionPlans)
    .where(and(eq(actionPlans.cityCode, cityCode), eq(actionPlans.periodStart, periodStart)))
    .orderBy(desc(actionPlans.revision))
    .limit(1);
  return row ?? null;
}

/** Presents a revision with its documents and the list of the city's revisions. */
export async function presentPlan(db: Db, store: DocumentStore, row: Row): Promise<ActionPlan> {
  const [city] = await db.select({ name: divisions.name }).from(divisions).where(eq(divisions.code, row.cityCode));
  const revisions = await db
    .select({ id: actionPlans.id, revision: actionPlans.revision, status: actionPlans.status, submittedAt: actionPlans.submittedAt })
    .from(actionPlans)
    .where(and(eq(actionPlans.cityCode, row.cityCode), eq(actionPlans.periodStart, row.periodStart)))
    .orderBy(actionPlans.revision);
  const rc = row.returnComment as ActionPlan['returnComment'];
  return {
    id: row.id,
    cityCode: row.cityCode,
    cityName: city?.name ?? row.cityCode,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    revision: row.revision,
    status: row.status as ActionPlanStatus,
    targets: row.targets as ActionPlanTarget[],
    narrative: row.narrative,
    deeApprovedAt: row.deeApprovedAt ? toIsoCst(row.deeApprovedAt) : null,
    drcApprovedAt: row.drcApprovedAt ? toIsoCst(row.drcApprovedAt) : null,
    returnComment: rc ?? null,
    submittedAt: row.submittedAt ? toIsoCst(row.submittedAt) : null,
    updatedAt: toIsoCst(row.updatedAt),
    version: row.version,
    documents: await store.list(db, 'actionPlan', row.id),
    revisions: revisions.map((r) => ({ id: r.id, revision: r.revision, status: r.status as ActionPlanStatus, submittedAt: r.submittedAt ? toIsoCst(r.submittedAt) : null })),
  };
}

/**
 * Starts a draft: revision 1 when the city has no plan for the period; the next revision
 * (targets, narrative and attachments copied) when the latest was returned; the existing draft
 * when there is one (idempotent).
 * @throws AppError INVALID_STATE_TRANSITION when the latest revision is submitted or approved;
 *   CONFLICT when another request created the revision at the same moment
 */
export async function startDraft(
  database: Database,
  input: { cityCode: string; periodStart: number; periodEnd: number },
  who: ActingUser,
  now: Date,
): Promise<{ row: Row; created: boolean }> {
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const latest = await latestPlan(tx, input.cityCode, input.periodStart);
    if (latest?.status === 'draft') return { row: latest, created: false };
    if (latest && latest.status !== 'returned') {
      throw new AppError('INVALID_STATE_TRANSITION', latest.status === 'approved' ? '行动计划已通过，不能再修改' : '行动计划已提交，正在审核', { status: latest.status });
    }
    const inserted = await tx
      .insert(actionPlans)
      .values({
        cityCode: input.cityCode,
        periodStart: latest?.periodStart ?? input.periodStart,
        periodEnd: latest?.periodEnd ?? input.periodEnd,
        revision: (latest?.revision ?? 0) + 1,
        status: 'draft',
        targets: latest?.targets ?? [],
        narrative: latest?.narrative ?? '',
        createdBy: who.userId,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) throw new AppError('CONFLICT', '行动计划刚被他人创建，请刷新');
    const row = inserted[0]!;
    if (latest) {
      // The revision keeps the attachments of the returned one (same files, new rows).
      await tx.execute(sql`
        insert into documents (owner_type, owner_id, kind, version, file_name, file_type, media_type, sha256, size_bytes, uploaded_by, uploaded_at)
        select owner_type, ${row.id}, kind, version, file_name, file_type, media_type, sha256, size_bytes, uploaded_by, uploaded_at
        from documents where owner_type = 'actionPlan' and owner_id = ${latest.id}`);
    }
    await audit(tx, who, now, 'actionPlan.draft', row.id, { cityCode: row.cityCode, periodStart: row.periodStart, revision: row.revision, from: latest?.id ?? null });
    return { row, created: true };
  });
}

async function versionedUpdate(tx: Db, row: Row, expected: number, set: Partial<typeof actionPlans.$inferInsert>, now: Date): Promise<Row> {
  const updated = await tx
    .update(actionPlans)
    .set({ ...set, updatedAt: now, version: sql`${actionPlans.version} + 1` })
    .where(and(eq(actionPlans.id, row.id), eq(actionPlans.version, expected)))
    .returning();
  if (updated.length === 0) throw new AppError('CONFLICT', '行动计划已被他人修改，请刷新后重试', { currentVersion: row.version });
  return updated[0]!;
}

function violation(v: string): AppError {
  const msg: Record<string, string> = {
    notDraft: '只有草稿可以修改或提交',
    notSubmitted: '只有已提交的行动计划可以审核',
    alreadyApprovedByDepartment: '本部门已审核通过',
  };
  return new AppError('INVALID_STATE_TRANSITION', msg[v] ?? v, { violation: v });
}

/**
 * Saves a draft's targets and narrative.
 * @throws AppError CONFLICT on a stale version; INVALID_STATE_TRANSITION unless a draft;
 *   VALIDATION_FAILED when a target's year lies outside the plan period
 */
export async function updateDraft(database: Database, id: number, body: { version: number; targets: ActionPlanTarget[]; narrative: string }, who: ActingUser, now: Date): Promise<Row> {
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const row = await findPlan(tx, id);
    const outcome = applyActionPlanAction(stateOf(row), { kind: 'edit' });
    if (!outcome.ok) throw violation(outcome.violation);
    const bad = body.targets.findIndex((t) => t.year < row.periodStart || t.year > row.periodEnd);
    if (bad >= 0) {
      throw new AppError('VALIDATION_FAILED', `目标年份应在 ${row.periodStart}–${row.periodEnd} 之间`, [{ field: `body.targets.${bad}.year`, message: `应在 ${row.periodStart}–${row.periodEnd} 之间` }]);
    }
    const updated = await versionedUpdate(tx, row, body.version, { targets: body.targets, narrative: body.narrative }, now);
    await audit(tx, who, now, 'actionPlan.update', id, { version: updated.version, targets: body.targets.length });
    return updated;
  });
}

function stateOf(row: Row) {
  return { status: row.status as ActionPlanStatus, deeApproved: row.deeApprovedAt !== null, drcApproved: row.drcApprovedAt !== null };
}

/**
 * Submits a draft for review. A repeated submit of a revision that is already submitted (or
 * further) returns it unchanged (idempotent, no audit row).
 * @throws AppError CONFLICT on a stale version of a draft; RULE_VIOLATION when no target is set
 */
export async function submitPlan(database: Database, id: number, version: number, who: ActingUser, now: Date): Promise<{ row: Row; changed: boolean }> {
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const row = await findPlan(tx, id);
    if (row.status === 'submitted' || row.status === 'approved') return { row, changed: false };
    const outcome = applyActionPlanAction(stateOf(row), { kind: 'submit' });
    if (!outcome.ok) throw violation(outcome.violation);
    if ((row.targets as unknown[]).length === 0) throw new AppError('RULE_VIOLATION', '请至少填写一行年度目标后再提交', { rule: 'targetsRequired' });
    const updated = await versionedUpdate(tx, row, version, { status: 'submitted', submittedAt: now, submittedBy: who.userId, returnComment: null }, now);
    await audit(tx, who, now, 'actionPlan.submit', id, { revision: row.revision, version: updated.version });
    return { row: updated, changed: true };
  });
}

/**
 * Approves or returns a submitted revision for the reviewer's department.
 * @throws AppError CONFLICT on a stale version (the other department acted first);
 *   INVALID_STATE_TRANSITION when not submitted or already approved by the department;
 *   VALIDATION_FAILED when a return has no comment
 */
export async function reviewPlan(
  database: Database,
  id: number,
  body: { version: number; decision: 'approve' | 'return'; comment?: string | undefined },
  department: ReviewDepartment,
  who: ActingUser,
  now: Date,
): Promise<Row> {
  if (body.decision === 'return' && (body.comment ?? '').trim().length < 2) {
    throw new AppError('VALIDATION_FAILED', '退回须填写意见', [{ field: 'body.comment', message: '退回须填写意见' }]);
  }
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const row = await findPlan(tx, id);
    if (row.version !== body.version) throw new AppError('CONFLICT', '行动计划已被他人处理，请刷新后重试', { currentVersion: row.version });
    const outcome = applyActionPlanAction(stateOf(row), { kind: body.decision, department });
    if (!outcome.ok) throw violation(outcome.violation);
    const set: Partial<typeof actionPlans.$inferInsert> =
      body.decision === 'return'
        ? { status: 'returned', deeApprovedAt: null, deeApprovedBy: null, drcApprovedAt: null, drcApprovedBy: null, returnComment: { department, byName: who.displayName, at: toIsoCst(now), comment: body.comment!.trim() } }
        : {
            status: outcome.next.status,
            ...(department === 'dee' ? { deeApprovedAt: now, deeApprovedBy: who.userId } : { drcApprovedAt: now, drcApprovedBy: who.userId }),
          };
    const updated = await versionedUpdate(tx, row, body.version, set, now);
    await audit(tx, who, now, body.decision === 'approve' ? 'actionPlan.approve' : 'actionPlan.return', id, {
      department,
      revision: row.revision,
      status: updated.status,
      ...(body.comment ? { comment: body.comment.slice(0, 500) } : {}),
    });
    return updated;
  });
}

/**
 * Attaches a document to a draft (the store writes the file, the row goes in with the audit row).
 * @throws AppError INVALID_STATE_TRANSITION unless a draft; the store's RULE_VIOLATION errors
 */
export async function attachToPlan(
  database: Database,
  store: DocumentStore,
  id: number,
  file: { fileName: string; stream: import('node:stream').Readable },
  who: ActingUser,
  now: Date,
) {
  if ((await findPlan(database.db, id)).status !== 'draft') throw violation('notDraft');
  // The upload is received and checked before the transaction opens, so a slow upload never holds the database.
  const staged = await store.stage({ ownerType: 'actionPlan', ownerId: id, kind: 'attachment', fileName: file.fileName, stream: file.stream, uploadedBy: who.userId, at: now });
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const row = await findPlan(tx, id);
    if (row.status !== 'draft') throw violation('notDraft');
    const info = await store.insert(tx, staged);
    await audit(tx, who, now, 'actionPlan.attach', id, { documentId: info.id, sha256: info.sha256, sizeBytes: info.sizeBytes, fileType: info.fileType });
    return info;
  });
}
