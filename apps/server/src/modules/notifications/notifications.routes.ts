/**
 * `/api/v1/notifications`: the in-app inbox of the user's organisation. Messages are written by the
 * step that causes them, in its transaction ({@link notifyOrgs}). Every message kind is a business
 * event, so the non-business roles of an organisation (sysAdmin, securityAuditor: no business data)
 * see an empty inbox ({@link receivesBusinessNotifications}).
 */
import { receivesBusinessNotifications } from '@cpaudit/domain';
import { IdParamSchema, NotificationPageSchema, NotificationQuerySchema } from '@cpaudit/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../db/client.ts';
import { requireActor } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/**
 * Inserts one message per organisation selected by `recipients` (an SQL query returning one column
 * `org_id`), inside the caller's transaction `tx`.
 * @returns the number of messages written
 */
export async function notifyOrgs(tx: Db, recipients: SQL, m: { kind: string; title: SQL | string; body: SQL | string; link: string | null }): Promise<number> {
  const res = (await tx.execute(
    sql`insert into notifications (recipient_org_id, kind, title, body, link) select r.org_id, ${m.kind}, ${m.title}, ${m.body}, ${m.link} from (${recipients}) r returning id`,
  )) as unknown as { rows: unknown[] };
  return res.rows.length;
}

export async function registerNotificationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/notifications',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['notifications'], summary: '消息 Notifications of my organisation', querystring: NotificationQuerySchema, response: { 200: NotificationPageSchema } },
    },
    async (request) => {
      const actor = requireActor(request);
      const { current, pageSize, unreadOnly } = request.query;
      const mine = receivesBusinessNotifications(actor.role) ? sql`recipient_org_id = ${actor.orgId}` : sql`false`;
      const where = sql`${mine} ${unreadOnly === 'true' ? sql`and read_at is null` : sql``}`;
      const rows = await deps.database.rows<{ id: number; kind: string; title: string; body: string; link: string | null; created_at: unknown; read_at: unknown }>(
        sql`select id, kind, title, body, link, created_at, read_at from notifications where ${where} order by created_at desc, id desc limit ${pageSize} offset ${(current - 1) * pageSize}`,
      );
      const [counts] = await deps.database.rows<{ total: number; unread: number }>(
        sql`select (select count(*)::int from notifications where ${where}) as total, (select count(*)::int from notifications where ${mine} and read_at is null) as unread`,
      );
      return {
        data: rows.map((n) => ({ id: Number(n.id), kind: n.kind, title: n.title, body: n.body, link: n.link, createdAt: iso(n.created_at)!, readAt: iso(n.read_at) })),
        total: counts!.total,
        unread: counts!.unread,
        current,
        pageSize,
      };
    },
  );

  r.post(
    '/api/v1/notifications/:id/read',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['notifications'], summary: '标为已读 Mark read', params: IdParamSchema, response: { 204: z.null() } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const rows = await deps.database.rows<{ id: number }>(
        sql`update notifications set read_at = coalesce(read_at, ${deps.clock.now()}) where id = ${request.params.id} and recipient_org_id = ${actor.orgId} and ${receivesBusinessNotifications(actor.role)} returning id`,
      );
      if (rows.length === 0) throw new AppError('NOT_FOUND', '消息不存在');
      return reply.status(204).send(null);
    },
  );
}
