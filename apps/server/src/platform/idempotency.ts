/**
 * Idempotent state-changing requests (issue 5 §8; OWASP ASVS 5.0 2.3.4): a request sent with an
 * `Idempotency-Key` header (1–100 visible ASCII characters) runs once; a repeat with the same key by
 * the same user gets the stored answer of the first, even while racing it. Without the header the
 * route runs in a plain transaction and relies on its own natural idempotency (version checks).
 */
import { sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../app.ts';
import type { Db } from '../db/client.ts';
import { AppError } from './errors.ts';

/** A route's answer: HTTP status and JSON body. */
export interface Answer<T, S extends number = number> {
  status: S;
  body: T;
}

class Replay extends Error {}

/** The `Idempotency-Key` of a request, or null. @throws {AppError} VALIDATION_FAILED on a malformed key */
export function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || !/^[\x21-\x7e]{1,100}$/.test(key)) {
    throw new AppError('VALIDATION_FAILED', 'Idempotency-Key 应为 1–100 个可见 ASCII 字符', [{ field: 'headers.idempotency-key', message: '格式不正确' }]);
  }
  return key;
}

/**
 * Runs `work` in one transaction. With an `Idempotency-Key`, the answer is stored in the same
 * transaction under (user, key); a repeat returns the stored answer, a key reused for another route
 * is a CONFLICT.
 * @param route a stable name of the operation, e.g. `POST /api/v1/lists/:id/submit` + the id
 */
export async function idempotent<T, S extends number>(deps: AppDeps, request: FastifyRequest, route: string, work: (tx: Db) => Promise<Answer<T, S>>): Promise<Answer<T, S>> {
  const key = idempotencyKeyOf(request);
  const db = deps.database.db;
  if (key === null || !request.actor) return db.transaction(async (tx) => work(tx as unknown as Db));
  const userId = request.actor.userId;
  const stored = async (): Promise<Answer<T, S> | null> => {
    const [row] = await deps.database.rows<{ route: string; status_code: S; response: T }>(
      sql`select route, status_code, response from idempotency_keys where user_id = ${userId} and key = ${key}`,
    );
    if (!row) return null;
    if (row.route !== route) throw new AppError('CONFLICT', '该 Idempotency-Key 已用于另一个请求');
    return { status: row.status_code, body: row.response };
  };
  const first = await stored();
  if (first) return first;
  try {
    return await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const answer = await work(tx);
      const res = (await tx.execute(
        sql`insert into idempotency_keys (user_id, key, route, status_code, response) values (${userId}, ${key}, ${route}, ${answer.status}, ${JSON.stringify(answer.body)}::jsonb)
            on conflict do nothing returning key`,
      )) as unknown as { rows: unknown[] };
      if (res.rows.length === 0) throw new Replay();
      return answer;
    });
  } catch (e) {
    if (e instanceof Replay) return (await stored())!;
    // The racing twin may have committed first and made this one fail on its version check.
    if (e instanceof AppError && e.code === 'CONFLICT') {
      const again = await stored();
      if (again) return again;
    }
    throw e;
  }
}

/** Deletes stored answers older than 24 hours. */
export async function sweepIdempotencyKeys(deps: AppDeps): Promise<void> {
  await deps.database.rows(sql`delete from idempotency_keys where created_at < now() - interval '24 hours'`);
}
