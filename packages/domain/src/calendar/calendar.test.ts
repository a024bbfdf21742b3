import { describe, expect, it } from 'vitest';
import deadlineCases from '../../test/fixtures/deadlines.json' with { type: 'json' };
import holidays2027 from '../../test/fixtures/holidays-2027.json' with { type: 'json' };
import { beijingDateOf, computeAuditDeadlines, DEFAULT_AUDIT_DEADLINE_RULES, overdueDeadlines, workdaysLate } from './audit-deadlines.ts';
import { CHINA_HOLIDAY_SCHEDULES, type HolidaySchedule } from './holiday-schedules.ts';
import { addDays, addPeriod, daysBetween, daysInMonth, formatIsoDate, isIsoDate, isoWeekday, parseIsoDate } from './iso-date.ts';
import { buildWorkCalendar, CHINA_WORK_CALENDAR, isWorkday, legalPeriodEnd, nextWorkdayOnOrAfter } from './work-calendar.ts';
import { checkHolidaySchedule } from './schedule-check.ts';

const cal = CHINA_WORK_CALENDAR;

describe('computeAuditDeadlines: every case of shared/cases/deadlines.json', () => {
  it.each(deadlineCases.map((c) => [c.published, c] as const))('when the list is published on %s, then the deadlines match the fixture', (_p, c) => {
    const result = computeAuditDeadlines({ published: c.published, evaluationPassed: c.evaluationPassed }, cal);
    expect(result).toStrictEqual(c.expected);
    expect(Object.keys(result)).toEqual(['disclosureDue', 'startDue', 'reportDue', 'acceptanceApplicationDue']);
  });
});

describe('computeAuditDeadlines: further cases worked out by hand', () => {
  it.each([
    [
      'when 10-01 falls in the 2023 中秋国庆 break and 10-07 is a 调休 Saturday, then disclosure is due that Saturday; the report on Sunday 2024-09-01 moves to Monday',
      '2023-09-01', null,
      { disclosureDue: '2023-10-07', startDue: '2023-11-01', reportDue: '2024-09-02', acceptanceApplicationDue: null },
    ],
    [
      'when published on 2024-01-31, then the leap day 02-29 is the disclosure day, Sunday 03-31 moves to 04-01, and 2025-01-31 in 春节 moves to 02-05',
      '2024-01-31', '2024-02-29',
      { disclosureDue: '2024-02-29', startDue: '2024-04-01', reportDue: '2025-02-05', acceptanceApplicationDue: '2025-02-28' },
    ],
    [
      'when published on 2020-01-01, then Saturday 2020-02-01 (no longer a 调休 day after the extension) and Sunday 02-02 are skipped to 02-03',
      '2020-01-01', null,
      { disclosureDue: '2020-02-03', startDue: '2020-03-02', reportDue: '2021-01-04', acceptanceApplicationDue: null },
    ],
    [
      'when the corresponding day 2022-10-08 is a 调休 Saturday, then it is the due day',
      '2022-09-08', '2023-10-01',
      { disclosureDue: '2022-10-08', startDue: '2022-11-08', reportDue: '2023-09-08', acceptanceApplicationDue: '2024-10-08' },
    ],
  ] as const)('%s', (_name, published, evaluationPassed, expected) => {
    expect(computeAuditDeadlines({ published, evaluationPassed }, cal)).toStrictEqual(expected);
  });

  it('when the deadline lies in a year without a notice and the calendar is strict, then it throws', () => {
    expect(() => computeAuditDeadlines({ published: '2026-03-02', evaluationPassed: null }, cal)).toThrow(RangeError);
  });

  it('when the deadline lies in a year without a notice and the calendar is weekendsOnly, then weekends alone are skipped', () => {
    const lenient = buildWorkCalendar(CHINA_HOLIDAY_SCHEDULES, { beyondCoverage: 'weekendsOnly' });
    // 2027-03-02 is a Tuesday; 2027-03-06 a Saturday → Monday 03-08.
    expect(computeAuditDeadlines({ published: '2026-03-02', evaluationPassed: '2026-03-06' }, lenient)).toStrictEqual({
      disclosureDue: '2026-04-02',
      startDue: '2026-05-06',
      reportDue: '2027-03-02',
      acceptanceApplicationDue: '2027-03-08',
    });
  });

  it('when the evaluation date precedes publication, then it throws', () => {
    expect(() => computeAuditDeadlines({ published: '2021-09-01', evaluationPassed: '2021-08-31' }, cal)).toThrow(RangeError);
  });

  it('when a date is malformed, then it throws', () => {
    expect(() => computeAuditDeadlines({ published: '2021-9-1', evaluationPassed: null }, cal)).toThrow(RangeError);
  });

  it('when custom periods are given, then they are used (2 months of disclosure from 2021-09-01 → Monday 11-01)', () => {
    const rules = { ...DEFAULT_AUDIT_DEADLINE_RULES, disclosure: { months: 2 } };
    expect(computeAuditDeadlines({ published: '2021-09-01', evaluationPassed: null }, cal, rules).disclosureDue).toBe('2021-11-01');
  });
});

