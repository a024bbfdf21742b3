/**
 * Park/cluster grouping (issue 6 item 1): the city sets the mode of an audit of its area
 * (`PUT /api/v1/audits/:id/mode`) and attaches or detaches member audits of its area
 * (`POST /api/v1/audits/:id/members`, `/remove-member`). A member is an audit of another enterprise
 * of the same city and list year whose `lead_audit_id` is the lead; it records its own disclosure
 * (the workflow's `discloseMember`) and the lead may disclose only after every member has. The
 * rules are the domain's `groupingViolation`; each change checks and bumps the lead's version and
 * writes its audit-log row in one transaction.
 */
import { AuditGroupingSchema, AuditMemberBodySchema, IdParamSchema, Permission, SetAuditModeBodySchema, type AuditGrouping } from '@cpaudit/contracts';
import { groupingViolation, type AuditMode, type GroupingAudit, type GroupingViolation } from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import type { Db } from '../../db/client.ts';
import { authorize } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { idempotent } from '../../platform/idempotency.ts';
import { auditStep } from '../lists/lists.service.ts';
import { q } from '../lists/lists.repository.ts';

const idemHeader = z.object({ 'idempotency-key': z.string().max(100).optional() }).passthrough();

/** The refusal messages of {@link GroupingViolation}s. */
const VIOLATION_TEXT: Record<GroupingViolation, string> = {
  notListed: '审核已公示或已启动，不能再调整园区/集群审核的组成',
  isMember: '该审核是另一园区/集群审核的成员，不能作为牵头审核',
  hasMembers: '该审核已有成员（或牵头其他成员），请先移除成员',
  notGroupMode: '只有园区（park）或集群（cluster）审核可以添加成员',
  self: '审核不能作为自己的成员',
  otherYear: '成员须为同一名单年度的审核',
  otherCity: '成员须为同一设区市的审核',
  alreadyMember: '该审核已是某一园区/集群审核的成员',
  notMember: '该审核不是本审核的成员',
};

interface Row {
  id: number; mode: AuditMode; state: GroupingAudit['state']; list_year: number; city_code: string; county_code: string;
  enterprise_id: number; lead_audit_id: number | null; member_count: number; version: number;
}

async function lockAudit(tx: Db, id: number): Promise<Row | null> {
  const [r] = await q(tx).rows<Row>(sql`
    select a.id, a.mode, a.state, a.list_year::int as list_year, a.city_code, a.county_code, a.enterprise_id, a.lead_audit_id, a.version,
      (select count(*)::int from audits m where m.lead_audit_id = a.id) as member_count
    from audits a where a.id = ${id} for update`);
  return r ?? null;
}

const toGrouping = (r: Row): GroupingAudit => ({ id: r.id, mode: r.mode, state: r.state, listYear: r.list_year, cityCode: r.city_code, leadAuditId: r.lead_audit_id, memberCount: r.member_count });

async function groupingOf(tx: Db, id: number): Promise<AuditGrouping> {
  const db = q(tx);
  const [a] = await db.rows<{ mode: AuditMode; version: number }>(sql`select mode, version from audits where id = ${id}`);
  const members = await db.rows<{ id: number; name: string; disclosed_on: string | null }>(
    sql`select m.id, e.name, m.disclosed_on::text as disclosed_on from audits m join enterprises e on e.id = m.enterprise_id where m.lead_audit_id = ${id} order by m.id`,
  );
  return { auditId: id, mode: a!.mode, version: a!.version, members: members.map((m) => ({ auditId: m.id, enterpriseName: m.name, disclosedOn: m.disclosed_on })) };
}

