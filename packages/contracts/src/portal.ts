/**
 * The public information service (issue 8 §4): policy library and news, the cleaner-production
 * technology directory and case compilations, search, open data. Shared by server and web.
 *
 * Legal basis: 清洁生产促进法 art. 17 (the public is informed about cleaner production) and
 * 清洁生产审核办法 art. 14 (audit information made public); the published lists and audit results
 * (企业环境信息依法披露管理办法 art. 14) join this service through the `lists` extension points
 * named in {@link publicSearchHitTypes} and {@link PublicStatsSchema}.
 */
import { z } from 'zod';
import { DocumentInfoSchema } from './reporting.ts';
import { IdParamSchema, PageQuerySchema, pageSchema } from './schemas.ts';

/** The three editable content collections (URL segment of `/api/v1/portal/:collection`). */
export const portalCollections = ['articles', 'technologies', 'cases'] as const;
export type PortalCollection = (typeof portalCollections)[number];

/** `policy` (政策法规) or `news` (通知公告/新闻). */
export const articleKinds = ['policy', 'news'] as const;
export type ArticleKind = (typeof articleKinds)[number];

/** Content status: only `published` is public. */
export const contentStatuses = ['draft', 'published'] as const;
export type ContentStatus = (typeof contentStatuses)[number];

/**
 * An attachment link: `url` is `http(s)://…` or a site path starting with `/` (no `javascript:`,
 * no `data:`): a file published elsewhere. Uploaded files are {@link PortalFileSchema} (`files`).
 */
export const AttachmentSchema = z.object({
  name: z.string().trim().min(1).max(200),
  url: z
    .string()
    .trim()
    .max(1000)
    .refine((u) => /^https?:\/\/[^\s]+$/i.test(u) || /^\/(?!\/)[^\s]*$/.test(u), '附件链接应以 http://、https:// 或 / 开头'),
});

const text = (max: number) => z.string().trim().max(max);
const dateString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** Writable fields of a policy or news article. */
export const ArticleWriteSchema = z.object({
  kind: z.enum(articleKinds),
  title: text(300).min(1),
  body: text(100_000).default(''),
  category: text(60).default(''),
  source: text(300).default(''),
  attachments: z.array(AttachmentSchema).max(20).default([]),
  publishedOn: dateString.nullable().optional(),
});
export type ArticleWrite = z.infer<typeof ArticleWriteSchema>;

/** Writable fields of a technology entry. `year`: the year of the source catalogue. */
export const TechnologyWriteSchema = z.object({
  name: text(300).min(1),
  industry: text(100).default(''),
  description: text(20_000).default(''),
  applicableScope: text(5_000).default(''),
  benefits: text(5_000).default(''),
  source: text(300).default(''),
  year: z.number().int().min(1990).max(2100).nullable().optional(),
});
export type TechnologyWrite = z.infer<typeof TechnologyWriteSchema>;

/** Writable fields of a case. */
export const CaseWriteSchema = z.object({
  name: text(300).min(1),
  enterpriseName: text(200).nullable().optional(),
  industry: text(100).default(''),
  description: text(20_000).default(''),
  options: text(20_000).default(''),
  benefits: text(5_000).default(''),
  source: text(300).default(''),
});
export type CaseWrite = z.infer<typeof CaseWriteSchema>;

/** Fields every stored item carries besides its own. `updatedAt` is ISO 8601. */
const stored = {
  id: z.number().int(),
  status: z.enum(contentStatuses),
  isDemo: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
};

/**
 * File types an article's uploaded attachment may have, detected from the content (magic bytes and
 * zip directory), never from the name: PDF, Word (docx, doc), Excel (xlsx, xls), OFD (GB/T 33190-2016),
 * zip archives, JPEG and PNG images.
 */
export const portalFileTypes = ['pdf', 'docx', 'xlsx', 'doc', 'xls', 'ofd', 'zip', 'jpg', 'png'] as const;
export type PortalFileType = (typeof portalFileTypes)[number];

/** Most files one article may carry. */
export const PORTAL_MAX_FILES = 20;

/**
 * An uploaded attachment of an article (stored in the document store). `url` is the public download
 * (`/api/v1/public/content/articles/:id/files/:fileId`, answers only while the article is published);
 * `sizeBytes` in bytes; `sha256` of the bytes (hex); `uploadedAt` ISO 8601 with +08:00.
 */
export const PortalFileSchema = DocumentInfoSchema.pick({ id: true, fileName: true, fileType: true, mediaType: true, sizeBytes: true, sha256: true, uploadedAt: true }).extend({
  url: z.string(),
});
export type PortalFile = z.infer<typeof PortalFileSchema>;

/** Path parameters of one uploaded attachment of an article. */
export const PortalFileParamsSchema = IdParamSchema.extend({ fileId: IdParamSchema.shape.id });

/**
 * A policy or news article. `attachments`: links to files published elsewhere; `files`: the
 * uploaded attachments, in upload order.
 */