describe('addPeriod (民法典 第二百零一条、第二百零二条)', () => {
  it.each([
    ['when 1 month from 2021-09-01, then the corresponding day 2021-10-01', '2021-09-01', { months: 1 }, '2021-10-01'],
    ['when 1 month from 2022-01-31, then February has no 31st, so 2022-02-28', '2022-01-31', { months: 1 }, '2022-02-28'],
    ['when 1 month from 2024-01-30 (leap year), then 2024-02-29', '2024-01-30', { months: 1 }, '2024-02-29'],
    ['when 2 months from 2021-12-31, then 2022-02-28', '2021-12-31', { months: 2 }, '2022-02-28'],
    ['when 1 month from 2021-12-15, then it crosses the year to 2022-01-15', '2021-12-15', { months: 1 }, '2022-01-15'],
    ['when 1 year from 2024-02-29, then 2025-02-28', '2024-02-29', { years: 1 }, '2025-02-28'],
    ['when 4 years from 2024-02-29, then 2028-02-29', '2024-02-29', { years: 4 }, '2028-02-29'],
    ['when 1 year and 1 month from 2021-01-31, then 2022-02-28', '2021-01-31', { years: 1, months: 1 }, '2022-02-28'],
    ['when 13 months from 2021-03-31, then 2022-04-30', '2021-03-31', { months: 13 }, '2022-04-30'],
    ['when an empty period, then the start itself', '2021-03-31', {}, '2021-03-31'],
  ])('%s', (_name, start, period, expected) => {
    expect(addPeriod(start, period)).toBe(expected);
  });

  it.each([
    ['when months is negative, then it throws', { months: -1 }],
    ['when years is fractional, then it throws', { years: 0.5 }],
  ])('%s', (_name, period) => {
    expect(() => addPeriod('2021-01-01', period)).toThrow(RangeError);
  });
});

describe('isWorkday', () => {
  it.each([
    ['when an ordinary Wednesday (2021-09-01), then a working day', '2021-09-01', true],
    ['when an ordinary Saturday (2021-09-04), then a rest day', '2021-09-04', false],
    ['when an ordinary Sunday (2021-09-05), then a rest day', '2021-09-05', false],
    ['when National Day Friday 2021-10-01, then a rest day', '2021-10-01', false],
    ['when Thursday 2021-10-07 (last day of the break), then a rest day', '2021-10-07', false],
    ['when Saturday 2021-10-09 (调休), then a working day', '2021-10-09', true],
    ['when Sunday 2021-09-26 (调休), then a working day', '2021-09-26', true],
    ['when Monday 2022-01-31 (春节), then a rest day', '2022-01-31', false],
    ['when Saturday 2022-01-29 (调休 before 春节), then a working day', '2022-01-29', true],
    ['when Saturday 2022-12-31 (2023 元旦 break), then a rest day', '2022-12-31', false],
    ['when Monday 2023-01-02 (2023 元旦 break), then a rest day', '2023-01-02', false],
    ['when Saturday 2020-02-01 (调休 cancelled by the extension), then a rest day', '2020-02-01', false],
    ['when Sunday 2020-01-19 (调休 kept), then a working day', '2020-01-19', true],
    ['when Wednesday 2025-01-01 (元旦), then a rest day', '2025-01-01', false],
    ['when Sunday 2026-01-04 (调休), then a working day', '2026-01-04', true],
    ['when Monday 2026-02-23 (last day of the 9-day 春节), then a rest day', '2026-02-23', false],
    ['when Tuesday 2026-02-24, then a working day', '2026-02-24', true],
  ])('%s', (_name, date, expected) => {
    expect(isWorkday(date, cal)).toBe(expected);
  });

  it('when the year has no notice and the calendar is strict, then it throws', () => {
    expect(() => isWorkday('2027-01-04', cal)).toThrow(RangeError);
    expect(() => isWorkday('2019-12-31', cal)).toThrow(RangeError);
  });
});

