/**
 * Builds the HTTP application without listening, so tests run it in-process (`app.inject`)
 * and `main`/the CLI start it. Every dependency comes in through {@link AppDeps}.
 */
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import crypto from 'node:crypto';
import { z } from 'zod';
import type { Database } from './db/client.ts';
import type { Env } from './env.ts';
import { registerAdminRoutes } from './modules/admin/admin.routes.ts';
import { registerAuthRoutes } from './modules/auth/auth.routes.ts';
import { registerEnterpriseRoutes } from './modules/enterprises/enterprises.routes.ts';
import { registerDivisionRoutes } from './modules/divisions/divisions.routes.ts';
import { registerExpertRoutes } from './modules/experts/experts.routes.ts';
import { registerHealthRoutes } from './modules/health/health.routes.ts';
import { registerIndustryRoutes } from './modules/industries/industries.routes.ts';
import { registerIndicatorSystemRoutes } from './modules/indicator-systems/indicator-systems.routes.ts';
import { registerPanelRoutes } from './modules/panels/panels.routes.ts';
import { registerPortalRoutes } from './modules/portal/portal.routes.ts';
import multipart from '@fastify/multipart';
import { registerImportRoutes } from './modules/imports/imports.routes.ts';
import { registerReportingRoutes } from './modules/reporting/reporting.routes.ts';
import { registerAuditRoutes } from './modules/audits/audits.routes.ts';
import { registerRegistrationRoutes } from './modules/audits/registrations.routes.ts';
import { createDocumentStore, type DocumentStore } from './platform/documents.ts';
import { registerScreeningRoutes } from './modules/screening/screening.routes.ts';
import { registerStatsRoutes } from './modules/stats/stats.routes.ts';
import { registerDashboardRoutes } from './modules/dashboard/dashboard.routes.ts';
import { registerOptionRoutes } from './modules/options/options.routes.ts';
import { registerListRoutes } from './modules/lists/lists.routes.ts';
import { registerCalendarRoutes } from './modules/calendar/calendar.routes.ts';
import { registerVoluntaryRoutes } from './modules/voluntary/voluntary.routes.ts';
import { registerAuditGroupingRoutes } from './modules/audits/grouping.routes.ts';
import { registerNotificationRoutes } from './modules/notifications/notifications.routes.ts';
import { authPlugin } from './platform/auth.ts';
import type { Clock } from './platform/clock.ts';
import { AppError, errorBody, installErrorHandler } from './platform/errors.ts';
import type { PasswordHasher } from './platform/passwords.ts';

/** Everything the application needs from outside. */
export interface AppDeps {
  env: Env;
  database: Database;
  clock: Clock;
  hasher: PasswordHasher;
  /** The document store; built from the environment when not given. */
  documents?: DocumentStore;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every `/api/` route with its declared access (for the authorisation-matrix test). */
    apiRoutes: { method: string; url: string; access: unknown }[];
    /** The process's document store (uploads under their SHA-256). */
    documents: DocumentStore;
  }
}

/** Options of {@link buildApp}. */
export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
}