export const ArticleSchema = z.object({
  ...stored,
  kind: z.enum(articleKinds),
  title: z.string(),
  body: z.string(),
  category: z.string(),
  source: z.string(),
  attachments: z.array(z.object({ name: z.string(), url: z.string() })),
  files: z.array(PortalFileSchema),
  publishedOn: z.string().nullable(),
});
export type Article = z.infer<typeof ArticleSchema>;

export const TechnologySchema = z.object({
  ...stored,
  name: z.string(),
  industry: z.string(),
  description: z.string(),
  applicableScope: z.string(),
  benefits: z.string(),
  source: z.string(),
  year: z.number().int().nullable(),
});
export type Technology = z.infer<typeof TechnologySchema>;

export const CaseSchema = z.object({
  ...stored,
  name: z.string(),
  enterpriseName: z.string().nullable(),
  industry: z.string(),
  description: z.string(),
  options: z.string(),
  benefits: z.string(),
  source: z.string(),
});
export type Case = z.infer<typeof CaseSchema>;

/** Any item of the three collections (responses of the generic routes). */
export const PortalItemSchema = z.union([ArticleSchema, TechnologySchema, CaseSchema]);
export type PortalItem = Article | Technology | Case;

/** The write schema of each collection. */
export const portalWriteSchemas = { articles: ArticleWriteSchema, technologies: TechnologyWriteSchema, cases: CaseWriteSchema } as const;

/** The optimistic-lock check of an edit, publish or unpublish: the version the editor saw. */

/** Path parameter `:collection`. */
export const CollectionParamSchema = z.object({ collection: z.enum(portalCollections) });

/** List filters (public and console). `q`: a substring of the title/name (case-insensitive). */
export const PortalListQuerySchema = PageQuerySchema.extend({
  kind: z.enum(articleKinds).optional(),
  category: z.string().trim().max(60).optional(),
  industry: z.string().trim().max(100).optional(),
  q: z.string().trim().max(100).optional(),
});
export type PortalListQuery = z.infer<typeof PortalListQuerySchema>;

/** Page of items. */
export const PortalPageSchema = pageSchema(PortalItemSchema);

/**
 * Search hit types. `policy`, `news`, `technology`, `case` are searched today; the published lists
 * and audit results add `listedEnterprise` (extension point: see `searchPublic` in the server's
 * portal repository).
 */
export const publicSearchHitTypes = ['policy', 'news', 'technology', 'case', 'listedEnterprise'] as const;
export type PublicSearchHitType = (typeof publicSearchHitTypes)[number];

/** `GET /api/v1/public/search?q=`: 1–100 characters, matched as a literal substring. */
export const PublicSearchQuerySchema = PageQuerySchema.extend({ q: z.string().trim().min(1).max(100) });

/** One search hit: its type and id (to build the link), a title, a snippet and a date. */
export const SearchHitSchema = z.object({
  type: z.enum(publicSearchHitTypes),
  id: z.number().int(),
  title: z.string(),
  snippet: z.string(),
  date: z.string().nullable(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;
export const SearchPageSchema = pageSchema(SearchHitSchema);

/** Counts of one row of the public statistics (published audits of the year, aggregates only). */
const StatCounts = {
  /** Published audits (both types). */
  listed: z.number().int(),
  /** 强制性 audits listed. */
  mandatory: z.number().int(),
  /** 自愿性 audits listed. */
  voluntary: z.number().int(),
  /** Audits whose enterprise has disclosed (企业环境信息依法披露, disclosed_on set). */
  disclosed: z.number().int(),
  /** Audits accepted (验收通过 / simplified evaluation passed: state `accepted`). */
  accepted: z.number().int(),
};

/**
 * Public statistics by city and by key industry: aggregates of the published lists and their audits
 * (no enterprise registry or screening data, which are not public). `year` is the latest list year
 * with a publication; `available` is false (and the arrays empty) until a list has been published.
 * `byIndustry[].industry` is the key-industry key (`''` for enterprises outside the catalogue),
 * `industryName` the catalogue's Chinese name.
 */
export const PublicStatsSchema = z.object({
  available: z.boolean(),
  year: z.number().int().nullable(),
  byCity: z.array(z.object({ cityCode: z.string(), cityName: z.string(), ...StatCounts })),
  byIndustry: z.array(z.object({ industry: z.string(), industryName: z.string(), ...StatCounts })),
  note: z.string(),
});
export type PublicStats = z.infer<typeof PublicStatsSchema>;

/** Open data query: page + `updatedSince` (ISO 8601 date or date-time; items updated at or after it). */
export const OpenDataQuerySchema = PageQuerySchema.extend({
  updatedSince: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/, 'updatedSince 应为 ISO 8601 日期或时间，例如 2026-01-01 或 2026-01-01T08:00:00+08:00')
    .optional(),
});
export type OpenDataQuery = z.infer<typeof OpenDataQuerySchema>;
