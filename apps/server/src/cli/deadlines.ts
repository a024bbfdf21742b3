/**
 * `cpaudit deadlines`: input checks and error wording around `computeAuditDeadlines`
 * (packages/domain/src/calendar), kept apart from commander so that it can be tested directly.
 */
import { CHINA_WORK_CALENDAR, computeAuditDeadlines, isIsoDate, type AuditDeadlines } from '@cpaudit/domain';

/**
 * The deadlines for `published` and `evaluationPassed` with the official calendar.
 * @throws Error with a message naming the option: a date that is not a real `YYYY-MM-DD`
 *   (`--published 2021-02-29`), an evaluation date before publication, or a deadline beyond the
 *   years whose State Council holiday notice is loaded (2020–2026)
 */
export function deadlinesForCli(published: string, evaluationPassed: string | null): AuditDeadlines {
  if (!isIsoDate(published)) throw new Error(`--published ${JSON.stringify(published)} is not a date YYYY-MM-DD (不是有效日期)`);
  if (evaluationPassed !== null && !isIsoDate(evaluationPassed)) {
    throw new Error(`--evaluation-passed ${JSON.stringify(evaluationPassed)} is not a date YYYY-MM-DD (不是有效日期)`);
  }
  if (evaluationPassed !== null && evaluationPassed < published) {
    throw new Error(`--evaluation-passed ${evaluationPassed} is before --published ${published} (评估通过日期早于名单公布日期)`);
  }
  const cal = CHINA_WORK_CALENDAR;
  for (const [flag, date] of [['--published', published], ['--evaluation-passed', evaluationPassed]] as const) {
    if (date === null) continue;
    const year = Number(date.slice(0, 4));
    if (year < cal.firstYear || year > cal.lastYear) {
      throw new Error(`${flag} ${date} is outside the holiday calendar ${cal.firstYear}–${cal.lastYear} (节假日安排仅覆盖 ${cal.firstYear}–${cal.lastYear} 年)`);
    }
  }
  try {
    return computeAuditDeadlines({ published, evaluationPassed }, cal);
  } catch (e) {
    throw new Error(
      `a deadline falls after ${cal.lastYear}, for which no State Council holiday notice is loaded (期限超出已载入的节假日安排 ${cal.firstYear}–${cal.lastYear} 年): ${(e as Error).message}`,
    );
  }
}
