/**
 * Dashboard routes (issue 8 items 1–3, 6): `GET /api/v1/dashboard/summary` (+ `.xlsx`, same
 * filters) for the user's area, `GET /api/v1/dashboard/my-audits` (enterprise home),
 * `GET /api/v1/dashboard/agency-audits` (consulting-agency home), and the
 * region's official documents (item 5): `POST /api/v1/documents/region-summary.docx` and
 * `POST /api/v1/documents/summary-stage.docx` (region officials only: actionPlan.read on area 450000).
 * The yearly summary honours the dashboard's key-industry filter (`keyIndustry`, title and figures
 * say so); both send a Chinese file name in `filename*` (platform/downloads).
 */
import { AgencyHomeSchema, DashboardQuerySchema, DashboardSummarySchema, MyAuditsSchema, Permission, RegionSummaryDocxSchema, SummaryStageDocxSchema } from '@cpaudit/contracts';
import { regionSummaryDocx, regionSummaryTitle } from '../../documents/region-summary.ts';
import { summaryStageDocx } from '../../documents/summary-stage.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { authorize } from '../../platform/auth.ts';
import { sendDocx, sendXlsx } from '../../platform/downloads.ts';
import { AppError } from '../../platform/errors.ts';
import { getAgencyHome, getDashboardSummary, getMyAudits, type DashboardArea } from './dashboard.service.ts';
import { dashboardXlsx } from './dashboard.xlsx.ts';
import { reductionFigures } from '../options/options.service.ts';
import { getOverviewStats } from '../stats/stats.service.ts';
import { can, scopeFilterOf } from '@cpaudit/domain';

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
      const area = areaOf(request);
      // The page's other tables, with the same filters: the enterprise overview of the area, and the
      // reductions (of the summary's list year) only where the page shows them (option.stats on the area).
      const [s, overview] = await Promise.all([getDashboardSummary(deps, actor, area, request.query), getOverviewStats(deps, actor, area)]);
      const seesReductions = can(actor, Permission.optionStats, { kind: 'area', divisionCode: area.divisionCode }).allowed;
      const reductions = seesReductions
        ? await reductionFigures(deps.database.db, scopeFilterOf(actor, 'area'), { year: s.listYear, groupBy: area.level === 'region' ? 'city' : 'county', keyIndustry: s.keyIndustry ?? undefined })
        : undefined;
      return sendXlsx(reply, await dashboardXlsx(s, { reductions, overview }), `dashboard-${s.area.divisionCode}-${s.listYear}.xlsx`, `清洁生产审核看板-${s.area.name}-${s.listYear}.xlsx`);
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
  r.get(
    '/api/v1/dashboard/agency-audits',
    {
      config: { access: { permission: Permission.dashboardView } },
      schema: { tags: ['dashboard'], summary: '咨询机构首页：本机构服务的审核、各状态数量与最近期限 My agency\'s audits', response: { 200: AgencyHomeSchema } },
    },
    async (request) => {
      // Scoped by construction: only the audits consulted by the actor's own agency (empty for others).
      const actor = await authorize(deps, request, Permission.dashboardView, { kind: 'none' });
      return getAgencyHome(deps, actor);
    },
  );

  const regionActor = (request: FastifyRequest) => authorize(deps, request, Permission.actionPlanRead, { kind: 'area', divisionCode: '450000' });

  r.post(
    '/api/v1/documents/region-summary.docx',
    {
      config: { access: { permission: Permission.actionPlanRead } },
      schema: { tags: ['dashboard'], summary: '自治区年度清洁生产审核工作总结（docx）Region yearly summary', body: RegionSummaryDocxSchema },
    },
    async (request, reply) => {
      const actor = await regionActor(request);
      const { listYear, keyIndustry } = request.body;
      const s = await getDashboardSummary(deps, actor, areaOf(request), { listYear, keyIndustry });
      // The dashboard's key-industry filter carries over: the document then covers that industry only and says so.
      const industry = keyIndustry === undefined ? null : s.byKeyIndustry.find((k) => k.key === keyIndustry);
      if (industry === undefined) throw new AppError('VALIDATION_FAILED', `未知重点行业：${keyIndustry}`, [{ field: 'body.keyIndustry', message: `未知重点行业 ${keyIndustry}` }]);
      const buf = await regionSummaryDocx(s, request.body, industry?.nameZh ?? null);
      return sendDocx(
        reply,
        buf,
        `region-summary-${s.listYear}${keyIndustry ? `-${keyIndustry}` : ''}.docx`,
        `${regionSummaryTitle(s.area.name, s.listYear, industry?.nameZh ?? null)}.docx`,
      );
    },
  );
  r.post(
    '/api/v1/documents/summary-stage.docx',
    {
      config: { access: { permission: Permission.actionPlanRead } },
      schema: { tags: ['dashboard'], summary: '总结阶段报告（各年度并列，docx）Summary-stage report', body: SummaryStageDocxSchema },
    },
    async (request, reply) => {
      const actor = await regionActor(request);
      const { fromYear, toYear, narrative } = request.body;
      const years = [];
      for (let y = fromYear; y <= toYear; y++) years.push(await getDashboardSummary(deps, actor, areaOf(request), { listYear: y }));
      const buf = await summaryStageDocx(years, narrative);
      return sendDocx(reply, buf, `summary-stage-${fromYear}-${toYear}.docx`, `清洁生产审核工作总结阶段报告（${fromYear}—${toYear}年）.docx`);
    },
  );
}
