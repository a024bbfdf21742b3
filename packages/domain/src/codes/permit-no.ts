import { normalizeCode } from './normalize.ts';
import { isValidUscc, type CodeCheckResult } from './uscc.ts';

/**
 * Why a pollutant-discharge permit number is invalid:
 * - `'length'`: not 22 characters;
 * - `'format'`: not 18 letters/digits + 3 digits + 1 letter;
 * - `'uscc'`: the first 18 characters are not a valid unified social credit code (GB 32100-2015),
 *   and the number is not of the `H9` substitute form.
 */
export type PermitNoError = 'length' | 'format' | 'uscc';

/** Result of {@link validatePermitNo}: `{ input, normalized, valid, error }` in this key order. */
export type PermitNoCheckResult = CodeCheckResult<PermitNoError>;

const PERMIT_SHAPE = /^[0-9A-Z]{18}\d{3}[A-Z]$/;

/**
 * Validates a pollutant-discharge permit number (排污许可证编号) per HJ 608-2017
 * 《排污单位编码规则》 (regulations.md §5):
 * positions 1–18 the holder's unified social credit code, 19–21 a 3-digit sequence,
 * 22 a letter (特别标识码; `P` for permits, `W` commonly seen for registrations, any letter accepted).
 *
 * A number starting with `H9` is the substitute form for holders without a credit code
 * (`H9` + issuing-area code + …, HJ 608-2017 and the 2016 试行 rules); its first 18 characters
 * are only required to be letters or digits, not a GB 32100 code.
 *
 * The input is normalised with {@link normalizeCode}; checks run in the order length → format →
 * uscc and the first failure is reported. Never throws.
 *
 * Example: `validatePermitNo('91451200791318129y001p')` →
 * `{ input: '91451200791318129y001p', normalized: '91451200791318129Y001P', valid: true, error: null }`.
 *
 * @returns `{ input, normalized, valid, error }` in exactly this key order (CLI contract
 *   `cpaudit check permit-no --json`)
 */
export function validatePermitNo(input: string): PermitNoCheckResult {
  const normalized = normalizeCode(input);
  return { input, normalized, ...permitNoErrorOf(normalized) };
}

function permitNoErrorOf(normalized: string): { valid: boolean; error: PermitNoError | null } {
  if ([...normalized].length !== 22) return { valid: false, error: 'length' };
  if (!PERMIT_SHAPE.test(normalized)) return { valid: false, error: 'format' };
  if (!isSubstitutePermitNo(normalized) && !isValidUscc(normalized.slice(0, 18))) return { valid: false, error: 'uscc' };
  return { valid: true, error: null };
}

/**
 * True when a normalised permit number uses the `H9` substitute form for holders without a
 * unified social credit code (HJ 608-2017; regulations.md §5).
 */
export function isSubstitutePermitNo(normalized: string): boolean {
  return normalized.startsWith('H9');
}
