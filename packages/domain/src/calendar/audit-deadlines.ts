import { addDays, daysBetween, formatIsoDate, parseIsoDate, type IsoDate, type Period } from './iso-date.ts';
import { CHINA_WORK_CALENDAR, isWorkday, legalPeriodEnd, type WorkCalendar } from './work-calendar.ts';

/**
 * The periods of a mandatory audit, each counted from an event date (regulations.md §1–§2):
 * - `disclosure`: 《清洁生产审核办法》 (NDRC/MEP Order 38) art. 11 — disclose within 1 month
 *   of list publication;
 * - `start`: art. 12 — start the audit within 2 months of list publication;
 * - `report`: art. 17 — submit the audit report within 1 year of list publication;
 * - `acceptanceApplication`: apply for acceptance (验收) within 1 year after the evaluation
 *   (评估) was passed, the time given to implement the medium/high-cost options. No national
 *   rule sets this [regulations.md §2 "Timelines"]; the default follows the Wuhan guideline
 *   (中/高费方案 implemented within 1 year after evaluation, then acceptance) and is
 *   configuration, like every period here.
 */
export interface AuditDeadlineRules {
  disclosure: Period;
  start: Period;
  report: Period;
  acceptanceApplication: Period;
}

/** The default periods: 1 month, 2 months, 1 year, 1 year (see {@link AuditDeadlineRules}). */
export const DEFAULT_AUDIT_DEADLINE_RULES: AuditDeadlineRules = {
  disclosure: { months: 1 },
  start: { months: 2 },
  report: { years: 1 },
  acceptanceApplication: { years: 1 },
};

/**
 * Event dates of one audit: `published` the publication date of the audit list naming the
 * enterprise (名单公布); `evaluationPassed` the date the evaluation (评估) was passed, or `null`.
 */
export interface AuditDeadlineInput {
  published: IsoDate;
  evaluationPassed: IsoDate | null;
}

/**
 * The last on-time day of each step (all `'YYYY-MM-DD'`), in this key order (CLI contract
 * `cpaudit deadlines --json`); `acceptanceApplicationDue` is `null` until the evaluation is passed.
 */
export interface AuditDeadlines {
  disclosureDue: IsoDate;
  startDue: IsoDate;
  reportDue: IsoDate;
  acceptanceApplicationDue: IsoDate | null;
}

/**
 * The legal deadlines of a mandatory audit, each the {@link legalPeriodEnd} (Civil Code
 * 第二百零一条–第二百零三条: corresponding day or month end, moved past statutory rest days to the
 * next working day of `calendar`) of its period in `rules` counted from its event.
 *
 * Example with {@link CHINA_WORK_CALENDAR}: published `'2021-09-01'` → disclosureDue
 * `'2021-10-08'` (10-01 falls in the National Day break 10-01…10-07), startDue `'2021-11-01'`,
 * reportDue `'2022-09-01'`, acceptanceApplicationDue `null`.
 *
 * @param input `{ published, evaluationPassed }`
 * @param calendar the working-day calendar (a parameter, never global state)
 * @param rules the periods; default {@link DEFAULT_AUDIT_DEADLINE_RULES}
 * @returns `{ disclosureDue, startDue, reportDue, acceptanceApplicationDue }`
 * @throws RangeError on a malformed date, when `evaluationPassed` is before `published`, or when
 *   a deadline falls outside a strict calendar's years
 */
export function computeAuditDeadlines(
  input: AuditDeadlineInput,
  calendar: WorkCalendar,
  rules: AuditDeadlineRules = DEFAULT_AUDIT_DEADLINE_RULES,
): AuditDeadlines {
  const { published, evaluationPassed } = input;
  parseIsoDate(published);
  if (evaluationPassed !== null) {
    parseIsoDate(evaluationPassed);
    if (evaluationPassed < published) {
      throw new RangeError(`computeAuditDeadlines: evaluationPassed ${evaluationPassed} is before published ${published}`);
    }
  }
  return {
    disclosureDue: legalPeriodEnd(published, rules.disclosure, calendar),
    startDue: legalPeriodEnd(published, rules.start, calendar),
    reportDue: legalPeriodEnd(published, rules.report, calendar),
    acceptanceApplicationDue: evaluationPassed === null ? null : legalPeriodEnd(evaluationPassed, rules.acceptanceApplication, calendar),
  };
}

/** The steps that have a legal deadline, keyed as in {@link AuditDeadlines} without `Due`. */
export const deadlineSteps = ['disclosure', 'start', 'report', 'acceptanceApplication'] as const;
export type DeadlineStep = (typeof deadlineSteps)[number];

