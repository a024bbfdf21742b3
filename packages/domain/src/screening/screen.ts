/**
 * The mandatory-audit screening of issue 4 as pure functions: 《清洁生产审核办法》 (Order No. 38)
 * art. 8 decides the reasons, art. 12 (at most 5 years between two audits of a 双有 enterprise)
 * decides whether a 双有-only enterprise is due. No I/O, no clock: the data year is a parameter.
 */
import { addPeriod, parseIsoDate } from '../calendar/iso-date.ts';
import { deriveKeyIndustry, type KeyIndustryMapping } from '../industries/derive-key-industry.ts';
import { matchHazardousSubstance } from './rule-set.ts';
import {
  HAZARDOUS_CRITERIA,
  type EnergyEvidence,
  type EnergyRecord,
  type ExceedanceEvidence,
  type ExceedanceRecord,
  type HazardousEvidence,
  type HazardousExceedanceEvidence,
  type HazardousRecord,
  type QuotaEvidence,
  type QuotaRecord,
  type ScreeningCriterion,
  type ScreeningEnterprise,
  type ScreeningEvidence,
  type ScreeningReason,
  type ScreeningRecords,
  type ScreeningResult,
  type ScreeningRuleSet,
} from './types.ts';

/**
 * What a screening run is about:
 * - `dataYear`: the data year Y (integer; the list prepared is for Y+1). Only records of year Y
 *   count: `year === Y`, or for monitoring records a `monitoredOn` from `Y-01-01` to `Y-12-31`
 *   inclusive (31 December of Y is in, 1 January of Y+1 is out).
 * - `ruleSet`: the versioned rules (`buildRuleSet`).
 * - `keyIndustryMapping`: the key-industry catalogue rows (refdata industry_gb4754_mapping.csv with
 *   the plan's `sortOrder`), for `deriveKeyIndustry`.
 */
export interface ScreeningOptions {
  dataYear: number;
  ruleSet: ScreeningRuleSet;
  keyIndustryMapping: readonly KeyIndustryMapping[];
}

interface Context {
  dataYear: number;
  yearText: string;
  /** `(Y+1)-12-31`: the last day of the list year. */
  listYearEnd: string;
  ruleSet: ScreeningRuleSet;
  keyIndustry: (industryCodes: readonly string[], divisionCode: string) => string | null;
}

function makeContext(options: ScreeningOptions, cacheKeyIndustries: boolean): Context {
  const { dataYear, ruleSet, keyIndustryMapping } = options;
  if (!Number.isInteger(dataYear) || dataYear < 1000 || dataYear > 9998) {
    throw new RangeError(`screening: dataYear must be an integer year 1000–9998, got ${dataYear}`);
  }
  const derive = (codes: readonly string[], divisionCode: string): string | null =>
    deriveKeyIndustry(codes, keyIndustryMapping, divisionCode)?.keyIndustry ?? null;
  let keyIndustry = derive;
  if (cacheKeyIndustries) {
    // Only the principal code and the city decide (city-local industries), so cache by both.
    const cache = new Map<string, string | null>();
    keyIndustry = (codes, divisionCode) => {
      const principal = codes[0] ?? '';
      const cacheKey = `${principal}|${divisionCode.slice(0, 4)}`;
      let key = cache.get(cacheKey);
      if (key === undefined) {
        key = derive([principal], divisionCode);
        cache.set(cacheKey, key);
      }
      return key;
    };
  }
  return { dataYear, yearText: String(dataYear), listYearEnd: `${dataYear + 1}-12-31`, ruleSet, keyIndustry };
}

