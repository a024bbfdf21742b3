/** `/api/v1/enterprises`: the enterprise registry (read side; the registry issue adds writes and imports). */
import { EnterpriseListQuerySchema, EnterpriseSchema, Permission, pageSchema } from '@cpaudit/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { authorize, requireActor } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { enterpriseScopeSql } from '../stats/stats.service.ts';
import { findEnterprise, listEnterprises } from './enterprises.repository.ts';

export async function registerEnterpriseRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/enterprises',
    {
      config: { access: { permission: Permission.enterpriseRead } },
      schema: { tags: ['enterprises'], summary: '企业列表 Enterprises in my area', querystring: EnterpriseListQuerySchema, response: { 200: pageSchema(EnterpriseSchema) } },
    },
    async (request) => {
      const actor = requireActor(request);
      const { data, total } = await listEnterprises(deps.database, enterpriseScopeSql(actor), request.query);
      return { data, total, current: request.query.current, pageSize: request.query.pageSize };
    },
  );
  r.get(
    '/api/v1/enterprises/:id',
    {
      config: { access: { permission: Permission.enterpriseRead } },
      schema: { tags: ['enterprises'], summary: '企业详情 Enterprise', params: z.object({ id: z.coerce.number().int().positive() }), response: { 200: EnterpriseSchema } },
    },
    async (request) => {
      const e = await findEnterprise(deps.database, request.params.id);
      if (!e) throw new AppError('NOT_FOUND', '企业不存在');
      await authorize(deps, request, Permission.enterpriseRead, { kind: 'enterprise', enterpriseId: e.id, divisionCode: e.divisionCode });
      return e;
    },
  );
}