/**
 * What {@link overdueDeadlines} needs of one audit: the event dates of {@link AuditDeadlineInput}
 * and the day each step was done (`null` while not done): `disclosedOn` (art. 11), `startedOn`
 * (art. 12), `reportSubmittedOn` (art. 17), `acceptanceAppliedOn`.
 */
export interface OverdueInput extends AuditDeadlineInput {
  disclosedOn: IsoDate | null;
  startedOn: IsoDate | null;
  reportSubmittedOn: IsoDate | null;
  acceptanceAppliedOn: IsoDate | null;
}

/** One missed deadline: the step, its last on-time day and the whole days since (≥ 1). */
export interface OverdueDeadline {
  step: DeadlineStep;
  due: IsoDate;
  daysOverdue: number;
}

/**
 * The deadlines an audit has missed on `today` (a Beijing calendar date, see {@link beijingDateOf}):
 * a step is overdue when it is not done and `today` is after its due day — the due day itself
 * ends at 24:00 Beijing time (民法典 第二百零三条第二款), so it is still on time. A step done late
 * is not listed (it is no longer pending). In {@link deadlineSteps} order.
 *
 * Example: published `'2021-09-01'`, nothing done, today `'2021-10-09'` → `[{ step: 'disclosure',
 * due: '2021-10-08', daysOverdue: 1 }]`.
 *
 * @throws RangeError as {@link computeAuditDeadlines}, or on a malformed `today`
 */
export function overdueDeadlines(
  audit: OverdueInput,
  today: IsoDate,
  calendar: WorkCalendar = CHINA_WORK_CALENDAR,
  rules: AuditDeadlineRules = DEFAULT_AUDIT_DEADLINE_RULES,
): OverdueDeadline[] {
  parseIsoDate(today);
  const due = computeAuditDeadlines({ published: audit.published, evaluationPassed: audit.evaluationPassed }, calendar, rules);
  const done: Record<DeadlineStep, IsoDate | null> = {
    disclosure: audit.disclosedOn,
    start: audit.startedOn,
    report: audit.reportSubmittedOn,
    acceptanceApplication: audit.acceptanceAppliedOn,
  };
  const dueOf: Record<DeadlineStep, IsoDate | null> = {
    disclosure: due.disclosureDue,
    start: due.startDue,
    report: due.reportDue,
    acceptanceApplication: due.acceptanceApplicationDue,
  };
  const out: OverdueDeadline[] = [];
  for (const step of deadlineSteps) {
    const d = dueOf[step];
    if (d === null || done[step] !== null || today <= d) continue;
    out.push({ step, due: d, daysOverdue: daysBetween(d, today) });
  }
  return out;
}

/**
 * Lateness of a step that is done (逾期完成): `null` when it was done on or before its due day (the
 * due day ends at 24:00 Beijing time, 民法典 第二百零三条第二款, so a step done on it is on time) or
 * when either date is missing; else the number of working days ({@link isWorkday}) after `due` up to
 * and including `doneOn`, at least 1 — a step done on the rest day right after its due day is late
 * though it missed no working day, and is counted 1.
 *
 * Examples (China calendar): due `'2021-09-30'` (Thu), done `'2021-10-08'` (Fri; 10-01…10-07 国庆
 * holidays) → 1; due `'2024-03-01'` (Fri), done `'2024-03-06'` (Wed) → 3 (Mon, Tue, Wed);
 * due `'2024-03-01'`, done `'2024-03-02'` (Sat) → 1; done `'2024-03-01'` → null.
 *
 * @throws RangeError on a malformed date, or a date outside a strict calendar's years
 */
export function workdaysLate(due: IsoDate | null, doneOn: IsoDate | null, calendar: WorkCalendar): number | null {
  if (due === null || doneOn === null) return null;
  parseIsoDate(due);
  parseIsoDate(doneOn);
  if (doneOn <= due) return null;
  let n = 0;
  for (let d = addDays(due, 1); d <= doneOn; d = addDays(d, 1)) if (isWorkday(d, calendar)) n += 1;
  return Math.max(1, n);
}

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/**
 * The calendar date in Beijing (China Standard Time, UTC+8, no daylight saving since 1991) of an
 * instant, whatever the host time zone: `beijingDateOf(new Date('2021-10-08T16:00:00Z'))` →
 * `'2021-10-09'` (00:00 in Beijing), `…T15:59:59.999Z` → `'2021-10-08'`.
 * @param instant a `Date` or milliseconds since the epoch
 * @throws RangeError on an invalid date
 */
export function beijingDateOf(instant: Date | number): IsoDate {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('beijingDateOf: invalid instant');
  const shifted = new Date(ms + BEIJING_OFFSET_MS);
  return formatIsoDate({ year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() });
}
