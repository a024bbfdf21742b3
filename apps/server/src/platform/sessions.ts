/**
 * Server-side sessions. The browser holds a random 256-bit token in an HttpOnly, SameSite=Strict
 * cookie; the database keeps only its SHA-256, the user, a CSRF token and the last activity.
 * Idle timeout and absolute lifetime follow GB/T 22239-2019 §8.1.4.1 (c) and ASVS 7.3.1/7.3.2.
 */
import crypto from 'node:crypto';
import { eq, lt, or } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { divisions, orgs, sessions, users } from '../db/schema.ts';

/** SHA-256 (hex) of a session token: the session's primary key. */
export function sessionIdOf(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** A new random token (base64url, 32 bytes). */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Creates a session for `userId` at `now`; returns the cookie token and the CSRF token. */
export async function createSession(
  db: Db,
  userId: number,
  now: Date,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string }> {
  const token = newToken();
  const csrfToken = newToken();
  await db.insert(sessions).values({
    id: sessionIdOf(token),
    userId,
    csrfToken,
    createdAt: now,
    lastSeenAt: now,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken };
}

/** The session with its user, organisation and area, as loaded for every request. */
export interface LoadedSession {
  sessionId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  user: { id: number; username: string; displayName: string; role: string; isActive: boolean; mustChangePassword: boolean };
  org: { id: number; name: string; kind: string; divisionCode: string; enterpriseId: number | null };
  area: { divisionCode: string; name: string; level: string };
}

/** Loads a session by cookie token; null when unknown. */
export async function findSession(db: Db, token: string): Promise<LoadedSession | null> {
  const rows = await db
    .select({
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      user: { id: users.id, username: users.username, displayName: users.displayName, role: users.role, isActive: users.isActive, mustChangePassword: users.mustChangePassword },
      org: { id: orgs.id, name: orgs.name, kind: orgs.kind, divisionCode: orgs.divisionCode, enterpriseId: orgs.enterpriseId },
      area: { divisionCode: divisions.code, name: divisions.name, level: divisions.level },
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .innerJoin(divisions, eq(divisions.code, orgs.divisionCode))
    .where(eq(sessions.id, sessionIdOf(token)))
    .limit(1);
  return rows[0] ?? null;
}

/** Records activity; written at most once a minute per session to spare the database. */
export async function touchSession(db: Db, session: LoadedSession, now: Date): Promise<void> {
  if (now.getTime() - session.lastSeenAt.getTime() < 60_000) return;
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.sessionId));
}

/** Ends one session (logout, expiry). */
export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user (password change, deactivation). */
export async function deleteUserSessions(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

/** Removes sessions idle since before `idleBefore` or created before `createdBefore`. */
export async function purgeExpiredSessions(db: Db, idleBefore: Date, createdBefore: Date): Promise<void> {
  await db.delete(sessions).where(or(lt(sessions.lastSeenAt, idleBefore), lt(sessions.createdAt, createdBefore)));
}

