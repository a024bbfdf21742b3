/**
 * Derivation of an enterprise's key industry from its GB/T 4754-2017 industry codes.
 *
 * The catalogue maps each key industry to codes of two granularities (refdata
 * industry_gb4754_mapping.csv): a 2-digit 大类 covers every 小类 beneath it; a 4-digit code
 * is one 小类. The rule (issue 4 contract, the screening and list rules rely on it):
 * 1. only the principal industry code counts: the first of the enterprise's codes;
 * 2. the candidates are the key industries whose mapping holds that code or its two-digit class;
 * 3. when several do (2231 belongs to 造纸 and 包装印刷), the first in the catalogue order wins:
 *    the Guangxi plan's order 能源、冶金、建材、有色、化工、印染、造纸、原料药、电镀、
 *    农副食品加工、工业涂装、包装印刷、废铅蓄电池, then city-local industries.
 */

/** One row of the key-industry mapping: `industryCode` has 2 (大类) or 4 (小类) digits. */
export interface KeyIndustryMapping {
  keyIndustry: string;
  industryCode: string;
  /** Position of the key industry in the catalogue order (smaller first). */
  sortOrder: number;
  /**
   * For a city-local key industry (the Guangxi plan lets cities add industries): the city's
   * division code (`450100`); it applies only to enterprises of that city. Absent or null for
   * region-wide industries.
   */
  cityCode?: string | null;
}

/** The key industry an enterprise belongs to, with the code that decided it. */
export interface DerivedKeyIndustry {
  keyIndustry: string;
  matchedCode: string;
  byCode: string;
}

/**
 * Derives the key industry of an enterprise.
 * @param industryCodes GB/T 4754-2017 codes of the enterprise, principal code first (4-digit 小类;
 *   a 2-digit code matches only 2-digit mappings). Later codes do not count.
 * @param mapping the catalogue's mapping rows.
 * @param divisionCode the enterprise's county (GB/T 2260); city-local industries apply only to
 *   enterprises of their city, and are ignored when it is not given.
 * @returns the derived key industry with the mapping code that matched, or `null` when the
 *   principal code is missing, malformed or in no mapping.
 */
export function deriveKeyIndustry(
  industryCodes: readonly string[],
  mapping: readonly KeyIndustryMapping[],
  divisionCode?: string,
): DerivedKeyIndustry | null {
  const code = industryCodes[0]?.trim() ?? '';
  if (!/^\d{2,4}$/.test(code)) return null;
  const major = code.slice(0, 2);
  const city = divisionCode ? `${divisionCode.slice(0, 4)}00` : null;
  const candidates = mapping.filter(
    (m) => (m.industryCode === code || m.industryCode === major) && (m.cityCode == null || m.cityCode === city),
  );
  if (candidates.length === 0) return null;
  const best = [...candidates].sort(
    (a, b) => a.sortOrder - b.sortOrder || a.keyIndustry.localeCompare(b.keyIndustry) || b.industryCode.length - a.industryCode.length,
  )[0]!;
  return { keyIndustry: best.keyIndustry, matchedCode: best.industryCode, byCode: code };
}
