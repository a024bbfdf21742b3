/**
 * Rounds `value` to `decimals` decimal places, halves away from zero, working on the decimal
 * representation so that binary artefacts do not flip a half (`roundTo(1.00005, 4)` → 1.0001,
 * `roundTo(-2.5, 0)` → −3). Returns 0 rather than −0.
 *
 * @param decimals integer 0–15
 * @throws RangeError when `value` is not finite or `decimals` is out of range
 */
export function roundTo(value: number, decimals: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`roundTo: not a finite number: ${value}`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) throw new RangeError(`roundTo: decimals ${decimals} not in 0–15`);
  const abs = Math.abs(value);
  if (abs >= 1e15) return value;
  // 15 significant digits in exponent form, e.g. "1.00005000000000e+0", shifted by `decimals`.
  const [mantissa, exponent] = abs.toExponential(14).split('e');
  const shifted = Math.round(Number(`${mantissa}e${Number(exponent) + decimals}`));
  const result = (value < 0 ? -1 : 1) * Number(`${shifted}e-${decimals}`);
  return result === 0 ? 0 : result;
}