/** Builds the Fastify application (routes, security headers, OpenAPI, static console). */
export async function buildApp(deps: AppDeps, options: BuildOptions = {}): Promise<FastifyInstance> {
  const { env } = deps;
  const app = Fastify({
    logger: options.logger ?? false,
    // Per-request log lines only when asked for (LOG_REQUESTS); errors are always logged.
    logController: new LogController({ disableRequestLogging: !env.LOG_REQUESTS }),
    trustProxy: env.TRUST_PROXY,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    bodyLimit: 1_048_576,
  });
  // The UI is Chinese first: zod's default messages of request validation ("Invalid option: expected one
  // of …") in Chinese, like every other error message of the API. Set here, not at import, so the CLI's
  // calculation commands keep their own (English) messages.
  z.config(z.locales.zhCN());
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', String(request.id));
  });
  // PostgreSQL text cannot hold NUL: refuse it in the URL or the body with a clear 400
  // instead of a database error.
  app.addHook('onRequest', async (request) => {
    if (/%00/.test(request.url)) throw new AppError('VALIDATION_FAILED', '请求中含有不允许的空字符（NUL）');
  });
  app.addHook('preValidation', async (request) => {
    if (request.body !== undefined && request.body !== null && typeof request.body === 'object' && containsNul(request.body)) {
      throw new AppError('VALIDATION_FAILED', '请求中含有不允许的空字符（NUL）');
    }
  });

  await app.register(cookie);
  await app.register(multipart);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd (CSS-in-JS) inserts <style> elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(env.COOKIE_SECURE ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: env.COOKIE_SECURE ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new AppError('RATE_LIMITED'),
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'CP Audit 清洁生产审核管理信息系统 API',
        version: '1',
        description:
          'Guangxi cleaner-production audit system. Session cookie authentication; state-changing requests need the `x-csrf-token` header from `/api/v1/auth/me`. Errors: `{ error: { code, message, details?, requestId } }`.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'cpaudit_sid' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // Over plain HTTP (a LAN address) upgrade-insecure-requests would break every asset.
    transformStaticCSP: (header) => (env.COOKIE_SECURE ? header : header.replace(/;?\s*upgrade-insecure-requests;?/g, ';').replace(/;;+/g, ';')),
  });

  const apiRoutes: { method: string; url: string; access: unknown }[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') apiRoutes.push({ method, url: route.url, access: route.config?.access });
    }
  });
  await app.register(authPlugin, { deps });
  app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  const documents = deps.documents ?? createDocumentStore(env);
  app.decorate('documents', documents);
  await registerPortalRoutes(app, deps, documents);

  await registerHealthRoutes(app, deps);
  await registerAuthRoutes(app, deps);
  await registerDivisionRoutes(app, deps);
  await registerIndustryRoutes(app, deps);
  await registerStatsRoutes(app, deps);
  await registerDashboardRoutes(app, deps);
  await registerEnterpriseRoutes(app, deps);
  await registerScreeningRoutes(app, deps);
  await registerImportRoutes(app, deps);
  await registerAdminRoutes(app, deps);
  await registerReportingRoutes(app, deps, documents);
  await registerListRoutes(app, deps);
  await registerAuditRoutes(app, deps, documents);
  await registerRegistrationRoutes(app, deps);
  await registerNotificationRoutes(app, deps);
  await registerExpertRoutes(app, deps);
  await registerPanelRoutes(app, deps);
  await registerIndicatorSystemRoutes(app, deps);
  await registerOptionRoutes(app, deps);
  await registerCalendarRoutes(app, deps);
  await registerVoluntaryRoutes(app, deps);
  await registerAuditGroupingRoutes(app, deps);

  const indexHtml = path.join(env.WEB_DIST_DIR, 'index.html');
  const hasWeb = fs.existsSync(indexHtml);
  if (hasWeb) {
    // wildcard: files are looked up per request, so a rebuilt console is served without a restart.
    await app.register(fastifyStatic, {
      root: env.WEB_DIST_DIR,
      wildcard: true,
      index: false,
      // Hashed build assets never change; index.html is revalidated (sent by the routes below).
      setHeaders: (res, filePath) => {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  const sendIndex = async (_request: unknown, reply: import('fastify').FastifyReply) =>
    hasWeb
      ? reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(fs.createReadStream(indexHtml))
      : reply.status(404).type('text/plain; charset=utf-8').send('Web console not built: run `npm run build:web`.');
  app.get('/', { schema: { hide: true } }, sendIndex);
  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith('/api/') || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return reply.status(404).send(errorBody('NOT_FOUND', '接口不存在', String(request.id)));
    }
    if (request.url.startsWith('/assets/')) {
      return reply.status(404).type('text/plain; charset=utf-8').send('Not found');
    }
    return sendIndex(request, reply);
  });
  return app;
}

/** True when any string in a parsed JSON body (keys included) contains a NUL character. */
function containsNul(value: unknown, depth = 0): boolean {
  if (depth > 50) return false;
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some((v) => containsNul(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v, depth + 1));
  }
  return false;
}
