import { describe, expect, it } from 'vitest';
import { countScreeningResults, diffScreeningRuns } from './diff.ts';
import { buildRuleSet } from './rule-set.ts';
import { screenAll } from './screen.ts';
import type { ScreeningCriterion, ScreeningEnterprise, ScreeningResult } from './types.ts';

function result(uscc: string, criteria: ScreeningCriterion[], recommendation: ScreeningResult['recommendation'] = 'mandatory', nextDueYear: number | null = null): ScreeningResult {
  return {
    uscc,
    name: `企业${uscc.slice(-2)}`,
    divisionCode: '450102',
    keyIndustry: null,
    recommendation,
    nextDueYear,
    reasons: criteria.map((criterion) => ({ criterion, basis: 'b', evidence: [] })),
  };
}

describe('diffScreeningRuns', () => {
  const previous = [
    result('91450000000000000A', ['exceedsStandard']),
    result('91450000000000000B', ['usesHazardousMaterials'], 'notDue', 2023),
    result('91450000000000000C', ['exceedsQuota']),
    result('91450000000000000D', ['usesHazardousMaterials'], 'notDue', 2023),
  ];
  const current = [
    result('91450000000000000E', ['exceedsEnergyLimit']),
    result('91450000000000000D', ['usesHazardousMaterials'], 'mandatory'),
    result('91450000000000000B', ['usesHazardousMaterials'], 'notDue', 2023),
    result('91450000000000000A', ['exceedsQuota', 'exceedsStandard']),
  ];
  const diff = diffScreeningRuns(previous, current);

  it.each([
    ['when an enterprise is listed only now, then it is added', 'added', ['91450000000000000E']],
    ['when an enterprise is listed only before, then it is dropped', 'dropped', ['91450000000000000C']],
    ['when the criteria differ, then reasons changed', 'reasonsChanged', ['91450000000000000A']],
    ['when only the recommendation differs, then recommendation changed', 'recommendationChanged', ['91450000000000000D']],
    ['when everything relevant is equal, then unchanged', 'unchanged', ['91450000000000000B']],
  ] as const)('%s', (_name, key, usccs) => {
    expect(diff[key].map((x) => x.uscc)).toEqual(usccs);
  });

  it('when the criteria differ, then before and after are sorted criterion lists', () => {
    expect(diff.reasonsChanged).toStrictEqual([{ uscc: '91450000000000000A', before: ['exceedsStandard'], after: ['exceedsQuota', 'exceedsStandard'] }]);
    expect(diff.recommendationChanged).toStrictEqual([
      { uscc: '91450000000000000D', before: { recommendation: 'notDue', nextDueYear: 2023 }, after: { recommendation: 'mandatory', nextDueYear: null } },
    ]);
  });

  it('when both runs are empty, then every list is empty', () => {
    expect(diffScreeningRuns([], [])).toStrictEqual({ added: [], dropped: [], reasonsChanged: [], recommendationChanged: [], unchanged: [] });
  });

  it('when a run lists a credit code twice, then RangeError', () => {
    expect(() => diffScreeningRuns([result('X', ['exceedsQuota']), result('X', ['exceedsQuota'])], [])).toThrow(RangeError);
  });

  it('when two rule-set versions are compared on the same data (a new list adds 萘), then the newly caught enterprise is added', () => {
    const enterprises: ScreeningEnterprise[] = [
      { uscc: '91450000000000000A', name: 'A', divisionCode: '450102', industryCodes: ['2611'], lastAcceptanceDate: null },
      { uscc: '91450000000000000B', name: 'B', divisionCode: '450102', industryCodes: ['2611'], lastAcceptanceDate: null },
    ];
    const hazardous = [
      { uscc: '91450000000000000A', year: 2021, category: 'use' as const, substanceName: '萘', casNo: '91-20-3', quantity: 1, unit: 't' },
      { uscc: '91450000000000000B', year: 2021, category: 'use' as const, substanceName: '甲醛', casNo: '50-00-0', quantity: 1, unit: 't' },
    ];
    const v1 = buildRuleSet({ version: 'v1', hazardousLists: [{ listName: 'L1', substances: [{ nameZh: '甲醛', casNumbers: ['50-00-0'] }] }] });
    const v2 = buildRuleSet({ version: 'v2', hazardousLists: [...v1.hazardousLists, { listName: 'L2', substances: [{ nameZh: '萘', casNumbers: ['91-20-3'] }] }] });
    const run = (ruleSet: typeof v1): ScreeningResult[] =>
      screenAll(enterprises, { exceedances: [], quotas: [], hazardous, energy: [] }, { dataYear: 2021, ruleSet, keyIndustryMapping: [] });
    const d = diffScreeningRuns(run(v1), run(v2));
    expect(d.added.map((r) => r.uscc)).toEqual(['91450000000000000A']);
    expect(d.dropped).toEqual([]);
    expect(d.unchanged.map((r) => r.uscc)).toEqual(['91450000000000000B']);
  });
});

describe('countScreeningResults', () => {
  it('when results are counted, then listed, mandatory, notDue, key industry and each criterion are counted', () => {
    const results = [
      { ...result('A', ['exceedsQuota', 'exceedsStandard']), keyIndustry: 'chemical' },
      result('B', ['usesHazardousMaterials'], 'notDue', 2024),
      result('C', ['exceedsStandard']),
    ];
    expect(countScreeningResults(results)).toStrictEqual({
      listed: 3,
      mandatory: 2,
      notDue: 1,
      keyIndustry: 1,
      byCriterion: { dischargesHazardousSubstances: 0, exceedsEnergyLimit: 0, exceedsQuota: 1, exceedsStandard: 2, usesHazardousMaterials: 1 },
    });
  });
});
