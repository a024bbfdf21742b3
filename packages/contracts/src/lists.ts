/**
 * zod schemas of the audit-list API (issue 5 §1–§4, §7–§8): city list drafts, entries, reviews,
 * publication, the public list pages, the data-sharing feed and the notification inbox.
 */
import { z } from 'zod';
import { IsoDateSchema } from './imports.ts';
import { DivisionCodeSchema, PageQuerySchema } from './schemas.ts';

export const auditTypes = ['mandatory', 'voluntary'] as const;
export const listStatuses = ['draft', 'submitted', 'returned', 'approved', 'published'] as const;
export const entrySources = ['screening', 'rolledOver', 'applied', 'cityAdded'] as const;

const ListYear = z.number().int().min(2000).max(2100);
/** The optimistic-concurrency counter the client last read. */
const Version = z.number().int().min(1);

/** `POST /api/v1/lists`: create (or refresh from the sources) the caller's city draft of `listYear`; region users name the city. */
export const CreateListBodySchema = z.object({ listYear: ListYear, cityCode: DivisionCodeSchema.optional() });

/** `POST /api/v1/lists/:id/entries`. */
export const AddEntryBodySchema = z.object({
  version: Version,
  enterpriseId: z.number().int().min(1),
  auditType: z.enum(auditTypes),
  source: z.enum(['applied', 'cityAdded']).optional(),
  remarks: z.string().trim().max(200).optional(),
  plannedStart: IsoDateSchema.optional(),
  plannedFinish: IsoDateSchema.optional(),
});
export const RemoveEntryBodySchema = z.object({ version: Version, entryId: z.number().int().min(1) });
export const VersionBodySchema = z.object({ version: Version, comment: z.string().trim().max(500).optional() });
export const ReturnBodySchema = z.object({ version: Version, comment: z.string().trim().min(2, '请填写退回意见').max(500) });
export const PublishBodySchema = z.object({
  listYear: ListYear,
  documentNo: z.string().trim().min(3).max(60),
  publishedOn: IsoDateSchema,
});

export const ListEntrySchema = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  uscc: z.string(),
  name: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  keyIndustry: z.string().nullable(),
  industryCode: z.string().nullable(),
  auditType: z.enum(auditTypes),
  source: z.enum(entrySources),
  criteria: z.array(z.string()),
  basis: z.string(),
  reasons: z.unknown(),
  evidence: z.unknown(),
  remarks: z.string().nullable(),
  plannedStart: z.string().nullable(),
  plannedFinish: z.string().nullable(),
  proposedBy: z.string().nullable(),
});
export type ListEntry = z.infer<typeof ListEntrySchema>;

export const ListReviewSchema = z.object({
  action: z.enum(['submit', 'approve', 'return', 'publish']),
  department: z.enum(['city', 'dee', 'drc']),
  listVersion: z.number().int(),
  comment: z.string().nullable(),
  actorName: z.string(),
  at: z.string(),
});

export const AuditListSummarySchema = z.object({
  id: z.number().int(),
  listYear: z.number().int(),
  round: z.number().int(),
  cityCode: z.string(),
  cityName: z.string(),
  status: z.enum(listStatuses),
  version: z.number().int(),
  mandatoryCount: z.number().int(),
  voluntaryCount: z.number().int(),
  needsDrc: z.boolean(),
  deeApproved: z.boolean(),
  drcApproved: z.boolean(),
  returnComment: z.string().nullable(),
  submittedAt: z.string().nullable(),
  documentNo: z.string().nullable(),
  publishedOn: z.string().nullable(),
});
export type AuditListSummary = z.infer<typeof AuditListSummarySchema>;

export const AuditListDetailSchema = AuditListSummarySchema.extend({
  entries: z.array(ListEntrySchema),
  reviews: z.array(ListReviewSchema),
});
export type AuditListDetail = z.infer<typeof AuditListDetailSchema>;

export const ListQuerySchema = z.object({ listYear: z.coerce.number().int().min(2000).max(2100).optional() });

