/**
 * Calendar dates as plain `'YYYY-MM-DD'` strings (China Standard Time, +08:00, no time of day),
 * with integer day arithmetic (proleptic Gregorian calendar, ISO 8601). No `Date` object is
 * involved, so neither the host time zone nor a clock can leak in.
 */

/** A calendar date `'YYYY-MM-DD'`, e.g. `'2021-09-01'`. Years 1000–9999. */
export type IsoDate = string;

/** The parts of an {@link IsoDate}: `month` 1–12, `day` 1–31. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Number of days in `month` (1–12) of `year`: 28–31 (Gregorian leap rule).
 * @throws RangeError when `month` is not an integer 1–12
 */
export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`daysInMonth: month ${month} not in 1–12`);
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses `'YYYY-MM-DD'` into `{ year, month, day }`.
 * @throws RangeError when the string is not of that shape or is not a real date (`'2021-02-29'`)
 */
export function parseIsoDate(date: IsoDate): CivilDate {
  const m = ISO_DATE.exec(date);
  if (m === null) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`not a real date: ${JSON.stringify(date)}`);
  }
  return { year, month, day };
}

/** True when `date` is a real date written `'YYYY-MM-DD'`. Never throws. */
export function isIsoDate(date: string): boolean {
  try {
    parseIsoDate(date);
    return true;
  } catch {
    return false;
  }
}

/**
 * Formats `{ year, month, day }` as `'YYYY-MM-DD'`.
 * @throws RangeError when the parts do not form a real date with a 4-digit year
 */
export function formatIsoDate({ year, month, day }: CivilDate): IsoDate {
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  parseIsoDate(text);
  return text;
}

/** Days since 1970-01-01 of a civil date (H. Hinnant's `days_from_civil`). */
function dayNumberOf({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of {@link dayNumberOf} (H. Hinnant's `civil_from_days`). */
function civilOf(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * `date` plus `days` calendar days (negative to go back): `addDays('2021-12-31', 1)` → `'2022-01-01'`.
 * @throws RangeError on a malformed date or a non-integer `days`
 */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`addDays: days must be an integer, got ${days}`);
  return formatIsoDate(civilOf(dayNumberOf(parseIsoDate(date)) + days));
}

/**
 * Day of the week, ISO 8601 numbering: 1 = Monday … 6 = Saturday, 7 = Sunday.
 * `isoWeekday('2021-10-01')` → 5 (Friday).
 * @throws RangeError on a malformed date
 */
export function isoWeekday(date: IsoDate): number {
  // 1970-01-01 was a Thursday (ISO 4).
  const n = dayNumberOf(parseIsoDate(date));
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/**
 * Whole days from `from` to `to` (positive when `to` is later): `daysBetween('2021-09-01', '2021-10-08')` → 37.
 * @throws RangeError on a malformed date
 */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumberOf(parseIsoDate(to)) - dayNumberOf(parseIsoDate(from));
}

/** A period counted in whole months and/or years; both default to 0 and must be non-negative integers. */
export interface Period {
  months?: number;
  years?: number;
}

/**
 * The last day of a period of months/years that starts on `start`, by the Civil Code of the PRC
 * (中华人民共和国民法典):
 * - 第二百零一条: the day of the event is not counted, the period begins the next day;
 * - 第二百零二条: a period in months or years ends on the corresponding day (对应日) of the last
 *   month; if that month has no such day, on its last day (月末日期).
 *
 * This does not apply 第二百零三条 (extension past 法定休假日); see `legalPeriodEnd`.
 *
 * Examples: (`'2021-09-01'`, `{ months: 1 }`) → `'2021-10-01'`; (`'2022-01-31'`, `{ months: 1 }`)
 * → `'2022-02-28'`; (`'2024-02-29'`, `{ years: 1 }`) → `'2025-02-28'`;
 * (`'2021-12-31'`, `{ months: 2 }`) → `'2022-02-28'`.
 *
 * @throws RangeError on a malformed date, or months/years that are not non-negative integers
 */
export function addPeriod(start: IsoDate, period: Period): IsoDate {
  const months = period.months ?? 0;
  const years = period.years ?? 0;
  if (!Number.isInteger(months) || !Number.isInteger(years) || months < 0 || years < 0) {
    throw new RangeError(`addPeriod: months and years must be non-negative integers, got ${JSON.stringify(period)}`);
  }
  const { year, month, day } = parseIsoDate(start);
  const monthIndex = year * 12 + (month - 1) + years * 12 + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  return formatIsoDate({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}
