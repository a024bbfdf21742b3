/**
 * Deadlines of the cities' yearly progress reports (年度落实情况报告) and the reporting-status
 * tags of the region's matrix. Pure: the caller passes "today" and the instants; no clock.
 *
 * Source: the Guangxi 2021–2023 plan asks each city to report on the previous year's work by the
 * end of the second month (regulations.md §10 "The end of 2nd month report", mirroring
 * 环办科财〔2020〕27号); the date is configuration, so every function takes the due date.
 * The last day ends at 24:00 Beijing time (Civil Code art. 203, as for the audit deadlines).
 */
import { addDays, daysInMonth, parseIsoDate, type IsoDate } from '../calendar/iso-date.ts';
import { beijingDateOf } from '../calendar/audit-deadlines.ts';

/**
 * The default due date of the report on year `year`: the last day of February of `year + 1`
 * (`2022` → `'2023-02-28'`, `2023` → `'2024-02-29'`).
 * @throws RangeError when `year` is not an integer 1000–9998
 */
export function defaultReportDueDate(year: number): IsoDate {
  if (!Number.isInteger(year) || year < 1000 || year > 9998) throw new RangeError(`defaultReportDueDate: year ${year} out of range`);
  return `${year + 1}-02-${String(daysInMonth(year + 1, 2)).padStart(2, '0')}`;
}

/**
 * The calendar date in Beijing (UTC+08:00, no daylight saving) of an instant given as an ISO
 * 8601 string with an offset or `Z` (`'2023-02-28T16:30:00Z'` → `'2023-03-01'`).
 * @throws RangeError when the string is not an instant with an offset
 */
export function beijingDateOfInstant(instant: string): IsoDate {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(instant)) {
    throw new RangeError(`not an ISO 8601 instant with offset: ${JSON.stringify(instant)}`);
  }
  parseIsoDate(instant.slice(0, 10));
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not a real instant: ${JSON.stringify(instant)}`);
  return beijingDateOf(ms);
}

/** Timeliness of a yearly report, see {@link reportTimeliness}. */
export type Timeliness = 'onTime' | 'late' | 'missing' | 'pending';

/**
 * Whether a report is on time:
 * - `onTime`: submitted on or before the due date (Beijing date of `submittedAt` ≤ `dueDate`);
 * - `late`: submitted after the due date;
 * - `missing`: not submitted and `today` is after the due date (overdue);
 * - `pending`: not submitted and the due date has not passed (`today` ≤ `dueDate`).
 *
 * @param dueDate   'YYYY-MM-DD', the last day on which the report is on time
 * @param submittedAt ISO 8601 instant with offset, or `null` when not submitted
 * @param today     'YYYY-MM-DD' in Beijing
 * @throws RangeError on a malformed date or instant
 */
export function reportTimeliness(dueDate: IsoDate, submittedAt: string | null, today: IsoDate): Timeliness {
  parseIsoDate(dueDate);
  parseIsoDate(today);
  if (submittedAt !== null) return beijingDateOfInstant(submittedAt) <= dueDate ? 'onTime' : 'late';
  return today > dueDate ? 'missing' : 'pending';
}

/**
 * True when a reminder should be shown or sent: the report is not submitted and `today` lies in
 * the `reminderDays` days up to and including the due date (`due − reminderDays` ≤ today ≤ due).
 * Example: due `'2023-02-28'`, 7 days → from `'2023-02-21'` to `'2023-02-28'`.
 * @throws RangeError on a malformed date or a negative / non-integer `reminderDays`
 */
export function reminderDue(dueDate: IsoDate, submitted: boolean, today: IsoDate, reminderDays: number): boolean {
  if (!Number.isInteger(reminderDays) || reminderDays < 0) throw new RangeError(`reminderDays ${reminderDays} must be an integer ≥ 0`);
  parseIsoDate(today);
  if (submitted) return false;
  return today >= addDays(dueDate, -reminderDays) && today <= dueDate;
}

/**
 * The status tags of the region's reporting matrix (cities × {list, action plan, yearly report}):
 * 未提交 `notSubmitted`, 已提交 `submitted`, 已通过 `approved`, 退回 `returned`, 逾期 `overdue`.
 */
export const reportingTags = ['notSubmitted', 'submitted', 'approved', 'returned', 'overdue'] as const;
export type ReportingTag = (typeof reportingTags)[number];

/**
 * The tag of a yearly report: `submitted` once submitted (on time or late: the timeliness is
 * shown beside it), `overdue` when missing after the due date, `notSubmitted` before it.
 */
export function reportTag(timeliness: Timeliness): ReportingTag {
  return timeliness === 'missing' ? 'overdue' : timeliness === 'pending' ? 'notSubmitted' : 'submitted';
}
