/**
 * Comparison of two screenings (issue 4 item 2: a run shows what changed against the previous one;
 * item 5: the same comparison between two rule-set versions on the same data), and the counts a run
 * records.
 */
import { SCREENING_CRITERIA, type ScreeningCriterion, type ScreeningRecommendation, type ScreeningResult } from './types.ts';

/** An enterprise listed in both screenings whose set of criteria differs (criteria sorted by name). */
export interface ScreeningReasonsChange {
  uscc: string;
  before: ScreeningCriterion[];
  after: ScreeningCriterion[];
}

/** An enterprise listed in both with the same criteria but another recommendation or `nextDueYear`. */
export interface ScreeningRecommendationChange {
  uscc: string;
  before: { recommendation: ScreeningRecommendation; nextDueYear: number | null };
  after: { recommendation: ScreeningRecommendation; nextDueYear: number | null };
}

/**
 * The difference between two screenings, every list sorted by `uscc`:
 * - `added`: listed now, not before (the current results);
 * - `dropped`: listed before, not now (the previous results);
 * - `reasonsChanged`: listed in both, with another set of criteria;
 * - `recommendationChanged`: same criteria, but `recommendation` or `nextDueYear` differs (e.g. a
 *   双有-only enterprise whose 5-year interval of art. 12 ran out);
 * - `unchanged`: same criteria, recommendation and `nextDueYear` (the current results). Differences
 *   in evidence values, name, division or key industry alone do not count as a change.
 */
export interface ScreeningRunDiff<B extends ScreeningDiffItem = ScreeningResult, A extends ScreeningDiffItem = ScreeningResult> {
  added: A[];
  dropped: B[];
  reasonsChanged: ScreeningReasonsChange[];
  recommendationChanged: ScreeningRecommendationChange[];
  unchanged: A[];
}

/**
 * What a comparison reads of a result: the credit code, the criteria of its reasons, the
 * recommendation and `nextDueYear`. A stored run can be compared from these columns alone, without
 * loading its evidence.
 */
export interface ScreeningDiffItem {
  readonly uscc: string;
  readonly recommendation: ScreeningRecommendation;
  readonly nextDueYear: number | null;
  readonly reasons: readonly { readonly criterion: ScreeningCriterion }[];
}

function criteriaOf(result: ScreeningDiffItem): ScreeningCriterion[] {
  return [...new Set(result.reasons.map((r) => r.criterion))].sort();
}

function byUscc<T extends ScreeningDiffItem>(results: readonly T[], which: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const r of results) {
    if (map.has(r.uscc)) throw new RangeError(`diffScreeningRuns: ${which} lists ${r.uscc} twice`);
    map.set(r.uscc, r);
  }
  return map;
}

const compareUscc = (a: { uscc: string }, b: { uscc: string }): number => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0);

/**
 * Compares a previous screening with the current one (two runs of consecutive data, or two rule-set
 * versions on the same data: who would be added or dropped before a new version is published).
 * Enterprises are matched by `uscc`.
 *
 * @throws RangeError when one side lists a `uscc` twice
 */
export function diffScreeningRuns<B extends ScreeningDiffItem, A extends ScreeningDiffItem>(
  previous: readonly B[],
  current: readonly A[],
): ScreeningRunDiff<B, A> {
  const before = byUscc(previous, 'previous');
  const after = byUscc(current, 'current');
  const diff: ScreeningRunDiff<B, A> = { added: [], dropped: [], reasonsChanged: [], recommendationChanged: [], unchanged: [] };
  for (const [uscc, now] of after) {
    const then = before.get(uscc);
    if (then === undefined) {
      diff.added.push(now);
      continue;
    }
    const b = criteriaOf(then);
    const a = criteriaOf(now);
    if (b.join() !== a.join()) diff.reasonsChanged.push({ uscc, before: b, after: a });
    else if (then.recommendation !== now.recommendation || then.nextDueYear !== now.nextDueYear) {
      diff.recommendationChanged.push({
        uscc,
        before: { recommendation: then.recommendation, nextDueYear: then.nextDueYear },
        after: { recommendation: now.recommendation, nextDueYear: now.nextDueYear },
      });
    } else diff.unchanged.push(now);
  }
  for (const [uscc, then] of before) if (!after.has(uscc)) diff.dropped.push(then);
  diff.added.sort(compareUscc);
  diff.dropped.sort(compareUscc);
  diff.reasonsChanged.sort(compareUscc);
  diff.recommendationChanged.sort(compareUscc);
  diff.unchanged.sort(compareUscc);
  return diff;
}

/**
 * The counts a screening run records: `listed` enterprises (with at least one reason), how many
 * are `mandatory` and `notDue`, how many have each criterion (an enterprise counts once per
 * criterion), and how many listed enterprises are in a key industry.
 */
export interface ScreeningCounts {
  listed: number;
  mandatory: number;
  notDue: number;
  keyIndustry: number;
  byCriterion: Record<ScreeningCriterion, number>;
}

/** Counts the results of a screening run (`ScreeningCounts`). */
export function countScreeningResults(results: readonly ScreeningResult[]): ScreeningCounts {
  const byCriterion = Object.fromEntries(SCREENING_CRITERIA.map((c) => [c, 0])) as Record<ScreeningCriterion, number>;
  let mandatory = 0;
  let notDue = 0;
  let keyIndustry = 0;
  for (const r of results) {
    if (r.recommendation === 'mandatory') mandatory += 1;
    else notDue += 1;
    if (r.keyIndustry !== null) keyIndustry += 1;
    for (const c of criteriaOf(r)) byCriterion[c] += 1;
  }
  return { listed: results.length, mandatory, notDue, keyIndustry, byCriterion };
}
