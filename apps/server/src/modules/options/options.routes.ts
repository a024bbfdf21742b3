/**
 * Options register routes (issue 7 items 1, 3, 4, 6, 7; issue 6 item 9):
 * - `GET/POST /api/v1/audits/:id/options`, `PUT/DELETE /api/v1/options/:id` — the enterprise of
 *   the audit edits (`option.edit`, enterprise scope) while the audit is between `started` and
 *   `implementing`, and so does its consulting agency (`audits.consulting_agency_id`); officials of
 *   the area, the enterprise, its agency and the experts of its panels read (`option.read`);
 * - `POST /api/v1/audits/:id/options/preview` — tce/CO2 of benefits, factors named, nothing stored;
 * - `POST /api/v1/options/:id/feasibility` — economics of a high-cost option, stored with hints;
 * - `GET /api/v1/audits/:id/performance`, `GET …/completeness`, `PUT …/stated-totals`;
 * - `GET/PUT /api/v1/audits/:id/levels` — acceptance level before/after;
 * - `GET /api/v1/stats/reductions` (+ `.xlsx`) — regional figures, area-scoped (`option.stats`).
 * Every audit-bound route authorises against the audit's enterprise and county, or its consulting agency.
 */
import {
  FeasibilityBodySchema,
  FeasibilitySchema,
  IdParamSchema,
  LevelBodySchema,
  MeasuresPreviewBodySchema,
  MeasuresPreviewSchema,
  OptionInputSchema,
  OptionSchema,
  OptionUpdateSchema,
  Permission,
  ReductionRowSchema,
  ReductionsQuerySchema,
  StatedTotalsBodySchema,
} from '@cpaudit/contracts';
import { scopeFilterOf } from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { authorize, requireActor } from '../../platform/auth.ts';
import { registerAuditFacts } from '../audits/audit-actions.ts';
import { auditVisible } from '../audits/audits.service.ts';
import { sendXlsx } from '../../platform/downloads.ts';
import {
  auditCompleteness,
  auditLevels,
  auditOfOption,
  auditPerformanceTable,
  auditRef,
  createOption,
  deleteOption,
  getOption,
  listOptions,
  previewMeasures,
  putLevel,
  putStatedTotals,
  reductionFigures,
  reductionsXlsx,
  storeFeasibility,
  updateOption,
  type AuditRef,
  type OptionActor,
} from './options.service.ts';

// The workflow's `optionCount` (submitReport needs at least one option, Order 38 art. 17 report
// content): the options of the audit in this register that are not rejected, read when the report
// can be submitted. With none in the register the step's own `payload.optionCount` still counts.
registerAuditFacts(async (tx, audit) => {
  if (audit.state !== 'started' && audit.state !== 'evaluationFailed') return {};
  const res = (await tx.execute(sql`select count(*)::int as n from cp_options where audit_id = ${audit.id} and status <> 'rejected'`)) as unknown as { rows: { n: number }[] };
  const n = res.rows[0]?.n ?? 0;
  return n > 0 ? { optionCount: n } : {};
});

function who(request: FastifyRequest): OptionActor {
  const s = request.session!;
  return { userId: s.user.id, username: s.user.username, orgId: s.org.id, orgName: s.org.name, ip: request.ip, requestId: String(request.id) };
}

const Any = z.any();

