import type { HolidaySchedule } from './holiday-schedules.ts';
import { addDays, daysBetween, isIsoDate, isoWeekday, parseIsoDate, type IsoDate } from './iso-date.ts';

/** One problem found by {@link checkHolidaySchedule}: `field` is a path in the schedule (`holidays[2].to`), `message` in Chinese. */
export interface ScheduleProblem {
  field: string;
  message: string;
}

/**
 * Checks a year's holiday arrangement before it is added to the calendar (an administrator typing
 * in a new 国务院办公厅 notice, e.g. 2027 when it is published). Returns every problem, located by
 * field path, or `[]` when the schedule can be added:
 * - `year`: an integer 2000–2100 and, when `existingYears` is given, not already present and
 *   adjacent to them (the calendar covers consecutive years, {@link buildWorkCalendar});
 * - `documentNo`, `title`: non-empty; `issuedOn`: a date before the year ends;
 * - `holidays[i].name` non-empty; `from`/`to` real dates, `from` ≤ `to`, `to` inside the year and
 *   `from` inside the year or in the last week of the previous December (the 2023 元旦 break
 *   began 2022-12-31); no two breaks overlap; at least one break;
 * - `makeupWorkdays[i]`: real dates inside the year, a Saturday or Sunday (调休上班 only moves
 *   weekend days), not repeated, not inside a holiday break (no date both holiday and workday).
 *
 * @param schedule the arrangement as entered
 * @param existingYears the years already in the calendar (optional)
 */
export function checkHolidaySchedule(schedule: HolidaySchedule, existingYears?: readonly number[]): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  const { year } = schedule;
  const yearOk = Number.isInteger(year) && year >= 2000 && year <= 2100;
  if (!yearOk) add('year', '年份应为 2000–2100 的整数');
  if (yearOk && existingYears && existingYears.length > 0) {
    const min = Math.min(...existingYears);
    const max = Math.max(...existingYears);
    if (existingYears.includes(year)) add('year', `${year} 年的放假安排已存在`);
    else if (year !== max + 1 && year !== min - 1) add('year', `只能添加 ${max + 1} 年（或 ${min - 1} 年），日历须为连续年份`);
  }
  if (schedule.documentNo.trim() === '') add('documentNo', '请填写通知文号');
  if (schedule.title.trim() === '') add('title', '请填写通知标题');
  if (!isIsoDate(schedule.issuedOn)) add('issuedOn', '日期格式应为 YYYY-MM-DD');
  else if (yearOk && schedule.issuedOn > `${year}-12-31`) add('issuedOn', `发布日期晚于 ${year} 年`);
  if (!yearOk) return problems;

  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  const earliestFrom = `${year - 1}-12-25`;
  const holidayDays = new Map<IsoDate, number>();
  if (schedule.holidays.length === 0) add('holidays', '至少应有一个放假时段');
  schedule.holidays.forEach((h, i) => {
    const at = `holidays[${i}]`;
    if (h.name.trim() === '') add(`${at}.name`, '请填写节日名称');
    const fromOk = isIsoDate(h.from);
    const toOk = isIsoDate(h.to);
    if (!fromOk) add(`${at}.from`, '日期格式应为 YYYY-MM-DD');
    if (!toOk) add(`${at}.to`, '日期格式应为 YYYY-MM-DD');
    if (!fromOk || !toOk) return;
    if (h.from < earliestFrom || h.from > last) add(`${at}.from`, `${h.from} 不在 ${year} 年内`);
    if (h.to < first || h.to > last) add(`${at}.to`, `${h.to} 不在 ${year} 年内`);
    if (h.to < h.from) {
      add(`${at}.to`, '结束日期早于开始日期');
      return;
    }
    if (h.from < earliestFrom || h.to > last) return;
    for (let d = 0; d <= daysBetween(h.from, h.to); d++) {
      const day = addDays(h.from, d);
      const other = holidayDays.get(day);
      if (other !== undefined) {
        add(`${at}.from`, `与 holidays[${other}] 重叠（${day}）`);
        break;
      }
      holidayDays.set(day, i);
    }
  });
  const seen = new Set<IsoDate>();
  schedule.makeupWorkdays.forEach((day, i) => {
    const at = `makeupWorkdays[${i}]`;
    if (!isIsoDate(day)) return add(at, '日期格式应为 YYYY-MM-DD');
    if (parseIsoDate(day).year !== year) return add(at, `${day} 不在 ${year} 年内`);
    if (seen.has(day)) return add(at, `${day} 重复`);
    seen.add(day);
    if (isoWeekday(day) < 6) add(at, `${day} 不是周六或周日，无需调休上班`);
    const h = holidayDays.get(day);
    if (h !== undefined) add(at, `${day} 同时是放假日（holidays[${h}]）与调休上班日`);
  });
  return problems;
}
