/**
 * Input and output shapes of the mandatory-audit screening (筛选) of issue 4:
 * 《清洁生产审核办法》 (NDRC/MEP Order No. 38) art. 8 (双超、高耗能、双有) and art. 12 (at most
 * 5 years between two audits of a 双有 enterprise). English identifiers follow shared/glossary.md.
 *
 * Every record is expected already normalised by the import engine (credit codes upper-case ASCII,
 * dates `'YYYY-MM-DD'`, numbers parsed); the screening itself only folds CAS numbers and substance
 * names (see `normalizeCasNo`, `normalizeSubstanceName`).
 */
import type { IsoDate } from '../calendar/iso-date.ts';

/**
 * The five screening criteria (reasons), in the sort order of a result's `reasons`
 * (code-unit order of the names):
 * - `dischargesHazardousSubstances` 双有 (排放有毒有害物质), art. 8 (三);
 * - `exceedsEnergyLimit` 高耗能 (超过单位产品能源消耗限额标准), art. 8 (二);
 * - `exceedsQuota` 双超 (超过重点污染物排放总量控制指标), art. 8 (一);
 * - `exceedsStandard` 双超 (超过国家或地方排放标准), art. 8 (一);
 * - `usesHazardousMaterials` 双有 (使用有毒有害原料), art. 8 (三).
 */
export type ScreeningCriterion =
  | 'dischargesHazardousSubstances'
  | 'exceedsEnergyLimit'
  | 'exceedsQuota'
  | 'exceedsStandard'
  | 'usesHazardousMaterials';

/** All criteria, sorted by name (the order of `ScreeningResult.reasons`). */
export const SCREENING_CRITERIA: readonly ScreeningCriterion[] = [
  'dischargesHazardousSubstances',
  'exceedsEnergyLimit',
  'exceedsQuota',
  'exceedsStandard',
  'usesHazardousMaterials',
];

/** The two 双有 criteria (art. 8 (三)): the only ones the 5-year rule of art. 12 can defer. */
export const HAZARDOUS_CRITERIA: readonly ScreeningCriterion[] = ['dischargesHazardousSubstances', 'usesHazardousMaterials'];

/**
 * One enterprise in the screening scope (any enterprise, key industry or not: art. 8 applies to all).
 * - `uscc`: unified social credit code (统一社会信用代码), normalised, 18 characters;
 * - `divisionCode`: 6-digit GB/T 2260 code of its county (行政区划代码);
 * - `industryCodes`: GB/T 4754-2017 codes, principal code first (only the first decides the key industry);
 * - `lastAcceptanceDate`: the latest passed acceptance (验收合格) of a previous audit, `'YYYY-MM-DD'`,
 *   or `null` when none is known. The caller takes the latest of the acceptances recorded in the
 *   system and the import column 上轮清洁生产验收日期 (issue 4 contract).
 */
export interface ScreeningEnterprise {
  uscc: string;
  name: string;
  divisionCode: string;
  industryCodes: string[];
  lastAcceptanceDate: IsoDate | null;
}

/** Where a monitoring value comes from: 在线监测, 执法监测, 自行监测. */
export type MonitoringDataSource = 'online' | 'enforcement' | 'selfMonitoring';

/**
 * One monitoring record of a discharge outlet (超标记录): `measuredValue` (实测值) against the
 * discharge-standard `limitValue` (排放限值), both in `unit` (e.g. `mg/m3`, `mg/L`), taken on
 * `monitoredOn` (`'YYYY-MM-DD'`) at outlet `outletCode` (排放口编号, e.g. `DA001`).
 */
export interface ExceedanceRecord {
  uscc: string;
  outletCode: string;
  pollutant: string;
  monitoredOn: IsoDate;
  measuredValue: number;
  limitValue: number;
  unit: string;
  dataSource: MonitoringDataSource;
}

/**
 * The annual discharge of one pollutant in one year against its total-quantity quota
 * (重点污染物排放总量控制指标): `actualT` and `quotaT` in tonnes per year (t/a).
 * One record per (uscc, year, pollutant) is expected.
 */
export interface QuotaRecord {
  uscc: string;
  year: number;
  pollutant: string;
  actualT: number;
  quotaT: number;
}

/** `use` 使用 (raw material) or `discharge` 排放 (substance released). */
export type HazardousCategory = 'use' | 'discharge';

/**
 * One substance an enterprise used or discharged in `year`, as declared (有毒有害物质记录):
 * `casNo` (CAS号) may be missing; `quantity` in `unit` (e.g. `吨`) may be missing.
 */
export interface HazardousRecord {
  uscc: string;
  year: number;
  category: HazardousCategory;
  substanceName: string;
  casNo: string | null;
  quantity: number | null;
  unit: string | null;
}

/**
 * The energy use of one product in `year`: `output` in `outputUnit` (e.g. `t`);
 * `comprehensiveEnergyTce` (综合能耗) in tonnes of standard coal equivalent (tce), may be missing;
 * `energyPerUnitKgce` (单位产品能耗) and the standard's `limitKgcePerUnit` (限额值) in kilograms of
 * standard coal equivalent per `outputUnit` (kgce/t when `outputUnit` is `t`);
 * `limitStandard` the limit standard (限额标准, e.g. `GB 21256-2013`).
 */
export interface EnergyRecord {
  uscc: string;
  year: number;
  productName: string;
  output: number;
  outputUnit: string;
  comprehensiveEnergyTce: number | null;
  energyPerUnitKgce: number;
  limitKgcePerUnit: number;
  limitStandard: string | null;
}

