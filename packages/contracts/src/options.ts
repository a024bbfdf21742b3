/**
 * Cleaner-production options (清洁生产方案) and their yearly benefits (issue 7 item 1): the
 * enums and benefit shapes shared by the domain (performance table, energy and carbon
 * accounting) and, later, the options register of an audit.
 *
 * Sources: regulations.md §2 and §6 (无/低费 and 中/高费 options; the split has no fixed national
 * amount), forms-and-procedures.md §1.7 (绩效表) and §3 phases 4–6 (option generation, feasibility
 * analysis, implementation); the eight directions are the textbook's (方案产生的八个方面).
 */
import { z } from 'zod';

/** Cost class: `low` = 无/低费方案, `high` = 中/高费方案 (glossary `costClass`). */
export const optionCostClasses = ['low', 'high'] as const;
export type OptionCostClass = (typeof optionCostClasses)[number];
export const OptionCostClassSchema = z.enum(optionCostClasses);

/**
 * The eight directions in which options are generated (方案产生的八个方面), in the textbook order:
 * 原辅材料和能源替代, 技术工艺改造, 设备维护和更新, 过程优化控制, 产品更换或改进,
 * 废弃物回收利用和循环使用, 加强管理, 员工素质提高及积极性激励.
 */
export const optionDirections = [
  'materialsAndEnergy',
  'processTechnology',
  'equipment',
  'processControl',
  'product',
  'wasteRecycling',
  'management',
  'staff',
] as const;
export type OptionDirection = (typeof optionDirections)[number];
export const OptionDirectionSchema = z.enum(optionDirections);
/** Chinese label of each direction (as printed in audit reports). */
export const optionDirectionLabels: Readonly<Record<OptionDirection, string>> = {
  materialsAndEnergy: '原辅材料和能源替代',
  processTechnology: '技术工艺改造',
  equipment: '设备维护和更新',
  processControl: '过程优化控制',
  product: '产品更换或改进',
  wasteRecycling: '废弃物回收利用和循环使用',
  management: '加强管理',
  staff: '员工素质提高及积极性激励',
};

/** Status of an option: proposed → feasible | rejected → implementing → implemented. */
export const optionStatuses = ['proposed', 'feasible', 'rejected', 'implementing', 'implemented'] as const;
export type OptionStatus = (typeof optionStatuses)[number];
export const OptionStatusSchema = z.enum(optionStatuses);

/**
 * Energy carriers an option can save, each in the unit the enterprise states it in. The
 * conversion to tce and CO2 lives in `@cpaudit/domain` (`energyCarriers`, GB/T 2589-2020).
 * electricity kWh; rawCoal, cleanedCoal, coke, crudeOil, fuelOil, gasoline, kerosene, diesel,
 * lpg, steam t; naturalGas, cokeOvenGas m³; heat GJ.
 */
export const energyCarrierKeys = [
  'electricity',
  'rawCoal',
  'cleanedCoal',
  'coke',
  'crudeOil',
  'fuelOil',
  'gasoline',
  'kerosene',
  'diesel',
  'lpg',
  'naturalGas',
  'cokeOvenGas',
  'steam',
  'heat',
] as const;
export type EnergyCarrierKey = (typeof energyCarrierKeys)[number];
export const EnergyCarrierKeySchema = z.enum(energyCarrierKeys);

/** Pollutants whose yearly reduction an option states, in kg/yr (glossary `reductions`). */
export const pollutantKeys = ['cod', 'nh3n', 'so2', 'nox', 'pm', 'vocs', 'pb', 'hg', 'cd', 'cr', 'as'] as const;
export type PollutantKey = (typeof pollutantKeys)[number];
export const pollutantLabels: Readonly<Record<PollutantKey, string>> = {
  cod: 'COD',
  nh3n: '氨氮',
  so2: 'SO₂',
  nox: 'NOx',
  pm: '颗粒物',
  vocs: 'VOCs',
  pb: '铅',
  hg: '汞',
  cd: '镉',
  cr: '铬',
  as: '砷',
};

const amount = z.number().finite();

/**
 * Yearly benefits of one option (expected or achieved), all per year and savings positive:
 * - `energy`: saved amount per carrier, in the carrier's unit (kWh, t, m³, GJ);
 * - `waterM3`: fresh water saved (m³/yr);
 * - `rawMaterials`: raw and auxiliary materials saved, each `{name, unit, amount}`;
 * - `reductions`: pollutant reductions (kg/yr) keyed by {@link pollutantKeys};
 * - `economicBenefitWan`: economic benefit (万元/yr).
 */
