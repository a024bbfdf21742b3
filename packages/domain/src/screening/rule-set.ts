/**
 * The screening rule set as versioned data (issue 4: "lists, rules and thresholds are data with a
 * version; a run stores the rule-set version it used"), its defaults, and the substance matching of
 * the 双有 criteria (《清洁生产审核办法》 art. 8 (三); the art. 8 categories of 有毒有害 substances,
 * regulations.md §1: category 3 is substances containing Pb, Hg, Cd, Cr or As).
 */
import type { HazardousList, HazardousMatch, ScreeningCriterion, ScreeningRuleSet } from './types.ts';

/** Version of the default rules (basis strings, heavy-metal markers and CAS, 5-year interval). */
export const DEFAULT_SCREENING_RULE_SET_VERSION = 'order38-art8-art12.v1';

/** Art. 8 category 3: a name containing one of these characters denotes a heavy-metal substance (铅 汞 镉 铬 砷). */
export const DEFAULT_HEAVY_METAL_NAME_MARKERS: readonly string[] = ['铅', '汞', '镉', '铬', '砷'];

/** Element CAS numbers of lead 7439-92-1, mercury 7439-97-6, cadmium 7440-43-9, chromium 7440-47-3, arsenic 7440-38-2. */
export const DEFAULT_HEAVY_METAL_CAS: readonly string[] = ['7439-92-1', '7439-97-6', '7440-43-9', '7440-47-3', '7440-38-2'];

/** Art. 12: a 双有 enterprise audits again at most this many years after its last audit (years). */
export const DEFAULT_AUDIT_INTERVAL_YEARS = 5;

/**
 * Legal basis of each criterion, as shown with a reason: art. 8 (一) 双超 for `exceedsStandard` and
 * `exceedsQuota`, art. 8 (二) 高耗能 for `exceedsEnergyLimit`, art. 8 (三) 双有 for
 * `usesHazardousMaterials` and `dischargesHazardousSubstances`.
 */
export const DEFAULT_SCREENING_BASIS: Readonly<Record<ScreeningCriterion, string>> = {
  dischargesHazardousSubstances: '清洁生产审核办法 第八条第（三）项',
  exceedsEnergyLimit: '清洁生产审核办法 第八条第（二）项',
  exceedsQuota: '清洁生产审核办法 第八条第（一）项',
  exceedsStandard: '清洁生产审核办法 第八条第（一）项',
  usesHazardousMaterials: '清洁生产审核办法 第八条第（三）项',
};

/** What `buildRuleSet` needs: a version and the hazardous lists; every other field defaults. */
export interface RuleSetInput {
  version: string;
  hazardousLists: readonly HazardousList[];
  heavyMetalNameMarkers?: readonly string[];
  heavyMetalCas?: readonly string[];
  auditIntervalYears?: number;
  basis?: Partial<Record<ScreeningCriterion, string>>;
}

/**
 * Builds a rule set, filling the defaults: heavy-metal markers 铅 汞 镉 铬 砷 and element CAS
 * numbers (art. 8 category 3), `auditIntervalYears` 5 (art. 12) and the art. 8 basis strings.
 * The result is deeply frozen (a rule set never changes once a run has used it; publish a new
 * version instead). Example: `buildRuleSet({ version: '2021.1', hazardousLists: [{ listName:
 * '有毒有害水污染物名录（第一批）', substances: [{ nameZh: '三氯甲烷', casNumbers: ['67-66-3'] }] }] })`.
 *
 * @throws RangeError when `version` is blank, `auditIntervalYears` is not a positive integer, a
 *   list name is blank or a basis override is blank
 */
export function buildRuleSet(input: RuleSetInput): ScreeningRuleSet {
  const version = input.version.trim();
  if (version === '') throw new RangeError('buildRuleSet: version must not be blank');
  const auditIntervalYears = input.auditIntervalYears ?? DEFAULT_AUDIT_INTERVAL_YEARS;
  if (!Number.isInteger(auditIntervalYears) || auditIntervalYears < 1) {
    throw new RangeError(`buildRuleSet: auditIntervalYears must be a positive integer, got ${auditIntervalYears}`);
  }
  const hazardousLists = input.hazardousLists.map((list) => {
    if (list.listName.trim() === '') throw new RangeError('buildRuleSet: a hazardous list has a blank listName');
    return Object.freeze({
      listName: list.listName,
      substances: Object.freeze(
        list.substances.map((s) => Object.freeze({ nameZh: s.nameZh, casNumbers: Object.freeze([...s.casNumbers]) as string[] })),
      ) as HazardousList['substances'],
    });
  });
  const ruleSet: ScreeningRuleSet = {
    version,
    hazardousLists: Object.freeze(hazardousLists) as HazardousList[],
    heavyMetalNameMarkers: Object.freeze([...(input.heavyMetalNameMarkers ?? DEFAULT_HEAVY_METAL_NAME_MARKERS)]) as string[],
    heavyMetalCas: Object.freeze([...(input.heavyMetalCas ?? DEFAULT_HEAVY_METAL_CAS)]) as string[],
    auditIntervalYears,
    basis: Object.freeze(mergeBasis(input.basis)),
  };
  return Object.freeze(ruleSet);
}

function mergeBasis(overrides: Partial<Record<ScreeningCriterion, string>> | undefined): Record<ScreeningCriterion, string> {
  const basis = { ...DEFAULT_SCREENING_BASIS };
  for (const criterion of Object.keys(basis) as ScreeningCriterion[]) {
    const text = overrides?.[criterion];
    if (text !== undefined) {
      if (text.trim() === '') throw new RangeError(`buildRuleSet: blank basis for ${criterion}`);
      basis[criterion] = text;
    }
  }
  return basis;
}

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63]/g;

