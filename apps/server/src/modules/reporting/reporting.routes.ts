/**
 * `/api/v1/action-plans/*`, `/api/v1/annual-reports/*`, `/api/v1/annual-report-settings/:year`,
 * `/api/v1/reporting/status` and `/api/v1/documents/:id` (issue 5 items 5–6; documents of issue 6
 * item 5). Routes parse, authorise by permission and area (the plan's or report's city), and
 * call the services.
 */
import {
  ActionPlanSchema,
  AnnualReportSchema,
  AnnualReportSettingsSchema,
  CreateActionPlanSchema,
  DocumentInfoSchema,
  IdParamSchema,
  Permission,
  ReportingStatusSchema,
  ReviewActionPlanSchema,
  SaveAnnualReportSchema,
  UpdateActionPlanSchema,
  ReportVersionBodySchema,
} from '@cpaudit/contracts';
import { cityCodeOf, isIsoDate, scopeFilterOf, type ReviewDepartment } from '@cpaudit/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { authorize, requireActor } from '../../platform/auth.ts';
import { documentOwner, registerDocumentOwner, type DocumentStore } from '../../platform/documents.ts';
import { AppError } from '../../platform/errors.ts';
import {
  attachToPlan,
  findPlan,
  parsePeriod,
  presentPlan,
  reviewPlan,
  startDraft,
  submitPlan,
  updateDraft,
  type ActingUser,
} from './action-plans.service.ts';
import { getReport, reportingStatus, saveReport, setSettings, submitReport } from './annual-reports.service.ts';
import { reportDocx } from './report-docx.ts';

const CityYear = z.object({
  cityCode: z.string().regex(/^45\d{2}00$/, '应为广西设区市代码（如 450100）'),
  year: z.coerce.number().int().min(2000).max(2100),
});

function who(request: FastifyRequest): ActingUser {
  const s = request.session!;
  return { userId: s.user.id, username: s.user.username, displayName: s.user.displayName, orgId: s.org.id, orgName: s.org.name, ip: request.ip, requestId: String(request.id) };
}

/** RFC 6266 attachment header with an ASCII fallback and the UTF-8 name. */
function attachment(asciiName: string, displayName: string): string {
  return `attachment; filename="${asciiName.replace(/[^A-Za-z0-9._-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(displayName)}`;
}