describe('nextWorkdayOnOrAfter', () => {
  it.each([
    ['when already a working day, then itself', '2021-09-01', '2021-09-01'],
    ['when in the 2021 National Day break, then 2021-10-08', '2021-10-01', '2021-10-08'],
    ['when Saturday 2022-12-31, then 2023-01-03 after the 元旦 break', '2022-12-31', '2023-01-03'],
    ['when the first day of 2020 春节 (01-24), then 2020-02-03 after the extended break', '2020-01-24', '2020-02-03'],
    ['when Saturday 2023-10-07 (调休), then itself', '2023-10-07', '2023-10-07'],
  ])('%s', (_name, date, expected) => {
    expect(nextWorkdayOnOrAfter(date, cal)).toBe(expected);
  });
});

describe('legalPeriodEnd (民法典 第二百零三条)', () => {
  it.each([
    ['when the corresponding day is a working day, then it', '2021-09-01', { months: 2 }, '2021-11-01'],
    ['when the corresponding day is in 春节 2022, then the next working day', '2021-12-31', { months: 1 }, '2022-02-07'],
    ['when the corresponding day is Saturday 2022-12-31, then Tuesday 2023-01-03', '2021-12-31', { years: 1 }, '2023-01-03'],
  ])('%s', (_name, start, period, expected) => {
    expect(legalPeriodEnd(start, period, cal)).toBe(expected);
  });
});

describe('CHINA_HOLIDAY_SCHEDULES (国务院办公厅 放假安排 2020–2026)', () => {
  // Days off and 调休 days as counted in each notice's text.
  it.each([
    [2020, '国办发明电〔2019〕16号', 30, 6],
    [2021, '国办发明电〔2020〕27号', 31, 7],
    [2022, '国办发明电〔2021〕11号', 31, 7],
    [2023, '国办发明电〔2022〕16号', 27, 7],
    [2024, '国办发明电〔2023〕7号', 28, 8],
    [2025, '国办发明电〔2024〕12号', 28, 5],
    [2026, '国办发明电〔2025〕7号', 33, 6],
  ])('when the %i notice is read, then it is %s with %i days off and %i make-up working days', (year, documentNo, offDays, makeups) => {
    const schedule = CHINA_HOLIDAY_SCHEDULES.find((s) => s.year === year);
    expect(schedule?.documentNo).toBe(documentNo);
    const days = (schedule?.holidays ?? []).reduce((n, r) => n + daysBetween(r.from, r.to) + 1, 0);
    expect(days).toBe(offDays);
    expect(schedule?.makeupWorkdays).toHaveLength(makeups);
  });

  it('when the 2020 schedule is read, then it records the extension notice', () => {
    expect(CHINA_HOLIDAY_SCHEDULES[0]?.amendments.map((a) => a.documentNo)).toEqual(['国办发明电〔2020〕1号']);
  });

  it('when the default calendar is built, then it covers 2020–2026 and is strict', () => {
    expect([cal.firstYear, cal.lastYear, cal.beyondCoverage]).toEqual([2020, 2026, 'error']);
  });
});

