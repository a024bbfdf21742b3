import { describe, expect, it } from 'vitest';
import systemJson from '../../test/fixtures/scoring/system.json' with { type: 'json' };
import type { IndicatorSystem } from './indicator-system.ts';
import { validateIndicatorSystem } from './validate-system.ts';

const system = systemJson as IndicatorSystem;
const patch = (f: (s: IndicatorSystem & { groups: any[] }) => void): IndicatorSystem => {
  const copy = JSON.parse(JSON.stringify(system)) as IndicatorSystem & { groups: any[] };
  f(copy);
  return copy;
};

describe('validateIndicatorSystem', () => {
  it('when the test system is checked, then it has no issue', () => {
    expect(validateIndicatorSystem(system)).toEqual([]);
  });

  it.each<[string, IndicatorSystem, { path: string; code: string }[]]>([
    ['when group 0 weighs 0.31 (sum 1.01), then groupWeights at groups', patch((s) => (s.groups[0].weight = 0.31)), [{ path: 'groups', code: 'groupWeights' }]],
    [
      'when a group weight is 0.3 + 1e-7 (sum off by 1e-7), then no issue (tolerance 1e-6)',
      patch((s) => (s.groups[0].weight = 0.3000001)),
      [],
    ],
    [
      'when indicator 0 of group 1 weighs 0.6, then indicatorWeights at groups[1]',
      patch((s) => (s.groups[1].indicators[0].weight = 0.6)),
      [{ path: 'groups[1]', code: 'indicatorWeights' }],
    ],
    [
      'when a lower-is-better indicator has I 9 > II 8, then benchmarkOrder at its benchmarks',
      patch((s) => (s.groups[1].indicators[0].benchmarks = { I: 9, II: 8, III: 12 })),
      [{ path: 'groups[1].indicators[0].benchmarks', code: 'benchmarkOrder' }],
    ],
    [
      'when a higher-is-better indicator has I 70 < III 75, then benchmarkOrder',
      patch((s) => (s.groups[2].indicators[0].benchmarks = { I: 70, II: 72, III: 75 })),
      [{ path: 'groups[2].indicators[0].benchmarks', code: 'benchmarkOrder' }],
    ],
    ['when a quantitative indicator has no benchmarks, then benchmarksMissing', patch((s) => delete s.groups[1].indicators[1].benchmarks), [{ path: 'groups[1].indicators[1].benchmarks', code: 'benchmarksMissing' }]],
    [
      'when an indicator id repeats, then duplicateId at the second one',
      patch((s) => (s.groups[3].indicators[1].id = 'cod')),
      [{ path: 'groups[3].indicators[1].id', code: 'duplicateId' }],
    ],
  ])('%s', (_name, sys, expected) => {
    expect(validateIndicatorSystem(sys).map(({ path, code }) => ({ path, code }))).toEqual(expected);
  });

  it('when the weights are off, then the message states the sum', () => {
    expect(validateIndicatorSystem(patch((s) => (s.groups[0].weight = 0.31)))[0]!.message).toContain('1.01');
  });
});
