/** `/api/v1/screening/*`: runs, results with evidence, and the cities' review decisions. */
import {
  IdParamSchema,
  Permission,
  ReviewBodySchema,
  ConfirmBatchBodySchema,
  ConfirmBatchResultSchema,
  ScreeningResultQuerySchema,
  ScreeningResultRowSchema,
  ScreeningRunSchema,
  StartScreeningBodySchema,
  CompareRuleSetsSchema,
  RuleSetComparisonSchema,
  RuleSetDraftSchema,
  RuleSetSummarySchema,
  pageSchema,
  type ScreeningResultRow,
} from '@cpaudit/contracts';
import { writeXlsx } from '../../imports/safe-export.ts';
import { cityCodeOf, scopeFilterOf } from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { authorize, requireActor } from '../../platform/auth.ts';
import { sendXlsx } from '../../platform/downloads.ts';
import { AppError } from '../../platform/errors.ts';
import { runScreening } from './screening.service.ts';
import { compareRuleSets, createRuleSetDraft, listRuleSets, publishRuleSet } from './rule-sets.service.ts';
import { confirmBatch, findRun, listResults, listRuns, recordReview, runForArea } from './screening.repository.ts';

const Id = IdParamSchema;
const CRITERION_ZH: Record<string, string> = {
  exceedsStandard: '超标排放（双超）',
  exceedsQuota: '超总量（双超）',
  usesHazardousMaterials: '使用有毒有害原料（双有）',
  dischargesHazardousSubstances: '排放有毒有害物质（双有）',
  exceedsEnergyLimit: '超单位产品能耗限额（高耗能）',
};
const DECISION_ZH: Record<string, string> = { confirm: '已确认', exclude: '已排除', addVoluntary: '自愿性' };

