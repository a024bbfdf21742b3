import { describe, expect, it } from 'vitest';
import { basisLabel, buildDraftEntries, groupByCity, rollsOver, type EarlierAudit } from './entries.ts';
import { nextListState, nextSupplementRound, requiresDrcApproval, type ListAction, type ListDepartment, type ListState } from './workflow.ts';

const S = (status: ListState['status'], dee = false, drc = false, needsDrc = false): ListState => ({ status, deeApproved: dee, drcApproved: drc, needsDrc });

describe('nextListState', () => {
  it.each<[string, ListState, ListAction, ListDepartment, number, ListState | string]>([
    ['when the city submits a draft with entries, then submitted', S('draft'), 'submit', 'city', 3, S('submitted')],
    ['when the city submits an empty draft, then refused', S('draft'), 'submit', 'city', 0, 'RULE_VIOLATION'],
    ['when the city resubmits a returned list, then submitted with approvals cleared', S('returned', true, false, true), 'submit', 'city', 1, S('submitted', false, false, true)],
    ['when the city submits twice, then conflict', S('submitted'), 'submit', 'city', 1, 'CONFLICT'],
    ['when the DEE submits, then forbidden', S('draft'), 'submit', 'dee', 1, 'FORBIDDEN'],
    ['when DEE approves a list without energy entries, then approved', S('submitted'), 'approve', 'dee', 1, S('approved', true, false, false)],
    ['when DEE approves a list needing DRC, then still submitted', S('submitted', false, false, true), 'approve', 'dee', 1, S('submitted', true, false, true)],
    ['when DRC approves after DEE, then approved', S('submitted', true, false, true), 'approve', 'drc', 1, S('approved', true, true, true)],
    ['when DRC approves first, then still submitted', S('submitted', false, false, true), 'approve', 'drc', 1, S('submitted', false, true, true)],
    ['when DEE approves twice, then conflict', S('submitted', true, false, true), 'approve', 'dee', 1, 'CONFLICT'],
    ['when a draft is approved, then conflict', S('draft'), 'approve', 'dee', 1, 'CONFLICT'],
    ['when the city approves, then forbidden', S('submitted'), 'approve', 'city', 1, 'FORBIDDEN'],
    ['when DRC returns a submitted list, then returned with approvals cleared', S('submitted', true, false, true), 'return', 'drc', 1, S('returned', false, false, true)],
    ['when DEE returns an approved list, then returned', S('approved', true, true, true), 'return', 'dee', 1, S('returned', false, false, true)],
    ['when a published list is returned, then conflict', S('published', true), 'return', 'dee', 1, 'CONFLICT'],
    ['when DEE publishes an approved list, then published', S('approved', true), 'publish', 'dee', 1, S('published', true)],
    ['when DRC publishes, then forbidden', S('approved', true), 'publish', 'drc', 1, 'FORBIDDEN'],
    ['when a submitted list is published, then conflict', S('submitted', true, false, true), 'publish', 'dee', 1, 'CONFLICT'],
  ])('%s', (_name, state, action, dept, n, expected) => {
    const r = nextListState(state, action, dept, n);
    if (typeof expected === 'string') {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.refusal.code).toBe(expected);
    } else {
      expect(r).toEqual({ ok: true, state: expected });
    }
  });
});

describe('requiresDrcApproval and nextSupplementRound', () => {
  it.each([
    [[{ criteria: ['exceedsStandard'] }, { criteria: [] }], false],
    [[{ criteria: ['exceedsStandard'] }, { criteria: ['exceedsEnergyLimit', 'exceedsQuota'] }], true],
    [[], false],
  ])('requiresDrcApproval(%j) = %s', (entries, expected) => expect(requiresDrcApproval(entries)).toBe(expected));
  it.each([
    [[], 0],
    [[0], 1],
    [[0, 1, 2], 3],
    [[2, 0, 1], 3],
  ])('when rounds %j are published, then the next is %i', (rounds, expected) => expect(nextSupplementRound(rounds)).toBe(expected));
});

describe('basisLabel', () => {
  it.each([
    ['voluntary', [], '自愿'],
    ['mandatory', ['exceedsStandard'], '双超'],
    ['mandatory', ['exceedsQuota', 'exceedsStandard'], '双超'],
    ['mandatory', ['usesHazardousMaterials'], '双有'],
    ['mandatory', ['dischargesHazardousSubstances'], '双有'],
    ['mandatory', ['exceedsEnergyLimit'], '高耗能'],
    ['mandatory', ['exceedsEnergyLimit', 'usesHazardousMaterials', 'exceedsQuota'], '双超、双有、高耗能'],
    ['mandatory', ['unknown'], ''],
  ] as const)('%s %j → %s', (type, criteria, expected) => expect(basisLabel(type, criteria)).toBe(expected));
});

