/** `/api/v1/screening/*`: runs, results with evidence, and the cities' review decisions. */
import {
  IdParamSchema,
  Permission,
  ReviewBodySchema,
  ScreeningResultQuerySchema,
  ScreeningResultRowSchema,
  ScreeningRunSchema,
  StartScreeningBodySchema,
  pageSchema,
} from '@cpaudit/contracts';
import { cityCodeOf, scopeFilterOf } from '@cpaudit/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { authorize, requireActor } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { runScreening } from './screening.service.ts';
import { findRun, listResults, listRuns, recordReview } from './screening.repository.ts';

const Id = IdParamSchema;

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
      return reply.status(201).send(run!);
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
      return run;
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

  r.post(
    '/api/v1/screening/reviews',
    {
      config: { access: { permission: Permission.screeningConfirm } },
      schema: { tags: ['screening'], summary: '审核候选企业 Review a candidate', body: ReviewBodySchema, response: { 201: z.object({ id: z.number().int() }) } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const s = request.session!;
      const id = await recordReview(deps, request, actor, request.body);
      await writeAuditLog(deps.database.db, {
        at: deps.clock.now(),
        action: Permission.screeningConfirm,
        result: 'success',
        actorUserId: actor.userId,
        actorUsername: s.user.username,
        orgId: s.org.id,
        orgName: s.org.name,
        objectType: 'enterprise',
        objectId: request.body.enterpriseId,
        ip: request.ip,
        requestId: String(request.id),
        details: { dataYear: request.body.dataYear, decision: request.body.decision, reasonCode: request.body.reasonCode ?? null },
      });
      return reply.status(201).send({ id });
    },
  );
}