function foldFullWidth(input: string): string {
  let folded = '';
  for (const ch of input) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xff01 && cp <= 0xff5e) folded += String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x3000) folded += ' ';
    else folded += ch;
  }
  return folded;
}

/**
 * Normalises a CAS registry number for comparison: full-width characters become ASCII (as in
 * `normalizeCode`), dash variants (‐ ‑ – — − ﹣ －) become `-`, and every white space (also inner
 * and U+3000) is removed, since a CAS number never contains one. Example: `' ６７－６６ -３ '` → `'67-66-3'`.
 * Never throws; a blank input gives `''`.
 */
export function normalizeCasNo(input: string): string {
  return foldFullWidth(input).replace(DASHES, '-').replace(/\s+/g, '');
}

/**
 * Normalises a substance or pollutant name for exact comparison: full-width forms U+FF01–U+FF5E
 * become ASCII (`（` → `(`, `Ｐ` → `P`), U+3000 a space, and surrounding white space is trimmed.
 * Letter case and inner spaces are kept (names are compared exactly). Example: `'　三氯甲烷 '` → `'三氯甲烷'`.
 */
export function normalizeSubstanceName(input: string): string {
  return foldFullWidth(input).trim();
}

/**
 * Splits a CAS cell of a list file into CAS numbers: separators `;` `；` `,` `，` `、` and white
 * space; parenthesised notes such as `(Cd)` or `（镉）` are dropped; each part is normalised with
 * `normalizeCasNo` and kept only when shaped like a CAS number (`2–7 digits-2 digits-1 digit`);
 * duplicates are dropped. Example: `'7440-43-9 (Cd)'` → `['7440-43-9']`; `'87-86-5; 131-52-2'` →
 * `['87-86-5', '131-52-2']`; `''` → `[]`.
 */
export function parseCasNumbers(cell: string): string[] {
  const withoutNotes = foldFullWidth(cell).replace(/\([^)]*\)/g, ' ');
  const out: string[] = [];
  for (const part of withoutNotes.split(/[;,、\s]+/)) {
    const cas = normalizeCasNo(part);
    if (/^\d{2,7}-\d{2}-\d$/.test(cas) && !out.includes(cas)) out.push(cas);
  }
  return out;
}

/** A positive substance match: how it matched and the list (null for a heavy-metal match). */
export interface HazardousSubstanceMatch {
  matchedBy: HazardousMatch;
  listName: string | null;
}

/** The lookup tables of a rule set, built once per rule-set object. */
interface CompiledRules {
  byCas: Map<string, string>;
  byName: Map<string, string>;
  heavyMetalCas: Set<string>;
  markers: string[];
}

const compiled = new WeakMap<ScreeningRuleSet, CompiledRules>();

function compile(ruleSet: ScreeningRuleSet): CompiledRules {
  let rules = compiled.get(ruleSet);
  if (rules === undefined) {
    const byCas = new Map<string, string>();
    const byName = new Map<string, string>();
    for (const list of ruleSet.hazardousLists) {
      for (const substance of list.substances) {
        for (const cas of substance.casNumbers) {
          const key = normalizeCasNo(cas);
          if (key !== '' && !byCas.has(key)) byCas.set(key, list.listName);
        }
        const name = normalizeSubstanceName(substance.nameZh);
        if (name !== '' && !byName.has(name)) byName.set(name, list.listName);
      }
    }
    rules = {
      byCas,
      byName,
      heavyMetalCas: new Set(ruleSet.heavyMetalCas.map(normalizeCasNo).filter((c) => c !== '')),
      markers: ruleSet.heavyMetalNameMarkers.filter((m) => m !== ''),
    };
    compiled.set(ruleSet, rules);
  }
  return rules;
}

/**
 * Decides whether a declared substance is toxic or hazardous under art. 8 (三) and the rule set,
 * trying in this order (CAS numbers and names compared after `normalizeCasNo` /
 * `normalizeSubstanceName`):
 * 1. `cas`: its CAS number is on a configured list;
 * 2. `name`: else its name equals a list substance's name exactly;
 * 3. `heavyMetalCas`: else its CAS number is the element CAS of Pb, Hg, Cd, Cr or As;
 * 4. `heavyMetalName`: else its name contains 铅, 汞, 镉, 铬 or 砷.
 * A list match names the first list (in rule-set order) that holds the CAS number or name.
 * The rule set is treated as immutable: its lookup tables are built on first use and cached.
 *
 * @returns the match, or `null` when the substance is not hazardous under the rule set
 */
export function matchHazardousSubstance(substanceName: string, casNo: string | null, ruleSet: ScreeningRuleSet): HazardousSubstanceMatch | null {
  const rules = compile(ruleSet);
  const cas = casNo === null ? '' : normalizeCasNo(casNo);
  const name = normalizeSubstanceName(substanceName);
  if (cas !== '') {
    const listName = rules.byCas.get(cas);
    if (listName !== undefined) return { matchedBy: 'cas', listName };
  }
  if (name !== '') {
    const listName = rules.byName.get(name);
    if (listName !== undefined) return { matchedBy: 'name', listName };
  }
  if (cas !== '' && rules.heavyMetalCas.has(cas)) return { matchedBy: 'heavyMetalCas', listName: null };
  if (rules.markers.some((m) => name.includes(m))) return { matchedBy: 'heavyMetalName', listName: null };
  return null;
}