export const OptionBenefitsSchema = z.object({
  energy: z.partialRecord(EnergyCarrierKeySchema, amount).default({}),
  waterM3: amount.default(0),
  rawMaterials: z.array(z.object({ name: z.string().trim().min(1).max(100), unit: z.string().trim().min(1).max(20), amount })).max(50).default([]),
  reductions: z.partialRecord(z.enum(pollutantKeys), amount).default({}),
  economicBenefitWan: amount.default(0),
});
export type OptionBenefits = z.infer<typeof OptionBenefitsSchema>;

/**
 * One option as the performance table needs it: cost class, investment (万元), status, whether a
 * feasibility analysis is on file (required for `high`), and its benefits (expected until
 * implemented, achieved after).
 */
export const OptionForTotalsSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  costClass: OptionCostClassSchema,
  direction: OptionDirectionSchema,
  status: OptionStatusSchema,
  investmentWan: amount.min(0),
  hasFeasibilityAnalysis: z.boolean(),
  benefits: OptionBenefitsSchema,
});
export type OptionForTotals = z.infer<typeof OptionForTotalsSchema>;

// ---------------------------------------------------------------- options register (issue 7 items 1, 3, 4, 6, 7)

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const acceptanceStatuses = ['none', 'pending', 'passed', 'failed'] as const;

/**
 * Body of POST/PUT of an option (方案) of an audit. `code` is the report's option number
 * (e.g. `F1`, unique per audit); `investmentWan` 万元; `expected` and `achieved` per
 * {@link OptionBenefitsSchema}; `dataYear` the year whose grid factor converts electricity
 * (default: the audit's list year − 1). PUT carries the `version` it read (409 when stale).
 */
export const OptionInputSchema = z.object({
  code: z.string().trim().min(1).max(20),
  name: z.string().trim().min(1).max(200),
  costClass: OptionCostClassSchema,
  direction: OptionDirectionSchema,
  description: z.string().max(4000).default(''),
  investmentWan: z.number().finite().min(0).max(1e7),
  status: OptionStatusSchema.default('proposed'),
  plannedStart: isoDate.nullable().default(null),
  plannedEnd: isoDate.nullable().default(null),
  actualStart: isoDate.nullable().default(null),
  actualEnd: isoDate.nullable().default(null),
  dataYear: z.number().int().min(2000).max(2100).optional(),
  expected: OptionBenefitsSchema,
  achieved: OptionBenefitsSchema.nullable().default(null),
  fiscalFundingWan: z.number().finite().min(0).nullable().default(null),
  fiscalFundingSource: z.string().trim().max(200).nullable().default(null),
  acceptanceStatus: z.enum(acceptanceStatuses).default('none'),
});
export type OptionInput = z.infer<typeof OptionInputSchema>;
export const OptionUpdateSchema = OptionInputSchema.extend({ version: z.number().int().min(1) });

/** Body of POST /api/v1/options/:id/feasibility: 万元, 万元/yr, years, fractions. */
export const FeasibilityBodySchema = z.object({
  investment: z.number().finite().positive(),
  annualBenefit: z.number().finite(),
  life: z.number().int().min(1).max(100),
  taxRate: z.number().min(0).max(0.99),
  discountRate: z.number().gt(-1).max(10),
});
export type FeasibilityBody = z.infer<typeof FeasibilityBodySchema>;

/** A stored feasibility analysis: the inputs, the results (D, F, N, NPV, NPVR, IRR) and the decision hints. */
export const FeasibilitySchema = z.object({
  inputs: FeasibilityBodySchema,
  depreciation: z.number(),
  annualCashFlow: z.number(),
  paybackYears: z.number().nullable(),
  npv: z.number(),
  npvr: z.number(),
  irr: z.number().nullable(),
  /** NPV ≥ 0; IRR above the discount rate; both → economically feasible. */
  hints: z.object({ npvNonNegative: z.boolean(), irrAboveDiscount: z.boolean(), feasible: z.boolean() }),
});
export type Feasibility = z.infer<typeof FeasibilitySchema>;

/** The yearly measures of a benefit set: tce, t CO2, m³, 万元/yr, kg/yr per pollutant. */
export const OptionMeasuresSchema = z.object({
  tce: z.number(),
  /** t CO2/yr; `null` when energy is saved but none of it has a CO2 factor (coal, steam, heat): unknown, not 0. */
  co2T: z.number().nullable(),
  waterM3: z.number(),
  benefitWan: z.number(),
  reductions: z.record(z.string(), z.number()),
});
export type OptionMeasures = z.infer<typeof OptionMeasuresSchema>;