export async function registerScreeningRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/screening/runs',
    {
      config: { access: { permission: Permission.screeningRun } },
      schema: { tags: ['screening'], summary: '开展筛选 Run a screening', body: StartScreeningBodySchema, response: { 201: ScreeningRunSchema } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const s = request.session!;
      // Region users screen the region or one city; a city user always screens their own city.
      let scope = request.body.cityCode ?? (s.area.level === 'region' ? '450000' : (cityCodeOf(s.area.divisionCode) ?? s.area.divisionCode));
      if (s.area.level === 'county') throw new AppError('FORBIDDEN', '县级用户不能发起筛选');
      if (scope !== '450000' && cityCodeOf(scope) !== scope) throw new AppError('VALIDATION_FAILED', 'cityCode 应为设区市代码（如 450100）');
      if (s.area.level === 'city' && request.body.cityCode === undefined) scope = s.area.divisionCode;
      const known = await deps.database.rows(sql`select 1 from divisions where code = ${scope} and level in ('region', 'city')`);
      if (known.length === 0) throw new AppError('VALIDATION_FAILED', `${scope} 不是广西的设区市代码`, [{ field: 'body.cityCode', message: '不是广西的设区市代码' }]);
      await authorize(deps, request, Permission.screeningRun, { kind: 'area', divisionCode: scope });
      const outcome = await runScreening(deps.database, {
        dataYear: request.body.dataYear,
        scopeDivisionCode: scope,
        ruleSetVersion: request.body.ruleSetVersion,
        actor: { userId: actor.userId, name: s.user.displayName },
        now: deps.clock.now(),
      });
      await writeAuditLog(deps.database.db, {
        at: deps.clock.now(),
        action: Permission.screeningRun,
        result: 'success',
        actorUserId: actor.userId,
        actorUsername: s.user.username,
        orgId: s.org.id,
        orgName: s.org.name,
        objectType: 'screeningRun',
        objectId: outcome.runId,
        ip: request.ip,
        requestId: String(request.id),
        details: { dataYear: request.body.dataYear, scope, listed: outcome.counts.listed },
      });
      const run = await findRun(deps.database, outcome.runId);
      return reply.status(201).send(await runForArea(deps.database, run!, scopeFilterOf(actor)));
    },
  );

  r.get(
    '/api/v1/screening/runs',
    {
      config: { access: { permission: Permission.screeningRead } },
      schema: {
        tags: ['screening'],
        summary: '筛选记录 Screening runs',
        querystring: z.object({ dataYear: z.coerce.number().int().optional() }),
        response: { 200: z.array(ScreeningRunSchema) },
      },
    },
    async (request) => listRuns(deps.database, scopeFilterOf(requireActor(request)), request.query.dataYear),
  );

  r.get(
    '/api/v1/screening/runs/:id',
    {
      config: { access: { permission: Permission.screeningRead } },
      schema: { tags: ['screening'], summary: '筛选记录详情 Screening run', params: Id, response: { 200: ScreeningRunSchema } },
    },
    async (request) => {
      const run = await findRun(deps.database, request.params.id);
      if (!run) throw new AppError('NOT_FOUND', '筛选记录不存在');
      // A city user may read a region-wide run (its results are filtered) or a run of its own city.
      if (run.scopeDivisionCode !== '450000') {
        await authorize(deps, request, Permission.screeningRead, { kind: 'area', divisionCode: run.scopeDivisionCode });
      }
      return runForArea(deps.database, run, scopeFilterOf(requireActor(request)));
    },
  );

  r.get(
    '/api/v1/screening/runs/:id/results',
    {
      config: { access: { permission: Permission.screeningRead } },
      schema: {
        tags: ['screening'],
        summary: '筛选结果（含依据与证据）Results with evidence',
        params: Id,
        querystring: ScreeningResultQuerySchema,
        response: { 200: pageSchema(ScreeningResultRowSchema) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const run = await findRun(deps.database, request.params.id);
      if (!run) throw new AppError('NOT_FOUND', '筛选记录不存在');
      if (run.scopeDivisionCode !== '450000') {
        await authorize(deps, request, Permission.screeningRead, { kind: 'area', divisionCode: run.scopeDivisionCode });
      }
      const page = await listResults(deps.database, run, scopeFilterOf(actor), request.query);
      return { ...page, current: request.query.current, pageSize: request.query.pageSize };
    },
  );

  r.get(
    '/api/v1/screening/runs/:id/results.xlsx',
    {
      config: { access: { permission: Permission.screeningRead } },
      schema: { tags: ['screening'], summary: '导出筛选结果 Export results (xlsx, filters applied)', params: Id, querystring: ScreeningResultQuerySchema.omit({ current: true, pageSize: true }) },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const run = await findRun(deps.database, request.params.id);
      if (!run) throw new AppError('NOT_FOUND', '筛选记录不存在');
      if (run.scopeDivisionCode !== '450000') {
        await authorize(deps, request, Permission.screeningRead, { kind: 'area', divisionCode: run.scopeDivisionCode });
      }
      const { data } = await listResults(deps.database, run, scopeFilterOf(actor), { ...request.query, current: 1, pageSize: 1_000_000 });
      const buffer = await writeXlsx<ScreeningResultRow>({
        sheetName: `${run.dataYear}年度筛选结果`,
        columns: [
          { header: '设区市', value: (r) => r.cityName },
          { header: '县（市、区）', value: (r) => r.countyName },
          { header: '企业名称', value: (r) => r.name, width: 40 },
          { header: '统一社会信用代码', value: (r) => r.uscc, width: 22, numFmt: '@' },
          { header: '所属重点行业', value: (r) => r.keyIndustry ?? '' },
          { header: '筛选依据', value: (r) => r.criteria.map((c) => CRITERION_ZH[c] ?? c).join('、'), width: 36 },
          { header: '法律依据', value: (r) => [...new Set(r.reasons.map((x) => x.basis))].join('；'), width: 40 },
          { header: '推荐', value: (r) => (r.recommendation === 'mandatory' ? '强制性审核' : `暂不需审核（${r.nextDueYear ?? ''}年到期）`) },
          { header: '审核决定', value: (r) => (r.decision ? DECISION_ZH[r.decision.decision] : '待审核') },
          { header: '说明', value: (r) => r.decision?.justification ?? '', width: 30 },
        ],
        rows: data,
      });
      await writeAuditLog(deps.database.db, {
        at: deps.clock.now(),
        action: 'screening.export',
        result: 'success',
        actorUserId: actor.userId,
        actorUsername: request.session!.user.username,
        orgId: request.session!.org.id,
        orgName: request.session!.org.name,
        objectType: 'screeningRun',
        objectId: run.id,
        ip: request.ip,
        requestId: String(request.id),
        details: { filters: request.query, rows: data.length },
      });
      return sendXlsx(reply, buffer, `screening-${run.id}.xlsx`, `${run.dataYear}年度清洁生产审核筛选结果.xlsx`);
    },
  );

  r.get(
    '/api/v1/screening/rule-sets',
    {
      config: { access: { permission: Permission.screeningRead } },
      schema: { tags: ['screening'], summary: '筛选规则版本 Rule-set versions', response: { 200: z.array(RuleSetSummarySchema) } },
    },
    async () => listRuleSets(deps.database, deps.clock.now()),
  );

  r.post(
    '/api/v1/screening/rule-sets',
    {
      config: { access: { permission: Permission.screeningManageRules } },
      schema: { tags: ['screening'], summary: '起草规则版本 Draft a rule-set version', body: RuleSetDraftSchema, response: { 201: z.object({ version: z.string() }) } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const version = await createRuleSetDraft(deps.database, request.body, actor.userId, deps.clock.now());
      await auditAction(deps, request, 'screening.manageRules', 'ruleSet', version, { added: request.body.addHazardousLists.map((l) => l.listName), removed: request.body.removeListNames });
      return reply.status(201).send({ version });
    },
  );

  r.post(
    '/api/v1/screening/rule-sets/:version/publish',
    {
      config: { access: { permission: Permission.screeningManageRules } },
      schema: { tags: ['screening'], summary: '发布规则版本 Publish', params: z.object({ version: z.string().regex(/^[A-Za-z0-9._-]{3,60}$/) }), response: { 204: z.null() } },
    },
    async (request, reply) => {
      await publishRuleSet(deps.database, request.params.version, deps.clock.now());
      await auditAction(deps, request, 'screening.manageRules', 'ruleSet', request.params.version, { published: true });
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/v1/screening/compare',
    {
      config: { access: { permission: Permission.screeningManageRules } },
      schema: { tags: ['screening'], summary: '比较两个规则版本 Compare two versions on the same data', body: CompareRuleSetsSchema, response: { 200: RuleSetComparisonSchema } },
    },
    async (request) =>
      compareRuleSets(deps.database, {
        dataYear: request.body.dataYear,
        scopeDivisionCode: request.body.cityCode ?? '450000',
        baseVersion: request.body.baseVersion,
        candidateVersion: request.body.candidateVersion,
      }),
  );

  r.post(
    '/api/v1/screening/reviews',
    {
      config: { access: { permission: Permission.screeningConfirm } },
      schema: { tags: ['screening'], summary: '审核候选企业 Review a candidate', body: ReviewBodySchema, response: { 201: z.object({ id: z.number().int() }) } },
    },
    async (request, reply) => {
      const id = await recordReview(deps, request, requireActor(request), request.body);
      return reply.status(201).send({ id });
    },
  );

  r.post(
    '/api/v1/screening/reviews/confirm-batch',
    {
      config: { access: { permission: Permission.screeningConfirm } },
      schema: { tags: ['screening'], summary: '批量确认候选企业 Confirm several candidates (all or nothing)', body: ConfirmBatchBodySchema, response: { 200: ConfirmBatchResultSchema } },
    },
    async (request) => confirmBatch(deps, request, requireActor(request), request.body),
  );
}

/** Writes a success entry of the audit log for a screening action. */
async function auditAction(deps: AppDeps, request: FastifyRequest, action: string, objectType: string, objectId: string | number, details: Record<string, unknown>) {
  const s = request.session!;
  await writeAuditLog(deps.database.db, {
    at: deps.clock.now(),
    action,
    result: 'success',
    actorUserId: s.user.id,
    actorUsername: s.user.username,
    orgId: s.org.id,
    orgName: s.org.name,
    objectType,
    objectId,
    ip: request.ip,
    requestId: String(request.id),
    details,
  });
}
