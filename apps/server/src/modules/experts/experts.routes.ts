/**
 * `/api/v1/experts` (the regional expert pool, issue 6 item 7) and `/api/v1/agencies`
 * (consulting agencies, item 6). The region (expert.manage, agency.manage) manages both; cities
 * and the regional DRC read the pool; officials and enterprises read agencies; an agency user
 * reads and edits only its own agency's profile (agency.manageOwn).
 */
import {
  AgencyInputSchema,
  AgencyPatchSchema,
  AgencySchema,
  ExpertImportResultSchema,
  ExpertInputSchema,
  ExpertListQuerySchema,
  ExpertPatchSchema,
  ExpertSchema,
  Permission,
} from '@cpaudit/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../../app.ts';
import { ImportFileError } from '../../imports/index.ts';
import { authorize, requireActor } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { sendXlsx } from '../../platform/downloads.ts';
import { expertTemplate, parseExpertFile } from './experts.import.ts';
import {
  checkExpertRefs,
  createAgency,
  createExpert,
  findAgency,
  importExperts,
  listAgencies,
  listExperts,
  updateAgency,
  updateExpert,
  type AuditContext,
} from './experts.service.ts';

/** The region's division code: the expert pool is a regional (自治区级) resource. */
const REGION = '450000';
/** Largest expert file accepted (the pool has hundreds of rows, not thousands). */
const MAX_EXPERT_FILE_BYTES = 5 * 1024 * 1024;

const Id = z.object({ id: z.coerce.number().int().positive() });

