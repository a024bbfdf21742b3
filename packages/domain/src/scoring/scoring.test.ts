import { describe, expect, it } from 'vitest';
import systemJson from '../../test/fixtures/scoring/system.json' with { type: 'json' };
import scoringCases from '../../test/fixtures/scoring/cases.json' with { type: 'json' };
import {
  indicatorLevelOf,
  indicatorOutcomes,
  scoreIndicatorSystem,
  type Indicator,
  type IndicatorScore,
  type IndicatorSystem,
  type IndicatorValues,
} from './indicator-system.ts';

const system = systemJson as IndicatorSystem;

type Summary = Pick<IndicatorScore, 'indices' | 'level'>;
/** The part of the result the shared cases state (indices and level). */
const summary = ({ indices, level }: IndicatorScore): Summary => ({ indices, level });

/** Every indicator of the test system at level I; override some per case. */
const allAtI = { q_process: 'I', q_equipment: 'I', water: 4.5, energy: 290, reuse: 92, solid: 96, cod: 1.5, nh3n: 0.1 } as const;

describe('scoreIndicatorSystem: every case of shared/cases/scoring/cases.json', () => {
  it.each(scoringCases.map((c) => [c.case, c] as const))('when the case is "%s", then indices and level match the fixture', (_name, c) => {
    expect(summary(scoreIndicatorSystem(system, c.values as IndicatorValues))).toStrictEqual(c.expected);
  });
});

describe('scoreIndicatorSystem: cases worked out by hand on the test system', () => {
  it.each<[string, IndicatorValues, Summary]>([
    [
      'when every indicator is exactly at II, then Y_I 0, Y_II 100, level II',
      { q_process: 'II', q_equipment: 'II', water: 8, energy: 350, reuse: 80, solid: 85, cod: 4, nh3n: 0.4 },
      { indices: { I: 0, II: 100, III: 100 }, level: 'II' },
    ],
    [
      'when every indicator is at III, then only Y_III is 100, level III',
      { q_process: 'III', q_equipment: 'III', water: 10, energy: 400, reuse: 75, solid: 80, cod: 5, nh3n: 0.5 },
      { indices: { I: 0, II: 0, III: 100 }, level: 'III' },
    ],
    [
      'when the non-limiting 能耗 misses III (450 > 420), then every index is 100 − 0.3·0.5·100 = 85 and the level is still I',
      { ...allAtI, energy: 450 },
      { indices: { I: 85, II: 85, III: 85 }, level: 'I' },
    ],
    [
      'when the limiting COD is only at III, then Y_I = Y_II = 100 − 0.2·0.5·100 = 90 but the level is III',
      { ...allAtI, cod: 5 },
      { indices: { I: 90, II: 90, III: 100 }, level: 'III' },
    ],
    [
      'when 氨氮 does not apply and the limiting COD is at II, then COD carries the whole group: Y_I = 100 − 0.2·100 = 80, level II',
      { ...allAtI, nh3n: null, cod: 3 },
      { indices: { I: 80, II: 100, III: 100 }, level: 'II' },
    ],
    [
      'when both utilisation rates are at III (79.9 %, 84 %), then Y_I = Y_II = 100 − 0.2·100 = 80, level III',
      { ...allAtI, reuse: 79.9, solid: 84 },
      { indices: { I: 80, II: 80, III: 100 }, level: 'III' },
    ],
    [
      'when values sit exactly on the level-I benchmarks (取水 5, 重复利用率 90 %), then they count as I',
      { ...allAtI, water: 5, reuse: 90 },
      { indices: { I: 100, II: 100, III: 100 }, level: 'I' },
    ],
    [
      'when a qualitative and a quantitative indicator both miss III, then every index is 100 − 15 − 15 = 70, level none',
      { ...allAtI, q_process: 'none', energy: 450 },
      { indices: { I: 70, II: 70, III: 70 }, level: 'none' },
    ],
    [
      'when the limiting 取水 misses III (13 > 12), then Y_III = 85 and Y_I = 85 but the level is none',
      { ...allAtI, water: 13 },
      { indices: { I: 85, II: 85, III: 85 }, level: 'none' },
    ],
  ])('%s', (_name, values, expected) => {
    expect(summary(scoreIndicatorSystem(system, values))).toStrictEqual(expected);
  });
});

