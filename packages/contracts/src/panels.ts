/**
 * Expert panels (评审专家组) of an audit's evaluation (评估) or acceptance (验收), the experts'
 * scoring sheets (评分表) and the panel result (issue 6 items 7–8). Shared by server and web.
 * Source: regulations.md §2 (random draw from the 专家库, recusal), forms-and-procedures.md §1.1–§1.3
 * and §6 (score sheets, veto items, recusal) — the bands and items are configurable local practice.
 */
import { z } from 'zod';

/** The review a panel staffs. */
export const panelStages = ['evaluation', 'acceptance'] as const;
export type PanelStage = (typeof panelStages)[number];

/** Panel status: drawn → scoring (a sheet saved) → decided (result recorded, workflow action applied). */
export const panelStatuses = ['drawn', 'scoring', 'decided'] as const;
export type PanelStatus = (typeof panelStatuses)[number];

/** Exclusion reasons of the draw (domain/panel `exclusionReasons`), in check order. */
export const panelExclusionReasons = ['unavailable', 'employedByEnterprise', 'employedByAgency', 'onConsultingTeam', 'recentReview', 'specialityMismatch'] as const;

/** Seed of a draw: an unsigned 32-bit integer (mulberry32). */
const Seed = z.number().int().min(0).max(0xffffffff);

/** POST /api/v1/audits/:id/panels — `size` odd, 3–15 (default 3); `seed` omitted → a random one, recorded. */
export const PanelDrawInputSchema = z.object({
  stage: z.enum(panelStages),
  size: z.number().int().min(3).max(15).refine((n) => n % 2 === 1, '专家人数应为奇数').optional(),
  seed: Seed.optional(),
  comment: z.string().max(2000).optional(),
  /** The audit version the caller saw (optimistic lock); omitted → not checked. */
  version: z.number().int().optional(),
});
export type PanelDrawInput = z.infer<typeof PanelDrawInputSchema>;

/** POST /api/v1/panels/:id/redraw — draw the whole panel again (nobody has submitted) with a recorded new seed. */
export const PanelRedrawInputSchema = z.object({ version: z.number().int(), seed: Seed.optional(), reason: z.string().min(1).max(500) });

/** POST /api/v1/panels/:id/members/:memberId/decline — the expert declined; a replacement is drawn with a recorded new seed. */
export const PanelReplaceInputSchema = z.object({ version: z.number().int(), seed: Seed.optional(), reason: z.string().min(1).max(500) });

/** POST /api/v1/panels/:id/decide. */
export const PanelDecideInputSchema = z.object({ version: z.number().int(), comment: z.string().max(2000).optional() });

/** A scoring template (the domain `SheetTemplate`) with its row id and title. */
export const ScoringTemplateSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  kind: z.enum(panelStages),
  version: z.string(),
  localPractice: z.boolean(),
  totalPoints: z.number(),
  items: z.array(z.object({ key: z.string(), title: z.string(), maxPoints: z.number() })),
  vetoItems: z.array(z.object({ key: z.string(), title: z.string() })),
  passWithRevisionsFrom: z.number(),
  passFrom: z.number(),
  vetoRule: z.enum(['any', 'majority']),
});
export type ScoringTemplate = z.infer<typeof ScoringTemplateSchema>;

/** A sheet as stored: points per item key, veto keys ticked, comment, submission time (+08:00) or null. */
export const ScoreSheetSchema = z.object({
  version: z.number().int(),
  scores: z.record(z.string(), z.number()),
  vetoes: z.array(z.string()),
  comment: z.string(),
  submittedAt: z.string().nullable(),
  total: z.number().nullable(),
});
export type ScoreSheet = z.infer<typeof ScoreSheetSchema>;

/** PUT /api/v1/panels/:id/sheets/mine — `version` 0 for a first save. Points at most 2 decimals. */
export const ScoreSheetInputSchema = z.object({
  version: z.number().int().min(0),
  items: z.record(z.string().max(60), z.number().min(0).max(1000)),
  vetoes: z.array(z.string().max(60)).max(50),
  comment: z.string().max(5000),
});
export type ScoreSheetInput = z.infer<typeof ScoreSheetInputSchema>;

/** POST /api/v1/panels/:id/sheets/mine/submit. */
export const ScoreSheetSubmitSchema = z.object({ version: z.number().int() });

/**
 * One seat of the panel. `name`/`employerName` are null for an enterprise before the decision;
 * `account` (the user name of the expert's login, null without one) is shown only to the officials
 * who see the whole draw, so that they can tell the expert how to log in and score.
 */
export const PanelMemberSchema = z.object({
  id: z.number().int(),
  expertId: z.number().int().nullable(),
  name: z.string().nullable(),
  account: z.string().nullable(),
  employerName: z.string().nullable(),
  title: z.string().nullable(),
  role: z.enum(['industry', 'other']),
  seat: z.number().int(),
  response: z.enum(['invited', 'accepted', 'declined']),
  replaced: z.boolean(),
  submitted: z.boolean(),
  total: z.number().nullable(),
});

/** The panel result (domain `panelResult`): mean of the totals (points), veto items applying, outcome. */
export const PanelResultSchema = z.object({
  sheets: z.array(z.object({ expertId: z.number().int(), total: z.number() })),
  mean: z.number(),
  vetoes: z.array(z.string()),
  outcome: z.enum(['pass', 'passWithRevisions', 'fail']),
});
export type PanelResultOut = z.infer<typeof PanelResultSchema>;

/** A panel as officials see it (the enterprise sees the same without pool, exclusions and names until decided). */
export const PanelSchema = z.object({
  id: z.number().int(),
  auditId: z.number().int(),
  stage: z.enum(panelStages),
  status: z.enum(panelStatuses),
  version: z.number().int(),
  seed: z.number().int().nullable(),
  size: z.number().int(),
  drawnAt: z.string(),
  drawnBy: z.string().nullable(),
  template: ScoringTemplateSchema,
  members: z.array(PanelMemberSchema),
  eligible: z.array(z.object({ expertId: z.number().int(), name: z.string() })).nullable(),
  exclusions: z.array(z.object({ expertId: z.number().int(), name: z.string(), reason: z.string() })).nullable(),
  draws: z.array(z.record(z.string(), z.unknown())).nullable(),
  submitted: z.number().int(),
  result: PanelResultSchema.nullable(),
  decidedAt: z.string().nullable(),
});
export type Panel = z.infer<typeof PanelSchema>;

/** One assignment of the logged-in expert: the panel, the audit summary, the report documents, the template and its own sheet. */
export const AssignmentSchema = z.object({
  panelId: z.number().int(),
  panelVersion: z.number().int(),
  stage: z.enum(panelStages),
  status: z.enum(panelStatuses),
  memberId: z.number().int(),
  role: z.enum(['industry', 'other']),
  audit: z.object({
    id: z.number().int(),
    enterpriseName: z.string(),
    listYear: z.number().int(),
    mode: z.string(),
    state: z.string(),
    keyIndustry: z.string().nullable(),
    cityCode: z.string(),
  }),
  documents: z.array(z.object({ id: z.number().int(), kind: z.string(), fileName: z.string(), version: z.number().int(), uploadedAt: z.string() })),
  template: ScoringTemplateSchema,
  sheet: ScoreSheetSchema.nullable(),
});
export type Assignment = z.infer<typeof AssignmentSchema>;