function requireFinite(value: number, what: string, uscc: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`screening: ${what} of ${uscc} is not a finite number: ${value}`);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function inYear(date: string, ctx: Context, uscc: string): boolean {
  try {
    return parseIsoDate(date).year === ctx.dataYear;
  } catch {
    throw new RangeError(`screening: monitoredOn of ${uscc} is not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  }
}

function byMonitoring(a: ExceedanceEvidence | HazardousExceedanceEvidence, b: ExceedanceEvidence | HazardousExceedanceEvidence): number {
  return compareText(a.monitoredOn, b.monitoredOn) || compareText(a.outletCode, b.outletCode) || compareText(a.pollutant, b.pollutant) || a.measuredValue - b.measuredValue;
}

function bySubstance(a: HazardousEvidence, b: HazardousEvidence): number {
  return compareText(a.substanceName, b.substanceName) || compareText(a.casNo ?? '', b.casNo ?? '');
}

function byProduct(a: EnergyEvidence, b: EnergyEvidence): number {
  return compareText(a.productName, b.productName) || a.energyPerUnitKgce - b.energyPerUnitKgce;
}

function byPollutant(a: QuotaEvidence, b: QuotaEvidence): number {
  return compareText(a.pollutant, b.pollutant) || a.actualT - b.actualT;
}

/** Sorts in place (stable) when there is something to order. */
function sorted<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  return items.length > 1 ? items.sort(compare) : items;
}

function screenRecords(enterprise: ScreeningEnterprise, records: ScreeningRecords, ctx: Context): ScreeningResult | null {
  const { uscc } = enterprise;
  const Y = ctx.dataYear;
  const exceeds: ExceedanceEvidence[] = [];
  const quotas: QuotaEvidence[] = [];
  const uses: HazardousEvidence[] = [];
  const discharges: HazardousEvidence[] = [];
  const monitoredHazardous: HazardousExceedanceEvidence[] = [];
  const energy: EnergyEvidence[] = [];

  for (const r of records.exceedances) {
    if (!inYear(r.monitoredOn, ctx, uscc)) continue;
    requireFinite(r.measuredValue, 'measuredValue', uscc);
    requireFinite(r.limitValue, 'limitValue', uscc);
    if (r.measuredValue > r.limitValue) {
      exceeds.push({
        kind: 'exceedance',
        outletCode: r.outletCode,
        pollutant: r.pollutant,
        monitoredOn: r.monitoredOn,
        measuredValue: r.measuredValue,
        limitValue: r.limitValue,
        unit: r.unit,
        dataSource: r.dataSource,
      });
    }
    const match = matchHazardousSubstance(r.pollutant, null, ctx.ruleSet);
    if (match !== null) {
      monitoredHazardous.push({
        kind: 'hazardousExceedance',
        outletCode: r.outletCode,
        pollutant: r.pollutant,
        monitoredOn: r.monitoredOn,
        measuredValue: r.measuredValue,
        limitValue: r.limitValue,
        unit: r.unit,
        dataSource: r.dataSource,
        matchedBy: match.matchedBy,
        listName: match.listName,
      });
    }
  }
  for (const r of records.quotas) {
    if (r.year !== Y) continue;
    requireFinite(r.actualT, 'actualT', uscc);
    requireFinite(r.quotaT, 'quotaT', uscc);
    if (r.actualT > r.quotaT) quotas.push({ kind: 'quota', pollutant: r.pollutant, year: r.year, actualT: r.actualT, quotaT: r.quotaT, unit: 't' });
  }
  for (const r of records.hazardous) {
    if (r.year !== Y) continue;
    const match = matchHazardousSubstance(r.substanceName, r.casNo, ctx.ruleSet);
    if (match === null) continue;
    (r.category === 'use' ? uses : discharges).push({
      kind: 'hazardous',
      category: r.category,
      year: r.year,
      substanceName: r.substanceName,
      casNo: r.casNo,
      matchedBy: match.matchedBy,
      listName: match.listName,
      quantity: r.quantity,
      unit: r.unit,
    });
  }
  for (const r of records.energy) {
    if (r.year !== Y) continue;
    requireFinite(r.energyPerUnitKgce, 'energyPerUnitKgce', uscc);
    requireFinite(r.limitKgcePerUnit, 'limitKgcePerUnit', uscc);
    if (r.energyPerUnitKgce > r.limitKgcePerUnit) {
      energy.push({
        kind: 'energy',
        productName: r.productName,
        year: r.year,
        output: r.output,
        outputUnit: r.outputUnit,
        comprehensiveEnergyTce: r.comprehensiveEnergyTce,
        energyPerUnitKgce: r.energyPerUnitKgce,
        limitKgcePerUnit: r.limitKgcePerUnit,
        unit: `kgce/${r.outputUnit}`,
        limitStandard: r.limitStandard,
      });
    }
  }

  // In the sort order of the criterion names.
  const candidates: [ScreeningCriterion, ScreeningEvidence[]][] = [
    ['dischargesHazardousSubstances', discharges.length + monitoredHazardous.length === 0 ? [] : [...sorted(discharges, bySubstance), ...sorted(monitoredHazardous, byMonitoring)]],
    ['exceedsEnergyLimit', sorted(energy, byProduct)],
    ['exceedsQuota', sorted(quotas, byPollutant)],
    ['exceedsStandard', sorted(exceeds, byMonitoring)],
    ['usesHazardousMaterials', sorted(uses, bySubstance)],
  ];
  const reasons: ScreeningReason[] = candidates
    .filter(([, evidence]) => evidence.length > 0)
    .map(([criterion, evidence]) => ({ criterion, basis: ctx.ruleSet.basis[criterion], evidence }));
  if (reasons.length === 0) return null;

  let recommendation: ScreeningResult['recommendation'] = 'mandatory';
  let nextDueYear: number | null = null;
  const hazardousOnly = reasons.every((r) => HAZARDOUS_CRITERIA.includes(r.criterion));
  if (hazardousOnly && enterprise.lastAcceptanceDate !== null) {
    let due: string;
    try {
      due = addPeriod(enterprise.lastAcceptanceDate, { years: ctx.ruleSet.auditIntervalYears });
    } catch {
      throw new RangeError(`screening: lastAcceptanceDate of ${uscc} is not a YYYY-MM-DD date: ${JSON.stringify(enterprise.lastAcceptanceDate)}`);
    }
    if (due > ctx.listYearEnd) {
      recommendation = 'notDue';
      nextDueYear = parseIsoDate(due).year;
    }
  }

  return {
    uscc,
    name: enterprise.name,
    divisionCode: enterprise.divisionCode,
    keyIndustry: ctx.keyIndustry(enterprise.industryCodes, enterprise.divisionCode),
    recommendation,
    nextDueYear,
    reasons,
  };
}

/**
 * Screens one enterprise for data year Y (`options.dataYear`; the list prepared is for Y+1).
 *
 * Reasons (《清洁生产审核办法》 art. 8; each with `ruleSet.basis[criterion]` and its evidence):
 * - `exceedsStandard` (双超, art. 8 (一)): an exceedance record monitored in Y with
 *   `measuredValue > limitValue` (strictly; equal to the limit is compliant).
 * - `exceedsQuota` (双超, art. 8 (一)): a quota record of year Y with `actualT > quotaT` (t/a, strictly).
 * - `usesHazardousMaterials` (双有, art. 8 (三)): a `use` record of year Y whose substance matches
 *   (`matchHazardousSubstance`: list CAS, else exact list name, else element CAS or name containing
 *   铅 汞 镉 铬 砷).
 * - `dischargesHazardousSubstances` (双有, art. 8 (三)): the same test on `discharge` records of
 *   year Y, and on exceedance records monitored in Y whose pollutant matches by name (whatever the
 *   measured value: the monitoring shows the substance is discharged).
 * - `exceedsEnergyLimit` (高耗能, art. 8 (二)): an energy record of year Y with
 *   `energyPerUnitKgce > limitKgcePerUnit` (kgce per unit of output, strictly).
 *
 * Recommendation (art. 12: at most `auditIntervalYears` = 5 years between two audits of a 双有
 * enterprise): `notDue` when every reason is a 双有 one and
 * `due = lastAcceptanceDate + 5 years` (calendar years; 29 Feb → 28 Feb) falls strictly after
 * 31 December of Y+1; then `nextDueYear = year(due) = year(lastAcceptanceDate) + 5`, the first list
 * year (the screening of data year `nextDueYear − 1`) in which the enterprise is due again. When
 * `due` is exactly 31 December of Y+1 the interval is over within the list year, so the result is
 * `mandatory` (e.g. Y = 2021: accepted 2017-12-31 → mandatory; accepted 2018-01-01 → `notDue`,
 * `nextDueYear` 2023). In effect: `notDue` iff `year(lastAcceptanceDate) + 5 ≥ Y + 2`. Otherwise
 * (any 双超 or 高耗能 reason, or no acceptance known) `mandatory` with `nextDueYear` `null`.
 *
 * `keyIndustry` is `deriveKeyIndustry(enterprise.industryCodes, keyIndustryMapping)` (principal code
 * only), `null` when none; it does not change the reasons (art. 8 applies to every enterprise).
 *
 * Evidence order is deterministic: monitoring by date, outlet, pollutant; others by name.
 *
 * @param enterprise the enterprise (`ScreeningEnterprise`)
 * @param records its records of any year (only year Y counts; records are not re-checked for uscc)
 * @returns the result `{ uscc, name, divisionCode, keyIndustry, recommendation, nextDueYear, reasons }`
 *   (reasons sorted by criterion name), or `null` when no reason holds (the enterprise is not listed)
 * @throws RangeError on a `dataYear` that is not an integer 1000–9998, a malformed date, or a
 *   non-finite compared value in a record of year Y
 */
export function screenEnterprise(enterprise: ScreeningEnterprise, records: ScreeningRecords, options: ScreeningOptions): ScreeningResult | null {
  return screenRecords(enterprise, records, makeContext(options, false));
}

interface Bucket {
  exceedances: ExceedanceRecord[];
  quotas: QuotaRecord[];
  hazardous: HazardousRecord[];
  energy: EnergyRecord[];
}

/**
 * Screens every enterprise of the scope (`screenEnterprise` on each, same rules): the records are
 * grouped by `uscc` (records of enterprises outside `enterprises` are ignored), and the result lists
 * only enterprises with at least one reason, sorted by `uscc` (code-unit order): the array printed by
 * `cpaudit screen --data-year <Y> --json`.
 *
 * @throws RangeError when two enterprises share a `uscc`, and as `screenEnterprise`
 */
export function screenAll(enterprises: readonly ScreeningEnterprise[], allRecords: ScreeningRecords, options: ScreeningOptions): ScreeningResult[] {
  const ctx = makeContext(options, true);
  // Records are grouped by credit code; an enterprise without any record cannot have a reason.
  const buckets = new Map<string, Bucket>();
  const bucket = (uscc: string): Bucket => {
    let b = buckets.get(uscc);
    if (b === undefined) {
      b = { exceedances: [], quotas: [], hazardous: [], energy: [] };
      buckets.set(uscc, b);
    }
    return b;
  };
  for (const r of allRecords.exceedances) bucket(r.uscc).exceedances.push(r);
  for (const r of allRecords.quotas) bucket(r.uscc).quotas.push(r);
  for (const r of allRecords.hazardous) bucket(r.uscc).hazardous.push(r);
  for (const r of allRecords.energy) bucket(r.uscc).energy.push(r);

  const seen = new Set<string>();
  const results: ScreeningResult[] = [];
  for (const e of enterprises) {
    if (seen.has(e.uscc)) throw new RangeError(`screenAll: enterprise ${e.uscc} appears twice`);
    seen.add(e.uscc);
    const records = buckets.get(e.uscc);
    if (records === undefined) continue;
    const result = screenRecords(e, records, ctx);
    if (result !== null) results.push(result);
  }
  return results.sort((a, b) => compareText(a.uscc, b.uscc));
}
