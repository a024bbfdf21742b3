/**
 * `/api/v1/indicator-systems`: the indicator-system catalogue (附件4) and its versioned
 * definitions (issue 7 item 5). Every logged-in user reads and tries scoring
 * (`indicatorSystem.read`); region officers import and publish (`indicatorSystem.manage`, checked
 * against the region's area 450000). Writes are one transaction with their audit entry.
 */
import {
  IdParamSchema,
  ImportDefinitionBodySchema,
  IndicatorCatalogueEntrySchema,
  IndicatorDefinitionSchema,
  IndicatorScoreSchema,
  DefinitionIssueSchema,
  Permission,
  PublishDefinitionBodySchema,
  TryScoreBodySchema,
} from '@cpaudit/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { authorize } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { getDefinition, importDefinition, listCatalogue, publishDefinition, tryScore, type DefinitionActor } from './indicator-systems.service.ts';

const REGION = '450000';
const DefinitionParams = z.object({ id: z.coerce.number().int().positive(), definitionId: z.coerce.number().int().positive() });


export async function registerIndicatorSystemRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = () => deps.database.db;

  async function manager(request: FastifyRequest): Promise<DefinitionActor> {
    const actor = await authorize(deps, request, Permission.indicatorSystemManage, { kind: 'area', divisionCode: REGION });
    const s = request.session!;
    return {
      userId: actor.userId,
      name: s.user.displayName ?? s.user.username,
      audit: { at: deps.clock.now(), actorUserId: s.user.id, actorUsername: s.user.username, orgId: s.org.id, orgName: s.org.name, ip: request.ip, requestId: String(request.id) },
    };
  }

  r.get(
    '/api/v1/indicator-systems',
    {
      config: { access: { permission: Permission.indicatorSystemRead } },
      schema: { tags: ['indicator-systems'], summary: '评价指标体系目录 Catalogue with versions', response: { 200: z.array(IndicatorCatalogueEntrySchema) } },
    },
    async () => listCatalogue(db()),
  );

  r.get(
    '/api/v1/indicator-systems/:id/definitions/:definitionId',
    {
      config: { access: { permission: Permission.indicatorSystemRead } },
      schema: { tags: ['indicator-systems'], summary: '指标体系版本 One definition version', params: DefinitionParams, response: { 200: IndicatorDefinitionSchema } },
    },
    async (request) => {
      const d = await getDefinition(db(), request.params.definitionId);
      if (d.systemId !== request.params.id) throw new AppError('NOT_FOUND', '指标体系版本不存在');
      return d;
    },
  );

  r.post(
    '/api/v1/indicator-systems/:id/definitions',
    {
      config: { access: { permission: Permission.indicatorSystemManage } },
      schema: {
        tags: ['indicator-systems'],
        summary: '导入或修改指标体系（新版本草稿） Import a definition as a new draft version',
        params: IdParamSchema,
        body: ImportDefinitionBodySchema,
        response: { 201: z.object({ id: z.number().int(), version: z.number().int(), created: z.boolean(), complete: z.boolean(), issues: z.array(DefinitionIssueSchema) }) },
      },
    },
    async (request, reply) => {
      const actor = await manager(request);
      const result = await importDefinition(db(), { systemId: request.params.id, json: request.body.definition, source: request.body.source ?? null }, actor, deps.clock.now());
      return reply.status(201).send(result);
    },
  );

  r.post(
    '/api/v1/indicator-systems/:id/definitions/:definitionId/publish',
    {
      config: { access: { permission: Permission.indicatorSystemManage } },
      schema: {
        tags: ['indicator-systems'],
        summary: '发布指标体系版本 Publish a complete version',
        params: DefinitionParams,
        body: PublishDefinitionBodySchema,
        response: { 200: z.object({ published: z.boolean() }) },
      },
    },
    async (request) => {
      const actor = await manager(request);
      const d = await getDefinition(db(), request.params.definitionId);
      if (d.systemId !== request.params.id) throw new AppError('NOT_FOUND', '指标体系版本不存在');
      return publishDefinition(db(), d.id, request.body.rowVersion, actor, deps.clock.now());
    },
  );

  r.post(
    '/api/v1/indicator-systems/:id/definitions/:definitionId/score',
    {
      config: { access: { permission: Permission.indicatorSystemRead } },
      schema: {
        tags: ['indicator-systems'],
        summary: '试算 Score values entered by hand (nothing stored)',
        params: DefinitionParams,
        body: TryScoreBodySchema,
        response: { 200: IndicatorScoreSchema },
      },
    },
    async (request) => {
      const d = await getDefinition(db(), request.params.definitionId);
      if (d.systemId !== request.params.id) throw new AppError('NOT_FOUND', '指标体系版本不存在');
      return tryScore(db(), d.id, request.body.values);
    },
  );
}
