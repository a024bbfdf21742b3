import type { AuditMode, AuditState } from './audit-workflow.ts';

/**
 * What {@link groupingViolation} needs of an audit: its `id`, `mode`, `state`, list year, city
 * (GB/T 2260 6-digit code), the lead it is a member of (`leadAuditId`, or null) and how many
 * member audits it leads (`memberCount`).
 */
export interface GroupingAudit {
  id: number;
  mode: AuditMode;
  state: AuditState;
  listYear: number;
  cityCode: string;
  leadAuditId: number | null;
  memberCount: number;
}

/**
 * A change to how audits are grouped (issue 6 item 1: a `park` or `cluster` audit covers several
 * member enterprises under one lead, each member with its own disclosure):
 * - `setMode`: set the mode of `lead` to `mode`;
 * - `addMember` / `removeMember`: attach `member` to `lead` or detach it.
 */
export type GroupingChange =
  | { kind: 'setMode'; lead: GroupingAudit; mode: AuditMode }
  | { kind: 'addMember' | 'removeMember'; lead: GroupingAudit; member: GroupingAudit };

/**
 * Named reasons a grouping change is refused:
 * - `notListed`: the lead (or the member) has moved past `listed` — members disclose before the
 *   lead does (`memberDisclosuresMissing`), so the group is fixed once the lead has disclosed;
 * - `isMember`: the lead is itself a member of another audit;
 * - `hasMembers`: leaving `park`/`cluster` while members are attached, or adding as member an
 *   audit that leads members;
 * - `notGroupMode`: adding a member to a `standard`/`simplified` audit;
 * - `self`: an audit as its own member;
 * - `otherYear` / `otherCity`: the member is of another list year or another city;
 * - `alreadyMember`: the member already belongs to a lead (this or another);
 * - `notMember`: removing an audit that is not a member of this lead.
 */
export const groupingViolations = ['notListed', 'isMember', 'hasMembers', 'notGroupMode', 'self', 'otherYear', 'otherCity', 'alreadyMember', 'notMember'] as const;
export type GroupingViolation = (typeof groupingViolations)[number];

const GROUP_MODES: readonly AuditMode[] = ['park', 'cluster'];

/**
 * Whether a grouping change may be made, and if not why (the first rule broken, in the order of
 * {@link groupingViolations} as listed per change). Setting the mode the audit already has is allowed
 * (idempotent). Cities are compared on the first four digits of their codes.
 * @returns `null` when allowed, else the violation
 */
export function groupingViolation(change: GroupingChange): GroupingViolation | null {
  const { lead } = change;
  if (lead.state !== 'listed') return 'notListed';
  if (lead.leadAuditId !== null) return 'isMember';
  if (change.kind === 'setMode') {
    if (change.mode === lead.mode) return null;
    if (!GROUP_MODES.includes(change.mode) && lead.memberCount > 0) return 'hasMembers';
    return null;
  }
  const { member } = change;
  if (change.kind === 'removeMember') return member.leadAuditId === lead.id ? null : 'notMember';
  if (!GROUP_MODES.includes(lead.mode)) return 'notGroupMode';
  if (member.id === lead.id) return 'self';
  if (member.leadAuditId !== null) return 'alreadyMember';
  if (member.memberCount > 0) return 'hasMembers';
  if (member.state !== 'listed') return 'notListed';
  if (member.listYear !== lead.listYear) return 'otherYear';
  if (member.cityCode.slice(0, 4) !== lead.cityCode.slice(0, 4)) return 'otherCity';
  return null;
}