describe('buildWorkCalendar: rejects inconsistent data', () => {
  const base: HolidaySchedule = { year: 2021, documentNo: 'x', issuedOn: '2020-11-25', title: 'x', url: 'x', holidays: [], makeupWorkdays: [], amendments: [] };
  it.each<[string, HolidaySchedule[]]>([
    ['when no schedule is given, then it throws', []],
    ['when a year is repeated, then it throws', [base, base]],
    ['when a year is missing in between, then it throws', [base, { ...base, year: 2023 }]],
    ['when a make-up day is a weekday, then it throws', [{ ...base, makeupWorkdays: ['2021-09-01'] }]],
    ['when a range is reversed, then it throws', [{ ...base, holidays: [{ name: 'x', from: '2021-10-07', to: '2021-10-01' }] }]],
    ['when a day is both off and a make-up day, then it throws', [{ ...base, holidays: [{ name: 'x', from: '2021-10-09', to: '2021-10-09' }], makeupWorkdays: ['2021-10-09'] }]],
  ])('%s', (_name, schedules) => {
    expect(() => buildWorkCalendar(schedules)).toThrow(RangeError);
  });
});

describe('ISO date helpers', () => {
  it.each([
    ['when 1970-01-01, then Thursday (4)', '1970-01-01', 4],
    ['when 2000-01-01, then Saturday (6)', '2000-01-01', 6],
    ['when 2021-10-01, then Friday (5)', '2021-10-01', 5],
    ['when 2024-02-29, then Thursday (4)', '2024-02-29', 4],
    ['when 2022-12-31, then Saturday (6)', '2022-12-31', 6],
    ['when 2024-09-01, then Sunday (7)', '2024-09-01', 7],
  ])('isoWeekday: %s', (_name, date, expected) => {
    expect(isoWeekday(date)).toBe(expected);
  });

  it.each([
    ['when adding 1 day to 2021-12-31, then 2022-01-01', '2021-12-31', 1, '2022-01-01'],
    ['when adding 1 day to 2024-02-28, then the leap day', '2024-02-28', 1, '2024-02-29'],
    ['when adding 1 day to 2023-02-28, then 03-01', '2023-02-28', 1, '2023-03-01'],
    ['when adding 37 days to 2021-09-01, then 2021-10-08', '2021-09-01', 37, '2021-10-08'],
    ['when subtracting 1 day from 2000-03-01, then 2000-02-29 (400-year leap)', '2000-03-01', -1, '2000-02-29'],
    ['when adding 366 days to 2024-01-01, then 2025-01-01', '2024-01-01', 366, '2025-01-01'],
  ])('addDays: %s', (_name, date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    ['when February 2100 (not leap), then 28', 2100, 2, 28],
    ['when February 2000 (leap), then 29', 2000, 2, 29],
    ['when April, then 30', 2021, 4, 30],
    ['when December, then 31', 2021, 12, 31],
  ])('daysInMonth: %s', (_name, y, m, expected) => {
    expect(daysInMonth(y, m)).toBe(expected);
  });

  it.each([
    ['when 2021-02-29, then not a date', '2021-02-29', false],
    ['when 2021-13-01, then not a date', '2021-13-01', false],
    ['when 2021-9-1, then not a date', '2021-9-1', false],
    ['when 2021-09-01T00:00, then not a date', '2021-09-01T00:00', false],
    ['when 2024-02-29, then a date', '2024-02-29', true],
  ])('isIsoDate: %s', (_name, date, expected) => {
    expect(isIsoDate(date)).toBe(expected);
  });

  it('when parsing and formatting, then the round trip is exact', () => {
    expect(parseIsoDate('2021-09-01')).toEqual({ year: 2021, month: 9, day: 1 });
    expect(formatIsoDate({ year: 2021, month: 9, day: 1 })).toBe('2021-09-01');
    expect(() => formatIsoDate({ year: 2021, month: 2, day: 30 })).toThrow(RangeError);
  });
});

