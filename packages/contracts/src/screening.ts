/**
 * zod schemas of the screening API (issue 4): runs, results with evidence, city review decisions.
 */
import { z } from 'zod';
import { DivisionCodeSchema, PageQuerySchema } from './schemas.ts';

/** The five art. 8 criteria (清洁生产审核办法 第八条), in the contract's order (by name). */
export const screeningCriteria = [
  'dischargesHazardousSubstances',
  'exceedsEnergyLimit',
  'exceedsQuota',
  'exceedsStandard',
  'usesHazardousMaterials',
] as const;
export type ScreeningCriterionName = (typeof screeningCriteria)[number];

/** `POST /api/v1/screening/runs`: data year Y (the list is for Y+1), and for region users optionally one city. */
export const StartScreeningBodySchema = z.object({
  dataYear: z.number().int().min(2000).max(2100),
  cityCode: DivisionCodeSchema.optional(),
  ruleSetVersion: z.string().trim().min(1).max(60).optional(),
});

export const ScreeningRunSchema = z.object({
  id: z.number().int(),
  dataYear: z.number().int(),
  scopeDivisionCode: DivisionCodeSchema,
  scopeName: z.string(),
  ruleSetVersion: z.string(),
  runByName: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  enterprisesScanned: z.number().int(),
  counts: z.record(z.string(), z.unknown()),
  previousRunId: z.number().int().nullable(),
  diff: z.unknown(),
});
export type ScreeningRun = z.infer<typeof ScreeningRunSchema>;

/** Result list filters. */
export const ScreeningResultQuerySchema = PageQuerySchema.extend({
  criterion: z.enum(screeningCriteria).optional(),
  divisionCode: DivisionCodeSchema.optional(),
  keyIndustry: z.string().max(40).optional(),
  recommendation: z.enum(['mandatory', 'notDue']).optional(),
  decision: z.enum(['pending', 'confirm', 'exclude']).optional(),
  q: z.string().trim().max(100).optional(),
});

/** `revoke` withdraws the previous decision: the candidate is pending again (kept in the history). */
export const reviewDecisions = ['confirm', 'exclude', 'addVoluntary', 'revoke'] as const;
export const exclusionReasons = ['shutdown', 'merged', 'dataError', 'other'] as const;

export const ScreeningResultRowSchema = z.object({
  id: z.number().int(),
  enterpriseId: z.number().int(),
  uscc: z.string(),
  name: z.string(),
  divisionCode: DivisionCodeSchema,
  countyName: z.string(),
  cityName: z.string(),
  keyIndustry: z.string().nullable(),
  recommendation: z.enum(['mandatory', 'notDue']),
  nextDueYear: z.number().int().nullable(),
  criteria: z.array(z.string()),
  reasons: z.array(z.object({ criterion: z.string(), basis: z.string(), evidence: z.array(z.record(z.string(), z.unknown())) })),
  decision: z
    .object({ decision: z.enum(['confirm', 'exclude', 'addVoluntary']), reasonCode: z.string().nullable(), justification: z.string().nullable(), decidedAt: z.string(), decidedByName: z.string().nullable() })
    .nullable(),
});
export type ScreeningResultRow = z.infer<typeof ScreeningResultRowSchema>;

/** `POST /api/v1/screening/reviews`: a city's decision on a candidate (or a voluntary addition). */
export const ReviewBodySchema = z
  .object({
    dataYear: z.number().int().min(2000).max(2100),
    enterpriseId: z.number().int().positive(),
    decision: z.enum(reviewDecisions),
    reasonCode: z.enum(exclusionReasons).optional(),
    justification: z.string().trim().max(2000).optional(),
  })
  .refine((b) => b.decision !== 'exclude' || (b.reasonCode !== undefined && (b.justification ?? '').length >= 4), {
    message: '排除候选企业须选择原因并填写不少于 4 个字的说明',
    path: ['justification'],
  });
export type ReviewBody = z.infer<typeof ReviewBodySchema>;

/**
 * Body of POST /api/v1/screening/reviews/confirm-batch (批量确认): confirm several candidates of
 * `dataYear` at once, all or nothing; 1–500 distinct enterprise ids.
 */
export const ConfirmBatchBodySchema = z.object({
  dataYear: z.number().int().min(2000).max(2100),
  enterpriseIds: z
    .array(z.number().int().positive())
    .min(1)
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, { message: '企业不能重复 (duplicate enterprise ids)' }),
});
export type ConfirmBatchBody = z.infer<typeof ConfirmBatchBodySchema>;
/** Response of the batch confirmation: the enterprises now confirmed, and those that already were (left as they are). */
export const ConfirmBatchResultSchema = z.object({ confirmed: z.array(z.number().int()), unchanged: z.array(z.number().int()) });
export type ConfirmBatchResult = z.infer<typeof ConfirmBatchResultSchema>;

/** A hazardous list of a rule set: list name and substances (Chinese name, CAS numbers). */
export const HazardousListSchema = z.object({
  listName: z.string().trim().min(2).max(200),
  substances: z
    .array(z.object({ nameZh: z.string().trim().min(1).max(200), casNumbers: z.array(z.string().trim().regex(/^\d{2,7}-\d{2}-\d$/, '应为 CAS 号，如 67-66-3')).max(20) }))
    .min(1)
    .max(5000),
});

/**
 * `POST /api/v1/screening/rule-sets`: a draft version built from `baseVersion` (default: the
 * latest published) with lists added or removed. Drafts are compared before they are published.
 */
export const RuleSetDraftSchema = z.object({
  version: z.string().trim().regex(/^[A-Za-z0-9._-]{3,60}$/, '版本号只能含字母、数字和 . _ -，3–60 个字符'),
  note: z.string().trim().max(500).optional(),
  baseVersion: z.string().trim().min(1).max(60).optional(),
  addHazardousLists: z.array(HazardousListSchema).max(20).default([]),
  removeListNames: z.array(z.string().trim().min(1)).max(50).default([]),
});

export const RuleSetSummarySchema = z.object({
  version: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  lists: z.array(z.object({ listName: z.string(), substances: z.number().int() })),
});

/** `POST /api/v1/screening/compare`: the same data screened with two rule-set versions, nothing stored. */
export const CompareRuleSetsSchema = z.object({
  dataYear: z.number().int().min(2000).max(2100),
  baseVersion: z.string().trim().min(1).max(60),
  candidateVersion: z.string().trim().min(1).max(60),
  cityCode: DivisionCodeSchema.optional(),
});

const changed = z.object({ uscc: z.string(), name: z.string(), divisionCode: z.string() });
export const RuleSetComparisonSchema = z.object({
  dataYear: z.number().int(),
  scopeDivisionCode: z.string(),
  baseVersion: z.string(),
  candidateVersion: z.string(),
  baseListed: z.number().int(),
  candidateListed: z.number().int(),
  added: z.array(changed.extend({ criteria: z.array(z.string()) })),
  dropped: z.array(changed.extend({ criteria: z.array(z.string()) })),
  reasonsChanged: z.array(changed.extend({ before: z.array(z.string()), after: z.array(z.string()) })),
  recommendationChanged: z.array(changed.extend({ before: z.string(), after: z.string() })),
});