export async function registerReportingRoutes(app: FastifyInstance, deps: AppDeps, store: DocumentStore): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database.db;
  const period = parsePeriod(deps.env.ACTION_PLAN_PERIOD);

  registerDocumentOwner('actionPlan', async (d, ownerId) => {
    const row = await findPlan(d, ownerId).catch(() => null);
    if (!row) return null;
    return { resource: { kind: 'area', divisionCode: row.cityCode }, read: Permission.actionPlanRead, write: Permission.actionPlanDraft, writable: row.status === 'draft' };
  });

  const loadPlan = async (request: FastifyRequest, id: number, permission: Permission) => {
    const row = await findPlan(db, id);
    await authorize(deps, request, permission, { kind: 'area', divisionCode: row.cityCode });
    return row;
  };

  r.post(
    '/api/v1/action-plans',
    {
      config: { access: { permission: Permission.actionPlanDraft } },
      schema: { tags: ['reporting'], summary: '新建或修订行动计划 Start a draft (or revise a returned plan)', body: CreateActionPlanSchema, response: { 200: ActionPlanSchema, 201: ActionPlanSchema } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const cityCode = request.body.cityCode ?? cityCodeOf(actor.areaCode) ?? actor.areaCode;
      await authorize(deps, request, Permission.actionPlanDraft, { kind: 'area', divisionCode: cityCode });
      if (cityCodeOf(cityCode) !== cityCode) throw new AppError('VALIDATION_FAILED', 'cityCode 应为设区市代码', [{ field: 'body.cityCode', message: '应为设区市代码' }]);
      const start = request.body.periodStart ?? period.start;
      const end = request.body.periodEnd ?? (request.body.periodStart === undefined ? period.end : start + (period.end - period.start));
      if (end < start || end - start > 10) throw new AppError('VALIDATION_FAILED', '计划期限无效', [{ field: 'body.periodEnd', message: '应不早于起始年且不超过 10 年' }]);
      const { row, created } = await startDraft(deps.database, { cityCode, periodStart: start, periodEnd: end }, who(request), deps.clock.now());
      return reply.status(created ? 201 : 200).send(await presentPlan(db, store, row));
    },
  );

  r.get(
    '/api/v1/action-plans/:id',
    {
      config: { access: { permission: Permission.actionPlanRead } },
      schema: { tags: ['reporting'], summary: '行动计划（某一修订版）Action plan revision', params: IdParamSchema, response: { 200: ActionPlanSchema } },
    },
    async (request) => presentPlan(db, store, await loadPlan(request, request.params.id, Permission.actionPlanRead)),
  );

  r.put(
    '/api/v1/action-plans/:id',
    {
      config: { access: { permission: Permission.actionPlanDraft } },
      schema: { tags: ['reporting'], summary: '保存行动计划草稿 Save a draft', params: IdParamSchema, body: UpdateActionPlanSchema, response: { 200: ActionPlanSchema } },
    },
    async (request) => {
      await loadPlan(request, request.params.id, Permission.actionPlanDraft);
      const row = await updateDraft(deps.database, request.params.id, request.body, who(request), deps.clock.now());
      return presentPlan(db, store, row);
    },
  );

  r.post(
    '/api/v1/action-plans/:id/submit',
    {
      config: { access: { permission: Permission.actionPlanDraft } },
      schema: { tags: ['reporting'], summary: '提交行动计划（重复提交返回原结果）Submit (idempotent)', params: IdParamSchema, body: ReportVersionBodySchema, response: { 200: ActionPlanSchema } },
    },
    async (request) => {
      await loadPlan(request, request.params.id, Permission.actionPlanDraft);
      const { row } = await submitPlan(deps.database, request.params.id, request.body.version, who(request), deps.clock.now());
      return presentPlan(db, store, row);
    },
  );

  r.post(
    '/api/v1/action-plans/:id/review',
    {
      config: { access: { permission: Permission.actionPlanReview } },
      schema: { tags: ['reporting'], summary: '审核行动计划（厅、委分别通过或退回）Approve or return', params: IdParamSchema, body: ReviewActionPlanSchema, response: { 200: ActionPlanSchema } },
    },
    async (request) => {
      const actor = requireActor(request);
      await loadPlan(request, request.params.id, Permission.actionPlanReview);
      const department: ReviewDepartment | null = actor.orgKind === 'regionDee' ? 'dee' : actor.orgKind === 'regionDrc' ? 'drc' : null;
      if (!department) throw new AppError('FORBIDDEN', '只有自治区生态环境厅和发展改革委可以审核');
      const row = await reviewPlan(deps.database, request.params.id, request.body, department, who(request), deps.clock.now());
      return presentPlan(db, store, row);
    },
  );

  r.post(
    '/api/v1/action-plans/:id/documents',
    {
      config: { access: { permission: Permission.actionPlanDraft } },
      schema: { tags: ['reporting'], summary: '上传行动计划附件（multipart，字段 file）Attach a document', params: IdParamSchema, response: { 201: DocumentInfoSchema } },
    },
    async (request, reply) => {
      await loadPlan(request, request.params.id, Permission.actionPlanDraft);
      if (!request.isMultipart()) throw new AppError('VALIDATION_FAILED', '请以 multipart/form-data 上传文件（字段名 file）');
      const part = await request.file({ limits: { fileSize: deps.env.DOCUMENT_MAX_BYTES + 1, files: 1 } });
      if (!part || part.fieldname !== 'file') throw new AppError('VALIDATION_FAILED', '没有收到文件（表单字段名应为 file）');
      const info = await attachToPlan(deps.database, store, request.params.id, { fileName: part.filename || 'file', stream: part.file }, who(request), deps.clock.now());
      return reply.status(201).send(info);
    },
  );

  r.get(
    '/api/v1/documents/:id',
    {
      // Any logged-in user; the owning record decides (its read permission and area).
      config: { access: 'authenticated' },
      schema: { tags: ['documents'], summary: '下载文档（按所属记录的权限与区域授权）Download a document', params: IdParamSchema },
    },
    async (request, reply) => {
      const info = await store.get(db, request.params.id);
      const owner = await documentOwner(info.ownerType)(db, info.ownerId);
      if (!owner) throw new AppError('NOT_FOUND', '文档不存在');
      const actor = requireActor(request);
      const party = owner.party !== undefined && actor.permissions.includes(owner.read) && (await owner.party(actor));
      if (!party) await authorize(deps, request, owner.read, owner.resource);
      const { stream } = await store.open(db, info.id);
      return reply
        .header('content-type', info.mediaType)
        .header('content-disposition', attachment(`document-${info.id}.${info.fileType}`, info.fileName))
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );

  r.get(
    '/api/v1/reporting/status',
    {
      config: { access: { permission: Permission.actionPlanRead } },
      schema: {
        tags: ['reporting'],
        summary: '报送情况（各市 × 名单、行动计划、年度报告）Reporting status matrix',
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100), periodStart: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: ReportingStatusSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const p = request.query.periodStart === undefined ? period : { start: request.query.periodStart, end: request.query.periodStart + (period.end - period.start) };
      return reportingStatus(db, scopeFilterOf(actor, 'area'), request.query.year, p, deps.env.REPORT_REMINDER_DAYS, deps.clock.now());
    },
  );

  r.get(
    '/api/v1/annual-reports/:cityCode/:year',
    {
      config: { access: { permission: Permission.actionPlanRead } },
      schema: { tags: ['reporting'], summary: '年度落实情况报告（含系统预填数据）Yearly report', params: CityYear, response: { 200: AnnualReportSchema } },
    },
    async (request) => {
      await authorize(deps, request, Permission.actionPlanRead, { kind: 'area', divisionCode: request.params.cityCode });
      return getReport(db, request.params.cityCode, request.params.year, deps.env.REPORT_REMINDER_DAYS, deps.clock.now());
    },
  );

  r.put(
    '/api/v1/annual-reports/:cityCode/:year',
    {
      config: { access: { permission: Permission.actionPlanDraft } },
      schema: { tags: ['reporting'], summary: '保存年度报告草稿 Save the narrative', params: CityYear, body: SaveAnnualReportSchema, response: { 200: AnnualReportSchema } },
    },
    async (request) => {
      const { cityCode, year } = request.params;
      await authorize(deps, request, Permission.actionPlanDraft, { kind: 'area', divisionCode: cityCode });
      await saveReport(deps.database, cityCode, year, request.body, who(request), deps.clock.now());
      return getReport(db, cityCode, year, deps.env.REPORT_REMINDER_DAYS, deps.clock.now());
    },
  );

  r.post(
    '/api/v1/annual-reports/:cityCode/:year/submit',
    {
      config: { access: { permission: Permission.actionPlanDraft } },
      schema: { tags: ['reporting'], summary: '提交年度报告（重复提交返回原结果）Submit (idempotent)', params: CityYear, body: ReportVersionBodySchema.extend({ version: z.number().int().min(0) }), response: { 200: AnnualReportSchema } },
    },
    async (request) => {
      const { cityCode, year } = request.params;
      await authorize(deps, request, Permission.actionPlanDraft, { kind: 'area', divisionCode: cityCode });
      await submitReport(deps.database, cityCode, year, request.body.version, who(request), deps.clock.now());
      return getReport(db, cityCode, year, deps.env.REPORT_REMINDER_DAYS, deps.clock.now());
    },
  );

  r.get(
    '/api/v1/annual-reports/:cityCode/:year/export.docx',
    {
      config: { access: { permission: Permission.actionPlanRead } },
      schema: { tags: ['reporting'], summary: '导出年度报告（docx）Export as Word', params: CityYear },
    },
    async (request, reply) => {
      const { cityCode, year } = request.params;
      await authorize(deps, request, Permission.actionPlanRead, { kind: 'area', divisionCode: cityCode });
      const report = await getReport(db, cityCode, year, deps.env.REPORT_REMINDER_DAYS, deps.clock.now());
      const buf = await reportDocx(report);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', attachment(`annual-report-${cityCode}-${year}.docx`, `${report.cityName}${year}年度清洁生产审核工作落实情况报告.docx`))
        .header('cache-control', 'no-store')
        .send(buf);
    },
  );

  r.put(
    '/api/v1/annual-report-settings/:year',
    {
      config: { access: { permission: Permission.annualReportConfigure } },
      schema: {
        tags: ['reporting'],
        summary: '设置年度报告截止日期与提醒天数 Set due date and reminder days',
        params: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
        body: AnnualReportSettingsSchema,
        response: { 200: z.object({ year: z.number().int(), dueDate: z.string(), reminderDays: z.number().int() }) },
      },
    },
    async (request) => {
      const { year } = request.params;
      if (!isIsoDate(request.body.dueDate) || request.body.dueDate <= `${year}-12-31`) {
        throw new AppError('VALIDATION_FAILED', `截止日期应为 ${year + 1} 年及以后的有效日期`, [{ field: 'body.dueDate', message: '应为报告年度之后的有效日期' }]);
      }
      await authorize(deps, request, Permission.annualReportConfigure, { kind: 'area', divisionCode: '450000' });
      await setSettings(deps.database, year, request.body, who(request), deps.clock.now());
      return { year, ...request.body };
    },
  );
}
