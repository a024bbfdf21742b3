/**
 * Indicator systems (清洁生产评价指标体系, issue 7 item 5): the JSON shape of a definition, the
 * same as `cpaudit score --system <system.json>`, and the API shapes of the catalogue and its
 * versioned definitions. Scoring rules: regulations.md §3 (《清洁生产评价指标体系编制通则》(试行稿, 2013)).
 */
import { z } from 'zod';

/**
 * How the composite indices become a level:
 * - `classic-2013`: I when Y_I ≥ 85 and every limiting indicator at I; II when Y_II ≥ 85 and
 *   every limiting indicator at II or better; III when Y_III = 100 (regulations.md §3);
 * - `strict-level-i`: as `classic-2013`, and level I additionally needs every non-limiting
 *   indicator at II or better (the newer systems, e.g. those drafted after GB/T 43329-2023;
 *   refdata/indicator-tables/README.md "Newer variant").
 */
export const levelRules = ['classic-2013', 'strict-level-i'] as const;
export type LevelRule = (typeof levelRules)[number];

const finite = z.number().finite();

/** One second-level indicator (二级指标). Qualitative indicators have no numeric benchmarks; they may carry requirement texts. */
export const IndicatorJsonSchema = z.object({
  id: z.string().trim().min(1).max(60).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  name: z.string().trim().min(1).max(200),
  unit: z.string().max(40).nullable(),
  weight: finite,
  direction: z.enum(['lower', 'higher', 'qualitative']),
  benchmarks: z.object({ I: finite, II: finite, III: finite }).optional(),
  /** Requirement text per level for qualitative indicators (optional, shown in the viewer). */
  requirements: z.object({ I: z.string().max(500).nullable(), II: z.string().max(500).nullable(), III: z.string().max(500).nullable() }).partial().optional(),
  limiting: z.boolean(),
  note: z.string().max(500).optional(),
});

/** A first-level indicator (一级指标) with its weight. */
export const IndicatorGroupJsonSchema = z.object({
  name: z.string().trim().min(1).max(200),
  weight: finite,
  indicators: z.array(IndicatorJsonSchema).max(200),
});

/** A whole definition, the `system.json` of the score CLI. */
export const IndicatorSystemJsonSchema = z.object({
  id: z.string().trim().min(1).max(80),
  name: z.string().trim().min(1).max(300),
  levelRule: z.enum(levelRules),
  groups: z.array(IndicatorGroupJsonSchema).min(1).max(30),
});
export type IndicatorSystemJson = z.infer<typeof IndicatorSystemJsonSchema>;

/** A located problem of a definition: `path` such as `groups[1].indicators[0].benchmarks`. */
export const DefinitionIssueSchema = z.object({ path: z.string(), code: z.string(), message: z.string() });
export type DefinitionIssue = z.infer<typeof DefinitionIssueSchema>;

/** Catalogue row (附件4), from refdata `cp_indicator_systems.csv`. */
export const IndicatorCatalogueEntrySchema = z.object({
  id: z.number().int(),
  title: z.string(),
  docNumber: z.string().nullable(),
  year: z.number().int().nullable(),
  issuer: z.string().nullable(),
  industryKey: z.string().nullable(),
  confidence: z.string(),
  note: z.string().nullable(),
  versions: z.array(z.object({ id: z.number().int(), version: z.number().int(), status: z.enum(['draft', 'published']), complete: z.boolean() })),
});
export type IndicatorCatalogueEntry = z.infer<typeof IndicatorCatalogueEntrySchema>;

/** One stored version of a definition. `complete` is false while the validation finds issues (it cannot be published then). */
export const IndicatorDefinitionSchema = z.object({
  id: z.number().int(),
  systemId: z.number().int(),
  version: z.number().int(),
  status: z.enum(['draft', 'published']),
  complete: z.boolean(),
  source: z.string().nullable(),
  definition: IndicatorSystemJsonSchema,
  issues: z.array(DefinitionIssueSchema),
  createdByName: z.string(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  rowVersion: z.number().int(),
});
export type IndicatorDefinition = z.infer<typeof IndicatorDefinitionSchema>;

/** `POST /api/v1/indicator-systems/:id/definitions`: a new draft version from JSON. */
export const ImportDefinitionBodySchema = z.object({
  definition: z.unknown(),
  source: z.string().trim().max(500).optional(),
});

/** `POST …/definitions/:definitionId/publish` with the version the user saw (optimistic check). */
export const PublishDefinitionBodySchema = z.object({ rowVersion: z.number().int() });

/** `POST …/definitions/:definitionId/score`: values by indicator id (numbers, `I`/`II`/`III`/`none`, or null). */
export const TryScoreBodySchema = z.object({
  values: z.record(z.string(), z.union([z.number().finite(), z.enum(['I', 'II', 'III', 'none']), z.null()])),
});

const LevelOrNone = z.enum(['I', 'II', 'III', 'none']);
const Triple = z.object({ I: z.number(), II: z.number(), III: z.number() });
/** A score with every indicator explained (the domain's `IndicatorScore`; indices to 4 decimals). */
export const IndicatorScoreSchema = z.object({
  indices: Triple,
  level: LevelOrNone,
  indicators: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      group: z.string(),
      unit: z.string().nullable(),
      direction: z.enum(['lower', 'higher', 'qualitative']),
      value: z.union([z.number(), LevelOrNone, z.null()]),
      benchmarks: Triple.nullable(),
      level: LevelOrNone.nullable(),
      limiting: z.boolean(),
      weight: z.number(),
      effectiveWeight: z.number(),
      contribution: Triple,
    }),
  ),
});
export type IndicatorScoreResponse = z.infer<typeof IndicatorScoreSchema>;
