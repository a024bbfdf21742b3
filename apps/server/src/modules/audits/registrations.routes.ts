/**
 * Enterprise accounts (issue 6 item 11): an enterprise registers its one account with its unified
 * social credit code (public, rate-limited); the county bureau (or the city EEB) of its area
 * approves — creating the enterprise organisation if missing and the user — or rejects it. One
 * account serves both voluntary and mandatory audits (both are audits of the same enterprise).
 *
 * Routes: `POST /api/v1/public/enterprise-registrations`, `GET /api/v1/enterprise-registrations`,
 * `POST /api/v1/enterprise-registrations/:id/approve|reject`.
 */
import {
  EnterpriseRegistrationBodySchema,
  EnterpriseRegistrationSchema,
  IdParamSchema,
  Permission,
  RegistrationDecisionBodySchema,
} from '@cpaudit/contracts';
import { isValidUscc, scopeFilterOf } from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../db/client.ts';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { authorize, requireActor } from '../../platform/auth.ts';
import { toIsoCst } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { checkPasswordPolicy, passwordRuleText } from '../../platform/passwords.ts';
import { scopeFilterSql } from '../../platform/scope-sql.ts';
import { notifyStep } from './audit-actions.ts';

interface RegRow {
  id: number;
  enterprise_id: number;
  enterprise_name: string;
  uscc: string;
  county_code: string;
  city_code: string;
  username: string;
  display_name: string;
  contact_phone: string | null;
  contact_email: string | null;
  status: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  created_at: Date | string;
  password_hash: string;
}

const present = (r: RegRow) => ({
  id: r.id,
  enterpriseId: r.enterprise_id,
  enterpriseName: r.enterprise_name,
  uscc: r.uscc,
  countyCode: r.county_code,
  username: r.username,
  displayName: r.display_name,
  contactPhone: r.contact_phone,
  contactEmail: r.contact_email,
  status: r.status,
  reason: r.reason,
  createdAt: toIsoCst(new Date(r.created_at)),
});

const SELECT = sql`select g.*, e.name as enterprise_name from enterprise_registrations g join enterprises e on e.id = g.enterprise_id`;

