import { describe, expect, it } from 'vitest';
import economicsCases from '../../test/fixtures/economics.json' with { type: 'json' };
import { evaluateOptionEconomics, interpolateIrr, type OptionEconomics, type OptionEconomicsInput } from './feasibility.ts';
import { roundTo } from './round.ts';

describe('evaluateOptionEconomics: every case of shared/cases/economics.json', () => {
  it.each(economicsCases.map((c, i) => [i + 1, c] as const))('when case %i is evaluated, then every field matches the fixture', (_i, c) => {
    const { expected, ...input } = c;
    const result = evaluateOptionEconomics(input);
    expect(result).toStrictEqual(expected);
    expect(Object.keys(result)).toEqual(['depreciation', 'annualCashFlow', 'paybackYears', 'npv', 'npvr', 'irr']);
  });
});

describe('evaluateOptionEconomics: cases worked out by hand', () => {
  it.each<[string, OptionEconomicsInput, OptionEconomics]>([
    [
      'when a subsidy of 20 reduces an investment of 120, then the result equals the 100 case (D 10, F 25, N 4)',
      { investment: 120, subsidy: 20, annualBenefit: 30, life: 10, taxRate: 0.25, discountRate: 0.1 },
      { depreciation: 10, annualCashFlow: 25, paybackYears: 4, npv: 53.6142, npvr: 0.5361, irr: 0.2141 },
    ],
    [
      'when there is no tax and no discount and the benefit just repays the investment, then NPV 0 and IRR 0',
      { investment: 100, annualBenefit: 20, life: 5, taxRate: 0, discountRate: 0 },
      { depreciation: 20, annualCashFlow: 20, paybackYears: 5, npv: 0, npvr: 0, irr: 0 },
    ],
    [
      'when life is 1 year and 121 comes back, then NPV at 10 % is 121/1.1 − 100 = 10 and IRR 0.21',
      { investment: 100, annualBenefit: 121, life: 1, taxRate: 0, discountRate: 0.1 },
      { depreciation: 100, annualCashFlow: 121, paybackYears: 0.8264, npv: 10, npvr: 0.1, irr: 0.21 },
    ],
    [
      'when 2 years of 60 repay 100, then NPV = 60/1.1 + 60/1.21 − 100 = 4.1322 and IRR solves 60x + 60x² = 100 (0.1307)',
      { investment: 100, annualBenefit: 60, life: 2, taxRate: 0, discountRate: 0.1 },
      { depreciation: 50, annualCashFlow: 60, paybackYears: 1.6667, npv: 4.1322, npvr: 0.0413, irr: 0.1307 },
    ],
    [
      'when the option loses money (F = (−5 − 10)·0.75 + 10 = −1.25), then no payback and no IRR',
      { investment: 100, annualBenefit: -5, life: 10, taxRate: 0.25, discountRate: 0.1 },
      { depreciation: 10, annualCashFlow: -1.25, paybackYears: null, npv: -107.6807, npvr: -1.0768, irr: null },
    ],
    [
      'when the tax rate is the older 33 %, then F = (30 − 10)·0.67 + 10 = 23.4 and N = 100/23.4',
      { investment: 100, annualBenefit: 30, life: 10, taxRate: 0.33, discountRate: 0.1 },
      { depreciation: 10, annualCashFlow: 23.4, paybackYears: 4.2735, npv: 43.7829, npvr: 0.4378, irr: 0.1944 },
    ],
  ])('%s', (_name, input, expected) => {
    expect(evaluateOptionEconomics(input)).toStrictEqual(expected);
  });

  it.each<[string, Partial<OptionEconomicsInput>]>([
    ['when the investment is 0, then it throws', { investment: 0 }],
    ['when the subsidy covers the investment, then it throws', { subsidy: 100 }],
    ['when the subsidy is negative, then it throws', { subsidy: -1 }],
    ['when life is 0, then it throws', { life: 0 }],
    ['when life is fractional, then it throws', { life: 2.5 }],
    ['when the tax rate is 1, then it throws', { taxRate: 1 }],
    ['when the discount rate is −1, then it throws', { discountRate: -1 }],
    ['when the benefit is NaN, then it throws', { annualBenefit: Number.NaN }],
  ])('%s', (_name, patch) => {
    const base: OptionEconomicsInput = { investment: 100, annualBenefit: 30, life: 10, taxRate: 0.25, discountRate: 0.1 };
    expect(() => evaluateOptionEconomics({ ...base, ...patch })).toThrow(RangeError);
  });
});

describe('interpolateIrr', () => {
  it('when NPV1 = 1.36 at 21 % and NPV2 = −0.61 at 22 %, then 0.21 + 0.0136/1.97', () => {
    expect(interpolateIrr(0.21, 1.36, 0.22, -0.61)).toBeCloseTo(0.2169036, 7);
  });
  it('when both NPVs are positive, then it throws', () => {
    expect(() => interpolateIrr(0.1, 1, 0.2, 0.5)).toThrow(RangeError);
  });
});

describe('roundTo', () => {
  it.each([
    ['when 1.00005 to 4 decimals, then the half goes up to 1.0001', 1.00005, 4, 1.0001],
    ['when 53.61417764 to 4 decimals, then 53.6142', 53.61417764, 4, 53.6142],
    ['when −2.5 to 0 decimals, then away from zero to −3', -2.5, 0, -3],
    ['when 1.005 to 2 decimals, then 1.01 (not 1.00 from binary 1.00499…)', 1.005, 2, 1.01],
    ['when −0.00001 to 4 decimals, then 0 (not −0)', -0.00001, 4, 0],
    ['when 0.000123456 to 4 decimals, then 0.0001', 0.000123456, 4, 0.0001],
    ['when 1e20, then unchanged', 1e20, 4, 1e20],
  ])('%s', (_name, value, decimals, expected) => {
    expect(Object.is(roundTo(value, decimals), expected)).toBe(true);
  });

  it('when the value is infinite, then it throws', () => {
    expect(() => roundTo(Number.POSITIVE_INFINITY, 2)).toThrow(RangeError);
  });
});
