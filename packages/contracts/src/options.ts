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
