/**
 * Login, logout and password change.
 * Policy (GB/T 22239-2019 §8.1.4.1 b; env LOGIN_MAX_FAILURES / LOGIN_LOCK_MINUTES):
 * N consecutive failures lock the account for M minutes; a locked account answers exactly as a
 * wrong password does (same code, message and a password verification for similar timing).
 */
import { sql } from 'drizzle-orm';
import type { Me } from '@cpaudit/contracts';
import { eq } from 'drizzle-orm';
import type { AppDeps } from '../../app.ts';
import { orgs, users } from '../../db/schema.ts';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { AppError } from '../../platform/errors.ts';
import { assertPasswordPolicy } from '../../platform/passwords.ts';
import { createSession, deleteSession, deleteUserSessions, findSession, type LoadedSession } from '../../platform/sessions.ts';
import { actorOf } from '../../platform/auth.ts';

/** A fixed argon2id hash verified for unknown users, so their answer takes as long as a real one. */
let dummyHash: string | null = null;

interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

/** Shapes the `Me` response from a session. */
export function presentMe(s: LoadedSession): Me {
  const actor = actorOf(s);
  return {
    id: s.user.id,
    username: s.user.username,
    displayName: s.user.displayName,
    role: actor.role,
    permissions: [...actor.permissions],
    org: { id: s.org.id, name: s.org.name, kind: actor.orgKind, enterpriseId: s.org.enterpriseId },
    area: { divisionCode: s.area.divisionCode, name: s.area.name, level: s.area.level as Me['area']['level'] },
    csrfToken: s.csrfToken,
    mustChangePassword: s.user.mustChangePassword,
  };
}

/**
 * Verifies the credentials and opens a session.
 * @returns the cookie token and the `Me` of the new session.
 * @throws {AppError} INVALID_CREDENTIALS for an unknown user, a wrong password, a locked or
 *   disabled account (one answer for all).
 */
