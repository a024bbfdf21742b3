import { roundTo } from './round.ts';

/**
 * Inputs of the economic evaluation of one medium/high-cost option (中/高费方案), the standard
 * CP-audit textbook method (regulations.md §6). Money in 10⁴ CNY (万元), rates as fractions.
 *
 * - `investment`: total investment (万元), > 0;
 * - `subsidy`: grants that reduce the investment (万元), default 0; I = investment − subsidy must stay > 0;
 * - `annualBenefit`: P, yearly saving = extra revenue + lower operating cost (万元/年);
 * - `life`: years of straight-line depreciation and of service, integer ≥ 1 (usually 10);
 * - `taxRate`: corporate income tax rate t, 0 ≤ t < 1 (0.25 today);
 * - `discountRate`: i, the bank loan rate or industry benchmark, > −1.
 */
export interface OptionEconomicsInput {
  investment: number;
  subsidy?: number;
  annualBenefit: number;
  life: number;
  taxRate: number;
  discountRate: number;
}

/**
 * Results, each rounded to 4 decimals (key order is the CLI contract `cpaudit econ --json`):
 * - `depreciation`: D = I / life (万元/年);
 * - `annualCashFlow`: F = (P − D)(1 − t) + D (万元/年);
 * - `paybackYears`: N = I / F (years), `null` when F ≤ 0 (never paid back);
 * - `npv`: NPV = Σ_{j=1..life} F/(1+i)^j − I (万元);
 * - `npvr`: NPVR = NPV / I, a fraction (0.5361 means 53.61 %);
 * - `irr`: the rate r with NPV(r) = 0, found by bisection to 1e-12; `null` when F ≤ 0 (no such rate).
 */
export interface OptionEconomics {
  depreciation: number;
  annualCashFlow: number;
  paybackYears: number | null;
  npv: number;
  npvr: number;
  irr: number | null;
}

/** NPV at rate `rate` of a constant cash flow `cashFlow` over `years` years less `investment`. */
function npvAt(cashFlow: number, years: number, rate: number, investment: number): number {
  let sum = 0;
  let factor = 1;
  for (let j = 1; j <= years; j++) {
    factor /= 1 + rate;
    sum += cashFlow * factor;
  }
  return sum - investment;
}

function internalRateOfReturn(cashFlow: number, years: number, investment: number): number | null {
  if (cashFlow <= 0) return null;
  // NPV falls strictly as the rate rises and tends to +∞ as it approaches −1: one root.
  let low = -0.999999;
  let high = 1;
  while (npvAt(cashFlow, years, high, investment) > 0) {
    high *= 2;
    if (high > 1e6) return null;
  }
  for (let k = 0; k < 200 && high - low > 1e-12; k++) {
    const mid = (low + high) / 2;
    if (npvAt(cashFlow, years, mid, investment) > 0) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * Economic feasibility of a medium/high-cost CP option (regulations.md §6, the 可行性分析 step 26
 * 经济评估 of forms-and-procedures.md §3): straight-line depreciation, annual net cash flow,
 * static payback period, net present value, net present value ratio and internal rate of return.
 * Intermediate values are not rounded; every result is rounded to 4 decimals ({@link roundTo}).
 *
 * Example: investment 100, annualBenefit 30, life 10, taxRate 0.25, discountRate 0.1 →
 * `{ depreciation: 10, annualCashFlow: 25, paybackYears: 4, npv: 53.6142, npvr: 0.5361, irr: 0.2141 }`
 * (D = 100/10; F = (30 − 10)·0.75 + 10; N = 100/25; NPV = 25·6.144567 − 100).
 *
 * A negative taxable profit P − D is taxed as computed (a negative tax), as in the textbook
 * formula; no loss carry-forward is modelled.
 *
 * @throws RangeError when an input is not finite or outside the ranges of {@link OptionEconomicsInput}
 */
export function evaluateOptionEconomics(input: OptionEconomicsInput): OptionEconomics {
  const { investment, annualBenefit, life, taxRate, discountRate } = input;
  const subsidy = input.subsidy ?? 0;
  for (const [name, v] of Object.entries({ investment, subsidy, annualBenefit, life, taxRate, discountRate })) {
    if (!Number.isFinite(v)) throw new RangeError(`evaluateOptionEconomics: ${name} must be a finite number, got ${v}`);
  }
  const net = investment - subsidy;
  if (subsidy < 0 || net <= 0) throw new RangeError('evaluateOptionEconomics: investment minus subsidy must be > 0 and subsidy ≥ 0');
  if (!Number.isInteger(life) || life < 1) throw new RangeError(`evaluateOptionEconomics: life must be an integer ≥ 1, got ${life}`);
  if (taxRate < 0 || taxRate >= 1) throw new RangeError(`evaluateOptionEconomics: taxRate must be in [0, 1), got ${taxRate}`);
  if (discountRate <= -1) throw new RangeError(`evaluateOptionEconomics: discountRate must be > −1, got ${discountRate}`);

  const depreciation = net / life;
  const cashFlow = (annualBenefit - depreciation) * (1 - taxRate) + depreciation;
  const npv = npvAt(cashFlow, life, discountRate, net);
  const irr = internalRateOfReturn(cashFlow, life, net);
  return {
    depreciation: roundTo(depreciation, 4),
    annualCashFlow: roundTo(cashFlow, 4),
    paybackYears: cashFlow > 0 ? roundTo(net / cashFlow, 4) : null,
    npv: roundTo(npv, 4),
    npvr: roundTo(npv / net, 4),
    irr: irr === null ? null : roundTo(irr, 4),
  };
}

/**
 * The textbook two-rate interpolation of the IRR (regulations.md §6):
 * IRR ≈ i1 + NPV1·(i2 − i1) / (NPV1 + |NPV2|), with NPV1 > 0 at rate i1 and NPV2 < 0 at rate i2.
 * For display next to the exact value of {@link evaluateOptionEconomics}; not rounded.
 *
 * Example: i1 = 0.21, NPV1 = 1.36, i2 = 0.22, NPV2 = −0.61 → 0.21 + 1.36·0.01/1.97 ≈ 0.216904.
 *
 * @throws RangeError unless NPV1 > 0 > NPV2
 */
export function interpolateIrr(i1: number, npv1: number, i2: number, npv2: number): number {
  if (!(npv1 > 0 && npv2 < 0)) throw new RangeError('interpolateIrr: needs NPV1 > 0 and NPV2 < 0');
  return i1 + (npv1 * (i2 - i1)) / (npv1 + Math.abs(npv2));
}
