import { energyCarrierKeys, pollutantKeys, type EnergyCarrierKey, type OptionCostClass, type OptionForTotals, type PollutantKey } from '@cpaudit/contracts';
import { roundTo } from '../economics/round.ts';
import { co2Known, energySaving, type FactorTable } from '../energy/carbon.ts';

/**
 * Totals of one group of options (low-cost, high-cost, or all) in the performance table (绩效表):
 * `count`, `investmentWan` (万元), `economicBenefitWan` (万元/yr), `energy` saved per carrier in
 * its unit, `energySavedTce` (tce/yr), `co2ReducedT` (t/yr; `null` when energy is saved but none of
 * it has a CO2 factor, e.g. coal only — see `co2Known`), `waterM3` (m³/yr), `reductions`
 * per pollutant (kg/yr, every key present), `rawMaterials` summed per name and unit. Rounded to
 * 4 decimals.
 */
export interface PerformanceTotals {
  count: number;
  investmentWan: number;
  economicBenefitWan: number;
  energy: Partial<Record<EnergyCarrierKey, number>>;
  energySavedTce: number;
  co2ReducedT: number | null;
  waterM3: number;
  reductions: Record<PollutantKey, number>;
  rawMaterials: { name: string; unit: string; amount: number }[];
}

/**
 * The performance table: totals for `low`, `high` and `all`, the factor table version used,
 * and the carriers whose CO2 could not be counted (no factor; their tce is counted).
 */
export interface PerformanceTable {
  low: PerformanceTotals;
  high: PerformanceTotals;
  all: PerformanceTotals;
  factorVersion: string;
  co2NotCounted: EnergyCarrierKey[];
}

function emptyTotals(): PerformanceTotals {
  return {
    count: 0,
    investmentWan: 0,
    economicBenefitWan: 0,
    energy: {},
    energySavedTce: 0,
    co2ReducedT: 0,
    waterM3: 0,
    reductions: Object.fromEntries(pollutantKeys.map((k) => [k, 0])) as Record<PollutantKey, number>,
    rawMaterials: [],
  };
}

/**
 * Computes the performance table (绩效表, forms-and-procedures.md §1.7; issue 7 item 3) of an audit
 * from its options. Rejected options are left out; every other status counts (the table states
 * expected benefits until options are implemented). Energy is converted per carrier with
 * {@link energySaving} for data year `year` (grid factor of that year).
 *
 * Example: a low-cost option saving 10 000 kWh and a high-cost one saving 10 t diesel, year 2022
 * → low tce 1.229, CO2 4.044 t; high tce 10 · 1000 · 1.4571 / 1000 = 14.571, CO2 30.959 t.
 *
 * @throws RangeError / FactorMissingError as {@link energySaving} (e.g. electricity in a year
 *   without a grid factor)
 */
export function performanceTable(options: readonly OptionForTotals[], factors: FactorTable, year: number): PerformanceTable {
  const groups: Record<OptionCostClass | 'all', PerformanceTotals> = { low: emptyTotals(), high: emptyTotals(), all: emptyTotals() };
  const noCo2 = new Set<EnergyCarrierKey>();
  // Carriers with a non-zero saving per group (value 1 marks presence), for co2Known.
  const energySaved: Record<OptionCostClass | 'all', Partial<Record<EnergyCarrierKey, number>>> = { low: {}, high: {}, all: {} };
  for (const option of options) {
    if (option.status === 'rejected') continue;
    for (const t of [groups[option.costClass], groups.all]) {
      t.count += 1;
      t.investmentWan += option.investmentWan;
      t.economicBenefitWan += option.benefits.economicBenefitWan;
      t.waterM3 += option.benefits.waterM3;
      for (const k of pollutantKeys) t.reductions[k] += option.benefits.reductions[k] ?? 0;
      for (const m of option.benefits.rawMaterials) {
        const row = t.rawMaterials.find((r) => r.name === m.name && r.unit === m.unit);
        if (row) row.amount += m.amount;
        else t.rawMaterials.push({ ...m });
      }
    }
    for (const key of energyCarrierKeys) {
      const amount = option.benefits.energy[key];
      if (amount === undefined || amount === 0) continue;
      const s = energySaving(factors, key, amount, year);
      if (s.co2t === null) noCo2.add(key);
      for (const g of [option.costClass, 'all'] as const) energySaved[g][key] = 1;
      for (const t of [groups[option.costClass], groups.all]) {
        t.energy[key] = (t.energy[key] ?? 0) + amount;
        t.energySavedTce += s.tce;
        t.co2ReducedT = (t.co2ReducedT ?? 0) + (s.co2t ?? 0);
      }
    }
  }
  const round = (t: PerformanceTotals, g: OptionCostClass | 'all'): PerformanceTotals => ({
    count: t.count,
    investmentWan: roundTo(t.investmentWan, 4),
    economicBenefitWan: roundTo(t.economicBenefitWan, 4),
    energy: Object.fromEntries(Object.entries(t.energy).map(([k, v]) => [k, roundTo(v, 4)])),
    energySavedTce: roundTo(t.energySavedTce, 4),
    co2ReducedT: co2Known(energySaved[g]) ? roundTo(t.co2ReducedT ?? 0, 4) : null,
    waterM3: roundTo(t.waterM3, 4),
    reductions: Object.fromEntries(pollutantKeys.map((k) => [k, roundTo(t.reductions[k], 4)])) as Record<PollutantKey, number>,
    rawMaterials: t.rawMaterials.map((m) => ({ ...m, amount: roundTo(m.amount, 4) })),
  });
  return { low: round(groups.low, 'low'), high: round(groups.high, 'high'), all: round(groups.all, 'all'), factorVersion: factors.version, co2NotCounted: [...noCo2] };
}