export async function registerExpertRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = (request: FastifyRequest): AuditContext => ({
    at: deps.clock.now(),
    actorUserId: request.session!.user.id,
    actorUsername: request.session!.user.username,
    orgId: request.session!.org.id,
    orgName: request.session!.org.name,
    ip: request.ip,
    requestId: String(request.id),
  });

  r.get(
    '/api/v1/experts',
    {
      config: { access: { permission: Permission.expertRead } },
      schema: { tags: ['experts'], summary: '专家库 List the expert pool', querystring: ExpertListQuerySchema, response: { 200: z.array(ExpertSchema) } },
    },
    async (request) => {
      // The pool is regional: the region and every city read all of it; the area check on the
      // reader's own area refuses an actor whose organisation and role do not agree (fail closed).
      await authorize(deps, request, Permission.expertRead, { kind: 'area', divisionCode: requireActor(request).areaCode });
      return listExperts(deps.database, request.query);
    },
  );

  r.post(
    '/api/v1/experts',
    {
      config: { access: { permission: Permission.expertManage } },
      schema: { tags: ['experts'], summary: '新增专家 Add an expert (region)', body: ExpertInputSchema, response: { 201: z.object({ id: z.number().int() }) } },
    },
    async (request, reply) => {
      await authorize(deps, request, Permission.expertManage, { kind: 'area', divisionCode: REGION });
      return reply.status(201).send(await createExpert(deps.database, request.body, ctx(request)));
    },
  );

  r.patch(
    '/api/v1/experts/:id',
    {
      config: { access: { permission: Permission.expertManage } },
      schema: { tags: ['experts'], summary: '修改专家 Update an expert (with its version)', params: Id, body: ExpertPatchSchema, response: { 200: ExpertSchema } },
    },
    async (request) => {
      await authorize(deps, request, Permission.expertManage, { kind: 'area', divisionCode: REGION });
      return updateExpert(deps.database, request.params.id, request.body, ctx(request));
    },
  );

  r.get(
    '/api/v1/experts/import-template.xlsx',
    {
      config: { access: { permission: Permission.expertManage } },
      schema: { tags: ['experts'], summary: '专家导入模板 Expert import template' },
    },
    async (request, reply) => {
      await authorize(deps, request, Permission.expertManage, { kind: 'area', divisionCode: REGION });
      return sendXlsx(reply, await expertTemplate(), 'experts-template.xlsx', '专家库导入模板.xlsx');
    },
  );

  r.post(
    '/api/v1/experts/import',
    {
      config: { access: { permission: Permission.expertManage } },
      schema: {
        tags: ['experts'],
        summary: '导入专家 Import experts from xlsx/csv (multipart field `file`); all rows or none',
        response: { 200: ExpertImportResultSchema },
      },
    },
    async (request) => {
      await authorize(deps, request, Permission.expertManage, { kind: 'area', divisionCode: REGION });
      if (!request.isMultipart()) throw new AppError('VALIDATION_FAILED', '请以 multipart/form-data 上传文件（字段名 file）');
      const part = await request.file({ limits: { fileSize: MAX_EXPERT_FILE_BYTES, files: 1 } });
      if (!part || part.fieldname !== 'file') throw new AppError('VALIDATION_FAILED', '没有收到文件（表单字段名应为 file）');
      const fileName = (part.filename || 'upload.xlsx').slice(0, 200);
      const buf = await part.toBuffer().catch(() => {
        throw new AppError('VALIDATION_FAILED', `文件超过 ${MAX_EXPERT_FILE_BYTES / 1024 / 1024} MB 上限`);
      });
      const db = deps.database;
      const industries = await db.rows<{ key: string; nameZh: string }>(sql`select key, name_zh as "nameZh" from key_industries`);
      const cities = await db.rows<{ code: string; name: string }>(sql`select code, name from divisions where level = 'city'`);
      let parsed;
      try {
        parsed = await parseExpertFile(buf, fileName, { industries, cities });
      } catch (e) {
        if (e instanceof ImportFileError) throw new AppError('VALIDATION_FAILED', e.message);
        throw e;
      }
      if (parsed.errors.length) {
        throw new AppError('IMPORT_FAILED', `文件中有 ${parsed.errors.length} 处错误，未导入任何数据`, { errors: parsed.errors.slice(0, 200) });
      }
      await checkExpertRefs(db.db, { specialities: [...new Set(parsed.rows.flatMap((x) => x.specialities))] });
      return importExperts(db, parsed.rows, { ...ctx(request), fileName });
    },
  );

  // ------------------------------------------------------------------ consulting agencies

  /** Whether the actor reads all agencies, or only its own (agency users); otherwise FORBIDDEN. */
  const agencyScope = (request: FastifyRequest): { all: true } | { all: false; orgId: number } => {
    const actor = requireActor(request);
    if (actor.permissions.includes(Permission.agencyRead)) return { all: true };
    if (actor.permissions.includes(Permission.agencyManageOwn)) return { all: false, orgId: actor.orgId };
    throw new AppError('FORBIDDEN');
  };

  r.get(
    '/api/v1/agencies',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['agencies'], summary: '咨询服务机构 List consulting agencies', querystring: z.object({ q: z.string().trim().max(50).optional() }), response: { 200: z.array(AgencySchema) } },
    },
    async (request) => {
      const scope = agencyScope(request);
      return listAgencies(deps.database, { ...(request.query.q ? { q: request.query.q } : {}), ...(scope.all ? {} : { onlyOrgId: scope.orgId }) });
    },
  );

  r.get(
    '/api/v1/agencies/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['agencies'], summary: '咨询服务机构详情 One consulting agency', params: Id, response: { 200: AgencySchema } },
    },
    async (request) => {
      const scope = agencyScope(request);
      const agency = await findAgency(deps.database, request.params.id);
      if (!agency) throw new AppError('NOT_FOUND', '咨询机构不存在');
      if (!scope.all && agency.orgId !== scope.orgId) throw new AppError('FORBIDDEN', '只能查看本机构的信息');
      return agency;
    },
  );

  r.post(
    '/api/v1/agencies',
    {
      config: { access: { permission: Permission.agencyManage } },
      schema: { tags: ['agencies'], summary: '新增咨询服务机构 Add an agency (region)', body: AgencyInputSchema, response: { 201: z.object({ id: z.number().int() }) } },
    },
    async (request, reply) => {
      await authorize(deps, request, Permission.agencyManage, { kind: 'area', divisionCode: request.body.divisionCode });
      return reply.status(201).send(await createAgency(deps.database, request.body, ctx(request)));
    },
  );

  r.patch(
    '/api/v1/agencies/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['agencies'], summary: '修改咨询服务机构 Update an agency (region, or the agency itself)', params: Id, body: AgencyPatchSchema, response: { 200: AgencySchema } },
    },
    async (request) => {
      const actor = requireActor(request);
      const agency = await findAgency(deps.database, request.params.id);
      if (actor.permissions.includes(Permission.agencyManage)) {
        if (!agency) throw new AppError('NOT_FOUND', '咨询机构不存在');
        await authorize(deps, request, Permission.agencyManage, { kind: 'area', divisionCode: agency.divisionCode });
        if (request.body.divisionCode) await authorize(deps, request, Permission.agencyManage, { kind: 'area', divisionCode: request.body.divisionCode });
      } else if (actor.permissions.includes(Permission.agencyManageOwn)) {
        if (!agency || agency.orgId !== actor.orgId) throw new AppError('FORBIDDEN', '只能修改本机构的信息');
        // The credit code and the registered area identify the agency: only the region changes them.
        if ((request.body.uscc !== undefined && request.body.uscc !== agency.uscc) || (request.body.divisionCode !== undefined && request.body.divisionCode !== agency.divisionCode)) {
          throw new AppError('FORBIDDEN', '统一社会信用代码和所在地由自治区生态环境厅修改');
        }
      } else {
        throw new AppError('FORBIDDEN');
      }
      return updateAgency(deps.database, request.params.id, request.body, ctx(request));
    },
  );
}
