/**
 * Dashboard routes (issue 8 items 1–3, 6): `GET /api/v1/dashboard/summary` (+ `.xlsx`, same
 * filters) for the user's area, and `GET /api/v1/dashboard/my-audits` (enterprise home).
 */
import { DashboardQuerySchema, DashboardSummarySchema, MyAuditsSchema, Permission } from '@cpaudit/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { authorize } from '../../platform/auth.ts';
import { sendXlsx } from '../../platform/downloads.ts';
import { getDashboardSummary, getMyAudits, type DashboardArea } from './dashboard.service.ts';
import { dashboardXlsx } from './dashboard.xlsx.ts';

function areaOf(request: FastifyRequest): DashboardArea {
  const s = request.session!;
  return { divisionCode: s.area.divisionCode, name: s.area.name, level: s.area.level as DashboardArea['level'] };
}

export async function registerDashboardRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/dashboard/summary',
    {
      config: { access: { permission: Permission.dashboardView } },
      schema: { tags: ['dashboard'], summary: '审核工作看板（辖区）Audit dashboard of my area', querystring: DashboardQuerySchema, response: { 200: DashboardSummarySchema } },
    },
    async (request) => {
      // Area-bound by construction: every figure is filtered with the actor's own scope.
      const actor = await authorize(deps, request, Permission.dashboardView, { kind: 'none' });
      return getDashboardSummary(deps, actor, areaOf(request), request.query);
    },
  );
  r.get(
    '/api/v1/dashboard/summary.xlsx',
    {
      config: { access: { permission: Permission.dashboardView } },
      schema: { tags: ['dashboard'], summary: '看板表格下载 Dashboard tables as xlsx', querystring: DashboardQuerySchema },
    },
    async (request, reply) => {
      const actor = await authorize(deps, request, Permission.dashboardView, { kind: 'none' });
      const s = await getDashboardSummary(deps, actor, areaOf(request), request.query);
      return sendXlsx(reply, await dashboardXlsx(s), `dashboard-${s.area.divisionCode}-${s.listYear}.xlsx`, `清洁生产审核看板-${s.area.name}-${s.listYear}.xlsx`);
    },
  );
  r.get(
    '/api/v1/dashboard/my-audits',
    {
      config: { access: { permission: Permission.dashboardView } },
      schema: { tags: ['dashboard'], summary: '企业首页：我的审核、下一期限与待办 My audits', response: { 200: MyAuditsSchema } },
    },
    async (request) => {
      const actor = await authorize(deps, request, Permission.dashboardView, { kind: 'none' });
      return getMyAudits(deps, actor);
    },
  );
}
