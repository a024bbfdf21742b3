/** `/api/health` (the process is up) and `/api/ready` (database reachable, migrations current). */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { errorBody } from '../../platform/errors.ts';

export async function registerHealthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/health',
    { config: { access: 'public' }, schema: { tags: ['ops'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  r.get(
    '/api/ready',
    { config: { access: 'public' }, schema: { tags: ['ops'], summary: 'Readiness: database reachable and migrations current' } },
    async (request, reply) => {
      try {
        await deps.database.rows(sql`select 1`);
        const pending = await deps.database.pendingMigrations();
        if (pending.length > 0) {
          return reply.status(503).send(errorBody('NOT_READY', `有 ${pending.length} 个数据库迁移未执行：${pending.join(', ')}`, String(request.id)));
        }
        return { status: 'ready', database: deps.database.kind };
      } catch (err) {
        request.log.error({ err }, 'readiness check failed');
        return reply.status(503).send(errorBody('NOT_READY', '数据库不可达', String(request.id)));
      }
    },
  );
}
