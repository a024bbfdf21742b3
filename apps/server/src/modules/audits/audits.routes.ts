/**
 * `/api/v1/audits*` (issue 6 items 1, 2, 4, 5, 12): the audit list and record, workflow actions
 * (`applyAuditAction`, optimistic version, `Idempotency-Key`), documents per step, the prefilled
 * disclosure form and the overdue summary; `/api/v1/public/audits/:id/disclosure` (no login).
 * Routes stay thin: parse, authorise by role and area (or by the audit's parties), call the service.
 */
import {
  AuditActionBodySchema,
  AuditActionParamsSchema,
  AuditActionResultSchema,
  AuditDetailSchema,
  AuditPageSchema,
  AuditQuerySchema,
  DisclosureFormResponseSchema,
  IdParamSchema,
  OverdueSummaryRowSchema,
  Permission,
  PublicDisclosureSchema,
} from '@cpaudit/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { authorize, requireActor } from '../../platform/auth.ts';
import { registerDocumentOwner, type DocumentStore } from '../../platform/documents.ts';
import { AppError } from '../../platform/errors.ts';
import { idempotent } from '../../platform/idempotency.ts';
import { AUDIT_DOCUMENT_OWNER, applyAuditAction, loadAudit } from './audit-actions.ts';
import { auditDetail, auditVisible, checklistKinds, checklistOf, disclosureForm, listAudits, overdueSummary, publicDisclosure } from './audits.service.ts';

const idemHeader = z.object({ 'idempotency-key': z.string().max(100).optional() }).passthrough();
const KindQuery = z.object({ kind: z.string().regex(/^[a-z][A-Za-z0-9]{1,39}$/, '材料类型不正确') });

