/**
 * Derivation of an enterprise's key industry from its GB/T 4754-2017 industry codes.
 *
 * The catalogue maps each key industry to codes of two granularities (refdata
 * industry_gb4754_mapping.csv): a 2-digit 大类 covers every 小类 beneath it; a 4-digit code
 * is one 小类. A code can belong to several key industries (2231 to 造纸 and 包装印刷), so the
 * rule is deterministic:
 * 1. the enterprise's codes are tried in their order (the first is the main business);
 * 2. for one code, an exact 4-digit mapping beats a 2-digit 大类 mapping;
 * 3. among equally specific mappings, the industry earlier in the catalogue order wins
 *    (the Guangxi plan's order: 能源、冶金、建材、有色、化工、印染、造纸、原料药、电镀、
 *    农副食品加工、工业涂装、包装印刷、废铅蓄电池, then city-local industries).
 */

/** One row of the key-industry mapping: `industryCode` has 2 (大类) or 4 (小类) digits. */
export interface KeyIndustryMapping {
  keyIndustry: string;
  industryCode: string;
  /** Position of the key industry in the catalogue order (smaller first). */
  sortOrder: number;
}

/** The key industry an enterprise belongs to, with the code that decided it. */
export interface DerivedKeyIndustry {
  keyIndustry: string;
  matchedCode: string;
  byCode: string;
}

/**
 * Derives the key industry of an enterprise.
 * @param industryCodes GB/T 4754-2017 codes of the enterprise (4-digit 小类; 2- or 3-digit codes are
 *   matched only against 2-digit mappings of the same 大类), main code first.
 * @param mapping the catalogue's mapping rows.
 * @returns the derived key industry, or `null` when no code is in the catalogue.
 */
export function deriveKeyIndustry(industryCodes: readonly string[], mapping: readonly KeyIndustryMapping[]): DerivedKeyIndustry | null {
  for (const raw of industryCodes) {
    const code = raw.trim();
    if (!/^\d{2,4}$/.test(code)) continue;
    const exact = mapping.filter((m) => m.industryCode.length === 4 && m.industryCode === code);
    const major = mapping.filter((m) => m.industryCode.length === 2 && code.startsWith(m.industryCode));
    for (const candidates of [exact, major]) {
      if (candidates.length === 0) continue;
      const best = [...candidates].sort((a, b) => a.sortOrder - b.sortOrder || a.keyIndustry.localeCompare(b.keyIndustry))[0]!;
      return { keyIndustry: best.keyIndustry, matchedCode: best.industryCode, byCode: code };
    }
  }
  return null;
}
