/**
 * Editing the public portal's content (issue 8 §4: "edited by region staff"). Every write runs in
 * one transaction with its audit-log entry (GB/T 22239-2019 §8.1.4.3), checks the optimistic
 * `version` (a stale version → 409 CONFLICT), and publish/unpublish are idempotent (publishing a
 * published item changes nothing and writes nothing).
 */
import { portalWriteSchemas, type PortalCollection } from '@cpaudit/contracts';
import type { Database, Db } from '../../db/client.ts';
import { writeAuditLog, type AuditEntry } from '../../platform/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { findItem, insertItem, updateItem, type ItemOf } from './portal.repository.ts';

/** Who acts, for the audit log (everything but the action, result, object and details). */
export type AuditContext = Omit<AuditEntry, 'action' | 'result' | 'objectType' | 'objectId' | 'details' | 'at'> & { actorUserId: number };

const OBJECT_TYPE: Record<PortalCollection, string> = { articles: 'portalArticle', technologies: 'portalTechnology', cases: 'portalCase' };

/** Today in Beijing time (+08:00) as 'YYYY-MM-DD'. */
export function beijingDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Validates `body` with the collection's write schema.
 * @throws {AppError} VALIDATION_FAILED with the zod issues (field paths) as details.
 */
export function parseWrite(c: PortalCollection, body: unknown): Record<string, unknown> {
  const parsed = portalWriteSchemas[c].safeParse(body);
  if (!parsed.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
      parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
    );
  }
  return parsed.data as Record<string, unknown>;
}

/** Creates a draft item; returns it. */
export async function createItem<C extends PortalCollection>(database: Database, c: C, body: unknown, who: AuditContext, now: Date): Promise<ItemOf[C]> {
  const values = parseWrite(c, body);
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const id = await insertItem(tx, c, values, who.actorUserId, now);
    await writeAuditLog(tx, { ...who, at: now, action: 'portal.create', result: 'success', objectType: OBJECT_TYPE[c], objectId: id, details: { title: values.title ?? values.name } });
    return (await findItem(tx, c, id, false))!;
  });
}

/**
 * Replaces an item's fields (all writable fields of the collection; omitted optional ones take
 * their defaults) when `version` is current. The status is not changed here.
 * @throws {AppError} NOT_FOUND, CONFLICT (stale version), VALIDATION_FAILED.
 */
export async function editItem<C extends PortalCollection>(database: Database, c: C, id: number, body: unknown, who: AuditContext, now: Date): Promise<ItemOf[C]> {
  const version = versionOf(body);
  const values = parseWrite(c, body);
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const before = await findItem(tx, c, id, false);
    if (!before) throw new AppError('NOT_FOUND', '内容不存在');
    await updateItem(tx, c, id, version, values, now);
    const changed = Object.keys(values).filter((k) => JSON.stringify((before as Record<string, unknown>)[k] ?? null) !== JSON.stringify(values[k] ?? null));
    await writeAuditLog(tx, { ...who, at: now, action: 'portal.update', result: 'success', objectType: OBJECT_TYPE[c], objectId: id, details: { version, changed } });
    return (await findItem(tx, c, id, false))!;
  });
}

/**
 * Publishes (`published`) or withdraws (`draft`) an item. An article published for the first time
 * without a date gets today's date (Beijing). Already in that state → returned unchanged, nothing written
 * (a repeated click or retried request is harmless).
 * @throws {AppError} NOT_FOUND, CONFLICT (stale version).
 */
export async function setStatus<C extends PortalCollection>(database: Database, c: C, id: number, body: unknown, status: 'draft' | 'published', who: AuditContext, now: Date): Promise<ItemOf[C]> {
  const version = versionOf(body);
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const before = await findItem(tx, c, id, false);
    if (!before) throw new AppError('NOT_FOUND', '内容不存在');
    if (before.status === status) return before;
    const set: Record<string, unknown> = { status };
    if (c === 'articles' && status === 'published' && !(before as ItemOf['articles']).publishedOn) set.publishedOn = beijingDate(now);
    await updateItem(tx, c, id, version, set, now);
    await writeAuditLog(tx, { ...who, at: now, action: status === 'published' ? 'portal.publish' : 'portal.unpublish', result: 'success', objectType: OBJECT_TYPE[c], objectId: id, details: { version } });
    return (await findItem(tx, c, id, false))!;
  });
}

/**
 * The `version` of a write body.
 * @throws {AppError} VALIDATION_FAILED when missing or not a positive integer.
 */
function versionOf(body: unknown): number {
  const v = (body as { version?: unknown } | null)?.version;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new AppError('VALIDATION_FAILED', 'version: 请提交编辑时看到的版本号（正整数）', [{ path: ['version'], message: '必填' }]);
  return v;
}
