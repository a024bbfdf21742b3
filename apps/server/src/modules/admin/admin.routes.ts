/**
 * `/api/v1/audit-log` (security auditor) and `/api/v1/users` (system administrator; the security
 * auditor reads): the separated duties of GB/T 22239-2019 §8.1.5 (三员); neither role holds
 * business permissions. The account-management writes are in `accounts.routes.ts`.
 */
import { AuditLogEntrySchema, AuditLogQuerySchema, Permission, UserSummarySchema, pageSchema } from '@cpaudit/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { toIsoCst } from '../../platform/clock.ts';
import { registerAccountRoutes } from './accounts.routes.ts';
import { listAccounts } from './accounts.service.ts';

export async function registerAdminRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/audit-log',
    {
      config: { access: { permission: Permission.auditLogRead } },
      schema: { tags: ['admin'], summary: '审计日志 Audit log', querystring: AuditLogQuerySchema, response: { 200: pageSchema(AuditLogEntrySchema) } },
    },
    async (request) => {
      const q = request.query;
      const conds: SQL[] = [sql`true`];
      if (q.action) conds.push(sql`action = ${q.action}`);
      if (q.username) conds.push(sql`lower(actor_username) = lower(${q.username})`);
      if (q.result) conds.push(sql`result = ${q.result}`);
      // Calendar days in China Standard Time.
      if (q.from) conds.push(sql`at >= ${`${q.from}T00:00:00+08:00`}::timestamptz`);
      if (q.to) conds.push(sql`at < (${`${q.to}T00:00:00+08:00`}::timestamptz + interval '1 day')`);
      const rows = await deps.database.rows<Record<string, unknown>>(sql`
        select *, count(*) over ()::int as total from audit_log where ${sql.join(conds, sql` and `)}
        order by id desc limit ${q.pageSize} offset ${(q.current - 1) * q.pageSize}`);
      return {
        total: (rows[0]?.total as number | undefined) ?? 0,
        current: q.current,
        pageSize: q.pageSize,
        data: rows.map((e) => ({
          id: Number(e.id),
          at: toIsoCst(new Date(e.at as string)),
          actorUsername: (e.actor_username as string | null) ?? null,
          orgName: (e.org_name as string | null) ?? null,
          action: e.action as string,
          objectType: (e.object_type as string | null) ?? null,
          objectId: (e.object_id as string | null) ?? null,
          result: e.result as 'success',
          ip: (e.ip as string | null) ?? null,
          requestId: (e.request_id as string | null) ?? null,
          details: e.details ?? null,
        })),
      };
    },
  );

  r.get(
    '/api/v1/users',
    {
      config: { access: { permission: Permission.userRead } },
      schema: { tags: ['admin'], summary: '账号 Accounts', response: { 200: z.array(UserSummarySchema) } },
    },
    async () => listAccounts(deps.database.db, deps.clock.now()),
  );

  await registerAccountRoutes(app, deps);
}
