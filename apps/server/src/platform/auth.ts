/**
 * Authentication and authorisation on every request.
 *
 * Every route under `/api/` declares `config.access`: `'public'` (no login), `'authenticated'`
 * (any logged-in user) or `{ permission }` (role must grant it). A route without it makes the
 * server refuse to start, so no endpoint can be added unguarded. Data-level checks (the
 * record's area or enterprise) go through {@link authorize}, which calls the domain's one
 * `can(actor, action, resource)` decision.
 */
import crypto from 'node:crypto';
import { can, type Actor, type Resource } from '@cpaudit/domain';
import { permissionsOf, type OrgKind, type Permission, type Role } from '@cpaudit/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppDeps } from '../app.ts';
import { writeAuditLog } from './audit-log.ts';
import { AppError } from './errors.ts';
import { deleteSession, findSession, touchSession, type LoadedSession } from './sessions.ts';

/** What a route declares in `config.access`. */
export type RouteAccess = 'public' | 'authenticated' | { permission: Permission };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: LoadedSession | null;
  }
}

/** Name of the session cookie (`__Host-` prefixed when served over HTTPS). */
export { sameOrigin };

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-cpaudit_sid' : 'cpaudit_sid';
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The only routes a session whose password must be changed (`users.must_change_password`) may
 * call; every other logged-in route answers 403 PASSWORD_CHANGE_REQUIRED. Keyed `METHOD url`.
 */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['GET /api/v1/auth/me', 'POST /api/v1/auth/password', 'POST /api/v1/auth/logout']);

/** Builds the domain actor from a loaded session. */
export function actorOf(s: LoadedSession): Actor {
  const role = s.user.role as Role;
  return {
    userId: s.user.id,
    role,
    permissions: permissionsOf(role),
    orgId: s.org.id,
    orgKind: s.org.kind as OrgKind,
    areaCode: s.org.divisionCode,
    enterpriseId: s.org.enterpriseId,
  };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * True when the request's Origin (if any) is this server itself. Behind a trusted proxy
 * (TRUST_PROXY) the host the browser used comes from X-Forwarded-Host (`request.host`).
 * A request without Origin passes this test; it still needs the CSRF token when logged in.
 */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

async function auditDenied(deps: AppDeps, request: FastifyRequest, action: string, reason: string, resource?: Resource) {
  const s = request.session;
  await writeAuditLog(deps.database.db, {
    at: deps.clock.now(),
    action,
    result: 'denied',
    actorUserId: s?.user.id ?? null,
    actorUsername: s?.user.username ?? null,
    orgId: s?.org.id ?? null,
    orgName: s?.org.name ?? null,
    objectType: resource && resource.kind !== 'none' ? resource.kind : null,
    objectId:
      resource?.kind === 'enterprise' ? resource.enterpriseId : resource?.kind === 'org' ? resource.orgId : resource?.kind === 'area' ? resource.divisionCode : null,
    ip: request.ip,
    requestId: String(request.id),
    details: { reason, method: request.method, url: request.url.slice(0, 300) },
  });
}

/**
 * Checks the data-level rule for `action` on `resource` and throws when it fails.
 * @throws {AppError} UNAUTHENTICATED without a session; FORBIDDEN or OUT_OF_SCOPE as `can` decides
 *   (the denial is written to the audit log).
 */
export async function authorize(deps: AppDeps, request: FastifyRequest, action: Permission, resource: Resource): Promise<Actor> {
  const actor = request.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  const decision = can(actor, action, resource);
  if (!decision.allowed) {
    await auditDenied(deps, request, action, decision.reason, resource);
    throw new AppError(decision.reason);
  }
  return actor;
}

/** The logged-in actor of a route declared `authenticated` or with a permission. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}

/** Registers the access hooks. */
export const authPlugin = fp<{ deps: AppDeps }>(async (app: FastifyInstance, { deps }) => {
  const { env, clock } = deps;
  const db = deps.database.db;
  const cookieName = sessionCookieName(env.COOKIE_SECURE);

  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    if (route.config?.access === undefined) {
      throw new Error(`Route ${route.method} ${route.url} declares no config.access; every API route must.`);
    }
  });

  // preValidation: a request without the right is refused (401/403) before its body is even validated.
  app.addHook('preValidation', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === 'public') {
      if (UNSAFE.has(request.method) && !sameOrigin(request)) {
        await auditDenied(deps, request, 'csrf', 'CSRF_FAILED');
        throw new AppError('CSRF_FAILED');
      }
      return;
    }
    const token = request.cookies[cookieName];
    if (!token) throw new AppError('UNAUTHENTICATED');
    const session = await findSession(db, token);
    if (!session) {
      reply.clearCookie(cookieName, { path: '/' });
      throw new AppError('UNAUTHENTICATED');
    }
    const now = clock.now();
    const idleMs = env.SESSION_IDLE_MINUTES * 60_000;
    const absoluteMs = env.SESSION_ABSOLUTE_HOURS * 3600_000;
    if (now.getTime() - session.lastSeenAt.getTime() > idleMs || now.getTime() - session.createdAt.getTime() > absoluteMs) {
      await deleteSession(db, session.sessionId);
      reply.clearCookie(cookieName, { path: '/' });
      throw new AppError('SESSION_EXPIRED');
    }
    if (!session.user.isActive) {
      await deleteSession(db, session.sessionId);
      reply.clearCookie(cookieName, { path: '/' });
      throw new AppError('UNAUTHENTICATED');
    }
    request.session = session;
    request.actor = actorOf(session);
    if (UNSAFE.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (!sameOrigin(request) || typeof header !== 'string' || !safeEqual(header, session.csrfToken)) {
        await auditDenied(deps, request, 'csrf', 'CSRF_FAILED');
        throw new AppError('CSRF_FAILED');
      }
    }
    // Not written to the audit log as a denial: it is a state of the account, not an attempt at
    // something the user may not do (the console asks for a few figures before it sends the user to
    // the password page, each would be logged); the admin's reset that set it is logged (user.resetPassword).
    if (session.user.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(`${request.method} ${request.routeOptions.url}`)) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    }
    if (typeof access === 'object' && !request.actor.permissions.includes(access.permission)) {
      await auditDenied(deps, request, access.permission, 'FORBIDDEN');
      throw new AppError('FORBIDDEN');
    }
    await touchSession(db, session, now);
    reply.header('cache-control', 'no-store');
  });
});
