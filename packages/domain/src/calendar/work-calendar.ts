import { CHINA_HOLIDAY_SCHEDULES, type HolidaySchedule } from './holiday-schedules.ts';
import { addDays, addPeriod, daysBetween, isoWeekday, parseIsoDate, type IsoDate, type Period } from './iso-date.ts';

/**
 * What {@link isWorkday} does with a date in a year for which no holiday notice is loaded:
 * - `'error'`: throw a RangeError (a legal deadline must not be guessed);
 * - `'weekendsOnly'`: treat Monday–Friday as working days, Saturday and Sunday as rest days
 *   (provisional, for planning before the State Council notice for that year is published).
 */
export type BeyondCoveragePolicy = 'error' | 'weekendsOnly';

/**
 * A working-day calendar built from official holiday notices by {@link buildWorkCalendar}:
 * - `holidays`: days off granted by a notice (date → holiday name);
 * - `makeupWorkdays`: weekend days made working days (调休上班);
 * - `firstYear`, `lastYear`: the calendar years covered by a notice (inclusive);
 * - `beyondCoverage`: see {@link BeyondCoveragePolicy}.
 */
export interface WorkCalendar {
  holidays: ReadonlyMap<IsoDate, string>;
  makeupWorkdays: ReadonlySet<IsoDate>;
  firstYear: number;
  lastYear: number;
  beyondCoverage: BeyondCoveragePolicy;
}

/**
 * Builds a {@link WorkCalendar} from yearly holiday schedules (default: every year of
 * {@link CHINA_HOLIDAY_SCHEDULES}, 2020–2026).
 *
 * @param schedules one entry per consecutive year; the covered years are min…max `year`
 * @param options `beyondCoverage` (default `'error'`)
 * @throws RangeError when `schedules` is empty, years are repeated or missing in between, a range
 *   is malformed or reversed, a make-up working day is not a Saturday or Sunday, or a date is
 *   both a holiday and a make-up working day
 */
export function buildWorkCalendar(
  schedules: readonly HolidaySchedule[] = CHINA_HOLIDAY_SCHEDULES,
  options: { beyondCoverage?: BeyondCoveragePolicy } = {},
): WorkCalendar {
  if (schedules.length === 0) throw new RangeError('buildWorkCalendar: no schedule given');
  const years = schedules.map((s) => s.year).sort((a, b) => a - b);
  const firstYear = years[0]!;
  const lastYear = years[years.length - 1]!;
  if (new Set(years).size !== years.length || lastYear - firstYear + 1 !== years.length) {
    throw new RangeError(`buildWorkCalendar: years must be consecutive and unique, got ${years.join(', ')}`);
  }

  const holidays = new Map<IsoDate, string>();
  const makeupWorkdays = new Set<IsoDate>();
  for (const schedule of schedules) {
    for (const range of schedule.holidays) {
      const length = daysBetween(range.from, range.to);
      if (length < 0) throw new RangeError(`buildWorkCalendar: ${schedule.year} ${range.name} ends before it starts`);
      for (let i = 0; i <= length; i++) holidays.set(addDays(range.from, i), range.name);
    }
    for (const day of schedule.makeupWorkdays) {
      if (isoWeekday(day) < 6) throw new RangeError(`buildWorkCalendar: make-up working day ${day} is not a weekend day`);
      makeupWorkdays.add(day);
    }
  }
  for (const day of makeupWorkdays) {
    if (holidays.has(day)) throw new RangeError(`buildWorkCalendar: ${day} is both a holiday and a make-up working day`);
  }
  return { holidays, makeupWorkdays, firstYear, lastYear, beyondCoverage: options.beyondCoverage ?? 'error' };
}

/** The official calendar 2020–2026 (from {@link CHINA_HOLIDAY_SCHEDULES}), strict beyond its years. */
export const CHINA_WORK_CALENDAR: WorkCalendar = buildWorkCalendar();

/**
 * Whether `date` is a working day (工作日) under `calendar`: a make-up working day (调休上班) is a
 * working day even on a weekend; a notice's holiday is a rest day even on a weekday; otherwise
 * Monday–Friday are working days and Saturday–Sunday rest days (《国务院关于职工工作时间的规定》
 * 第七条; 《全国年节及纪念日放假办法》; the yearly 国办发明电 notice).
 *
 * @param date `'YYYY-MM-DD'`
 * @throws RangeError on a malformed date, or when the year is outside the calendar's notices
 *   and `calendar.beyondCoverage` is `'error'`
 */
export function isWorkday(date: IsoDate, calendar: WorkCalendar): boolean {
  const { year } = parseIsoDate(date);
  const weekend = isoWeekday(date) >= 6;
  if (year < calendar.firstYear || year > calendar.lastYear) {
    if (calendar.beyondCoverage === 'error') {
      throw new RangeError(`isWorkday: no State Council holiday notice loaded for ${year} (covered ${calendar.firstYear}–${calendar.lastYear})`);
    }
    return !weekend;
  }
  if (calendar.makeupWorkdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return !weekend;
}

/**
 * The first working day on or after `date` ({@link isWorkday}):
 * `nextWorkdayOnOrAfter('2021-10-01', CHINA_WORK_CALENDAR)` → `'2021-10-08'`;
 * a working day returns itself.
 *
 * @throws RangeError as {@link isWorkday}, including when the search runs past the covered years
 */
export function nextWorkdayOnOrAfter(date: IsoDate, calendar: WorkCalendar): IsoDate {
  let day = date;
  // The longest run of rest days in a notice is 10 (2020 春节 with weekends); 31 is a safe bound.
  for (let i = 0; i < 31; i++) {
    if (isWorkday(day, calendar)) return day;
    day = addDays(day, 1);
  }
  throw new RangeError(`nextWorkdayOnOrAfter: no working day within 31 days of ${date}`);
}

/**
 * The last day of a legal period of months/years that starts with the event on `start`,
 * by the Civil Code (民法典):
 * - 第二百零一条–第二百零二条: counted from the next day, ending on the corresponding day of the
 *   last month, or that month's last day when it has none ({@link addPeriod});
 * - 第二百零三条: when that day is a statutory rest day (法定休假日: weekends and the notice's
 *   holidays, but not 调休 make-up working days), the period ends on the first day after it,
 *   i.e. the next working day ({@link nextWorkdayOnOrAfter}).
 *
 * Example: (`'2021-12-31'`, `{ months: 1 }`) → 2022-01-31 is in the 春节 break (1-31…2-06) →
 * `'2022-02-07'`.
 *
 * @throws RangeError on malformed input or, with a strict calendar, a date outside its years
 */
export function legalPeriodEnd(start: IsoDate, period: Period, calendar: WorkCalendar): IsoDate {
  return nextWorkdayOnOrAfter(addPeriod(start, period), calendar);
}
