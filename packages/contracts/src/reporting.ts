/**
 * zod schemas of the cities' action plans (行动计划) and yearly progress reports (年度落实情况报告),
 * issue 5 items 5–6, and of stored documents (issue 6 item 5).
 *
 * Units: `enterprisesToAudit` is a count of enterprises; `energySavedTce` tonnes of standard coal
 * equivalent (tce, GB/T 2589) per year; every pollutant reduction (`cod`, `nh3n`, `so2`, `nox`,
 * `vocs`) is in tonnes per year (t/a), the unit of the total-quantity control targets.
 */
import { z } from 'zod';
import { DivisionCodeSchema } from './schemas.ts';

const amount = z.number().finite().min(0).max(1e9);

/** One target line: a year of the period and a key industry. */
export const ActionPlanTargetSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  keyIndustry: z.string().trim().min(1).max(40),
  /** Enterprises to audit (count). */
  enterprisesToAudit: z.number().int().min(0).max(100_000),
  /** Expected energy saving, tce per year. */
  energySavedTce: amount.default(0),
  /** Expected reductions, t per year. */
  reductions: z
    .object({ cod: amount.default(0), nh3n: amount.default(0), so2: amount.default(0), nox: amount.default(0), vocs: amount.default(0) })
    .strict()
    .default({ cod: 0, nh3n: 0, so2: 0, nox: 0, vocs: 0 }),
});
export type ActionPlanTarget = z.infer<typeof ActionPlanTargetSchema>;

export const actionPlanStatuses = ['draft', 'submitted', 'approved', 'returned'] as const;

/** Stored document version (see server platform/documents.ts). */
export const DocumentInfoSchema = z.object({
  id: z.number().int(),
  ownerType: z.string(),
  ownerId: z.number().int(),
  kind: z.string(),
  version: z.number().int(),
  fileName: z.string(),
  fileType: z.string(),
  mediaType: z.string(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  uploadedBy: z.number().int().nullable(),
  uploadedAt: z.string(),
});
export type DocumentInfo = z.infer<typeof DocumentInfoSchema>;

/** `POST /api/v1/action-plans`: start a draft (revision 1) or revise a returned plan (next revision). */
export const CreateActionPlanSchema = z.object({
  /** Region users name the city; a city user's own city is used otherwise. */
  cityCode: DivisionCodeSchema.optional(),
  periodStart: z.number().int().min(2000).max(2100).optional(),
  periodEnd: z.number().int().min(2000).max(2100).optional(),
});

/** `PUT /api/v1/action-plans/:id`: edit a draft; `version` is the row version read. */
export const UpdateActionPlanSchema = z.object({
  version: z.number().int().min(1),
  targets: z.array(ActionPlanTargetSchema).max(500),
  narrative: z.string().max(50_000),
});

/** `POST /api/v1/action-plans/:id/submit`. */
export const ReportVersionBodySchema = z.object({ version: z.number().int().min(1) });

/** `POST /api/v1/action-plans/:id/review`: the acting department comes from the reviewer's organisation. */
export const ReviewActionPlanSchema = z.object({
  version: z.number().int().min(1),
  decision: z.enum(['approve', 'return']),
  comment: z.string().trim().max(2000).optional(),
});

export const ActionPlanSchema = z.object({
  id: z.number().int(),
  cityCode: DivisionCodeSchema,
  cityName: z.string(),
  periodStart: z.number().int(),
  periodEnd: z.number().int(),
  revision: z.number().int(),
  status: z.enum(actionPlanStatuses),
  targets: z.array(ActionPlanTargetSchema),
  narrative: z.string(),
  deeApprovedAt: z.string().nullable(),
  drcApprovedAt: z.string().nullable(),
  returnComment: z
    .object({ department: z.enum(['dee', 'drc']), byName: z.string(), at: z.string(), comment: z.string() })
    .nullable(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
  documents: z.array(DocumentInfoSchema),
  /** Every revision of this city's plan for the period: id, revision, status. */
  revisions: z.array(z.object({ id: z.number().int(), revision: z.number().int(), status: z.enum(actionPlanStatuses), submittedAt: z.string().nullable() })),
});
export type ActionPlan = z.infer<typeof ActionPlanSchema>;

/** The figures of a yearly report, prefilled from the audits (counts of enterprises). */
export const ReportFiguresSchema = z.object({
  /** Whether the audits table exists yet (false: every count 0 and the source is not connected). */
  connected: z.boolean(),
  listed: z.number().int(),
  disclosed: z.number().int(),
  started: z.number().int(),
  evaluated: z.number().int(),
  accepted: z.number().int(),
  overdue: z.number().int(),
  rolledOver: z.number().int(),
});
export type ReportFigures = z.infer<typeof ReportFiguresSchema>;

export const timelinessValues = ['onTime', 'late', 'missing', 'pending'] as const;

export const AnnualReportSchema = z.object({
  id: z.number().int().nullable(),
  cityCode: DivisionCodeSchema,
  cityName: z.string(),
  year: z.number().int(),
  status: z.enum(['draft', 'submitted']),
  figures: ReportFiguresSchema,
  narrative: z.string(),
  dueDate: z.string(),
  reminderDays: z.number().int(),
  timeliness: z.enum(timelinessValues),
  submittedAt: z.string().nullable(),
  version: z.number().int(),
});
export type AnnualReport = z.infer<typeof AnnualReportSchema>;

/** `PUT /api/v1/annual-reports/:cityCode/:year`: save the narrative of a draft (version 0 creates it). */
export const SaveAnnualReportSchema = z.object({ version: z.number().int().min(0), narrative: z.string().max(50_000) });

/** `PUT /api/v1/annual-report-settings/:year` (region). */
export const AnnualReportSettingsSchema = z.object({
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  reminderDays: z.number().int().min(0).max(60),
});

export const reportingTagValues = ['notSubmitted', 'submitted', 'approved', 'returned', 'overdue'] as const;

/** One row of the reporting-status matrix. `list` is null until the lists module is present. */
export const ReportingStatusRowSchema = z.object({
  cityCode: DivisionCodeSchema,
  cityName: z.string(),
  list: z.enum(reportingTagValues).nullable(),
  actionPlan: z.enum(reportingTagValues),
  actionPlanId: z.number().int().nullable(),
  annualReport: z.enum(reportingTagValues),
  timeliness: z.enum(timelinessValues),
  submittedAt: z.string().nullable(),
  reminderDue: z.boolean(),
});
export const ReportingStatusSchema = z.object({
  year: z.number().int(),
  dueDate: z.string(),
  reminderDays: z.number().int(),
  periodStart: z.number().int(),
  periodEnd: z.number().int(),
  rows: z.array(ReportingStatusRowSchema),
});
export type ReportingStatus = z.infer<typeof ReportingStatusSchema>;
