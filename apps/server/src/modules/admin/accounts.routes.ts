/**
 * Account management by the system administrator (`user.manage`; the security auditor and every
 * other role get 403): `GET /api/v1/users/choices`, `POST /api/v1/users`, `PATCH /api/v1/users/:id`,
 * `POST /api/v1/users/:id/disable|enable|unlock|reset-password`. Routes stay thin: parse, check the
 * account's organisation with `authorize` (role and area), call `accounts.service.ts` (the rules,
 * shared with `cpaudit user create`), which writes the change and its audit-log row together.
 * State-changing, so each needs the session's CSRF token (the auth plugin checks it).
 */
import {
  IdParamSchema,
  Permission,
  UserChoicesSchema,
  UserCreateBodySchema,
  UserResetPasswordBodySchema,
  UserSummarySchema,
  UserUpdateBodySchema,
  UserWithPasswordSchema,
  type OrgKind,
} from '@cpaudit/contracts';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { authorize } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import {
  createAccount,
  findAccount,
  findOrg,
  resetAccountPassword,
  setAccountActive,
  unlockAccount,
  updateAccount,
  type AccountAuditContext,
} from './accounts.service.ts';

const Id = IdParamSchema;

export async function registerAccountRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const ctx = (request: FastifyRequest): AccountAuditContext => {
    const s = request.session;
    if (!s) throw new AppError('UNAUTHENTICATED');
    return { at: deps.clock.now(), actorUserId: s.user.id, actorUsername: s.user.username, orgId: s.org.id, orgName: s.org.name, ip: request.ip, requestId: String(request.id) };
  };
  /** Role and area check on an organisation (an account is a record of its organisation). */
  const checkOrg = (request: FastifyRequest, org: { id: number; divisionCode: string }) =>
    authorize(deps, request, Permission.userManage, { kind: 'org', orgId: org.id, divisionCode: org.divisionCode });
  /** Loads the account `id` and checks the administrator may manage it. */
  const checkAccount = async (request: FastifyRequest, id: number) => {
    const { org } = await findAccount(db, id);
    await checkOrg(request, org);
  };

  r.get(
    '/api/v1/users/choices',
    {
      config: { access: { permission: Permission.userManage } },
      schema: { tags: ['admin'], summary: '账号表单的机构与专家 Organisations and unlinked experts for the account form', response: { 200: UserChoicesSchema } },
    },
    async () => {
      const orgRows = await deps.database.rows<{ id: number; name: string; kind: OrgKind; division_code: string; division_name: string }>(sql`
        select o.id, o.name, o.kind, o.division_code, d.name as division_name
        from orgs o join divisions d on d.code = o.division_code order by o.division_code, o.kind, o.name limit 20000`);
      const expertRows = await deps.database.rows<{ id: number; name: string; employer_name: string }>(sql`
        select id, name, employer_name from experts where user_id is null order by name, id`);
      return {
        orgs: orgRows.map((o) => ({ id: Number(o.id), name: o.name, kind: o.kind, divisionCode: o.division_code, divisionName: o.division_name })),
        experts: expertRows.map((x) => ({ id: Number(x.id), name: x.name, employerName: x.employer_name })),
      };
    },
  );

  r.post(
    '/api/v1/users',
    {
      config: { access: { permission: Permission.userManage } },
      schema: { tags: ['admin'], summary: '新建账号 Create an account', body: UserCreateBodySchema, response: { 201: UserWithPasswordSchema } },
    },
    async (request, reply) => {
      const b = request.body;
      await checkOrg(request, await findOrg(db, { id: b.orgId }));
      const created = await createAccount(
        db,
        deps.hasher,
        { username: b.username, displayName: b.displayName, role: b.role, org: { id: b.orgId }, expertId: b.expertId, password: b.password },
        ctx(request),
      );
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(created);
    },
  );

  r.patch(
    '/api/v1/users/:id',
    {
      config: { access: { permission: Permission.userManage } },
      schema: { tags: ['admin'], summary: '修改账号（姓名、机构、角色） Edit an account', params: Id, body: UserUpdateBodySchema, response: { 200: UserSummarySchema } },
    },
    async (request) => {
      await checkAccount(request, request.params.id);
      if (request.body.orgId !== undefined) await checkOrg(request, await findOrg(db, { id: request.body.orgId }));
      return (await updateAccount(db, request.params.id, request.body, ctx(request))).user;
    },
  );

  for (const [step, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    r.post(
      `/api/v1/users/:id/${step}`,
      {
        config: { access: { permission: Permission.userManage } },
        schema: { tags: ['admin'], summary: active ? '启用账号 Enable an account' : '停用账号（并结束其会话） Disable an account', params: Id, response: { 200: UserSummarySchema } },
      },
      async (request) => {
        await checkAccount(request, request.params.id);
        return setAccountActive(db, request.params.id, active, ctx(request));
      },
    );
  }

  r.post(
    '/api/v1/users/:id/unlock',
    {
      config: { access: { permission: Permission.userManage } },
      schema: { tags: ['admin'], summary: '解锁账号 Unlock an account', params: Id, response: { 200: UserSummarySchema } },
    },
    async (request) => {
      await checkAccount(request, request.params.id);
      return unlockAccount(db, request.params.id, ctx(request));
    },
  );

  r.post(
    '/api/v1/users/:id/reset-password',
    {
      config: { access: { permission: Permission.userManage } },
      schema: { tags: ['admin'], summary: '重置密码（并结束其会话） Reset the password', params: Id, body: UserResetPasswordBodySchema, response: { 200: UserWithPasswordSchema } },
    },
    async (request, reply) => {
      await checkAccount(request, request.params.id);
      const out = await resetAccountPassword(db, deps.hasher, request.params.id, request.body?.password, ctx(request));
      reply.header('cache-control', 'no-store');
      return out;
    },
  );
}
