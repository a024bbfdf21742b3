import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ACCEPTANCE_TEMPLATE,
  DEFAULT_EVALUATION_TEMPLATE,
  panelResult,
  ReviewSheetError,
  sheetTotal,
  validateTemplate,
  type ExpertSheet,
} from './review-sheet.ts';

const T = DEFAULT_EVALUATION_TEMPLATE;
// Evaluation items: preparation 5, preAssessment 25, assessment 20, optionGeneration 15,
// feasibility 20, implementationPlan 5, reportQuality 10 (= 100).
const sheet = (expertId: number, s: [number, number, number, number, number, number, number], vetoes: string[] = []): ExpertSheet => ({
  expertId,
  scores: { preparation: s[0], preAssessment: s[1], assessment: s[2], optionGeneration: s[3], feasibility: s[4], implementationPlan: s[5], reportQuality: s[6] },
  vetoes,
});
const S90 = [4.5, 22.5, 18, 13.5, 18, 4.5, 9] as const; // 90
const S70 = [3.5, 17.5, 14, 10.5, 14, 3.5, 7] as const; // 70
const S8997 = [4.5, 22.5, 18, 13.5, 18, 4.5, 8.97] as const; // 89.97
const S6999 = [3.5, 17.5, 14, 10.5, 14, 3.5, 6.99] as const; // 69.99

describe('default templates', () => {
  it('when the defaults are checked, then both total 100 points, are labelled local practice and pass validation', () => {
    for (const t of [DEFAULT_EVALUATION_TEMPLATE, DEFAULT_ACCEPTANCE_TEMPLATE]) {
      expect(t.items.reduce((a, i) => a + i.maxPoints, 0)).toBe(100);
      expect(t.localPractice).toBe(true);
      expect([t.passWithRevisionsFrom, t.passFrom]).toEqual([70, 90]);
      expect(() => validateTemplate(t)).not.toThrow();
    }
  });
});

describe('panelResult: hand-worked bands', () => {
  it.each<[string, ExpertSheet[], number, string]>([
    ['when three sheets of exactly 70, then mean 70 → passWithRevisions', [sheet(1, [...S70]), sheet(2, [...S70]), sheet(3, [...S70])], 70, 'passWithRevisions'],
    ['when 70, 70, 69.99, then mean 69.9966… → fail (band on the exact mean)', [sheet(1, [...S70]), sheet(2, [...S70]), sheet(3, [...S6999])], 70, 'fail'],
    ['when 90, 90, 89.97, then mean 89.99 → passWithRevisions', [sheet(1, [...S90]), sheet(2, [...S90]), sheet(3, [...S8997])], 89.99, 'passWithRevisions'],
    ['when three sheets of 90, then mean 90 → pass', [sheet(1, [...S90]), sheet(2, [...S90]), sheet(3, [...S90])], 90, 'pass'],
    ['when 100, 90, 80, then mean 90 → pass', [sheet(1, [5, 25, 20, 15, 20, 5, 10]), sheet(2, [...S90]), sheet(3, [4, 20, 16, 12, 16, 4, 8])], 90, 'pass'],
    ['when 90, 90, 90 but one expert ticks a veto item, then fail', [sheet(1, [...S90]), sheet(2, [...S90], ['fabricatedData']), sheet(3, [...S90])], 90, 'fail'],
  ])('%s', (_name, sheets, mean, outcome) => {
    const r = panelResult(T, sheets);
    expect(r.mean).toBe(mean);
    expect(r.outcome).toBe(outcome);
  });

  it('when the veto is ticked, then the result names it, and each sheet total is given', () => {
    const r = panelResult(T, [sheet(1, [...S90]), sheet(2, [...S90], ['fabricatedData']), sheet(3, [...S8997])]);
    expect(r.vetoes).toEqual(['fabricatedData']);
    expect(r.sheets).toEqual([
      { expertId: 1, total: 90 },
      { expertId: 2, total: 90 },
      { expertId: 3, total: 89.97 },
    ]);
  });

  it('when the veto rule is majority, then one veto of three does not fail and two do', () => {
    const t = { ...T, vetoRule: 'majority' as const };
    expect(panelResult(t, [sheet(1, [...S90]), sheet(2, [...S90], ['fabricatedData']), sheet(3, [...S90])]).outcome).toBe('pass');
    expect(panelResult(t, [sheet(1, [...S90], ['fabricatedData']), sheet(2, [...S90], ['fabricatedData']), sheet(3, [...S90])]).outcome).toBe('fail');
  });

  it('when the bands are configured to 60/80, then a mean of 70 passes with revisions and 80 passes', () => {
    const t = { ...T, passWithRevisionsFrom: 60, passFrom: 80 };
    expect(panelResult(t, [sheet(1, [...S70])]).outcome).toBe('passWithRevisions');
    expect(panelResult(t, [sheet(1, [4, 20, 16, 12, 16, 4, 8])]).outcome).toBe('pass');
  });
});

describe('sheet errors are located', () => {
  const pathOf = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (e instanceof ReviewSheetError) return e.path;
      throw e;
    }
    return 'none';
  };
  it.each<[string, () => unknown, string]>([
    ['when an item is above its maximum, then it names the item', () => sheetTotal(T, sheet(1, [6, 25, 20, 15, 20, 5, 10])), 'sheet.scores.preparation'],
    ['when a score is negative, then it names the item', () => sheetTotal(T, sheet(1, [5, 25, 20, 15, 20, 5, -1])), 'sheet.scores.reportQuality'],
    ['when a score has 3 decimals, then it names the item', () => sheetTotal(T, sheet(1, [5, 25, 20, 15, 20, 5, 9.995])), 'sheet.scores.reportQuality'],
    ['when an item is not scored, then it names the item', () => sheetTotal(T, { expertId: 1, scores: { preparation: 5 }, vetoes: [] }), 'sheet.scores.preAssessment'],
    ['when an unknown item is scored, then it names it', () => sheetTotal(T, { expertId: 1, scores: { bonus: 5 }, vetoes: [] }), 'sheet.scores.bonus'],
    ['when an unknown veto is ticked, then vetoes', () => sheetTotal(T, sheet(1, [...S90], ['nope'])), 'sheet.vetoes'],
    ['when an expert has two sheets, then the second', () => panelResult(T, [sheet(1, [...S90]), sheet(1, [...S90])]), 'sheets[1].expertId'],
    ['when there is no sheet, then sheets', () => panelResult(T, []), 'sheets'],
    ['when template items sum to 95, then items', () => validateTemplate({ ...T, items: T.items.slice(1) }), 'items'],
    ['when a template repeats a key, then that key', () => validateTemplate({ ...T, items: [...T.items, T.items[0]!] }), 'items[7].key'],
  ])('%s', (_name, f, path) => {
    expect(pathOf(f)).toBe(path);
  });

  it('when a sheet is fully scored 90, then its total is 90', () => {
    expect(sheetTotal(T, sheet(1, [...S90]))).toBe(90);
  });
});