/** A factor used for tce/CO2, named (carrier, kgce per unit, CO2 factor and its source). */
export const NamedFactorSchema = z.object({
  carrier: z.string(),
  unit: z.string(),
  kgcePerUnit: z.number(),
  co2Factor: z.object({ factorType: z.string(), scope: z.string(), dataYear: z.string(), value: z.number(), unit: z.string(), source: z.string() }).nullable(),
  co2Note: z.string().nullable(),
});

/** An option as read back. */
export const OptionSchema = OptionInputSchema.extend({
  id: z.number().int(),
  auditId: z.number().int(),
  dataYear: z.number().int(),
  expectedMeasures: OptionMeasuresSchema,
  achievedMeasures: OptionMeasuresSchema,
  factorVersion: z.string(),
  factors: z.array(NamedFactorSchema),
  feasibility: FeasibilitySchema.nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type CpOption = z.infer<typeof OptionSchema>;

/** Body of POST /api/v1/audits/:id/options/preview: the tce/CO2 of benefits without storing. */
export const MeasuresPreviewBodySchema = z.object({ dataYear: z.number().int().min(2000).max(2100).optional(), benefits: OptionBenefitsSchema });
/** Human description of the factor table a result used (domain `factorTableLabel`): GB/T 2589 edition, grid CO2 factor chosen for the data year, short file hashes. */
export const FactorLabelSchema = z.object({
  energyStandard: z.string(),
  grid: z.object({ scope: z.string(), dataYear: z.number().int(), source: z.string() }).nullable(),
  digest: z.string(),
});
export type FactorLabel = z.infer<typeof FactorLabelSchema>;
export const MeasuresPreviewSchema = z.object({ measures: OptionMeasuresSchema, factors: z.array(NamedFactorSchema), factorVersion: z.string(), factorLabel: FactorLabelSchema, dataYear: z.number().int() });

const StatedTotalsSchema = z.object({
  investmentWan: z.number().finite().optional(),
  economicBenefitWan: z.number().finite().optional(),
  energySavedTce: z.number().finite().optional(),
  co2ReducedT: z.number().finite().optional(),
  waterM3: z.number().finite().optional(),
  reductions: z.partialRecord(z.enum(pollutantKeys), z.number().finite()).optional(),
});
/** Body of PUT /api/v1/audits/:id/stated-totals: the totals the report states, and the audit focuses with their targets. */
export const StatedTotalsBodySchema = z.object({
  stated: z.object({ low: StatedTotalsSchema.optional(), high: StatedTotalsSchema.optional(), all: StatedTotalsSchema.optional() }),
  focuses: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(100),
        targets: z.array(z.object({ indicator: z.string().trim().min(1).max(100), unit: z.string().max(20).default(''), baseline: z.number().finite().nullable().default(null), target: z.number().finite() })).max(50),
      }),
    )
    .max(20)
    .default([]),
  version: z.number().int().min(0),
});
export type StatedTotalsBody = z.infer<typeof StatedTotalsBodySchema>;

/** Body of PUT /api/v1/audits/:id/levels: score the values of one stage against a published definition. */
export const LevelBodySchema = z.object({
  stage: z.enum(['before', 'after']),
  definitionId: z.number().int().positive(),
  values: z.record(z.string(), z.union([z.number().finite(), z.enum(['I', 'II', 'III', 'none']), z.null()])),
});

/** Query of GET /api/v1/stats/reductions. */
export const ReductionsQuerySchema = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  groupBy: z.enum(['city', 'county', 'industry', 'year']).default('city'),
  cityCode: z.string().regex(/^\d{6}$/).optional(),
  keyIndustry: z.string().max(50).optional(),
});
/** One row of the regional figures: achieved (implemented options) and expected (the others). */
/** Sums over many options: the stored CO2 (0 where unknown) is summed, never null. */
const SummedMeasuresSchema = OptionMeasuresSchema.extend({ co2T: z.number() });
export const ReductionRowSchema = z.object({
  key: z.string(),
  label: z.string(),
  options: z.number().int(),
  implemented: z.number().int(),
  achieved: SummedMeasuresSchema,
  expected: SummedMeasuresSchema,
  investmentWan: z.number(),
});
export type ReductionRow = z.infer<typeof ReductionRowSchema>;
