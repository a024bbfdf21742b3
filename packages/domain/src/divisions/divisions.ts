import type { DivisionLevel } from '@cpaudit/contracts';

const DIVISION_CODE = /^\d{6}$/;

/**
 * True when `code` is a 6-digit administrative division code (GB/T 2260 code structure: two digits
 * province, two digits city, two digits county; regulations.md §5), e.g. `'450102'` 兴宁区. Only the shape is
 * checked, not that the code exists. Never throws.
 */
export function isDivisionCode(code: string): boolean {
  return DIVISION_CODE.test(code);
}

function assertDivisionCode(fn: string, code: string): void {
  if (!DIVISION_CODE.test(code)) throw new RangeError(`${fn}: not a 6-digit division code: ${JSON.stringify(code)}`);
}

/**
 * Level of a GB/T 2260 division code, from its digit pattern (GB/T 2260 code structure):
 * - `'region'`: `xx0000`, e.g. `450000` 广西壮族自治区;
 * - `'city'`: `xxxx00`, e.g. `450100` 南宁市, `451400` 崇左市;
 * - `'county'`: anything else, e.g. `450102` 兴宁区, `450181` 横州市 (a county-level city).
 *
 * Guangxi has no county directly under the region, so the pattern is exact for its codes.
 *
 * @param code 6 digits
 * @throws RangeError when `code` is not 6 digits
 */
export function divisionLevelOf(code: string): DivisionLevel {
  assertDivisionCode('divisionLevelOf', code);
  if (code.endsWith('0000')) return 'region';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/**
 * The city (设区市) a division belongs to (GB/T 2260 code structure: digits 1–4 + `00`):
 * `cityCodeOf('450181')` → `'450100'`; `cityCodeOf('450100')` → `'450100'`;
 * `cityCodeOf('450000')` → `null` (the region is above every city).
 *
 * @param code 6 digits
 * @returns a 6-digit city code, or `null` for a region-level code
 * @throws RangeError when `code` is not 6 digits
 */
export function cityCodeOf(code: string): string | null {
  if (divisionLevelOf(code) === 'region') return null;
  return `${code.slice(0, 4)}00`;
}

/**
 * The code prefix shared by every division inside `areaCode` (GB/T 2260 code structure):
 * 2 digits for a region (`450000` → `'45'`), 4 for a city (`450100` → `'4501'`),
 * all 6 for a county (`450102` → `'450102'`).
 *
 * @throws RangeError when `areaCode` is not 6 digits
 */
export function divisionPrefixOf(areaCode: string): string {
  const level = divisionLevelOf(areaCode);
  return level === 'region' ? areaCode.slice(0, 2) : level === 'city' ? areaCode.slice(0, 4) : areaCode;
}

/**
 * Whether a record registered in `recordDivisionCode` lies inside the administrative area
 * `areaCode` (GB/T 2260 hierarchy): a region contains every code with the same first 2 digits,
 * a city every code with the same first 4 digits, a county only itself.
 *
 * Examples: (`'450102'`, `'450100'`) → true; (`'450100'`, `'450100'`) → true;
 * (`'450202'`, `'450100'`) → false; (`'450100'`, `'450102'`) → false.
 *
 * Fails closed: returns `false` (never throws) when either code is not 6 digits, because this
 * is used for data-scope decisions (see `can`).
 */
export function isWithinArea(recordDivisionCode: string, areaCode: string): boolean {
  if (!DIVISION_CODE.test(recordDivisionCode) || !DIVISION_CODE.test(areaCode)) return false;
  return recordDivisionCode.startsWith(divisionPrefixOf(areaCode));
}
