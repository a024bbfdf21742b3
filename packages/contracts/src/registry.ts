/**
 * zod schemas of the registry API (issue 3): enterprise detail, permits, environmental data,
 * change history, writes, and import jobs.
 */
import { z } from 'zod';
import { DivisionCodeSchema, EnterpriseListQuerySchema, enterpriseStatuses } from './schemas.ts';
import { ImportResultSchema, IsoDateSchema, importKinds, permitCategories } from './imports.ts';

/** Extra filters of the enterprise list (name, credit code via `q`; city/county via `divisionCode`). */
export const EnterpriseSearchSchema = EnterpriseListQuerySchema.extend({
  permitCategory: z.enum(permitCategories).optional(),
  status: z.enum(enterpriseStatuses).optional(),
});
export type EnterpriseSearch = z.infer<typeof EnterpriseSearchSchema>;

export const PermitSchema = z.object({
  id: z.number().int(),
  permitNo: z.string(),
  category: z.enum(permitCategories),
  industryCodes: z.array(z.string()),
  issuedOn: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  issuingAuthority: z.string().nullable(),
  pollutantCategories: z.array(z.string()),
});
export type Permit = z.infer<typeof PermitSchema>;

/** `GET /api/v1/enterprises/:id/detail`: everything of the basic-data and permits tabs. */
export const EnterpriseDetailSchema = z.object({
  id: z.number().int(),
  uscc: z.string(),
  name: z.string(),
  legalRepresentative: z.string().nullable(),
  address: z.string().nullable(),
  divisionCode: DivisionCodeSchema,
  countyName: z.string(),
  cityCode: DivisionCodeSchema,
  cityName: z.string(),
  industryCodes: z.array(z.string()),
  industryNames: z.array(z.string()),
  keyIndustry: z.string().nullable(),
  scale: z.enum(['large', 'medium', 'small', 'micro']).nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  status: z.enum(enterpriseStatuses),
  lastAcceptanceDate: z.string().nullable(),
  updatedAt: z.string(),
  permits: z.array(PermitSchema),
});
export type EnterpriseDetail = z.infer<typeof EnterpriseDetailSchema>;

/** `GET /api/v1/enterprises/:id/environmental`: records by kind; `years` lists the years with data. */
export const EnvironmentalDataSchema = z.object({
  years: z.array(z.number().int()),
  exceedances: z.array(
    z.object({ id: z.number().int(), outletCode: z.string(), pollutant: z.string(), monitoredOn: z.string(), measuredValue: z.number(), limitValue: z.number(), unit: z.string(), dataSource: z.string() }),
  ),
  quotas: z.array(z.object({ id: z.number().int(), year: z.number().int(), pollutant: z.string(), actualT: z.number(), quotaT: z.number() })),
  hazardous: z.array(
    z.object({ id: z.number().int(), year: z.number().int(), category: z.enum(['use', 'discharge']), substanceName: z.string(), casNo: z.string().nullable(), quantity: z.number().nullable(), unit: z.string().nullable() }),
  ),
  energy: z.array(
    z.object({
      id: z.number().int(),
      year: z.number().int(),
      productName: z.string(),
      output: z.number(),
      outputUnit: z.string(),
      comprehensiveEnergyTce: z.number().nullable(),
      energyPerUnitKgce: z.number(),
      limitKgcePerUnit: z.number(),
      limitStandard: z.string().nullable(),
    }),
  ),
});
export type EnvironmentalData = z.infer<typeof EnvironmentalDataSchema>;

/** One change of a registry record (`changes`: `{ field: [before, after] }`). */
export const ChangeEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  userName: z.string().nullable(),
  importId: z.number().int().nullable(),
  fileName: z.string().nullable(),
  entityType: z.string(),
  entityId: z.number().int(),
  /**
   * What the changed record is, for a person: the permit number of a permit; 排放口 污染物 监测日期 of
   * an exceedance; 年度 and 污染物, 物质 or 产品 of a yearly record; null for the enterprise itself
   * (or a record since removed).
   */
  entityLabel: z.string().nullable(),
  action: z.enum(['insert', 'update', 'delete']),
  changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])),
});
export type ChangeEntry = z.infer<typeof ChangeEntrySchema>;

/** The enterprise's screening history (one row per run that listed it). */
export const EnterpriseScreeningSchema = z.object({
  runId: z.number().int(),
  dataYear: z.number().int(),
  ruleSetVersion: z.string(),
  recommendation: z.enum(['mandatory', 'notDue']),
  nextDueYear: z.number().int().nullable(),
  criteria: z.array(z.string()),
  runAt: z.string(),
  decision: z.string().nullable(),
});

/** Create (`POST /api/v1/enterprises`) and edit (`PATCH /api/v1/enterprises/:id`, all optional). */
export const EnterpriseWriteSchema = z.object({
  uscc: z.string().trim().min(1),
  name: z.string().trim().min(2).max(200),
  legalRepresentative: z.string().trim().max(50).nullable().optional(),
  address: z.string().trim().max(300).nullable().optional(),
  divisionCode: DivisionCodeSchema,
  industryCodes: z
    .array(z.string().trim().regex(/^\d{4}$/, '应为 4 位国民经济行业代码'))
    .min(1)
    .max(10)
    .refine((codes) => new Set(codes).size === codes.length, '行业代码不能重复'),
  scale: z.enum(['large', 'medium', 'small', 'micro']).nullable().optional(),
  contactName: z.string().trim().max(50).nullable().optional(),
  contactPhone: z.string().trim().max(30).nullable().optional(),
  status: z.enum(enterpriseStatuses).optional(),
  lastAcceptanceDate: IsoDateSchema.refine((d) => d >= '1990-01-01' && d <= '2100-12-31', '日期应在 1990–2100 年之间').nullable().optional(),
});
export type EnterpriseWrite = z.infer<typeof EnterpriseWriteSchema>;
export const EnterprisePatchSchema = EnterpriseWriteSchema.omit({ uscc: true }).partial();

/** An import job: `POST /api/v1/imports/:kind` (multipart `file`; query `dryRun`, `skipInvalid`) answers 202 with it. */
export const ImportJobSchema = z.object({
  id: z.number().int(),
  kind: z.enum(importKinds),
  fileName: z.string(),
  status: z.enum(['running', 'applied', 'rejected', 'dryRun', 'failed']),
  rowsRead: z.number().int(),
  /**
   * While running: the share of the file read so far, 0–1 (CSV bytes read / file size; xlsx bytes
   * of the worksheet part inflated / its size). Absent once finished.
   */
  fractionRead: z.number().min(0).max(1).optional(),
  /** While running: `reading` the file, then `writing` (staging the last rows, checks and merge). Absent once finished. */
  phase: z.enum(['reading', 'writing']).optional(),
  /** Started as a dry run (also when it ended `rejected` or `failed`). */
  dryRun: z.boolean().optional(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  userName: z.string().nullable(),
  /** When finished: the contract result. `failed` jobs carry `message` instead. */
  result: ImportResultSchema.nullable(),
  message: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJobSchema>;
