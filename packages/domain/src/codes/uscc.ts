import { normalizeCode } from './normalize.ts';

/**
 * The 31 characters of GB 32100-2015 (code character set; regulations.md §5) in value order: `'0'` = 0 … `'9'` = 9,
 * `'A'` = 10 … `'Y'` = 30. The letters I, O, Z, S and V are never used.
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * Weights W_i = 3^(i−1) mod 31 for positions i = 1…17 (GB 32100-2015 check-character rule; regulations.md §5).
 * `[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]`.
 */
export const USCC_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/** Why a unified social credit code is invalid: wrong length, a character outside the code's set, or a wrong check character. */
export type UsccError = 'length' | 'charset' | 'checksum';

/**
 * Result of checking one identifier. The key order `input, normalized, valid, error` is part of
 * the CLI contract `cpaudit check uscc|permit-no --json`; do not add keys.
 *
 * - `input`: the string as given;
 * - `normalized`: {@link normalizeCode} of it;
 * - `valid`: `error === null`;
 * - `error`: the first failed check, or `null`.
 */
export interface CodeCheckResult<E extends string> {
  input: string;
  normalized: string;
  valid: boolean;
  error: E | null;
}

/** Result of {@link validateUscc}. */
export type UsccCheckResult = CodeCheckResult<UsccError>;

/** Positions 1–2 and 9–17 from the charset, 3–8 (GB/T 2260 division code) digits only. */
const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const FIRST17_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}$/;

function checkCharOf(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17.charAt(i)) * (USCC_WEIGHTS[i] ?? 0);
  return USCC_CHARSET.charAt((31 - (sum % 31)) % 31);
}

/**
 * The check character (position 18) of a unified social credit code:
 * C18 = (31 − Σ_{i=1..17} C_i·W_i mod 31) mod 31, mapped back through {@link USCC_CHARSET}.
 * Source: GB 32100-2015 check-character rule, as given in regulations.md §5.
 *
 * Example: `usccCheckChar('91350100M000100Y4')` → `'3'` (Σ = 1640, 1640 mod 31 = 28, 31 − 28 = 3).
 *
 * @param first17 exactly 17 upper-case characters: positions 1–2 and 9–17 from
 *   {@link USCC_CHARSET}, positions 3–8 digits. Not normalised: callers generate it.
 * @returns one character of {@link USCC_CHARSET}
 * @throws RangeError when `first17` does not have that shape
 */
export function usccCheckChar(first17: string): string {
  if (!FIRST17_SHAPE.test(first17)) {
    throw new RangeError(`usccCheckChar: expected 17 characters of GB 32100 shape, got ${JSON.stringify(first17)}`);
  }
  return checkCharOf(first17);
}

/**
 * Validates a unified social credit code (统一社会信用代码, GB 32100-2015; regulations.md §5).
 *
 * The input is normalised with {@link normalizeCode}, then checked in this order, the first
 * failure being reported:
 * 1. `'length'`: not exactly 18 characters;
 * 2. `'charset'`: a character outside `0123456789ABCDEFGHJKLMNPQRTUWXY` (so I, O, Z, S, V and
 *    any punctuation or inner space), or a non-digit in positions 3–8 (the GB/T 2260
 *    registration-authority division code);
 * 3. `'checksum'`: position 18 differs from {@link usccCheckChar} of positions 1–17.
 *
 * The optional GB 11714 inner check of positions 9–17 is not applied (regulations.md §5 makes
 * it a warning only). Never throws.
 *
 * @returns `{ input, normalized, valid, error }` in exactly this key order (CLI contract)
 */
export function validateUscc(input: string): UsccCheckResult {
  const normalized = normalizeCode(input);
  return { input, normalized, ...usccErrorOf(normalized) };
}

function usccErrorOf(normalized: string): { valid: boolean; error: UsccError | null } {
  if ([...normalized].length !== 18) return { valid: false, error: 'length' };
  if (!USCC_SHAPE.test(normalized)) return { valid: false, error: 'charset' };
  if (checkCharOf(normalized.slice(0, 17)) !== normalized.charAt(17)) return { valid: false, error: 'checksum' };
  return { valid: true, error: null };
}

/**
 * True when `input`, once normalised, is a valid unified social credit code
 * (shorthand for `validateUscc(input).valid`; GB 32100-2015).
 */
export function isValidUscc(input: string): boolean {
  return validateUscc(input).valid;
}

/**
 * The registration authority's administrative division code (GB/T 2260), positions 3–8 of a
 * unified social credit code (GB 32100-2015 code structure; regulations.md §5). For Guangxi it starts with `45`.
 *
 * Example: `usccDivisionCode('91451200791318129Y')` → `'451200'` (河池市).
 *
 * The check character is not verified here (call {@link validateUscc} for that); the code is
 * normalised first.
 *
 * @param uscc an 18-character code, possibly with full-width characters or lower case
 * @returns a 6-digit string
 * @throws RangeError when the normalised code is not 18 characters long or positions 3–8 are not digits
 */
export function usccDivisionCode(uscc: string): string {
  const normalized = normalizeCode(uscc);
  const division = normalized.slice(2, 8);
  if ([...normalized].length !== 18 || !/^\d{6}$/.test(division)) {
    throw new RangeError(`usccDivisionCode: not an 18-character credit code with a division code: ${JSON.stringify(uscc)}`);
  }
  return division;
}
