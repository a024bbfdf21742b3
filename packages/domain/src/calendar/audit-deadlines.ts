import { parseIsoDate, type IsoDate, type Period } from './iso-date.ts';
import { legalPeriodEnd, type WorkCalendar } from './work-calendar.ts';

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
