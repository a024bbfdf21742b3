/**
 * `/api/v1/lists/*`: city list drafts, entries, the review steps, publication and the official
 * forms (issue 5 §1, §2, §7, §8); `/api/v1/public/lists*` (no login, §3) and `/api/v1/exchange/*`
 * (the data-sharing feed, §4). Routes stay thin: parse, authorise by role and area, call the service.
 */
import {
  AddEntryBodySchema,
  AuditListDetailSchema,
  AuditListSummarySchema,
  CreateListBodySchema,
  ExchangeQuerySchema,
  ExchangeRowSchema,
  IdParamSchema,
  ListExportQuerySchema,
  ListQuerySchema,
  Permission,
  PublicListQuerySchema,
  PublicListRowSchema,
  PublicationSchema,
  PublishBodySchema,
  RemoveEntryBodySchema,
  ReturnBodySchema,
  VersionBodySchema,
  pageSchema,
} from '@cpaudit/contracts';
import { cityCodeOf, scopeFilterOf, type Actor } from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { authorize, requireActor } from '../../platform/auth.ts';
import { sendXlsx } from '../../platform/downloads.ts';
import { AppError } from '../../platform/errors.ts';
import { idempotent } from '../../platform/idempotency.ts';
import { annexLabel, formTitle, writeListCsv, writeListDocx, writeListXlsx, writePublicListCsv, writePublicListXlsx } from './lists.forms.ts';
import { countPublished, findList, listDetail, listPublications, listSummaries, publishedRows, toPublicRow, type PublishedRow } from './lists.repository.ts';
import { addEntry, createOrRefreshDraft, listStep, publishLists, removeEntry } from './lists.service.ts';

const Id = IdParamSchema;
const idemHeader = z.object({ 'idempotency-key': z.string().max(100).optional() }).passthrough();

/**
 * Checks that the actor may read or act on list `id` (a city list: area resource of its city; a county
 * officer reaches the lists of its own city, whose entries are then filtered to its county).
 */
async function authorizeList(deps: AppDeps, request: FastifyRequest, permission: Permission, id: number) {
  const list = await findList(deps.database, id);
  if (!list) throw new AppError('NOT_FOUND', '名单不存在');
  const actor = requireActor(request);
  const countyOfCity = actor.orgKind === 'countyBureau' && actor.areaCode.slice(0, 4) === list.city_code.slice(0, 4);
  await authorize(deps, request, permission, { kind: 'area', divisionCode: countyOfCity ? actor.areaCode : list.city_code });
  return list;
}

/** The feed's record status: `deleted` (audit withdrawn), `updated` (changed after publication), else `normal`. */
function recordStatus(r: PublishedRow): 'normal' | 'updated' | 'deleted' {
  if (r.state === 'withdrawn') return 'deleted';
  return r.modified ? 'updated' : 'normal';
}

function exchangeRow(r: PublishedRow) {
  return {
    documentNo: r.documentNo,
    name: r.name,
    uscc: r.uscc,
    orgCode: r.uscc.slice(8, 17),
    industry: r.industryCode ? `${r.industryCode} ${r.industryName ?? ''}`.trim() : '',
    county: r.countyName,
    city: r.cityName,
    authority: r.authority,
    publishedOn: r.publishedAt,
    auditType: r.auditType,
    recordStatus: recordStatus(r),
    lastModified: r.updatedAt,
  };
}

const EXCHANGE_CSV_HEADER = ['文号', '企业名称', '统一社会信用代码', '组织机构代码', '所属行业', '县（市、区）', '设区市', '名单发布机关', '名单发布日期', '审核类型', '记录状态', '最后修改时间'];