describe('scoreIndicatorSystem: rejects bad input', () => {
  it.each<[string, IndicatorSystem, IndicatorValues]>([
    ['when a value is missing, then it throws', system, (({ nh3n: _n, ...rest }) => rest)(allAtI)],
    ['when a quantitative value is a level, then it throws', system, { ...allAtI, water: 'I' }],
    ['when a qualitative value is a number, then it throws', system, { ...allAtI, q_process: 1 }],
    ['when a whole group does not apply, then it throws', system, { ...allAtI, cod: null, nh3n: null }],
    ['when group weights do not sum to 1, then it throws', { ...system, groups: system.groups.slice(1) }, allAtI],
  ])('%s', (_name, sys, values) => {
    expect(() => scoreIndicatorSystem(sys, values)).toThrow(RangeError);
  });
});

describe('indicatorLevelOf and indicatorOutcomes', () => {
  const water = system.groups[1]!.indicators[0] as Indicator;
  const reuse = system.groups[2]!.indicators[0] as Indicator;
  it.each<[string, Indicator, number, string]>([
    ['when 取水 4.9 ≤ 5, then I', water, 4.9, 'I'],
    ['when 取水 8 ≤ 8, then II', water, 8, 'II'],
    ['when 取水 12 ≤ 12, then III', water, 12, 'III'],
    ['when 取水 12.01 > 12, then none', water, 12.01, 'none'],
    ['when 重复利用率 90 ≥ 90, then I', reuse, 90, 'I'],
    ['when 重复利用率 69.9 < 70, then none', reuse, 69.9, 'none'],
  ])('%s', (_name, indicator, value, expected) => {
    expect(indicatorLevelOf(indicator, value)).toBe(expected);
  });

  it('when outcomes are listed, then they follow the system order with null for non-applicable', () => {
    expect(indicatorOutcomes(system, { ...allAtI, water: 6, nh3n: null })).toEqual([
      { id: 'q_process', level: 'I', limiting: false },
      { id: 'q_equipment', level: 'I', limiting: false },
      { id: 'water', level: 'II', limiting: true },
      { id: 'energy', level: 'I', limiting: false },
      { id: 'reuse', level: 'I', limiting: false },
      { id: 'solid', level: 'I', limiting: false },
      { id: 'cod', level: 'I', limiting: true },
      { id: 'nh3n', level: null, limiting: false },
    ]);
  });
});

/** A one-group system of two quantitative indicators: `a` (limiting or not) and `b`, weights wa and 1 − wa. */
function twoIndicators(wa: number, limitingA: boolean, levelRule: IndicatorSystem['levelRule'] = 'classic-2013'): IndicatorSystem {
  const benchmarks = { I: 1, II: 2, III: 3 };
  return {
    id: 'two',
    name: 'two indicators',
    levelRule,
    groups: [
      {
        name: 'g',
        weight: 1,
        indicators: [
          { id: 'a', name: 'A', unit: 't', weight: wa, direction: 'lower', benchmarks, limiting: limitingA },
          { id: 'b', name: 'B', unit: 't', weight: Number((1 - wa).toFixed(10)), direction: 'lower', benchmarks, limiting: false },
        ],
      },
    ],
  };
}