describe('overdueDeadlines (the last day ends at 24:00 Beijing time)', () => {
  const none = { disclosedOn: null, startedOn: null, reportSubmittedOn: null, acceptanceAppliedOn: null };
  it.each([
    ['when today is the due day 2021-10-08, then nothing is overdue', { published: '2021-09-01', evaluationPassed: null, ...none }, '2021-10-08', []],
    ['when today is 2021-10-09, then disclosure is 1 day overdue', { published: '2021-09-01', evaluationPassed: null, ...none }, '2021-10-09', [{ step: 'disclosure', due: '2021-10-08', daysOverdue: 1 }]],
    [
      'when disclosed late on 2021-10-20 and not started on 2021-11-03, then only start is overdue (2 days)',
      { published: '2021-09-01', evaluationPassed: null, ...none, disclosedOn: '2021-10-20' }, '2021-11-03',
      [{ step: 'start', due: '2021-11-01', daysOverdue: 2 }],
    ],
    [
      'when nothing is done by 2022-09-02, then disclosure (329 days), start (305) and report (1) are overdue',
      { published: '2021-09-01', evaluationPassed: null, ...none }, '2022-09-02',
      [
        { step: 'disclosure', due: '2021-10-08', daysOverdue: 329 },
        { step: 'start', due: '2021-11-01', daysOverdue: 305 },
        { step: 'report', due: '2022-09-01', daysOverdue: 1 },
      ],
    ],
    [
      'when evaluation passed 2023-03-15 and no application by 2024-03-16, then acceptanceApplication is 1 day overdue',
      { published: '2022-03-01', evaluationPassed: '2023-03-15', disclosedOn: '2022-03-10', startedOn: '2022-04-01', reportSubmittedOn: '2023-01-10', acceptanceAppliedOn: null }, '2024-03-16',
      [{ step: 'acceptanceApplication', due: '2024-03-15', daysOverdue: 1 }],
    ],
  ])('%s', (_name, audit, today, expected) => {
    expect(overdueDeadlines(audit, today)).toStrictEqual(expected);
  });

  it('when today is malformed, then it throws', () => {
    expect(() => overdueDeadlines({ published: '2021-09-01', evaluationPassed: null, ...none }, '2021/10/09')).toThrow(RangeError);
  });
});

describe('beijingDateOf (UTC+8, whatever the host time zone)', () => {
  it.each([
    ['when 2021-10-08T15:59:59.999Z (23:59:59.999 in Beijing), then 2021-10-08', '2021-10-08T15:59:59.999Z', '2021-10-08'],
    ['when 2021-10-08T16:00:00Z (24:00 in Beijing), then 2021-10-09', '2021-10-08T16:00:00Z', '2021-10-09'],
    ['when 2024-02-28T16:30:00Z, then the leap day 2024-02-29', '2024-02-28T16:30:00Z', '2024-02-29'],
    ['when 2021-12-31T20:00:00-05:00 (New York), then 2022-01-01', '2021-12-31T20:00:00-05:00', '2022-01-01'],
  ])('%s', (_name, instant, expected) => {
    expect(beijingDateOf(new Date(instant))).toBe(expected);
    expect(beijingDateOf(Date.parse(instant))).toBe(expected);
  });

  it('when the instant is invalid, then it throws', () => {
    expect(() => beijingDateOf(Number.NaN)).toThrow(RangeError);
  });
});

/**
 * A 2027 arrangement for the tests only (NOT the State Council notice, which is not transcribed
 * here): 元旦 01-01…01-03, 春节 02-06 (Saturday)…02-14 (Sunday), one 调休 Saturday 02-20. The same
 * fixture is posted to the server in apps/server/test/work-calendar.test.ts.
 */
const TEST_2027: HolidaySchedule = { ...holidays2027, amendments: [] };

describe('a calendar year added after 2026 (the calendar is data passed in)', () => {
  it('when the report of a list published 2026-02-08 falls on Monday 2027-02-08 inside the supplied 2027 春节 break, then it is due Monday 2027-02-15', () => {
    const with2027 = buildWorkCalendar([...CHINA_HOLIDAY_SCHEDULES, TEST_2027]);
    expect(with2027.lastYear).toBe(2027);
    expect(computeAuditDeadlines({ published: '2026-02-08', evaluationPassed: null }, with2027)).toStrictEqual({
      disclosureDue: '2026-03-09',
      startDue: '2026-04-08',
      reportDue: '2027-02-15',
      acceptanceApplicationDue: null,
    });
    expect(isWorkday('2027-02-20', with2027)).toBe(true);
  });

  it('when 2027 is not supplied, then the strict calendar refuses and the weekends-only calendar gives Monday 2027-02-08 itself', () => {
    expect(() => computeAuditDeadlines({ published: '2026-02-08', evaluationPassed: null }, CHINA_WORK_CALENDAR)).toThrow(/2027/);
    const provisional = buildWorkCalendar(CHINA_HOLIDAY_SCHEDULES, { beyondCoverage: 'weekendsOnly' });
    expect(computeAuditDeadlines({ published: '2026-02-08', evaluationPassed: null }, provisional).reportDue).toBe('2027-02-08');
  });
});