export async function registerRegistrationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const database = deps.database;

  r.post(
    '/api/v1/public/enterprise-registrations',
    {
      config: { access: 'public', rateLimit: { max: deps.env.REGISTRATION_RATE_PER_HOUR, timeWindow: 3_600_000 } },
      schema: { tags: ['public'], summary: '企业账号注册（统一社会信用代码）Register an enterprise account', body: EnterpriseRegistrationBodySchema, response: { 201: z.object({ id: z.number().int(), status: z.literal('pending') }) } },
    },
    async (request, reply) => {
      const b = request.body;
      const uscc = b.uscc.toUpperCase();
      if (!isValidUscc(uscc)) throw new AppError('VALIDATION_FAILED', '统一社会信用代码不正确', [{ field: 'uscc', message: '校验位或格式不正确（GB 32100-2015）' }]);
      const broken = checkPasswordPolicy(b.password, b.username);
      if (broken.length > 0) throw new AppError('PASSWORD_POLICY', broken.map((k) => passwordRuleText[k]).join('；'), { rules: broken });
      const [e] = await database.rows<{ id: number; name: string; division_code: string }>(sql`select id, name, division_code from enterprises where uscc = ${uscc}`);
      // Same answer whether the code is unknown or not, so the route does not confirm which enterprises exist.
      if (!e) throw new AppError('RULE_VIOLATION', '未在企业名录中找到该统一社会信用代码，请联系所在县（市、区）生态环境部门', { rule: 'enterpriseNotFound' });
      const [taken] = await database.rows<{ what: string }>(sql`
        select 'account' as what from users u join orgs o on o.id = u.org_id where o.kind = 'enterprise' and o.enterprise_id = ${e.id} and u.is_active
        union all select 'username' from users where lower(username) = lower(${b.username})
        union all select 'pending' from enterprise_registrations where enterprise_id = ${e.id} and status = 'pending'`);
      if (taken?.what === 'account') throw new AppError('CONFLICT', '该企业已有账号（一个企业一个账号，用于自愿性与强制性审核），请联系本单位账号持有人');
      if (taken?.what === 'username') throw new AppError('CONFLICT', '用户名已被使用', [{ field: 'username', message: '已被使用' }]);
      if (taken?.what === 'pending') throw new AppError('CONFLICT', '该企业已有待审核的注册申请');
      const passwordHash = await deps.hasher.hash(b.password);
      const now = deps.clock.now();
      const id = await database.db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Db;
        const res = (await tx.execute(sql`insert into enterprise_registrations (enterprise_id, uscc, county_code, city_code, username, display_name, contact_phone, contact_email, password_hash, created_at)
          values (${e.id}, ${uscc}, ${e.division_code}, ${`${e.division_code.slice(0, 4)}00`}, ${b.username}, ${b.displayName}, ${b.contactPhone ?? null}, ${b.contactEmail ?? null}, ${passwordHash}, ${now})
          on conflict do nothing returning id`)) as unknown as { rows: { id: number }[] };
        const regId = res.rows[0]?.id;
        if (regId === undefined) throw new AppError('CONFLICT', '该企业已有待审核的注册申请');
        await writeAuditLog(tx, { at: now, action: 'enterpriseRegistration.create', result: 'success', actorUsername: b.username, objectType: 'enterpriseRegistration', objectId: regId, ip: request.ip, requestId: String(request.id), details: { enterpriseId: e.id } });
        await notifyStep(tx, sql`select o.id as org_id from orgs o where (o.kind = 'countyBureau' and o.division_code = ${e.division_code})`, {
          kind: 'enterpriseRegistration.created',
          title: `${e.name} 申请企业账号`,
          body: `${e.name}（${uscc}）申请注册企业账号，请审核。`,
          link: '/registrations',
        });
        return regId;
      });
      return reply.status(201).send({ id, status: 'pending' as const });
    },
  );

  r.get(
    '/api/v1/enterprise-registrations',
    {
      config: { access: { permission: Permission.enterpriseRegistrationReview } },
      schema: { tags: ['registrations'], summary: '企业账号注册申请（本辖区）Registrations in my area', querystring: z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() }), response: { 200: z.array(EnterpriseRegistrationSchema) } },
    },
    async (request) => {
      const scope = scopeFilterSql(scopeFilterOf(requireActor(request)), { division: sql`g.county_code`, enterpriseId: sql`g.enterprise_id` });
      const rows = await database.rows<RegRow>(sql`${SELECT} where ${scope} ${request.query.status ? sql`and g.status = ${request.query.status}` : sql``} order by g.created_at desc, g.id desc limit 500`);
      return rows.map(present);
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    r.post(
      `/api/v1/enterprise-registrations/:id/${decision}`,
      {
        config: { access: { permission: Permission.enterpriseRegistrationReview } },
        schema: { tags: ['registrations'], summary: decision === 'approve' ? '批准企业账号 Approve (creates the account)' : '驳回企业账号申请 Reject', params: IdParamSchema, body: RegistrationDecisionBodySchema, response: { 200: EnterpriseRegistrationSchema } },
      },
      async (request) => {
        const [g] = await database.rows<RegRow>(sql`${SELECT} where g.id = ${request.params.id}`);
        if (!g) throw new AppError('NOT_FOUND', '注册申请不存在');
        await authorize(deps, request, Permission.enterpriseRegistrationReview, { kind: 'enterprise', enterpriseId: g.enterprise_id, divisionCode: g.county_code });
        const s = request.session!;
        const now = deps.clock.now();
        await database.db.transaction(async (txRaw) => {
          const tx = txRaw as unknown as Db;
          const rows = async <T>(q: ReturnType<typeof sql>) => ((await tx.execute(q)) as unknown as { rows: T[] }).rows;
          const [locked] = await rows<{ status: string }>(sql`select status from enterprise_registrations where id = ${g.id} for update`);
          if (locked?.status !== 'pending') throw new AppError('CONFLICT', '该申请已处理');
          let userId: number | null = null;
          if (decision === 'approve') {
            const [acc] = await rows<{ n: number }>(sql`select count(*)::int as n from users u join orgs o on o.id = u.org_id where o.kind = 'enterprise' and o.enterprise_id = ${g.enterprise_id} and u.is_active`);
            if ((acc?.n ?? 0) > 0) throw new AppError('CONFLICT', '该企业已有账号（一个企业一个账号）');
            let [org] = await rows<{ id: number }>(sql`select id from orgs where kind = 'enterprise' and enterprise_id = ${g.enterprise_id} order by id limit 1`);
            if (!org) {
              [org] = await rows<{ id: number }>(sql`insert into orgs (kind, name, division_code, enterprise_id) values ('enterprise', ${g.enterprise_name}, ${g.county_code}, ${g.enterprise_id})
                on conflict (kind, name) do update set enterprise_id = excluded.enterprise_id returning id`);
            }
            const [u] = await rows<{ id: number }>(sql`insert into users (username, display_name, password_hash, role, org_id) values (${g.username}, ${g.display_name}, ${g.password_hash}, 'enterpriseUser', ${org!.id})
              on conflict do nothing returning id`);
            if (!u) throw new AppError('CONFLICT', '用户名已被使用');
            userId = u.id;
          }
          await tx.execute(sql`update enterprise_registrations set status = ${decision === 'approve' ? 'approved' : 'rejected'}, decided_by = ${s.user.id}, decided_at = ${now},
            reason = ${request.body.reason ?? null}, user_id = ${userId}, password_hash = case when ${decision} = 'reject' then '' else password_hash end where id = ${g.id}`);
          await writeAuditLog(tx, { at: now, action: `enterpriseRegistration.${decision}`, result: 'success', actorUserId: s.user.id, actorUsername: s.user.username, orgId: s.org.id, orgName: s.org.name, objectType: 'enterpriseRegistration', objectId: g.id, ip: request.ip, requestId: String(request.id), details: { enterpriseId: g.enterprise_id, userId } });
        });
        const [after] = await database.rows<RegRow>(sql`${SELECT} where g.id = ${g.id}`);
        return present(after!);
      },
    );
  }
}