export const PublicationSchema = z.object({
  id: z.number().int(),
  listYear: z.number().int(),
  round: z.number().int(),
  documentNo: z.string(),
  publishedOn: z.string(),
  authority: z.string(),
  mandatoryCount: z.number().int(),
  voluntaryCount: z.number().int(),
});
export type Publication = z.infer<typeof PublicationSchema>;

/** `GET /api/v1/lists/export.(xlsx|docx)` and the public list filters. */
export const ListExportQuerySchema = z.object({ listYear: z.coerce.number().int().min(2000).max(2100), auditType: z.enum(auditTypes).default('mandatory') });

export const PublicListQuerySchema = PageQuerySchema.extend({
  listYear: z.coerce.number().int().min(2000).max(2100).optional(),
  auditType: z.enum(auditTypes).optional(),
  cityCode: DivisionCodeSchema.optional(),
  keyIndustry: z.string().max(40).optional(),
  q: z.string().trim().max(100).optional(),
});

/** One enterprise of a published list as the public sees it; `disclosed` from the audit state. */
export const PublicListRowSchema = z.object({
  listYear: z.number().int(),
  uscc: z.string(),
  name: z.string(),
  cityCode: z.string(),
  cityName: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  keyIndustry: z.string().nullable(),
  keyIndustryName: z.string().nullable(),
  auditType: z.enum(auditTypes),
  basis: z.string(),
  documentNo: z.string(),
  publishedAt: z.string(),
  disclosed: z.boolean(),
  /** Where the audit stands (`listed`, `disclosed`, `started`, … `accepted`): how it went, the evaluation and acceptance results (企业环境信息依法披露管理办法 art. 14). */
  auditState: z.string(),
  /** The audit (for `GET /api/v1/public/audits/:id/disclosure`) and its disclosure day, channel and URL (issue 6 item 2). */
  auditId: z.number().int(),
  disclosedOn: z.string().nullable(),
  disclosureChannel: z.string().nullable(),
  disclosureUrl: z.string().nullable(),
});
export type PublicListRow = z.infer<typeof PublicListRowSchema>;

/**
 * The published-list record of the issue 5 CLI contract and of the exchange feed:
 * `{uscc, name, cityCode, countyCode, keyIndustry, industryCode, auditType, reasons, documentNo, publishedAt}`.
 */
export const PublishedListRecordSchema = z.object({
  uscc: z.string(),
  name: z.string(),
  cityCode: z.string(),
  countyCode: z.string(),
  keyIndustry: z.string().nullable(),
  industryCode: z.string().nullable(),
  auditType: z.enum(auditTypes),
  reasons: z.array(z.string()),
  documentNo: z.string(),
  publishedAt: z.string(),
});
export type PublishedListRecord = z.infer<typeof PublishedListRecordSchema>;

/**
 * One row of the data-sharing feed (regulations.md §9, list as fed to a provincial data-sharing and
 * credit platform): 文号, 企业名称, 统一社会信用代码, 组织机构代码 (characters 9–17 of the credit code,
 * GB 32100-2015), 所属行业, 县（市、区）, 设区市, 名单发布机关, 名单发布日期, plus record status and last-modified time.
 */
export const ExchangeRowSchema = z.object({
  documentNo: z.string(),
  name: z.string(),
  uscc: z.string(),
  orgCode: z.string(),
  industry: z.string(),
  county: z.string(),
  city: z.string(),
  authority: z.string(),
  publishedOn: z.string(),
  auditType: z.enum(auditTypes),
  recordStatus: z.enum(['normal', 'updated', 'deleted']),
  lastModified: z.string(),
});
export const ExchangeQuerySchema = z.object({
  updatedSince: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), '应为 ISO 8601 时间，如 2026-03-01T00:00:00+08:00')
    .optional(),
});

export const NotificationSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const NotificationPageSchema = z.object({
  data: z.array(NotificationSchema),
  total: z.number().int(),
  unread: z.number().int(),
  current: z.number().int(),
  pageSize: z.number().int(),
});
export const NotificationQuerySchema = PageQuerySchema.extend({ unreadOnly: z.enum(['true', 'false']).optional() });
