import type { LevelRule } from '@cpaudit/contracts';
import { roundTo } from '../economics/round.ts';

/** The levels of an indicator system, best first (glossary: `level`). */
export const cpLevels = ['I', 'II', 'III'] as const;
/** Level I, II or III (国际清洁生产领先水平 / 国内清洁生产先进水平 / 国内清洁生产一般水平). */
export type CpLevel = (typeof cpLevels)[number];
/** A level reached, or `'none'` when even level III is not met. */
export type CpLevelOrNone = CpLevel | 'none';

/**
 * One second-level indicator (二级指标) of an indicator system, as stored (the JSON shape of
 * `cases/scoring/system.json`):
 * - `weight`: ω_ij, the weights of a group sum to 1;
 * - `direction`: `'lower'` (smaller is cleaner: meets a level when value ≤ benchmark),
 *   `'higher'` (meets a level when value ≥ benchmark), or `'qualitative'` (the value is the
 *   level the experts assigned);
 * - `benchmarks`: 基准值 for levels I, II, III, in the indicator's `unit` (quantitative only);
 * - `limiting`: 限定性指标 (marked "*" in the published tables).
 */
export interface Indicator {
  id: string;
  name: string;
  unit: string | null;
  weight: number;
  direction: 'lower' | 'higher' | 'qualitative';
  benchmarks?: { I: number; II: number; III: number };
  limiting: boolean;
}

/** A first-level indicator (一级指标) with its weight w_i (the groups' weights sum to 1). */
export interface IndicatorGroup {
  name: string;
  weight: number;
  indicators: readonly Indicator[];
}

/**
 * A versioned CP evaluation indicator system (清洁生产评价指标体系). `levelRule` names how the
 * composite indices become a level: `'classic-2013'` is the rule of the systems drafted under the
 * 2013 通则 (regulations.md §3); `'strict-level-i'` the newer variant whose level I also needs
 * every non-limiting indicator at II or better (see {@link LevelRule}).
 */
export interface IndicatorSystem {
  id: string;
  name: string;
  levelRule: LevelRule;
  groups: readonly IndicatorGroup[];
}

/**
 * Measured values by indicator id: a number for quantitative indicators, a level (or `'none'`)
 * for qualitative ones, `null` for an indicator that does not apply to the enterprise.
 */
export type IndicatorValues = Readonly<Record<string, number | CpLevelOrNone | null>>;

/** Per-indicator outcome: the best level the value meets (`'none'` below III), or `null` if not applicable. */
export interface IndicatorOutcome {
  id: string;
  level: CpLevelOrNone | null;
  limiting: boolean;
}

/**
 * How one indicator entered the score (the explanation the panel sees):
 * `value` as given (`null` = not applicable); `benchmarks` (quantitative) or `null`;
 * `level` the best level met (`null` when not applicable); `weight` ω_ij as defined;
 * `effectiveWeight` w_i · ω'_ij, its share of each composite index after renormalisation (0 when
 * not applicable); `contribution` the points it adds to Y_I, Y_II, Y_III (effectiveWeight · 100
 * when it meets that level, else 0), rounded to 4 decimals.
 */
export interface IndicatorExplanation {
  id: string;
  name: string;
  group: string;
  unit: string | null;
  direction: Indicator['direction'];
  value: number | CpLevelOrNone | null;
  benchmarks: { I: number; II: number; III: number } | null;
  level: CpLevelOrNone | null;
  limiting: boolean;
  weight: number;
  effectiveWeight: number;
  contribution: { I: number; II: number; III: number };
}

/**
 * Result of {@link scoreIndicatorSystem} (CLI contract `cpaudit score --json`, which rounds the
 * indices to 2 decimals): `indices` the composite evaluation indices Y_I, Y_II, Y_III (0–100,
 * 4 decimals), `level`, and `indicators` explained in system order.
 */