export async function registerAuditRoutes(app: FastifyInstance, deps: AppDeps, store: DocumentStore): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const database = deps.database;
  const checklist = checklistOf(deps.env.AUDIT_DOCUMENT_CHECKLIST);
  const kinds = checklistKinds(checklist);

  registerDocumentOwner(AUDIT_DOCUMENT_OWNER, async (d, ownerId) => {
    const a = await loadAudit(d, ownerId);
    if (!a) return null;
    return {
      resource: { kind: 'enterprise', enterpriseId: a.enterprise_id, divisionCode: a.county_code },
      read: Permission.auditRead,
      write: Permission.auditAct,
      writable: a.state !== 'accepted' && a.state !== 'rolledOver',
      // Its consulting agency, member enterprises and panel experts read it as its page shows it.
      party: (actor) => auditVisible(d, actor, ownerId),
    };
  });

  /**
   * The audit `id` if the actor may reach it: its parties (enterprise, member, consulting agency)
   * and officials of its area. @throws NOT_FOUND; OUT_OF_SCOPE (audited) otherwise
   */
  const authorizeAudit = async (request: FastifyRequest, permission: Permission, id: number) => {
    const a = await loadAudit(database.db, id);
    if (!a) throw new AppError('NOT_FOUND', '审核记录不存在');
    const actor = requireActor(request);
    if (await auditVisible(database, actor, id)) return a;
    await authorize(deps, request, permission, { kind: 'enterprise', enterpriseId: a.enterprise_id, divisionCode: a.county_code });
    throw new AppError('OUT_OF_SCOPE');
  };

  r.get(
    '/api/v1/audits',
    {
      config: { access: { permission: Permission.auditRead } },
      schema: { tags: ['audits'], summary: '审核列表 Audits in my area / of my enterprise / my agency', querystring: AuditQuerySchema, response: { 200: AuditPageSchema } },
    },
    async (request) => listAudits(database, requireActor(request), request.query, deps.clock.now()),
  );

  r.get(
    '/api/v1/audits/overdue-summary',
    {
      config: { access: { permission: Permission.auditRead } },
      schema: { tags: ['audits'], summary: '逾期审核统计 Overdue audits per city and county', response: { 200: z.array(OverdueSummaryRowSchema) } },
    },
    async (request) => overdueSummary(database, requireActor(request), deps.clock.now()),
  );

  r.get(
    '/api/v1/audits/:id',
    {
      config: { access: { permission: Permission.auditRead } },
      schema: { tags: ['audits'], summary: '审核详情 Record, timeline, documents, deadlines, allowed actions', params: IdParamSchema, response: { 200: AuditDetailSchema } },
    },
    async (request) => {
      await authorizeAudit(request, Permission.auditRead, request.params.id);
      return (await auditDetail(database, requireActor(request), request.params.id, deps.clock.now(), checklist))!;
    },
  );

  r.get(
    '/api/v1/audits/:id/disclosure-form',
    {
      config: { access: { permission: Permission.auditRead } },
      schema: { tags: ['audits'], summary: '信息公开表（按列入原因预填）Prefilled disclosure form', params: IdParamSchema, response: { 200: DisclosureFormResponseSchema } },
    },
    async (request) => {
      await authorizeAudit(request, Permission.auditRead, request.params.id);
      return (await disclosureForm(database, request.params.id, deps.clock.now()))!;
    },
  );

  r.post(
    '/api/v1/audits/:id/actions/:action',
    {
      config: { access: { permission: Permission.auditAct } },
      schema: {
        tags: ['audits'],
        summary: '执行审核流程操作 Apply a workflow action (version-checked; Idempotency-Key supported)',
        params: AuditActionParamsSchema,
        body: AuditActionBodySchema,
        headers: idemHeader,
        response: { 200: AuditActionResultSchema },
      },
    },
    async (request, reply) => {
      const { id, action } = request.params;
      await authorizeAudit(request, Permission.auditAct, id);
      if (action === 'drawPanel') {
        // Only the panels route draws: it applies the exclusions and records the seed and pool.
        throw new AppError('RULE_VIOLATION', '抽取专家组请使用专家组抽取（POST /api/v1/audits/:id/panels），它执行回避规则并记录随机种子', [
          { field: 'params.action', message: 'drawPanel 只能通过专家组抽取执行' },
        ]);
      }
      const s = request.session!;
      const answer = await idempotent(deps, request, `POST /api/v1/audits/${id}/actions/${action}`, async (tx) => ({
        status: 200 as const,
        body: await applyAuditAction(tx, {
          auditId: id,
          action,
          actor: { ...requireActor(request), username: s.user.username, orgName: s.org.name },
          version: request.body.version,
          comment: request.body.comment ?? null,
          documentIds: request.body.documentIds ?? [],
          payload: request.body.payload ?? null,
          now: deps.clock.now(),
          ip: request.ip,
          requestId: String(request.id),
        }),
      }));
      return reply.status(answer.status).send(answer.body);
    },
  );

  r.post(
    '/api/v1/audits/:id/documents',
    {
      config: { access: { permission: Permission.auditAct } },
      schema: { tags: ['audits'], summary: '上传审核材料（multipart，字段 file；?kind=清单中的材料类型）Attach a document to the audit', params: IdParamSchema, querystring: KindQuery },
    },
    async (request, reply) => {
      const a = await authorizeAudit(request, Permission.auditAct, request.params.id);
      if (!kinds.has(request.query.kind)) {
        throw new AppError('VALIDATION_FAILED', '材料类型不在本流程的材料清单中', [{ field: 'query.kind', message: `可选：${[...kinds].join(', ')}` }]);
      }
      if (a.state === 'accepted' || a.state === 'rolledOver') throw new AppError('RULE_VIOLATION', '审核已结束，不能再上传材料');
      if (!request.isMultipart()) throw new AppError('VALIDATION_FAILED', '请以 multipart/form-data 上传文件（字段名 file）');
      const part = await request.file({ limits: { fileSize: deps.env.DOCUMENT_MAX_BYTES + 1, files: 1 } });
      if (!part || part.fieldname !== 'file') throw new AppError('VALIDATION_FAILED', '没有收到文件（表单字段名应为 file）');
      const s = request.session!;
      const now = deps.clock.now();
      const info = await database.db.transaction(async (tx) => {
        const doc = await store.store(tx as never, {
          ownerType: AUDIT_DOCUMENT_OWNER,
          ownerId: a.id,
          kind: request.query.kind,
          fileName: part.filename || 'file',
          stream: part.file,
          uploadedBy: s.user.id,
          at: now,
        });
        const { writeAuditLog } = await import('../../platform/audit-log.ts');
        await writeAuditLog(tx as never, {
          at: now,
          action: 'audit.document',
          result: 'success',
          actorUserId: s.user.id,
          actorUsername: s.user.username,
          orgId: s.org.id,
          orgName: s.org.name,
          objectType: 'audit',
          objectId: a.id,
          ip: request.ip,
          requestId: String(request.id),
          details: { documentId: doc.id, kind: doc.kind, version: doc.version, sha256: doc.sha256 },
        });
        return doc;
      });
      return reply.status(201).send(info);
    },
  );

  r.get(
    '/api/v1/public/audits/:id/disclosure',
    {
      config: { access: 'public', rateLimit: { max: deps.env.PUBLIC_RATE_PER_MINUTE, timeWindow: 60_000 } },
      schema: { tags: ['public'], summary: '企业信息公开（已公开字段，无需登录）Published disclosure', params: IdParamSchema, response: { 200: PublicDisclosureSchema } },
    },
    async (request) => {
      const d = await publicDisclosure(database, request.params.id);
      if (!d) throw new AppError('NOT_FOUND', '该企业尚未公开信息');
      return d;
    },
  );
}
