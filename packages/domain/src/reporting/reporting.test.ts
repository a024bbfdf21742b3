import { describe, expect, it } from 'vitest';
import { applyActionPlanAction, type ActionPlanState } from './action-plan.ts';
import { beijingDateOfInstant, defaultReportDueDate, reminderDue, reportTag, reportTimeliness } from './deadlines.ts';

describe('yearly report due dates', () => {
  it.each([
    [2022, '2023-02-28'],
    [2023, '2024-02-29'],
    [2025, '2026-02-28'],
    [2099, '2100-02-28'],
    [1999, '2000-02-29'],
  ])('when the report covers %i, then it is due on %s (end of February)', (year, due) => {
    expect(defaultReportDueDate(year)).toBe(due);
  });
  it('when the year is not an integer, then RangeError', () => {
    expect(() => defaultReportDueDate(2022.5)).toThrow(RangeError);
  });
});

describe('timeliness (due date ends at 24:00 Beijing time)', () => {
  it.each([
    ['2023-02-28', '2023-02-28T23:59:00+08:00', '2023-03-10', 'onTime'],
    ['2023-02-28', '2023-02-28T15:59:59Z', '2023-03-10', 'onTime'],
    ['2023-02-28', '2023-02-28T16:00:00Z', '2023-03-10', 'late'],
    ['2023-02-28', '2023-03-01T00:00:00+08:00', '2023-03-10', 'late'],
    ['2024-02-29', '2024-02-29T12:00:00+08:00', '2024-03-10', 'onTime'],
    ['2024-02-29', '2024-03-01T08:00:00+08:00', '2024-03-10', 'late'],
    ['2023-02-28', null, '2023-02-28', 'pending'],
    ['2023-02-28', null, '2023-03-01', 'missing'],
    ['2024-02-29', null, '2024-02-29', 'pending'],
    ['2024-02-29', null, '2024-03-01', 'missing'],
    ['2023-02-28', '2023-01-15T10:00:00+08:00', '2023-01-20', 'onTime'],
  ] as const)('when due %s, submitted %s, today %s, then %s', (due, submitted, today, expected) => {
    expect(reportTimeliness(due, submitted, today)).toBe(expected);
  });
  it('when the instant has no offset, then RangeError (never the host time zone)', () => {
    expect(() => reportTimeliness('2023-02-28', '2023-02-28T23:59:00', '2023-03-01')).toThrow(RangeError);
    expect(() => beijingDateOfInstant('2023-02-30T00:00:00Z')).toThrow(RangeError);
  });
  it.each([
    ['onTime', 'submitted'],
    ['late', 'submitted'],
    ['missing', 'overdue'],
    ['pending', 'notSubmitted'],
  ] as const)('when %s, then the matrix tag is %s', (t, tag) => expect(reportTag(t)).toBe(tag));
});

describe('reminders', () => {
  it.each([
    ['2023-02-20', false, false],
    ['2023-02-21', false, true],
    ['2023-02-28', false, true],
    ['2023-03-01', false, false],
    ['2023-02-25', true, false],
  ] as const)('when due 2023-02-28 with 7 reminder days, today %s, submitted %s, then reminder %s', (today, submitted, expected) => {
    expect(reminderDue('2023-02-28', submitted, today, 7)).toBe(expected);
  });
  it('when the window crosses a leap day, then it counts it (due 2024-03-02, 3 days → from 2024-02-28)', () => {
    expect(reminderDue('2024-03-02', false, '2024-02-27', 3)).toBe(false);
    expect(reminderDue('2024-03-02', false, '2024-02-28', 3)).toBe(true);
  });
  it('when reminderDays is negative, then RangeError', () => {
    expect(() => reminderDue('2023-02-28', false, '2023-02-28', -1)).toThrow(RangeError);
  });
});

describe('action-plan workflow', () => {
  const draft: ActionPlanState = { status: 'draft', deeApproved: false, drcApproved: false };
  const submitted: ActionPlanState = { status: 'submitted', deeApproved: false, drcApproved: false };
  it('when DEE then DRC approve a submitted plan, then it is approved only after the second', () => {
    const a = applyActionPlanAction(submitted, { kind: 'approve', department: 'dee' });
    expect(a).toEqual({ ok: true, next: { status: 'submitted', deeApproved: true, drcApproved: false } });
    const b = applyActionPlanAction((a as { next: ActionPlanState }).next, { kind: 'approve', department: 'drc' });
    expect(b).toEqual({ ok: true, next: { status: 'approved', deeApproved: true, drcApproved: true } });
  });
  it.each([
    [draft, { kind: 'submit' }, { ok: true, next: submitted }],
    [draft, { kind: 'approve', department: 'dee' }, { ok: false, violation: 'notSubmitted' }],
    [submitted, { kind: 'submit' }, { ok: false, violation: 'notDraft' }],
    [submitted, { kind: 'edit' }, { ok: false, violation: 'notDraft' }],
    [submitted, { kind: 'return', department: 'drc' }, { ok: true, next: { status: 'returned', deeApproved: false, drcApproved: false } }],
    [{ status: 'submitted', deeApproved: true, drcApproved: false }, { kind: 'approve', department: 'dee' }, { ok: false, violation: 'alreadyApprovedByDepartment' }],
    [{ status: 'approved', deeApproved: true, drcApproved: true }, { kind: 'return', department: 'dee' }, { ok: false, violation: 'notSubmitted' }],
    [{ status: 'returned', deeApproved: false, drcApproved: false }, { kind: 'submit' }, { ok: false, violation: 'notDraft' }],
  ] as const)('when %j gets %j, then %j', (state, action, outcome) => {
    expect(applyActionPlanAction(state as ActionPlanState, action as never)).toEqual(outcome);
  });
});