export interface IndicatorScore {
  indices: { I: number; II: number; III: number };
  level: CpLevelOrNone;
  indicators: IndicatorExplanation[];
}

/** Tolerance of the level thresholds against floating-point error of the weighted sums (not a rounding of the rule: 84.99 stays below 85, 99.99 below 100). */
const THRESHOLD_EPSILON = 1e-9;
const WEIGHT_TOLERANCE = 1e-6;

function rank(level: CpLevelOrNone): number {
  return level === 'none' ? 3 : cpLevels.indexOf(level);
}

/**
 * The best level a value meets (membership of regulations.md §3: levels are cumulative, meeting
 * I also meets II and III). Quantitative: `'lower'` meets a level when value ≤ its benchmark,
 * `'higher'` when value ≥ its benchmark. Qualitative: the value itself.
 *
 * @throws RangeError when the value's type does not fit the indicator or benchmarks are missing
 */
export function indicatorLevelOf(indicator: Indicator, value: number | CpLevelOrNone): CpLevelOrNone {
  if (indicator.direction === 'qualitative') {
    if (typeof value !== 'string' || !(['I', 'II', 'III', 'none'] as const).includes(value)) {
      throw new RangeError(`indicator ${indicator.id}: a qualitative value must be 'I', 'II', 'III' or 'none', got ${JSON.stringify(value)}`);
    }
    return value;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new RangeError(`indicator ${indicator.id}: a quantitative value must be a finite number, got ${JSON.stringify(value)}`);
  }
  const b = indicator.benchmarks;
  if (b === undefined) throw new RangeError(`indicator ${indicator.id}: benchmarks missing`);
  const meets = (benchmark: number): boolean => (indicator.direction === 'lower' ? value <= benchmark : value >= benchmark);
  return cpLevels.find((level) => meets(b[level])) ?? 'none';
}

/**
 * The level of each indicator for `values`, in system order; `level: null` for a non-applicable
 * indicator (value `null`). The explanation behind {@link scoreIndicatorSystem}.
 *
 * @throws RangeError when an indicator has no entry in `values` (use `null` for not applicable)
 *   or a value does not fit its indicator
 */
export function indicatorOutcomes(system: IndicatorSystem, values: IndicatorValues): IndicatorOutcome[] {
  return system.groups.flatMap((group) =>
    group.indicators.map((indicator) => {
      if (!Object.hasOwn(values, indicator.id)) throw new RangeError(`no value for indicator ${indicator.id} (use null when not applicable)`);
      const value = values[indicator.id] ?? null;
      return { id: indicator.id, level: value === null ? null : indicatorLevelOf(indicator, value), limiting: indicator.limiting };
    }),
  );
}

/**
 * Scores an enterprise against a CP evaluation indicator system (清洁生产评价指标体系;
 * regulations.md §3, after 《清洁生产评价指标体系编制通则》(试行稿, 2013) §隶属函数, §综合评价指数,
 * §清洁生产企业的评定):
 *
 * - membership Y_gk(x_ij) = 100 when indicator j of group i meets level k (cumulative: meeting I
 *   counts for II and III), else 0;
 * - composite index Y_gk = Σ_i w_i · Σ_j ω'_ij · Y_gk(x_ij), where non-applicable indicators
 *   (value `null`) are dropped and the rest renormalised, ω'_ij = ω_ij / Σ ω of the applicable
 *   indicators of group i;
 * - level (`classic-2013`): I when Y_I ≥ 85 and every limiting indicator is at I; else II when
 *   Y_II ≥ 85 and every limiting indicator is at II or better; else III when Y_III = 100;
 *   else `'none'`. A non-applicable limiting indicator does not block a level.
 *   `strict-level-i`: the same, and level I also needs every applicable non-limiting indicator
 *   at II or better (otherwise the enterprise is tested for II).
 *   The thresholds are tested on the unrounded sums (±1e-9 for floating-point error), so 84.99
 *   is below 85 and 99.99 is not 100; the returned indices are rounded to 4 decimals.
 *
 * Example (the test system): all indicators at I except the limiting 取水量 at II (weight
 * 0.5 in a group of weight 0.3) → Y_I = 100 − 0.3·0.5·100 = 85, Y_II = Y_III = 100, level II.
 *
 * @param system group weights and indicator weights must each sum to 1 (±1e-6)
 * @param values a value for every indicator id (`null` = not applicable)
 * @throws RangeError on weights not summing to 1, a missing or ill-typed value, an unknown
 *   `levelRule`, or a group whose indicators are all not applicable (the 通则 gives no rule for it)
 */
