/**
 * `/api/v1/audit-log` (security auditor) and `/api/v1/users` (system administrator): the
 * separated duties of GB/T 22239-2019 §8.1.5 (三员); neither role holds business permissions.
 */
import { AuditLogEntrySchema, AuditLogQuerySchema, Permission, UserSummarySchema, pageSchema } from '@cpaudit/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { toIsoCst } from '../../platform/clock.ts';

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
    async () => {
      const rows = await deps.database.rows<Record<string, unknown>>(sql`
        select u.id, u.username, u.display_name, u.role, o.name as org_name, o.kind as org_kind, o.division_code, u.is_active, u.locked_until, u.password_changed_at
        from users u join orgs o on o.id = u.org_id order by u.id limit 5000`);
      const now = deps.clock.now().getTime();
      return rows.map((u) => ({
        id: u.id as number,
        username: u.username as string,
        displayName: u.display_name as string,
        role: u.role as string,
        orgName: u.org_name as string,
        orgKind: u.org_kind as string,
        divisionCode: u.division_code as string,
        isActive: u.is_active as boolean,
        lockedUntil: u.locked_until && new Date(u.locked_until as string).getTime() > now ? toIsoCst(new Date(u.locked_until as string)) : null,
        passwordChangedAt: toIsoCst(new Date(u.password_changed_at as string)),
      }));
    },
  );
}
