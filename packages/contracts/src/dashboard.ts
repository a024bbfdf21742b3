/**
 * Dashboard contracts (issue 8 items 1–3, 6): the figures of the audits of one list year in the
 * caller's area, by stage and by division, computed live from the `audits` table.
 */
import { z } from 'zod';
import { AuditSummarySchema, auditStateValues, funnelStages } from './audits.ts';
import { reportingTagValues } from './reporting.ts';

/** The figures of one group of audits (the whole area, or one city / county). Counts of audits. */
export const DashboardFiguresSchema = z.object({
  /** Audits on the published lists (强制性 + 自愿性). */
  listed: z.number().int(),
  mandatory: z.number().int(),
  voluntary: z.number().int(),
  /** Audits past the disclosure step (any state after `listed`, rolled-over ones excluded). */
  disclosed: z.number().int(),
  /** Disclosed audits whose disclosure deadline is not missed (Order 38 art. 11). */
  disclosedOnTime: z.number().int(),
  started: z.number().int(),
  /** Audits whose report passed the technical evaluation (评估通过 and later). */
  evaluated: z.number().int(),
  accepted: z.number().int(),
  /** Mandatory audits with at least one missed deadline today (domain `overdueDeadlines`, Beijing date). */
  overdue: z.number().int(),
  rolledOver: z.number().int(),
  /** Share of mandatory audits with no missed deadline, 0–1 (null when there are none). */
  onTimeRate: z.number().nullable(),
  /** Share of listed audits accepted, 0–1 (null when there are none). */
  completionRate: z.number().nullable(),
});
export type DashboardFigures = z.infer<typeof DashboardFiguresSchema>;

/** One row of the per-division table: a city (region users) or a county (city / county users). */
export const DashboardDivisionRowSchema = DashboardFiguresSchema.extend({
  divisionCode: z.string(),
  name: z.string(),
  /** The city's list, action plan and yearly report status (reporting matrix); null on county rows. */
  list: z.enum(reportingTagValues).nullable(),
  actionPlan: z.enum(reportingTagValues).nullable(),
  annualReport: z.enum(reportingTagValues).nullable(),
});
export type DashboardDivisionRow = z.infer<typeof DashboardDivisionRowSchema>;

export const DashboardSummarySchema = z.object({
  area: z.object({ divisionCode: z.string(), name: z.string(), level: z.enum(['region', 'city', 'county']) }),
  listYear: z.number().int(),
  keyIndustry: z.string().nullable(),
  /** The Beijing calendar date the overdue figures are computed for. */
  today: z.string(),
  /** List years with audits in the area, newest first. */
  years: z.array(z.number().int()),
  totals: DashboardFiguresSchema,
  funnel: z.array(z.object({ stage: z.enum(funnelStages), count: z.number().int() })),
  divisions: z.array(DashboardDivisionRowSchema),
  byKeyIndustry: z.array(z.object({ key: z.string(), nameZh: z.string(), listed: z.number().int(), accepted: z.number().int(), overdue: z.number().int() })),
});
export type DashboardSummary = z.infer<typeof DashboardSummarySchema>;

export const DashboardQuerySchema = z.object({
  listYear: z.coerce.number().int().min(2000).max(2100).optional(),
  keyIndustry: z.string().min(1).max(40).optional(),
});
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

/** Enterprise home: one audit of the caller's enterprise with its next deadline and what to do now. */
export const MyAuditSchema = z.object({
  id: z.number().int(),
  listYear: z.number().int(),
  auditType: z.enum(['mandatory', 'voluntary']),
  state: z.string(),
  documentNo: z.string(),
  /** The next pending deadline: step, due date (Beijing), whole days left (negative when missed). */
  nextDeadline: z.object({ step: z.string(), due: z.string(), daysLeft: z.number().int() }).nullable(),
  overdue: z.array(z.object({ step: z.string(), due: z.string(), daysOverdue: z.number().int() })),
  /** Workflow actions the caller may take now (domain `allowedActions`). */
  actions: z.array(z.string()),
});
export const MyAuditsSchema = z.object({ today: z.string(), audits: z.array(MyAuditSchema) });
export type MyAudits = z.infer<typeof MyAuditsSchema>;

/**
 * Body of `POST /api/v1/documents/region-summary.docx`: the year, optionally one key industry (a
 * `key_industries.key`, as the dashboard's filter; the document then covers that industry only and
 * says so in its title; unknown keys are VALIDATION_FAILED on `body.keyIndustry`), and the narrative
 * the region types in (empty sections print （未填写）).
 */
export const RegionSummaryDocxSchema = z.object({
  listYear: z.number().int().min(2000).max(2100),
  keyIndustry: z.string().min(1).max(40).optional(),
  overview: z.string().max(20000).default(''),
  problems: z.string().max(20000).default(''),
  nextSteps: z.string().max(20000).default(''),
});
/** What a client sends to the yearly-summary route (narrative sections optional). */
export type RegionSummaryDocxBody = z.input<typeof RegionSummaryDocxSchema>;

/** Body of `POST /api/v1/documents/summary-stage.docx`: the stage's years (default 2021–2023) and narrative. */
export const SummaryStageDocxSchema = z
  .object({
    fromYear: z.number().int().min(2000).max(2100).default(2021),
    toYear: z.number().int().min(2000).max(2100).default(2023),
    narrative: z.string().max(20000).default(''),
  })
  .refine((b) => b.fromYear <= b.toYear && b.toYear - b.fromYear <= 5, { message: 'fromYear ≤ toYear, at most 6 years', path: ['toYear'] });
/** What a client sends to the summary-stage route (every field optional: 2021–2023, no narrative). */
export type SummaryStageDocxBody = z.input<typeof SummaryStageDocxSchema>;

/**
 * Consulting-agency home (issue 8 item 2): the audits the caller's agency consults on — how many in
 * each state (workflow order, states without audits left out), the nearest pending deadline across
 * them (Beijing date; `daysLeft` negative when missed) and the audits themselves (the 200 newest,
 * as `GET /api/v1/audits` lists them). Empty for a user of another kind of organisation.
 */
export const AgencyHomeSchema = z.object({
  today: z.string(),
  total: z.number().int(),
  byState: z.array(z.object({ state: z.enum(auditStateValues), count: z.number().int() })),
  nextDeadline: z.object({ auditId: z.number().int(), enterpriseName: z.string(), state: z.enum(auditStateValues), due: z.string(), daysLeft: z.number().int() }).nullable(),
  audits: z.array(AuditSummarySchema),
});
export type AgencyHome = z.infer<typeof AgencyHomeSchema>;
