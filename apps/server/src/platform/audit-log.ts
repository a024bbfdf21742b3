/**
 * The append-only audit log (GB/T 22239-2019 §8.1.4.3): who did what, to which object, with
 * which result, when (+08:00) and from which IP. Writes go through {@link writeAuditLog}; the
 * database refuses UPDATE, DELETE and TRUNCATE on the table (migration 0001).
 */
import type { Db } from '../db/client.ts';
import { auditLog } from '../db/schema.ts';

/** One audit entry. `action` is `auth.login`, `auth.logout`, `auth.lockout`, or an `entity.action` permission. */
export interface AuditEntry {
  at: Date;
  action: string;
  result: 'success' | 'failure' | 'denied';
  actorUserId?: number | null;
  actorUsername?: string | null;
  orgId?: number | null;
  orgName?: string | null;
  objectType?: string | null;
  objectId?: string | number | null;
  ip?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown> | null;
}

/** Inserts one entry; pass the transaction `tx` so the entry commits or rolls back with the change. */
export async function writeAuditLog(db: Db, e: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    at: e.at,
    action: e.action,
    result: e.result,
    actorUserId: e.actorUserId ?? null,
    actorUsername: e.actorUsername ?? null,
    orgId: e.orgId ?? null,
    orgName: e.orgName ?? null,
    objectType: e.objectType ?? null,
    objectId: e.objectId === undefined || e.objectId === null ? null : String(e.objectId),
    ip: e.ip ?? null,
    requestId: e.requestId ?? null,
    details: e.details ?? null,
  });
}
