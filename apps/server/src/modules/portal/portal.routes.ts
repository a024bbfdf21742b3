/**
 * The public information service (issue 8 §4).
 *
 * - `/api/v1/public/...` (no login, rate-limited per IP): published policies, news, technologies
 *   and cases; search; statistics by city and industry.
 * - `/api/v1/open-data/...` (no login, rate-limited): the same published content as paged JSON with
 *   `updatedSince`, and as CSV (UTF-8 with BOM, formula-safe).
 * - `/api/v1/portal/...` (region DEE officers, `portal.manage`, region scope): list, create, edit,
 *   publish and withdraw; every write audit-logged in its transaction, `version` checked.
 *
 * `GET /api/v1/public/stats` counts the published lists ({@link publicStats}). Extension point: the `listedEnterprise` branch of `searchPublic`; published lists, disclosures and results get
 * their own `/api/v1/public/lists...` routes next to these.
 */
import {
  CollectionParamSchema,
  IdParamSchema,
  OpenDataQuerySchema,
  Permission,
  PortalItemSchema,
  PortalListQuerySchema,
  PortalPageSchema,
  PublicSearchQuerySchema,
  PublicStatsSchema,
  SearchPageSchema,
} from '@cpaudit/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { authorize } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { collectionCsv } from './portal.csv.ts';
import { allPublished, findItem, listItems, openDataPage, publicStats, searchPublic } from './portal.repository.ts';
import { createItem, editItem, setStatus, type AuditContext } from './portal.service.ts';

/** The region's division code: portal content is region-wide. */
const REGION = '450000';
const ItemParams = CollectionParamSchema.extend(IdParamSchema.shape);
const WriteBody = z.record(z.string(), z.unknown()).describe('The collection\'s write fields (ArticleWrite, TechnologyWrite or CaseWrite); `version` for edits');
const VersionBody = z.object({ version: z.number().int().min(1) });

export async function registerPortalRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const publicAccess = { access: 'public' as const, rateLimit: { max: deps.env.PUBLIC_RATE_PER_MINUTE, timeWindow: 60_000 } };

  r.get(
    '/api/v1/public/content/:collection',
    {
      config: publicAccess,
      schema: { tags: ['public'], summary: '公开内容列表 Published policies/news, technologies or cases', params: CollectionParamSchema, querystring: PortalListQuerySchema, response: { 200: PortalPageSchema } },
    },
    async (request) => {
      const { data, total } = await listItems(deps.database, request.params.collection, request.query, true);
      return { data, total, current: request.query.current, pageSize: request.query.pageSize };
    },
  );

  r.get(
    '/api/v1/public/content/:collection/:id',
    { config: publicAccess, schema: { tags: ['public'], summary: '公开内容详情 One published item', params: ItemParams, response: { 200: PortalItemSchema } } },
    async (request) => {
      const item = await findItem(deps.database, request.params.collection, request.params.id, true);
      if (!item) throw new AppError('NOT_FOUND', '内容不存在或未发布');
      return item;
    },
  );

  r.get(
    '/api/v1/public/search',
    { config: publicAccess, schema: { tags: ['public'], summary: '站内搜索 Search published content', querystring: PublicSearchQuerySchema, response: { 200: SearchPageSchema } } },
    async (request) => {
      const { q, current, pageSize } = request.query;
      const { data, total } = await searchPublic(deps.database, q, current, pageSize);
      return { data, total, current, pageSize };
    },
  );

  r.get(
    '/api/v1/public/stats',
    { config: publicAccess, schema: { tags: ['public'], summary: '公开统计 Listed enterprises by city and industry (aggregates)', response: { 200: PublicStatsSchema } } },
    async () => publicStats(deps.database),
  );

  r.get(
    '/api/v1/open-data/:collection',
    {
      config: publicAccess,
      schema: {
        tags: ['public'],
        summary: '开放数据 Open data (JSON, paged, updatedSince; oldest change first)',
        params: CollectionParamSchema,
        querystring: OpenDataQuerySchema,
        response: { 200: PortalPageSchema },
      },
    },
    async (request) => {
      const { data, total } = await openDataPage(deps.database, request.params.collection, request.query);
      return { data, total, current: request.query.current, pageSize: request.query.pageSize };
    },
  );

  r.get(
    '/api/v1/open-data/:collection/csv',
    { config: publicAccess, schema: { tags: ['public'], summary: '开放数据下载 Open data as CSV (UTF-8 with BOM)', params: CollectionParamSchema } },
    async (request, reply) => {
      const c = request.params.collection;
      const csv = collectionCsv(c, await allPublished(deps.database, c));
      const name = { articles: '政策法规与新闻', technologies: '清洁生产技术目录', cases: '典型案例' }[c];
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${c}.csv"; filename*=UTF-8''${encodeURIComponent(name)}.csv`)
        .send(csv);
    },
  );

  // ---------------------------------------------------------------- editing (region staff)
  const manage = { access: { permission: Permission.portalManage } };
  const who = async (request: FastifyRequest): Promise<AuditContext> => {
    await authorize(deps, request, Permission.portalManage, { kind: 'area', divisionCode: REGION });
    const s = request.session!;
    return { actorUserId: s.user.id, actorUsername: s.user.username, orgId: s.org.id, orgName: s.org.name, ip: request.ip, requestId: String(request.id) };
  };

  r.get(
    '/api/v1/portal/:collection',
    {
      config: manage,
      schema: { tags: ['portal'], summary: '内容管理列表 All items incl. drafts', params: CollectionParamSchema, querystring: PortalListQuerySchema, response: { 200: PortalPageSchema } },
    },
    async (request) => {
      await who(request);
      const { data, total } = await listItems(deps.database, request.params.collection, request.query, false);
      return { data, total, current: request.query.current, pageSize: request.query.pageSize };
    },
  );

  r.get(
    '/api/v1/portal/:collection/:id',
    { config: manage, schema: { tags: ['portal'], summary: '内容详情 One item incl. drafts', params: ItemParams, response: { 200: PortalItemSchema } } },
    async (request) => {
      await who(request);
      const item = await findItem(deps.database, request.params.collection, request.params.id, false);
      if (!item) throw new AppError('NOT_FOUND', '内容不存在');
      return item;
    },
  );

  r.post(
    '/api/v1/portal/:collection',
    { config: manage, schema: { tags: ['portal'], summary: '新建草稿 Create a draft', params: CollectionParamSchema, body: WriteBody, response: { 201: PortalItemSchema } } },
    async (request, reply) => {
      const item = await createItem(deps.database, request.params.collection, request.body, await who(request), deps.clock.now());
      return reply.status(201).send(item);
    },
  );

  r.put(
    '/api/v1/portal/:collection/:id',
    { config: manage, schema: { tags: ['portal'], summary: '修改 Edit (with version; 409 when stale)', params: ItemParams, body: WriteBody, response: { 200: PortalItemSchema } } },
    async (request) => editItem(deps.database, request.params.collection, request.params.id, request.body, await who(request), deps.clock.now()),
  );

  for (const [action, status] of [
    ['publish', 'published'],
    ['unpublish', 'draft'],
  ] as const) {
    r.post(
      `/api/v1/portal/:collection/:id/${action}`,
      {
        config: manage,
        schema: {
          tags: ['portal'],
          summary: action === 'publish' ? '发布 Publish (idempotent)' : '撤回 Withdraw to draft (idempotent)',
          params: ItemParams,
          body: VersionBody,
          response: { 200: PortalItemSchema },
        },
      },
      async (request) => setStatus(deps.database, request.params.collection, request.params.id, request.body, status, await who(request), deps.clock.now()),
    );
  }
}
