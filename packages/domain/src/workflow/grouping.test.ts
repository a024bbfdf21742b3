import { describe, expect, it } from 'vitest';
import { groupingViolation, type GroupingAudit } from './grouping.ts';

const audit = (over: Partial<GroupingAudit> = {}): GroupingAudit => ({ id: 1, mode: 'park', state: 'listed', listYear: 2025, cityCode: '450100', leadAuditId: null, memberCount: 0, ...over });
const lead = audit();
const member = audit({ id: 2, mode: 'standard', cityCode: '450102' });

describe('groupingViolation', () => {
  it.each([
    ['when a listed standard audit becomes a park, then allowed', { kind: 'setMode', lead: audit({ mode: 'standard' }), mode: 'park' }, null],
    ['when the mode is set to the one it has, then allowed', { kind: 'setMode', lead, mode: 'park' }, null],
    ['when a park with members goes back to standard, then hasMembers', { kind: 'setMode', lead: audit({ memberCount: 2 }), mode: 'standard' }, 'hasMembers'],
    ['when a park with members becomes a cluster, then allowed', { kind: 'setMode', lead: audit({ memberCount: 2 }), mode: 'cluster' }, null],
    ['when the lead has disclosed, then notListed', { kind: 'setMode', lead: audit({ state: 'disclosed' }), mode: 'cluster' }, 'notListed'],
    ['when the lead is itself a member, then isMember', { kind: 'setMode', lead: audit({ leadAuditId: 9 }), mode: 'park' }, 'isMember'],
    ['when a listed audit of the same city and year joins a park, then allowed', { kind: 'addMember', lead, member }, null],
    ['when the lead is standard, then notGroupMode', { kind: 'addMember', lead: audit({ mode: 'standard' }), member }, 'notGroupMode'],
    ['when the lead is added to itself, then self', { kind: 'addMember', lead, member: lead }, 'self'],
    ['when the member belongs to another lead, then alreadyMember', { kind: 'addMember', lead, member: audit({ id: 2, leadAuditId: 7 }) }, 'alreadyMember'],
    ['when the member leads members itself, then hasMembers', { kind: 'addMember', lead, member: audit({ id: 2, memberCount: 1 }) }, 'hasMembers'],
    ['when the member has started, then notListed', { kind: 'addMember', lead, member: audit({ id: 2, state: 'started' }) }, 'notListed'],
    ['when the member is of the 2026 list, then otherYear', { kind: 'addMember', lead, member: audit({ id: 2, listYear: 2026 }) }, 'otherYear'],
    ['when the member is in 柳州, then otherCity', { kind: 'addMember', lead, member: audit({ id: 2, cityCode: '450200' }) }, 'otherCity'],
    ['when a member is removed, then allowed', { kind: 'removeMember', lead, member: audit({ id: 2, leadAuditId: 1 }) }, null],
    ['when a non-member is removed, then notMember', { kind: 'removeMember', lead, member }, 'notMember'],
  ] as const)('%s', (_name, change, expected) => {
    expect(groupingViolation(change)).toBe(expected);
  });
});