/** Totals as the enterprise states them in its report; any field left out is not checked. */
export interface StatedTotals {
  investmentWan?: number;
  economicBenefitWan?: number;
  energySavedTce?: number;
  co2ReducedT?: number;
  waterM3?: number;
  reductions?: Partial<Record<PollutantKey, number>>;
}

/** An audit focus (审核重点) with the number of targets (清洁生产目标) stated for it. */
export interface AuditFocusTargets {
  name: string;
  targetCount: number;
}

/**
 * A finding of {@link checkReportCompleteness}: `code`, the `path` of what is wrong (an internal
 * key, for machines), a message (中文 + English), and `detail`, the parts a user interface needs to
 * word the finding in its own language: for `totalMismatch` the cost class (`low`/`high`/`all`),
 * the `field` (`investmentWan`, …, or `reductions.<pollutant>`), the `stated` and `computed` values
 * (in the field's unit); for `feasibilityMissing` the option `name`; for `targetsMissing` the focus `name`.
 */
export interface CompletenessFinding {
  /** `statedMissing` is added by the server when no total is stated at all. */
  code: 'totalMismatch' | 'statedMissing' | 'feasibilityMissing' | 'targetsMissing' | 'noFocus';
  path: string;
  message: string;
  detail: CompletenessFindingDetail;
}

/** See {@link CompletenessFinding}. */
export interface CompletenessFindingDetail {
  costClass?: OptionCostClass | 'all';
  field?: string;
  stated?: number;
  computed?: number;
  name?: string;
}

/**
 * Tolerance of a stated total: |stated − computed| ≤ max(`absolute`, `relative` · |computed|).
 * Default 0.01 (in the field's unit) or 0.1 %, whichever is larger: reports round to 2 decimals.
 */
export interface TotalsTolerance {
  absolute: number;
  relative: number;
}
export const defaultTotalsTolerance: TotalsTolerance = { absolute: 0.01, relative: 0.001 };

/**
 * Checks an audit report for completeness before it goes to the experts (issue 7 item 3; the
 * evaluation checks of 《清洁生产审核评估与验收指南》 (环办科技〔2018〕5号, regulations.md §2):
 * audit focus and reasonable targets, 中/高费 options with their feasibility fully argued; and
 * the 绩效表 of forms-and-procedures.md §1.7 agreeing with the options):
 * - `totalMismatch` (`stated.low.energySavedTce`, …): a total the enterprise states differs from
 *   the sum of its options beyond the tolerance;
 * - `feasibilityMissing` (`options[<id>]`): a high-cost option that is not rejected has no
 *   feasibility analysis (技术、环境、经济评估, regulations.md §6);
 * - `targetsMissing` (`focuses[<i>]`): an audit focus without any target; `noFocus`: no focus.
 *
 * @returns the findings, empty when the report passes
 */
export function checkReportCompleteness(input: {
  table: PerformanceTable;
  stated: Partial<Record<OptionCostClass | 'all', StatedTotals>>;
  options: readonly OptionForTotals[];
  focuses: readonly AuditFocusTargets[];
  tolerance?: TotalsTolerance;
}): CompletenessFinding[] {
  const tol = input.tolerance ?? defaultTotalsTolerance;
  const findings: CompletenessFinding[] = [];
  const labels: Record<OptionCostClass | 'all', string> = { low: '无/低费方案', high: '中/高费方案', all: '全部方案' };
  const fieldLabels: Record<string, string> = {
    investmentWan: '方案投资（万元）',
    economicBenefitWan: '经济效益 (万元/年)',
    energySavedTce: '节能量 (tce/年)',
    co2ReducedT: '减碳量 (t/年)',
    waterM3: '节水量 (m³/年)',
  };
  for (const cls of ['low', 'high', 'all'] as const) {
    const stated = input.stated[cls];
    if (!stated) continue;
    const computed = input.table[cls];
    const compare = (path: string, label: string, s: number | undefined, c: number | null): void => {
      if (s === undefined || c === null) return; // c null: the options' CO2 is unknown, nothing to compare with
      if (Math.abs(s - c) > Math.max(tol.absolute, tol.relative * Math.abs(c))) {
        findings.push({ code: 'totalMismatch', path: `stated.${cls}.${path}`, message: `${labels[cls]}${label}: 报告填写 ${s}，方案合计 ${c} (stated ${s}, sum of options ${c})`, detail: { costClass: cls, field: path, stated: s, computed: c } });
      }
    };
    for (const f of ['investmentWan', 'economicBenefitWan', 'energySavedTce', 'co2ReducedT', 'waterM3'] as const) compare(f, fieldLabels[f]!, stated[f], computed[f]);
    for (const k of pollutantKeys) compare(`reductions.${k}`, `${k} 削减量 (kg/年)`, stated.reductions?.[k], computed.reductions[k]);
  }
  for (const o of input.options) {
    if (o.costClass === 'high' && o.status !== 'rejected' && !o.hasFeasibilityAnalysis) {
      findings.push({ code: 'feasibilityMissing', path: `options[${o.id}]`, message: `中/高费方案「${o.name}」缺少可行性分析 (high-cost option without a feasibility analysis)`, detail: { name: o.name } });
    }
  }
  if (input.focuses.length === 0) findings.push({ code: 'noFocus', path: 'focuses', message: '未确定审核重点 (no audit focus stated)', detail: {} });
  input.focuses.forEach((f, i) => {
    if (f.targetCount < 1) findings.push({ code: 'targetsMissing', path: `focuses[${i}]`, message: `审核重点「${f.name}」未设定清洁生产目标 (no target for this audit focus)`, detail: { name: f.name } });
  });
  return findings;
}
