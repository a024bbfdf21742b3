/**
 * `/api/v1/voluntary-applications*`: an enterprise applies for a voluntary audit of a list year
 * and follows its application (`voluntary.apply`, its own enterprise only); officials read the
 * applications of their area (`auditList.read`); the city accepts one into its draft or declines
 * it (`auditList.draft`, enterprises of its city). Routes stay thin: parse, authorise, call the service.
 */
import {
  IdParamSchema,
  Permission,
  VoluntaryAcceptBodySchema,
  VoluntaryApplicationQuerySchema,
  VoluntaryApplicationSchema,
  VoluntaryApplyBodySchema,
  VoluntaryDeclineBodySchema,
} from '@cpaudit/contracts';
import { scopeFilterOf } from '@cpaudit/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { authorize, requireActor } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { idempotent } from '../../platform/idempotency.ts';
import { accept, applicationsOf, apply, decline, findApplication, listApplications } from './voluntary.service.ts';

const idemHeader = z.object({ 'idempotency-key': z.string().max(100).optional() }).passthrough();

export async function registerVoluntaryRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database;

  /** The application `id`, checked against the actor's area for `permission` (the enterprise's county). */
  const authorizeApplication = async (request: FastifyRequest, permission: Permission, id: number) => {
    const a = await findApplication(db, id);
    if (!a) throw new AppError('NOT_FOUND', '申请不存在');
    await authorize(deps, request, permission, { kind: 'enterprise', enterpriseId: a.enterpriseId, divisionCode: a.countyCode });
    return a;
  };

  r.get(
    '/api/v1/voluntary-applications',
    {
      config: { access: { permission: Permission.auditListRead } },
      schema: { tags: ['lists'], summary: '企业自愿审核申请（本辖区）Voluntary-audit applications of my area', querystring: VoluntaryApplicationQuerySchema, response: { 200: z.array(VoluntaryApplicationSchema) } },
    },
    async (request) => listApplications(db, scopeFilterOf(requireActor(request)), request.query),
  );

  r.get(
    '/api/v1/my/voluntary-applications',
    {
      config: { access: { permission: Permission.voluntaryApply } },
      schema: { tags: ['lists'], summary: '本企业的自愿审核申请 My enterprise\'s applications', response: { 200: z.array(VoluntaryApplicationSchema) } },
    },
    async (request) => {
      const actor = requireActor(request);
      if (actor.enterpriseId === null) throw new AppError('FORBIDDEN', '仅企业用户可查看');
      return applicationsOf(db, actor.enterpriseId);
    },
  );

  r.post(
    '/api/v1/my/voluntary-applications',
    {
      config: { access: { permission: Permission.voluntaryApply } },
      schema: {
        tags: ['lists'],
        summary: '申请自愿性清洁生产审核 Apply for a voluntary audit (one open application per year)',
        body: VoluntaryApplyBodySchema,
        headers: idemHeader,
        response: { 200: VoluntaryApplicationSchema, 201: VoluntaryApplicationSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (actor.enterpriseId === null) throw new AppError('FORBIDDEN', '仅企业用户可申请');
      const answer = await idempotent(deps, request, `POST /api/v1/my/voluntary-applications ${request.body.listYear}`, async (tx) => {
        const out = await apply(deps, request, actor, tx, request.body);
        return { status: out.created ? 201 : 200, body: out.application };
      });
      return reply.status(answer.status).send(answer.body);
    },
  );

  r.post(
    '/api/v1/voluntary-applications/:id/accept',
    {
      config: { access: { permission: Permission.auditListDraft } },
      schema: { tags: ['lists'], summary: '受理申请，列入本市自愿性名单草稿 Accept into the city draft', params: IdParamSchema, body: VoluntaryAcceptBodySchema, headers: idemHeader, response: { 200: VoluntaryApplicationSchema } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorizeApplication(request, Permission.auditListDraft, request.params.id);
      const answer = await idempotent(deps, request, `POST /api/v1/voluntary-applications/${request.params.id}/accept`, async (tx) => ({
        status: 200 as const,
        body: await accept(deps, request, actor, tx, request.params.id, request.body.version),
      }));
      return reply.status(answer.status).send(answer.body);
    },
  );

  r.post(
    '/api/v1/voluntary-applications/:id/decline',
    {
      config: { access: { permission: Permission.auditListDraft } },
      schema: { tags: ['lists'], summary: '不予受理（附理由）Decline with a reason', params: IdParamSchema, body: VoluntaryDeclineBodySchema, headers: idemHeader, response: { 200: VoluntaryApplicationSchema } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorizeApplication(request, Permission.auditListDraft, request.params.id);
      const answer = await idempotent(deps, request, `POST /api/v1/voluntary-applications/${request.params.id}/decline`, async (tx) => ({
        status: 200 as const,
        body: await decline(deps, request, actor, tx, request.params.id, request.body),
      }));
      return reply.status(answer.status).send(answer.body);
    },
  );
}