export async function registerOptionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = () => deps.database.db;
  const now = () => deps.clock.now();

  /**
   * Checks `permission` on audit `a`: the parties that are not the enterprise — its consulting
   * agency (`audits.consulting_agency_id`), which works on the options as the enterprise does, and
   * the experts of its panels, who read them — pass when they hold the permission; everyone else
   * is checked on the audit's enterprise with its county code as the area (`can()`).
   * @throws AppError FORBIDDEN / OUT_OF_SCOPE (the denial is logged)
   */
  async function check(request: FastifyRequest, a: AuditRef, permission: Permission): Promise<AuditRef> {
    const actor = requireActor(request);
    if ((actor.orgKind === 'consultingAgency' || actor.orgKind === 'expert') && actor.permissions.includes(permission) && (await auditVisible(deps.database, actor, a.id))) return a;
    await authorize(deps, request, permission, { kind: 'enterprise', enterpriseId: a.enterpriseId, divisionCode: a.countyCode });
    return a;
  }
  /** Loads audit `auditId` and checks `permission` on it ({@link check}). @throws AppError NOT_FOUND */
  async function audited(request: FastifyRequest, auditId: number, permission: Permission): Promise<AuditRef> {
    return check(request, await auditRef(db(), auditId), permission);
  }
  /** Loads the audit of option `optionId` and checks `permission` on it ({@link check}). @throws AppError NOT_FOUND */
  async function optionAudit(request: FastifyRequest, optionId: number, permission: Permission): Promise<AuditRef> {
    return check(request, await auditOfOption(db(), optionId), permission);
  }

  r.get(
    '/api/v1/audits/:id/options',
    {
      config: { access: { permission: Permission.optionRead } },
      schema: { tags: ['options'], summary: '审核方案清单 Options of an audit', params: IdParamSchema, response: { 200: z.array(OptionSchema) } },
    },
    async (request) => {
      const a = await audited(request, request.params.id, Permission.optionRead);
      return listOptions(db(), a.id);
    },
  );

  r.post(
    '/api/v1/audits/:id/options',
    {
      config: { access: { permission: Permission.optionEdit } },
      schema: { tags: ['options'], summary: '新增方案 Add an option (tce/CO2 computed now)', params: IdParamSchema, body: OptionInputSchema, response: { 201: OptionSchema } },
    },
    async (request, reply) => {
      const a = await audited(request, request.params.id, Permission.optionEdit);
      return reply.status(201).send(await createOption(db(), a, request.body, who(request), now()));
    },
  );

  r.post(
    '/api/v1/audits/:id/options/preview',
    {
      config: { access: { permission: Permission.optionRead } },
      schema: { tags: ['options'], summary: '节能减碳试算 Preview tce/CO2 of benefits (nothing stored)', params: IdParamSchema, body: MeasuresPreviewBodySchema, response: { 200: MeasuresPreviewSchema } },
    },
    async (request) => {
      const a = await audited(request, request.params.id, Permission.optionRead);
      return previewMeasures(db(), a, request.body.benefits, request.body.dataYear);
    },
  );

  r.get(
    '/api/v1/options/:id',
    {
      config: { access: { permission: Permission.optionRead } },
      schema: { tags: ['options'], summary: '方案 One option', params: IdParamSchema, response: { 200: OptionSchema } },
    },
    async (request) => {
      await optionAudit(request, request.params.id, Permission.optionRead);
      return getOption(db(), request.params.id);
    },
  );

  r.put(
    '/api/v1/options/:id',
    {
      config: { access: { permission: Permission.optionEdit } },
      schema: { tags: ['options'], summary: '修改方案 Update an option (version-checked)', params: IdParamSchema, body: OptionUpdateSchema, response: { 200: OptionSchema } },
    },
    async (request) => {
      const a = await optionAudit(request, request.params.id, Permission.optionEdit);
      return updateOption(db(), a, request.params.id, request.body, who(request), now());
    },
  );

  r.delete(
    '/api/v1/options/:id',
    {
      config: { access: { permission: Permission.optionEdit } },
      schema: { tags: ['options'], summary: '删除方案 Delete an option', params: IdParamSchema, querystring: z.object({ version: z.coerce.number().int().min(1) }), response: { 200: z.object({ deleted: z.boolean() }) } },
    },
    async (request) => {
      const a = await optionAudit(request, request.params.id, Permission.optionEdit);
      return deleteOption(db(), a, request.params.id, request.query.version, who(request), now());
    },
  );

  r.post(
    '/api/v1/options/:id/feasibility',
    {
      config: { access: { permission: Permission.optionEdit } },
      schema: { tags: ['options'], summary: '可行性分析 Economic feasibility (D, F, N, NPV, NPVR, IRR + hints)', params: IdParamSchema, body: FeasibilityBodySchema, response: { 200: FeasibilitySchema } },
    },
    async (request) => {
      const a = await optionAudit(request, request.params.id, Permission.optionEdit);
      return storeFeasibility(db(), a, request.params.id, request.body, who(request), now());
    },
  );

  r.get(
    '/api/v1/audits/:id/performance',
    {
      config: { access: { permission: Permission.optionRead } },
      schema: { tags: ['options'], summary: '绩效表 Performance table (low/high/all)', params: IdParamSchema, response: { 200: Any } },
    },
    async (request) => {
      const a = await audited(request, request.params.id, Permission.optionRead);
      return auditPerformanceTable(db(), a);
    },
  );

  r.get(
    '/api/v1/audits/:id/completeness',
    {
      config: { access: { permission: Permission.optionRead } },
      schema: { tags: ['options'], summary: '报告完整性检查 Completeness findings', params: IdParamSchema, response: { 200: Any } },
    },
    async (request) => {
      const a = await audited(request, request.params.id, Permission.optionRead);
      return auditCompleteness(db(), a);
    },
  );

  r.put(
    '/api/v1/audits/:id/stated-totals',
    {
      config: { access: { permission: Permission.optionEdit } },
      schema: { tags: ['options'], summary: '报告填写的绩效合计与审核重点目标 Totals stated in the report, focuses and targets', params: IdParamSchema, body: StatedTotalsBodySchema, response: { 200: z.object({ version: z.number().int() }) } },
    },
    async (request) => {
      const a = await audited(request, request.params.id, Permission.optionEdit);
      return putStatedTotals(db(), a, request.body, who(request), now());
    },
  );

  r.get(
    '/api/v1/audits/:id/levels',
    {
      config: { access: { permission: Permission.optionRead } },
      schema: { tags: ['options'], summary: '审核前后清洁生产水平 Levels before/after', params: IdParamSchema, response: { 200: Any } },
    },
    async (request) => {
      const a = await audited(request, request.params.id, Permission.optionRead);
      return auditLevels(db(), a.id);
    },
  );

  r.put(
    '/api/v1/audits/:id/levels',
    {
      config: { access: { permission: Permission.optionEdit } },
      schema: { tags: ['options'], summary: '评定审核前/后水平 Score a stage against a published definition', params: IdParamSchema, body: LevelBodySchema, response: { 200: Any } },
    },
    async (request) => {
      const a = await audited(request, request.params.id, Permission.optionEdit);
      return putLevel(db(), a, request.body.stage, request.body.definitionId, request.body.values, who(request), now());
    },
  );

  async function figures(request: FastifyRequest, q: z.infer<typeof ReductionsQuerySchema>) {
    const s = request.session!;
    const actor = await authorize(deps, request, Permission.optionStats, { kind: 'area', divisionCode: q.cityCode ?? s.area.divisionCode });
    return reductionFigures(db(), scopeFilterOf(actor, 'area'), q);
  }

  r.get(
    '/api/v1/stats/reductions',
    {
      config: { access: { permission: Permission.optionStats } },
      schema: { tags: ['stats'], summary: '减排成效 Regional figures of options', querystring: ReductionsQuerySchema, response: { 200: z.array(ReductionRowSchema) } },
    },
    async (request) => figures(request, request.query),
  );

  r.get(
    '/api/v1/stats/reductions.xlsx',
    {
      config: { access: { permission: Permission.optionStats } },
      schema: { tags: ['stats'], summary: '减排成效下载 Regional figures as xlsx', querystring: ReductionsQuerySchema },
    },
    async (request, reply) => {
      const rows = await figures(request, request.query);
      const label = { city: '设区市', county: '县（市、区）', industry: '重点行业', year: '名单年度' }[request.query.groupBy];
      const buf = await reductionsXlsx(rows, label);
      return sendXlsx(reply, buf, `reductions-${request.query.groupBy}${request.query.year ? `-${request.query.year}` : ''}.xlsx`, `减排成效（按${label}）${request.query.year ?? ''}.xlsx`);
    },
  );
}