/** The records of one enterprise (or of all enterprises, for `screenAll`), of every year. */
export interface ScreeningRecords {
  exceedances: readonly ExceedanceRecord[];
  quotas: readonly QuotaRecord[];
  hazardous: readonly HazardousRecord[];
  energy: readonly EnergyRecord[];
}

/** One substance of a hazardous list: its Chinese name and CAS numbers (none for a class entry). */
export interface HazardousSubstance {
  nameZh: string;
  casNumbers: string[];
}

/** A configured hazardous list, e.g. 《有毒有害水污染物名录（第一批）》. */
export interface HazardousList {
  listName: string;
  substances: HazardousSubstance[];
}

/**
 * The screening rules as versioned data (a run stores `version`):
 * - `hazardousLists`: the lists a substance is looked up in, in priority order (the first list that
 *   holds a substance is the one named in the evidence);
 * - `heavyMetalNameMarkers`: characters whose presence in a name makes a substance one that
 *   contains a heavy metal (art. 8 category 3): 铅 汞 镉 铬 砷;
 * - `heavyMetalCas`: the element CAS numbers of Pb, Hg, Cd, Cr, As;
 * - `auditIntervalYears`: art. 12, at most this many years between two audits of a 双有 enterprise (5);
 * - `basis`: the legal basis string of each criterion (e.g. `清洁生产审核办法 第八条第（一）项`).
 */
export interface ScreeningRuleSet {
  version: string;
  hazardousLists: HazardousList[];
  heavyMetalNameMarkers: string[];
  heavyMetalCas: string[];
  auditIntervalYears: number;
  basis: Record<ScreeningCriterion, string>;
}

/** How a substance was found hazardous: list CAS, list name, element CAS or heavy-metal character. */
export type HazardousMatch = 'cas' | 'name' | 'heavyMetalName' | 'heavyMetalCas';

/** Evidence of `exceedsStandard`: a record of year Y with `measuredValue > limitValue` (both in `unit`). */
export interface ExceedanceEvidence {
  kind: 'exceedance';
  outletCode: string;
  pollutant: string;
  monitoredOn: IsoDate;
  measuredValue: number;
  limitValue: number;
  unit: string;
  dataSource: MonitoringDataSource;
}

/** Evidence of `exceedsQuota`: `actualT > quotaT`, both in tonnes per year (`unit: 't'`). */
export interface QuotaEvidence {
  kind: 'quota';
  pollutant: string;
  year: number;
  actualT: number;
  quotaT: number;
  unit: 't';
}

/**
 * Evidence of `usesHazardousMaterials` (category `use`) or `dischargesHazardousSubstances`
 * (category `discharge`): the declared record and how it matched; `listName` is the matching
 * list, `null` for a heavy-metal match; `quantity` in `unit` as declared.
 */
export interface HazardousEvidence {
  kind: 'hazardous';
  category: HazardousCategory;
  year: number;
  substanceName: string;
  casNo: string | null;
  matchedBy: HazardousMatch;
  listName: string | null;
  quantity: number | null;
  unit: string | null;
}

/**
 * Evidence of `dischargesHazardousSubstances` from monitoring: a record of year Y whose pollutant
 * is a hazardous substance (by list name or heavy-metal character; monitoring records carry no
 * CAS number), whatever its value against the limit.
 */
export interface HazardousExceedanceEvidence {
  kind: 'hazardousExceedance';
  outletCode: string;
  pollutant: string;
  monitoredOn: IsoDate;
  measuredValue: number;
  limitValue: number;
  unit: string;
  dataSource: MonitoringDataSource;
  matchedBy: HazardousMatch;
  listName: string | null;
}

/**
 * Evidence of `exceedsEnergyLimit`: `energyPerUnitKgce > limitKgcePerUnit`, both in
 * `unit` = `kgce/<outputUnit>`; `output` in `outputUnit`, `comprehensiveEnergyTce` in tce.
 */
export interface EnergyEvidence {
  kind: 'energy';
  productName: string;
  year: number;
  output: number;
  outputUnit: string;
  comprehensiveEnergyTce: number | null;
  energyPerUnitKgce: number;
  limitKgcePerUnit: number;
  unit: string;
  limitStandard: string | null;
}

/** Any evidence item; `kind` tells which. */
export type ScreeningEvidence = ExceedanceEvidence | QuotaEvidence | HazardousEvidence | HazardousExceedanceEvidence | EnergyEvidence;

/** One reason (criterion that holds) with its legal basis and the records that triggered it. */
export interface ScreeningReason {
  criterion: ScreeningCriterion;
  basis: string;
  evidence: ScreeningEvidence[];
}

/** `mandatory` 列入强制性清洁生产审核名单 / `notDue` 双有 only and the 5-year interval not yet over. */
export type ScreeningRecommendation = 'mandatory' | 'notDue';

/**
 * The screening of one enterprise for data year Y (list year Y+1): the object of
 * `cpaudit screen --json` (issue 4 contract), keys in this order:
 * `{ uscc, name, divisionCode, keyIndustry, recommendation, nextDueYear, reasons }`;
 * `keyIndustry` a key-industry key (`energy` … `waste_lead_acid_battery`) or `null`;
 * `nextDueYear` set only when `notDue`; `reasons` non-empty, sorted by criterion name.
 */
export interface ScreeningResult {
  uscc: string;
  name: string;
  divisionCode: string;
  keyIndustry: string | null;
  recommendation: ScreeningRecommendation;
  nextDueYear: number | null;
  reasons: ScreeningReason[];
}
