/** `/api/v1/auth/*`: login, logout, current user, password change. */
import { ChangePasswordBodySchema, ErrorResponseSchema, LoginBodySchema, MeSchema } from '@cpaudit/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { sessionCookieName } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { deleteSession, sessionIdOf } from '../../platform/sessions.ts';
import { changePassword, login, logout, presentMe } from './auth.service.ts';

const meta = (r: FastifyRequest) => ({
  ip: r.ip,
  userAgent: r.headers['user-agent'] ?? null,
  requestId: String(r.id),
});

export async function registerAuthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookieName = sessionCookieName(deps.env.COOKIE_SECURE);
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.env.COOKIE_SECURE,
  };

  r.post(
    '/api/v1/auth/login',
    {
      config: {
        access: 'public',
        rateLimit: {
          max: deps.env.LOGIN_RATE_PER_MINUTE,
          timeWindow: 60_000,
          onExceeded: (request: FastifyRequest) => {
            void writeAuditLog(deps.database.db, {
              at: deps.clock.now(),
              action: 'auth.login',
              result: 'denied',
              actorUsername: typeof (request.body as { username?: unknown } | undefined)?.username === 'string' ? String((request.body as { username: string }).username).slice(0, 64) : null,
              ip: request.ip,
              requestId: String(request.id),
              details: { reason: 'RATE_LIMITED' },
            }).catch((err: unknown) => request.log.error({ err }, 'audit write failed'));
          },
        },
      },
      schema: {
        tags: ['auth'],
        summary: '登录 Log in',
        body: LoginBodySchema,
        response: { 200: MeSchema, 401: ErrorResponseSchema, 429: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const { token, me } = await login(deps, request.body.username, request.body.password, meta(request));
      // A new login ends the session this browser held before (another user's, say).
      const previous = request.cookies[cookieName];
      if (previous) await deleteSession(deps.database.db, sessionIdOf(previous));
      reply.setCookie(cookieName, token, cookieOptions);
      reply.header('cache-control', 'no-store');
      return me;
    },
  );

  r.post(
    '/api/v1/auth/logout',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: '退出登录 Log out', response: { 204: z.null() } } },
    async (request, reply) => {
      if (!request.session) throw new AppError('UNAUTHENTICATED');
      await logout(deps, request.session, meta(request));
      reply.clearCookie(cookieName, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/auth/me',
    { config: { access: 'authenticated' }, schema: { tags: ['auth'], summary: '当前用户 Current user', response: { 200: MeSchema } } },
    async (request) => {
      if (!request.session) throw new AppError('UNAUTHENTICATED');
      return presentMe(request.session);
    },
  );

  r.post(
    '/api/v1/auth/password',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: '修改密码 Change password', body: ChangePasswordBodySchema, response: { 204: z.null() } },
    },
    async (request, reply) => {
      if (!request.session) throw new AppError('UNAUTHENTICATED');
      await changePassword(deps, request.session, request.body.currentPassword, request.body.newPassword, meta(request));
      reply.clearCookie(cookieName, { path: '/' });
      return reply.status(204).send(null);
    },
  );
}
