/** `/api/v1/stats/overview`: the home page figures, limited to the user's area. */
import { OverviewStatsSchema, Permission } from '@cpaudit/contracts';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { authorize } from '../../platform/auth.ts';
import { getOverviewStats } from './stats.service.ts';

export async function registerStatsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/stats/overview',
    {
      config: { access: { permission: Permission.dashboardView } },
      schema: { tags: ['stats'], summary: '辖区企业概况 Enterprises in my area', response: { 200: OverviewStatsSchema } },
    },
    async (request) => {
      const s = request.session!;
      const actor = await authorize(deps, request, Permission.dashboardView, { kind: 'none' });
      return getOverviewStats(deps, actor, {
        divisionCode: s.area.divisionCode,
        name: s.area.name,
        level: s.area.level as 'region' | 'city' | 'county',
      });
    },
  );
}