describe('scoreIndicatorSystem: thresholds on the edge', () => {
  it.each<[string, IndicatorSystem, IndicatorValues, Summary]>([
    ['when Y_I is exactly 85 (a at I with weight 0.85, b at III), then level I', twoIndicators(0.85, false), { a: 1, b: 3 }, { indices: { I: 85, II: 85, III: 100 }, level: 'I' }],
    ['when Y_I is 84.99 and Y_II 84.99, then level III (not I or II)', twoIndicators(0.8499, false), { a: 1, b: 3 }, { indices: { I: 84.99, II: 84.99, III: 100 }, level: 'III' }],
    ['when Y_I is 84.99999 (shown rounded as 85), then the rule tests the exact sum: level III', twoIndicators(0.8499999, false), { a: 1, b: 3 }, { indices: { I: 85, II: 85, III: 100 }, level: 'III' }],
    ['when Y_III is 99.99 (b misses III with weight 0.0001), then level none', twoIndicators(0.9999, false), { a: 3, b: 4 }, { indices: { I: 0, II: 0, III: 99.99 }, level: 'none' }],
    ['when Y_I is 85 but the limiting a is only at II, then level II', twoIndicators(0.15, true), { a: 2, b: 1 }, { indices: { I: 85, II: 100, III: 100 }, level: 'II' }],
    ['when the limiting a is at III and Y_II = 85, then level III', twoIndicators(0.15, true), { a: 3, b: 1 }, { indices: { I: 85, II: 85, III: 100 }, level: 'III' }],
    ['when a does not apply, then b carries the group: b at II → Y_I 0, Y_II 100, level II', twoIndicators(0.5, true), { a: null, b: 2 }, { indices: { I: 0, II: 100, III: 100 }, level: 'II' }],
    ['when a qualitative-like value is far below III, then none (lower: 3.01 > 3)', twoIndicators(0.5, false), { a: 3.01, b: 1 }, { indices: { I: 50, II: 50, III: 50 }, level: 'none' }],
  ])('%s', (_name, sys, values, expected) => {
    expect(summary(scoreIndicatorSystem(sys, values))).toStrictEqual(expected);
  });
});

describe('scoreIndicatorSystem: level rule strict-level-i (level I also needs every non-limiting indicator at II or better)', () => {
  it.each<[string, IndicatorSystem['levelRule'], IndicatorValues, Summary['level']]>([
    ['classic-2013: the non-limiting 能耗 at III (Y_I = 85), level I', 'classic-2013', { ...allAtI, energy: 400 }, 'I'],
    ['strict-level-i: the same values, level II (能耗 below II)', 'strict-level-i', { ...allAtI, energy: 400 }, 'II'],
    ['strict-level-i: the non-limiting 能耗 at II, level I', 'strict-level-i', { ...allAtI, energy: 350 }, 'I'],
    ['strict-level-i: a non-limiting indicator that does not apply does not block I', 'strict-level-i', { ...allAtI, nh3n: null }, 'I'],
    ['strict-level-i: the qualitative 工艺 at III with Y_I = 85, level II', 'strict-level-i', { ...allAtI, q_process: 'III' }, 'II'],
  ])('%s', (_name, levelRule, values, level) => {
    expect(scoreIndicatorSystem({ ...system, levelRule }, values).level).toBe(level);
  });
});

describe('scoreIndicatorSystem: every indicator explained', () => {
  it('when 氨氮 does not apply and COD is at II, then COD carries 0.2 of the index: 0 to Y_I, 20 to Y_II and Y_III', () => {
    const result = scoreIndicatorSystem(system, { ...allAtI, nh3n: null, cod: 3 });
    expect(result.indicators.map((i) => i.id)).toEqual(['q_process', 'q_equipment', 'water', 'energy', 'reuse', 'solid', 'cod', 'nh3n']);
    expect(result.indicators.find((i) => i.id === 'cod')).toEqual({
      id: 'cod',
      name: expect.any(String),
      group: system.groups[3]!.name,
      unit: system.groups[3]!.indicators[0]!.unit,
      direction: 'lower',
      value: 3,
      benchmarks: system.groups[3]!.indicators[0]!.benchmarks,
      level: 'II',
      limiting: true,
      weight: 0.5,
      effectiveWeight: 0.2,
      contribution: { I: 0, II: 20, III: 20 },
    });
    expect(result.indicators.find((i) => i.id === 'nh3n')).toMatchObject({ value: null, level: null, effectiveWeight: 0, contribution: { I: 0, II: 0, III: 0 } });
    // the contributions add up to the indices
    for (const k of ['I', 'II', 'III'] as const) {
      expect(result.indicators.reduce((s, i) => s + i.contribution[k], 0)).toBeCloseTo(result.indices[k], 6);
    }
  });
});