export function scoreIndicatorSystem(system: IndicatorSystem, values: IndicatorValues): IndicatorScore {
  if (system.levelRule !== 'classic-2013' && system.levelRule !== 'strict-level-i') {
    throw new RangeError(`unknown levelRule ${JSON.stringify(system.levelRule)}`);
  }
  const groupWeights = system.groups.reduce((s, g) => s + g.weight, 0);
  if (Math.abs(groupWeights - 1) > WEIGHT_TOLERANCE) throw new RangeError(`system ${system.id}: group weights sum to ${groupWeights}, not 1`);

  const outcomes = new Map(indicatorOutcomes(system, values).map((o) => [o.id, o]));
  const sums = { I: 0, II: 0, III: 0 };
  const indicators: IndicatorExplanation[] = [];
  for (const group of system.groups) {
    const weights = group.indicators.reduce((s, ind) => s + ind.weight, 0);
    if (Math.abs(weights - 1) > WEIGHT_TOLERANCE) throw new RangeError(`group ${group.name}: indicator weights sum to ${weights}, not 1`);
    const applicable = group.indicators.filter((ind) => outcomes.get(ind.id)?.level !== null);
    const applicableWeight = applicable.reduce((s, ind) => s + ind.weight, 0);
    if (applicable.length === 0) throw new RangeError(`group ${group.name}: no applicable indicator`);
    for (const ind of group.indicators) {
      const reached = outcomes.get(ind.id)?.level ?? null;
      const effective = reached === null ? 0 : (group.weight * ind.weight) / applicableWeight;
      const points = (level: CpLevel): number => (reached !== null && rank(reached) <= rank(level) ? effective * 100 : 0);
      for (const level of cpLevels) sums[level] += points(level);
      indicators.push({
        id: ind.id,
        name: ind.name,
        group: group.name,
        unit: ind.unit,
        direction: ind.direction,
        value: values[ind.id] ?? null,
        benchmarks: ind.benchmarks ?? null,
        level: reached,
        limiting: ind.limiting,
        weight: ind.weight,
        effectiveWeight: roundTo(effective, 6),
        contribution: { I: roundTo(points('I'), 4), II: roundTo(points('II'), 4), III: roundTo(points('III'), 4) },
      });
    }
  }
  const indices = { I: roundTo(sums.I, 4), II: roundTo(sums.II, 4), III: roundTo(sums.III, 4) };

  const applicable = [...outcomes.values()].filter((o) => o.level !== null);
  const limitingAtLeast = (level: CpLevel): boolean => applicable.every((o) => !o.limiting || rank(o.level ?? 'none') <= rank(level));
  const othersAtLeastII = applicable.every((o) => o.limiting || rank(o.level ?? 'none') <= rank('II'));
  const reaches85 = (sum: number): boolean => sum >= 85 - THRESHOLD_EPSILON;
  let level: CpLevelOrNone = 'none';
  if (reaches85(sums.I) && limitingAtLeast('I') && (system.levelRule === 'classic-2013' || othersAtLeastII)) level = 'I';
  else if (reaches85(sums.II) && limitingAtLeast('II')) level = 'II';
  else if (sums.III >= 100 - THRESHOLD_EPSILON) level = 'III';
  return { indices, level, indicators };
}