export async function registerAuditGroupingRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  /**
   * Checks the actor's permission on the area of audit `id` before the transaction (a refusal writes
   * its audit-log row on its own connection), then, inside `tx`, loads and locks it.
   */
  const authorizeAudit = async (request: FastifyRequest, id: number) => {
    const [a] = await deps.database.rows<{ county_code: string }>(sql`select county_code from audits where id = ${id}`);
    if (!a) throw new AppError('NOT_FOUND', '审核记录不存在');
    await authorize(deps, request, Permission.auditGroup, { kind: 'area', divisionCode: a.county_code });
  };
  const load = async (tx: Db, id: number) => {
    const a = await lockAudit(tx, id);
    if (!a) throw new AppError('NOT_FOUND', '审核记录不存在');
    return a;
  };
  const refuse = (v: GroupingViolation | null) => {
    if (v !== null) throw new AppError('RULE_VIOLATION', VIOLATION_TEXT[v], { violation: v });
  };

  r.put(
    '/api/v1/audits/:id/mode',
    {
      config: { access: { permission: Permission.auditGroup } },
      schema: { tags: ['audits'], summary: '设置审核模式（含园区/集群）Set the audit mode', params: IdParamSchema, body: SetAuditModeBodySchema, headers: idemHeader, response: { 200: AuditGroupingSchema } },
    },
    async (request, reply) => {
      const { id } = request.params;
      await authorizeAudit(request, id);
      const answer = await idempotent(deps, request, `PUT /api/v1/audits/${id}/mode`, async (tx) => {
        const lead = await load(tx, id);
        // Setting the mode it already has is answered as it stands (a repeated click).
        if (lead.mode === request.body.mode) return { status: 200 as const, body: await groupingOf(tx, id) };
        if (lead.version !== request.body.version) throw new AppError('CONFLICT', '该审核已被他人更新，请刷新后重试');
        refuse(groupingViolation({ kind: 'setMode', lead: toGrouping(lead), mode: request.body.mode }));
        await q(tx).rows(sql`update audits set mode = ${request.body.mode}, version = version + 1, updated_at = now() where id = ${id}`);
        await auditStep(deps, request, tx, 'audit.group', 'audit', id, { mode: { from: lead.mode, to: request.body.mode } });
        return { status: 200 as const, body: await groupingOf(tx, id) };
      });
      return reply.status(answer.status).send(answer.body);
    },
  );

  for (const step of ['members', 'remove-member'] as const) {
    r.post(
      `/api/v1/audits/:id/${step}`,
      {
        config: { access: { permission: Permission.auditGroup } },
        schema: {
          tags: ['audits'],
          summary: step === 'members' ? '添加园区/集群成员审核 Add a member audit' : '移除成员审核 Remove a member audit',
          params: IdParamSchema,
          body: AuditMemberBodySchema,
          headers: idemHeader,
          response: { 200: AuditGroupingSchema },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const { memberAuditId, version } = request.body;
        await authorizeAudit(request, id);
        await authorizeAudit(request, memberAuditId);
        const answer = await idempotent(deps, request, `POST /api/v1/audits/${id}/${step} ${memberAuditId}`, async (tx) => {
          const lead = await load(tx, id);
          const member = await load(tx, memberAuditId);
          // A repeat of a change already made (member already attached / already detached) answers as it stands.
          if ((step === 'members' && member.lead_audit_id === id) || (step === 'remove-member' && member.lead_audit_id === null)) {
            return { status: 200 as const, body: await groupingOf(tx, id) };
          }
          if (lead.version !== version) throw new AppError('CONFLICT', '该审核已被他人更新，请刷新后重试');
          refuse(groupingViolation({ kind: step === 'members' ? 'addMember' : 'removeMember', lead: toGrouping(lead), member: toGrouping(member) }));
          await q(tx).rows(sql`update audits set lead_audit_id = ${step === 'members' ? id : null}, version = version + 1, updated_at = now() where id = ${memberAuditId}`);
          await q(tx).rows(sql`update audits set version = version + 1, updated_at = now() where id = ${id}`);
          await auditStep(deps, request, tx, 'audit.group', 'audit', id, { [step === 'members' ? 'addedMember' : 'removedMember']: memberAuditId });
          return { status: 200 as const, body: await groupingOf(tx, id) };
        });
        return reply.status(answer.status).send(answer.body);
      },
    );
  }
}