describe('rollsOver', () => {
  const a = (state: string, reportDue: string | null, listYear = 2024, auditType: 'mandatory' | 'voluntary' = 'mandatory', extra: Partial<EarlierAudit> = {}): EarlierAudit => ({
    enterpriseId: 1, listYear, auditType, state, reportDue, criteria: ['exceedsStandard'], ...extra,
  });
  it.each([
    ['a rolledOver audit rolls over', a('rolledOver', '2025-09-01'), 2026, true],
    ['acceptance failed twice (the default maximum) rolls over', a('acceptanceFailed', '2025-09-01', 2024, 'mandatory', { acceptanceFailures: 2 }), 2026, true],
    ['acceptance failed once may still reapply: no roll-over', a('acceptanceFailed', '2025-09-01', 2024, 'mandatory', { acceptanceFailures: 1 }), 2026, false],
    ['an accepted audit does not', a('accepted', '2025-09-01'), 2026, false],
    ['an open audit whose report was due in 2025 rolls over into 2026', a('started', '2025-09-01'), 2026, true],
    ['a listed audit whose report was due on 2025-12-31 rolls over into 2026', a('listed', '2025-12-31'), 2026, true],
    ['a submitted report is not overdue, even after its due day', a('reportSubmitted', '2025-09-01'), 2026, false],
    ['an open audit whose report is due in 2026 does not', a('started', '2026-03-02', 2025), 2026, false],
    ['a report due on 2026-01-01 is not yet overdue for list year 2026', a('listed', '2026-01-01', 2025), 2026, false],
    ['implementing past the acceptance-application due day rolls over', a('implementing', '2025-09-01', 2024, 'mandatory', { acceptanceApplicationDue: '2025-11-30' }), 2026, true],
    ['evaluationPassed with the application due in 2026 does not', a('evaluationPassed', '2025-09-01', 2024, 'mandatory', { acceptanceApplicationDue: '2026-02-02' }), 2026, false],
    ['a voluntary audit never rolls over', a('rolledOver', null, 2024, 'voluntary'), 2026, false],
    ['an audit of the same list year does not', a('rolledOver', '2027-09-01', 2026), 2026, false],
  ])('%s', (_n, audit, year, expected) => expect(rollsOver(audit, year)).toBe(expected));

  it('when the maximum of failed acceptances is configured to 3, then 2 failures do not roll over', () => {
    expect(rollsOver(a('acceptanceFailed', '2025-09-01', 2024, 'mandatory', { acceptanceFailures: 2 }), 2026, 3)).toBe(false);
  });
});

describe('buildDraftEntries', () => {
  it('when sources overlap, then each enterprise appears once with the first source by precedence', () => {
    const entries = buildDraftEntries({
      listYear: 2026,
      confirmedCandidates: [{ enterpriseId: 1, criteria: ['exceedsStandard'] }, { enterpriseId: 2, criteria: ['exceedsEnergyLimit'] }],
      earlierAudits: [
        { enterpriseId: 2, listYear: 2023, auditType: 'mandatory', state: 'rolledOver', reportDue: '2024-09-01', criteria: ['exceedsQuota'] },
        { enterpriseId: 3, listYear: 2023, auditType: 'mandatory', state: 'acceptanceFailed', acceptanceFailures: 2, reportDue: '2024-09-01', criteria: ['exceedsQuota'] },
        // enterprise 4: failed in 2022 but accepted in its 2024 audit → no roll-over (the latest audit decides)
        { enterpriseId: 4, listYear: 2022, auditType: 'mandatory', state: 'rolledOver', reportDue: '2023-09-01', criteria: [] },
        { enterpriseId: 4, listYear: 2024, auditType: 'mandatory', state: 'accepted', reportDue: '2025-09-01', criteria: [] },
      ],
      voluntary: [
        { enterpriseId: 1, source: 'applied' },
        { enterpriseId: 5, source: 'applied' },
        { enterpriseId: 6, source: 'cityAdded' },
        { enterpriseId: 7, source: 'cityAdded' },
      ],
      alreadyListed: new Set([7]),
    });
    expect(entries).toEqual([
      { enterpriseId: 1, auditType: 'mandatory', source: 'screening', criteria: ['exceedsStandard'] },
      { enterpriseId: 2, auditType: 'mandatory', source: 'screening', criteria: ['exceedsEnergyLimit'] },
      { enterpriseId: 3, auditType: 'mandatory', source: 'rolledOver', criteria: ['exceedsQuota'] },
      { enterpriseId: 5, auditType: 'voluntary', source: 'applied', criteria: [] },
      { enterpriseId: 6, auditType: 'voluntary', source: 'cityAdded', criteria: [] },
    ]);
  });
});

describe('groupByCity', () => {
  it('when rows of two cities are mixed, then groups follow the city code and rows the credit code', () => {
    const rows = [
      { cityCode: '450200', uscc: '91450200B' },
      { cityCode: '450100', uscc: '91450100Z' },
      { cityCode: '450100', uscc: '91450100A' },
    ];
    expect(groupByCity(rows)).toEqual({
      total: 3,
      groups: [
        { cityCode: '450100', rows: [{ cityCode: '450100', uscc: '91450100A' }, { cityCode: '450100', uscc: '91450100Z' }] },
        { cityCode: '450200', rows: [{ cityCode: '450200', uscc: '91450200B' }] },
      ],
    });
  });
});