describe('checkHolidaySchedule', () => {
  it('when each shipped notice 2020–2026 is checked, then none has a problem', () => {
    for (const s of CHINA_HOLIDAY_SCHEDULES) expect(checkHolidaySchedule(s), String(s.year)).toEqual([]);
  });

  it('when 2027 is checked against the years 2020–2026, then it may be added; 2026 again or 2029 may not', () => {
    const years = CHINA_HOLIDAY_SCHEDULES.map((s) => s.year);
    expect(checkHolidaySchedule(TEST_2027, years)).toEqual([]);
    expect(checkHolidaySchedule({ ...TEST_2027, year: 2026 }, years).find((p) => p.field === 'year')?.message).toBe('2026 年的放假安排已存在');
    expect(checkHolidaySchedule({ ...TEST_2027, year: 2029 }, years)[0]).toEqual({ field: 'year', message: '只能添加 2027 年（或 2019 年），日历须为连续年份' });
  });

  it('when dates lie outside the year, a range is reversed, breaks overlap, or a day is both holiday and workday, then each problem is located', () => {
    const bad: HolidaySchedule = {
      ...TEST_2027,
      holidays: [
        { name: '元旦', from: '2027-01-01', to: '2028-01-02' },
        { name: '春节', from: '2027-02-14', to: '2027-02-06' },
        { name: '劳动节', from: '2027-05-01', to: '2027-05-05' },
        { name: '', from: '2027-05-05', to: '2027-05-06' },
      ],
      makeupWorkdays: ['2027-05-01', '2027-02-22', '2026-12-26', '2027-02-20', '2027-02-20'],
    };
    expect(checkHolidaySchedule(bad)).toEqual([
      { field: 'holidays[0].to', message: '2028-01-02 不在 2027 年内' },
      { field: 'holidays[1].to', message: '结束日期早于开始日期' },
      { field: 'holidays[3].name', message: '请填写节日名称' },
      { field: 'holidays[3].from', message: '与 holidays[2] 重叠（2027-05-05）' },
      { field: 'makeupWorkdays[0]', message: '2027-05-01 同时是放假日（holidays[2]）与调休上班日' },
      { field: 'makeupWorkdays[1]', message: '2027-02-22 不是周六或周日，无需调休上班' },
      { field: 'makeupWorkdays[2]', message: '2026-12-26 不在 2027 年内' },
      { field: 'makeupWorkdays[4]', message: '2027-02-20 重复' },
    ]);
  });
});

describe('workdaysLate (逾期完成)', () => {
  it('when a step due Thu 2021-09-30 is done Fri 2021-10-08, then 1 working day late (10-01…10-07 are the 国庆 holidays)', () => {
    expect(workdaysLate('2021-09-30', '2021-10-08', cal)).toBe(1);
  });
  it('when a step due Thu 2021-09-30 is done Sat 2021-10-09 (调休 working day), then 2', () => {
    expect(workdaysLate('2021-09-30', '2021-10-09', cal)).toBe(2);
  });
  it('when a step due Fri 2024-03-01 is done Wed 2024-03-06, then 3 (Mon 4, Tue 5, Wed 6)', () => {
    expect(workdaysLate('2024-03-01', '2024-03-06', cal)).toBe(3);
  });
  it('when done Sat 2024-03-02, the rest day after a Friday due day, then late and counted 1', () => {
    expect(workdaysLate('2024-03-01', '2024-03-02', cal)).toBe(1);
  });
  it('when done on the due day or before, or not done, then null (on time / not applicable)', () => {
    expect(workdaysLate('2024-03-01', '2024-03-01', cal)).toBeNull();
    expect(workdaysLate('2024-03-01', '2024-02-20', cal)).toBeNull();
    expect(workdaysLate('2024-03-01', null, cal)).toBeNull();
    expect(workdaysLate(null, '2024-03-01', cal)).toBeNull();
  });
  it('when a date is malformed, then RangeError', () => {
    expect(() => workdaysLate('2024-13-01', '2024-03-02', cal)).toThrow(RangeError);
  });
});