export async function registerListRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = deps.database;

  r.get(
    '/api/v1/lists',
    {
      config: { access: { permission: Permission.auditListRead } },
      schema: { tags: ['lists'], summary: '名单列表 City lists in my area', querystring: ListQuerySchema, response: { 200: z.array(AuditListSummarySchema) } },
    },
    async (request) => listSummaries(db, scopeFilterOf(requireActor(request)), request.query.listYear),
  );

  r.post(
    '/api/v1/lists',
    {
      config: { access: { permission: Permission.auditListDraft } },
      schema: { tags: ['lists'], summary: '编制或刷新本市名单草稿 Create or refresh my city draft', body: CreateListBodySchema, headers: idemHeader, response: { 200: AuditListDetailSchema } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const city = actor.orgKind === 'cityEeb' || actor.orgKind === 'cityDrc' ? cityCodeOf(actor.areaCode) : null;
      if (!city) throw new AppError('FORBIDDEN', '名单草稿由设区市编制');
      if (request.body.cityCode !== undefined && request.body.cityCode !== city) {
        await authorize(deps, request, Permission.auditListDraft, { kind: 'area', divisionCode: request.body.cityCode });
      }
      await authorize(deps, request, Permission.auditListDraft, { kind: 'area', divisionCode: city });
      const answer = await idempotent(deps, request, `POST /api/v1/lists ${request.body.listYear}`, async (tx) => ({
        status: 200 as const,
        body: await createOrRefreshDraft(deps, request, actor, tx, request.body.listYear),
      }));
      return reply.status(answer.status).send(answer.body);
    },
  );

  r.get(
    '/api/v1/lists/:id',
    {
      config: { access: { permission: Permission.auditListRead } },
      schema: { tags: ['lists'], summary: '名单详情 List with entries and reviews', params: Id, response: { 200: AuditListDetailSchema } },
    },
    async (request) => {
      await authorizeList(deps, request, Permission.auditListRead, request.params.id);
      return (await listDetail(db, request.params.id, scopeFilterOf(requireActor(request))))!;
    },
  );

  r.post(
    '/api/v1/lists/:id/entries',
    {
      config: { access: { permission: Permission.auditListPropose } },
      schema: { tags: ['lists'], summary: '提出名单企业 Propose an entry', params: Id, body: AddEntryBodySchema, headers: idemHeader, response: { 201: AuditListDetailSchema } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorizeList(deps, request, Permission.auditListPropose, request.params.id);
      const [e] = await db.rows<{ id: number; division_code: string; status: string }>(sql`select id, division_code, status from enterprises where id = ${request.body.enterpriseId}`);
      if (!e) throw new AppError('NOT_FOUND', '企业不存在');
      await authorize(deps, request, Permission.auditListPropose, { kind: 'enterprise', enterpriseId: e.id, divisionCode: e.division_code });
      const answer = await idempotent(deps, request, `POST /api/v1/lists/${request.params.id}/entries`, async (tx) => ({
        status: 201 as const,
        body: await addEntry(deps, request, actor, tx, request.params.id, request.body, e),
      }));
      return reply.status(answer.status).send(answer.body);
    },
  );

  r.post(
    '/api/v1/lists/:id/remove-entry',
    {
      config: { access: { permission: Permission.auditListPropose } },
      schema: { tags: ['lists'], summary: '移出名单企业 Remove an entry', params: Id, body: RemoveEntryBodySchema, headers: idemHeader, response: { 200: AuditListDetailSchema } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorizeList(deps, request, Permission.auditListPropose, request.params.id);
      const answer = await idempotent(deps, request, `POST /api/v1/lists/${request.params.id}/remove-entry`, async (tx) => ({
        status: 200 as const,
        body: await removeEntry(deps, request, actor, tx, request.params.id, request.body, async (e) => {
          await authorize(deps, request, Permission.auditListPropose, { kind: 'enterprise', enterpriseId: e.id, divisionCode: e.division_code });
        }),
      }));
      return reply.status(answer.status).send(answer.body);
    },
  );

  const steps = [
    ['submit', Permission.auditListDraft, VersionBodySchema, '报送名单 Submit'],
    ['approve', Permission.auditListReview, VersionBodySchema, '审核通过 Approve (DEE or DRC)'],
    ['return', Permission.auditListReview, ReturnBodySchema, '退回 Return with comments'],
  ] as const;
  for (const [step, permission, body, summary] of steps) {
    r.post(
      `/api/v1/lists/:id/${step}`,
      {
        config: { access: { permission } },
        schema: { tags: ['lists'], summary, params: Id, body, headers: idemHeader, response: { 200: AuditListDetailSchema } },
      },
      async (request, reply) => {
        const actor: Actor = requireActor(request);
        await authorizeList(deps, request, permission, request.params.id);
        const answer = await idempotent(deps, request, `POST /api/v1/lists/${request.params.id}/${step}`, async (tx) => ({
          status: 200 as const,
          body: await listStep(deps, request, actor, tx, request.params.id, step, request.body),
        }));
        return reply.status(answer.status).send(answer.body);
      },
    );
  }

  r.post(
    '/api/v1/lists/publish',
    {
      config: { access: { permission: Permission.auditListPublish } },
      schema: {
        tags: ['lists'],
        summary: '发布名单 Publish the approved lists of a year (or the next supplementary list)',
        body: PublishBodySchema,
        headers: idemHeader,
        response: { 201: z.object({ publicationId: z.number().int(), listYear: z.number().int(), round: z.number().int(), documentNo: z.string(), publishedOn: z.string(), lists: z.number().int(), mandatory: z.number().int(), voluntary: z.number().int(), notified: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await authorize(deps, request, Permission.auditListPublish, { kind: 'area', divisionCode: '450000' });
      const answer = await idempotent(deps, request, `POST /api/v1/lists/publish ${request.body.listYear}`, async (tx) => ({
        status: 201 as const,
        body: await publishLists(deps, request, actor, tx, request.body),
      }));
      return reply.status(answer.status).send(answer.body);
    },
  );

  r.get(
    '/api/v1/lists/publications',
    {
      config: { access: { permission: Permission.auditListRead } },
      schema: { tags: ['lists'], summary: '名单发布记录 Publications', querystring: ListQuerySchema, response: { 200: z.array(PublicationSchema) } },
    },
    async (request) => listPublications(db, request.query.listYear),
  );

  const formRows = async (request: FastifyRequest, listYear: number, auditType: 'mandatory' | 'voluntary') =>
    publishedRows(db, { listYear, auditType, scope: scopeFilterOf(requireActor(request)) });

  r.get(
    '/api/v1/lists/export.xlsx',
    {
      config: { access: { permission: Permission.auditListRead } },
      schema: { tags: ['lists'], summary: '附件2/附件3 汇总表 (xlsx)', querystring: ListExportQuerySchema },
    },
    async (request, reply) => {
      const { listYear, auditType } = request.query;
      const buf = await writeListXlsx(await formRows(request, listYear, auditType), listYear, auditType);
      return sendXlsx(reply, buf, `${annexLabel(auditType) === '附件2' ? 'annex2' : 'annex3'}-${listYear}.xlsx`, `${annexLabel(auditType)} ${formTitle(listYear, auditType)}.xlsx`);
    },
  );

  r.get(
    '/api/v1/lists/export.docx',
    {
      config: { access: { permission: Permission.auditListRead } },
      schema: { tags: ['lists'], summary: '名单发布通知附件 (docx)', querystring: ListExportQuerySchema.pick({ listYear: true }) },
    },
    async (request, reply) => {
      const { listYear } = request.query;
      const mandatory = await formRows(request, listYear, 'mandatory');
      const voluntary = await formRows(request, listYear, 'voluntary');
      const docNos = [...new Set([...mandatory, ...voluntary].map((r) => r.documentNo))];
      const buf = await writeListDocx({ mandatory, voluntary }, listYear, docNos.join('、') || null);
      const display = `${listYear}年清洁生产审核企业名单（附件2、附件3）.docx`;
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="lists-${listYear}.docx"; filename*=UTF-8''${encodeURIComponent(display)}`)
        .header('cache-control', 'no-store')
        .send(buf);
    },
  );

  // ---------------------------------------------------------------- public pages (no login)

  r.get(
    '/api/v1/public/lists',
    {
      config: { access: 'public' },
      schema: { tags: ['public'], summary: '公开名单查询 Published lists (public)', querystring: PublicListQuerySchema, response: { 200: pageSchema(PublicListRowSchema) } },
    },
    async (request) => {
      const { current, pageSize, ...f } = request.query;
      const filter = { ...f, limit: pageSize, offset: (current - 1) * pageSize };
      const [rows, total] = await Promise.all([publishedRows(db, filter), countPublished(db, f)]);
      return { data: rows.map(toPublicRow), total, current, pageSize };
    },
  );

  // A download builds the file of every matching published row on each request (the xlsx in
  // memory): at most 30 per IP and minute, or fewer when PUBLIC_RATE_PER_MINUTE says so.
  const publicDownload = {
    config: { access: 'public' as const, rateLimit: { max: Math.min(deps.env.PUBLIC_RATE_PER_MINUTE, 30), timeWindow: 60_000 } },
    querystring: PublicListQuerySchema.omit({ current: true, pageSize: true }),
  };
  const downloadName = (listYear: number | undefined, ext: string) => (listYear ? `audit-lists-${listYear}.${ext}` : `audit-lists.${ext}`);

  r.get(
    '/api/v1/public/lists.csv',
    {
      config: publicDownload.config,
      schema: {
        tags: ['public'],
        summary: '公开名单下载 Published lists as CSV for data tools (public; the columns of 附件2/附件3 then 年度, 信息公开, 审核进展; UTF-8 with BOM; same filters as /public/lists)',
        querystring: publicDownload.querystring,
      },
    },
    async (request, reply) => {
      const csv = writePublicListCsv(await publishedRows(db, request.query));
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${downloadName(request.query.listYear, 'csv')}"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  r.get(
    '/api/v1/public/lists.xlsx',
    {
      config: publicDownload.config,
      schema: {
        tags: ['public'],
        summary: '公开名单下载 Published lists as xlsx for reading (public; the CSV columns, codes as text cells, frozen header; same filters as /public/lists)',
        querystring: publicDownload.querystring,
      },
    },
    async (request, reply) => {
      const name = downloadName(request.query.listYear, 'xlsx');
      const display = `清洁生产审核企业名单${request.query.listYear ? `-${request.query.listYear}` : ''}.xlsx`;
      return sendXlsx(reply, await writePublicListXlsx(await publishedRows(db, request.query)), name, display);
    },
  );

  r.get(
    '/api/v1/public/lists/publications',
    {
      config: { access: 'public' },
      schema: { tags: ['public'], summary: '历年名单发布 Publications (public)', response: { 200: z.array(PublicationSchema) } },
    },
    async () => listPublications(db),
  );

  // ---------------------------------------------------------------- data-sharing feed (regulations.md §9)

  r.get(
    '/api/v1/exchange/audit-lists',
    {
      config: { access: { permission: Permission.auditListFeed } },
      schema: { tags: ['exchange'], summary: '名单数据共享 Published-list feed (JSON, incremental)', querystring: ExchangeQuerySchema, response: { 200: z.array(ExchangeRowSchema) } },
    },
    async (request) => {
      const since = request.query.updatedSince ? new Date(request.query.updatedSince) : undefined;
      return (await publishedRows(db, since ? { updatedSince: since } : {})).map(exchangeRow);
    },
  );

  r.get(
    '/api/v1/exchange/audit-lists.csv',
    {
      config: { access: { permission: Permission.auditListFeed } },
      schema: { tags: ['exchange'], summary: '名单数据共享 (CSV)', querystring: ExchangeQuerySchema },
    },
    async (request, reply) => {
      const since = request.query.updatedSince ? new Date(request.query.updatedSince) : undefined;
      const rows = (await publishedRows(db, since ? { updatedSince: since } : {})).map(exchangeRow);
      const field = (v: string) => {
        const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
        return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
      };
      const lines = [EXCHANGE_CSV_HEADER.join(',')];
      for (const x of rows) {
        lines.push([x.documentNo, x.name, x.uscc, x.orgCode, x.industry, x.county, x.city, x.authority, x.publishedOn, x.auditType, x.recordStatus, x.lastModified].map(field).join(','));
      }
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="audit-lists.csv"')
        .header('cache-control', 'no-store')
        .send(`\uFEFF${lines.join('\r\n')}\r\n`);
    },
  );
}

export { writeListCsv };