export async function login(deps: AppDeps, username: string, password: string, meta: RequestMeta): Promise<{ token: string; me: Me }> {
  const { database, clock, env, hasher } = deps;
  const db = database.db;
  const now = clock.now();
  const base = { ip: meta.ip, requestId: meta.requestId, actorUsername: username.slice(0, 64) };

  const outcome = await db.transaction(async (tx) => {
    const found = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.username}) = lower(${username})`)
      .for('update')
      .limit(1);
    const user = found[0];
    if (!user) {
      dummyHash ??= await hasher.hash('cpaudit-dummy-password-Aa1!');
      await hasher.verify(dummyHash, password);
      await writeAuditLog(tx as never, { ...base, at: now, action: 'auth.login', result: 'failure', details: { reason: 'unknownUser' } });
      return { ok: false as const };
    }
    const [org] = await tx.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, user.orgId));
    const who = { ...base, actorUserId: user.id, orgId: user.orgId, orgName: org?.name ?? null, actorUsername: user.username };
    const passwordOk = await hasher.verify(user.passwordHash, password);
    if (user.lockedUntil && user.lockedUntil.getTime() > now.getTime()) {
      await writeAuditLog(tx as never, { ...who, at: now, action: 'auth.login', result: 'failure', details: { reason: 'locked' } });
      return { ok: false as const };
    }
    if (!user.isActive) {
      await writeAuditLog(tx as never, { ...who, at: now, action: 'auth.login', result: 'failure', details: { reason: 'disabled' } });
      return { ok: false as const };
    }
    if (!passwordOk) {
      const failures = user.failedLogins + 1;
      if (failures >= env.LOGIN_MAX_FAILURES) {
        const lockedUntil = new Date(now.getTime() + env.LOGIN_LOCK_MINUTES * 60_000);
        await tx.update(users).set({ failedLogins: 0, lockedUntil }).where(eq(users.id, user.id));
        await writeAuditLog(tx as never, { ...who, at: now, action: 'auth.login', result: 'failure', details: { reason: 'wrongPassword', failures } });
        await writeAuditLog(tx as never, {
          ...who,
          at: now,
          action: 'auth.lockout',
          result: 'success',
          objectType: 'user',
          objectId: user.id,
          details: { lockedUntil: lockedUntil.toISOString(), minutes: env.LOGIN_LOCK_MINUTES },
        });
      } else {
        await tx.update(users).set({ failedLogins: failures }).where(eq(users.id, user.id));
        await writeAuditLog(tx as never, { ...who, at: now, action: 'auth.login', result: 'failure', details: { reason: 'wrongPassword', failures } });
      }
      return { ok: false as const };
    }
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, user.id));
    const { token } = await createSession(tx as never, user.id, now, { ip: meta.ip, userAgent: meta.userAgent });
    await writeAuditLog(tx as never, { ...who, at: now, action: 'auth.login', result: 'success' });
    return { ok: true as const, token };
  });

  if (!outcome.ok) throw new AppError('INVALID_CREDENTIALS');
  const session = await findSession(db, outcome.token);
  if (!session) throw new Error('session vanished right after login');
  return { token: outcome.token, me: presentMe(session) };
}

/** Ends the session server-side and records the logout. */
export async function logout(deps: AppDeps, session: LoadedSession, meta: RequestMeta): Promise<void> {
  await deps.database.db.transaction(async (tx) => {
    await deleteSession(tx as never, session.sessionId);
    await writeAuditLog(tx as never, {
      at: deps.clock.now(),
      action: 'auth.logout',
      result: 'success',
      actorUserId: session.user.id,
      actorUsername: session.user.username,
      orgId: session.org.id,
      orgName: session.org.name,
      ip: meta.ip,
      requestId: meta.requestId,
    });
  });
}

/**
 * Changes the password of the session's user after checking the current one and the policy.
 * Ends all of the user's sessions (the client logs in again) and clears `mustChangePassword`.
 * @throws {AppError} INVALID_CREDENTIALS when the current password is wrong; PASSWORD_POLICY with
 *   `details.rules` (each `{ rule, text }`) when the new one breaks the policy.
 */
export async function changePassword(
  deps: AppDeps,
  session: LoadedSession,
  currentPassword: string,
  newPassword: string,
  meta: RequestMeta,
): Promise<void> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const [user] = await db.select().from(users).where(eq(users.id, session.user.id));
  if (!user) throw new AppError('UNAUTHENTICATED');
  const who = {
    actorUserId: user.id,
    actorUsername: user.username,
    orgId: session.org.id,
    orgName: session.org.name,
    objectType: 'user',
    objectId: user.id,
    ip: meta.ip,
    requestId: meta.requestId,
  };
  if (!(await deps.hasher.verify(user.passwordHash, currentPassword))) {
    // A wrong current password counts like a failed login: guessing it from a left-open
    // session runs into the same lockout, which also ends the user's sessions.
    await db.transaction(async (tx) => {
      const [fresh] = await tx.select().from(users).where(eq(users.id, user.id)).for('update');
      const failures = (fresh?.failedLogins ?? 0) + 1;
      await writeAuditLog(tx as never, { ...who, at: now, action: 'user.changePassword', result: 'failure', details: { reason: 'wrongCurrentPassword', failures } });
      if (failures >= deps.env.LOGIN_MAX_FAILURES) {
        const lockedUntil = new Date(now.getTime() + deps.env.LOGIN_LOCK_MINUTES * 60_000);
        await tx.update(users).set({ failedLogins: 0, lockedUntil }).where(eq(users.id, user.id));
        await deleteUserSessions(tx as never, user.id);
        await writeAuditLog(tx as never, { ...who, at: now, action: 'auth.lockout', result: 'success', details: { lockedUntil: lockedUntil.toISOString(), via: 'changePassword' } });
      } else {
        await tx.update(users).set({ failedLogins: failures }).where(eq(users.id, user.id));
      }
    });
    throw new AppError('INVALID_CREDENTIALS', '当前密码不正确');
  }
  assertPasswordPolicy(newPassword, user.username, newPassword === currentPassword ? ['sameAsCurrent'] : []);
  const passwordHash = await deps.hasher.hash(newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, passwordChangedAt: now, failedLogins: 0, mustChangePassword: false }).where(eq(users.id, user.id));
    await deleteUserSessions(tx as never, user.id);
    await writeAuditLog(tx as never, {
      at: now,
      action: 'user.changePassword',
      result: 'success',
      actorUserId: user.id,
      actorUsername: user.username,
      orgId: session.org.id,
      orgName: session.org.name,
      objectType: 'user',
      objectId: user.id,
      ip: meta.ip,
      requestId: meta.requestId,
      details: { wasMustChange: user.mustChangePassword },
    });
  });
}
