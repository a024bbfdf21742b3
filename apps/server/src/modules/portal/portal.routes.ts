/**
 * The public information service (issue 8 §4).
 *
 * - `/api/v1/public/...` (no login, rate-limited per IP): published policies, news, technologies
 *   and cases; search; statistics by city and industry.
 * - `/api/v1/open-data/...` (no login, rate-limited): the same published content as paged JSON with
 *   `updatedSince`, and as CSV (UTF-8 with BOM, formula-safe).
 * - `/api/v1/portal/...` (region DEE officers, `portal.manage`, region scope): list, create, edit,
 *   publish and withdraw; every write audit-logged in its transaction, `version` checked; upload
 *   and remove an article's attachment files (`portal.files.ts`, in the document store).
 * - `GET /api/v1/public/content/articles/:id/files/:fileId`: an attachment file of a published
 *   article, without login (404 while the article is a draft).
 *
 * `GET /api/v1/public/stats` counts the published lists ({@link publicStats}). Extension point: the `listedEnterprise` branch of `searchPublic`; published lists, disclosures and results get
 * their own `/api/v1/public/lists...` routes next to these.
 */
import {
  CollectionParamSchema,
  IdParamSchema,
  OpenDataQuerySchema,
  Permission,
  PortalFileParamsSchema,
  PortalFileSchema,
  PortalItemSchema,
  PortalListQuerySchema,
  PortalPageSchema,
  PublicSearchQuerySchema,
  PublicStatsSchema,
  SearchPageSchema,
} from '@cpaudit/contracts';
import { create as contentDisposition } from 'content-disposition';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { authorize } from '../../platform/auth.ts';
import { registerDocumentOwner, type DocumentStore } from '../../platform/documents.ts';
import { AppError } from '../../platform/errors.ts';
import { collectionCsv } from './portal.csv.ts';
import { attachFile, detachFile, openPublicFile, PORTAL_FILE_OWNER } from './portal.files.ts';
import { allPublished, findItem, listItems, openDataPage, publicStats, searchPublic } from './portal.repository.ts';
import { createItem, editItem, setStatus, type AuditContext } from './portal.service.ts';

/** The region's division code: portal content is region-wide. */
const REGION = '450000';
const ItemParams = CollectionParamSchema.extend(IdParamSchema.shape);
const WriteBody = z.record(z.string(), z.unknown()).describe('The collection\'s write fields (ArticleWrite, TechnologyWrite or CaseWrite); `version` for edits');
const VersionBody = z.object({ version: z.number().int().min(1) });

/**
 * Registers the public portal routes, the region staff's editing routes and the `portalArticle`
 * document owner (console downloads of a draft's files through `GET /api/v1/documents/:id`).
 */
export async function registerPortalRoutes(app: FastifyInstance, deps: AppDeps, store: DocumentStore): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  registerDocumentOwner(PORTAL_FILE_OWNER, async (d, ownerId) => {
    const rows = (await d.execute(sql`select 1 from portal_articles where id = ${ownerId}`)) as unknown as { rows: unknown[] };
    if (rows.rows.length === 0) return null;
    return { resource: { kind: 'area', divisionCode: REGION }, read: Permission.portalManage, write: Permission.portalManage, writable: true };
  });
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
    '/api/v1/public/content/articles/:id/files/:fileId',
    {
      config: publicAccess,
      schema: { tags: ['public'], summary: '下载公开文章的附件 An attachment file of a published article (404 while a draft)', params: PortalFileParamsSchema },
    },
    async (request, reply) => {
      const { info, stream } = await openPublicFile(deps.database, store, request.params.id, request.params.fileId);
      return reply
        .header('content-type', info.mediaType)
        .header('content-length', info.sizeBytes)
        // RFC 6266 / RFC 8187 (was 5987): an ASCII fallback name, the real (Chinese) name as UTF-8 in filename*.
        .header('content-disposition', contentDisposition(info.fileName, { fallback: `attachment-${info.id}.${info.fileType}` }))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-cache')
        .header('etag', `"${info.sha256}"`)
        .send(stream);
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

  r.post(
    '/api/v1/portal/articles/:id/files',
    {
      config: manage,
      schema: {
        tags: ['portal'],
        summary: '上传文章附件（multipart，字段 file；PDF、Word、Excel、OFD、ZIP、JPG、PNG，按内容判断）Upload an attachment file',
        params: IdParamSchema,
        response: { 201: PortalFileSchema },
      },
    },
    async (request, reply) => {
      const ctx = await who(request);
      if (!request.isMultipart()) throw new AppError('VALIDATION_FAILED', '请以 multipart/form-data 上传文件（字段名 file）');
      const part = await request.file({ limits: { fileSize: deps.env.DOCUMENT_MAX_BYTES + 1, files: 1 } });
      if (!part || part.fieldname !== 'file') throw new AppError('VALIDATION_FAILED', '没有收到文件（表单字段名应为 file）');
      const file = await attachFile(deps.database, store, request.params.id, { fileName: part.filename || 'file', stream: part.file }, ctx, deps.clock.now());
      return reply.status(201).send(file);
    },
  );

  r.delete(
    '/api/v1/portal/articles/:id/files/:fileId',
    { config: manage, schema: { tags: ['portal'], summary: '删除文章附件 Remove an attachment file', params: PortalFileParamsSchema } },
    async (request, reply) => {
      const ctx = await who(request);
      await detachFile(deps.database, store, request.params.id, request.params.fileId, ctx, deps.clock.now());
      return reply.status(204).send();
    },
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
