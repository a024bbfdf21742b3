import type { IsoDate } from './iso-date.ts';

/** One holiday break of a year's notice: `name` in Chinese, first and last day off (inclusive). */
export interface HolidayRange {
  name: string;
  from: IsoDate;
  to: IsoDate;
}

/** A later notice that changed a year's schedule (only 2020 has one). */
export interface ScheduleAmendment {
  documentNo: string;
  issuedOn: IsoDate;
  title: string;
  url: string;
  /** What changed, in words; the `holidays` and `makeupWorkdays` of the schedule already include it. */
  change: string;
}

/**
 * The official holiday arrangement of one year, from the State Council General Office notice
 * 《国务院办公厅关于YYYY年部分节假日安排的通知》 (国办发明电), as it stands after any amendment.
 *
 * - `holidays`: the days off (放假调休), which may begin in the previous December (2023 元旦);
 * - `makeupWorkdays`: weekend days declared working days (调休上班).
 */
export interface HolidaySchedule {
  year: number;
  documentNo: string;
  issuedOn: IsoDate;
  title: string;
  url: string;
  holidays: readonly HolidayRange[];
  makeupWorkdays: readonly IsoDate[];
  amendments: readonly ScheduleAmendment[];
}

/**
 * The State Council holiday arrangements for 2020–2026 (国务院办公厅 放假安排), one entry per year,
 * transcribed from the notices named in `documentNo` (gov.cn URLs in `url`). Weekends not listed
 * as `makeupWorkdays` are rest days in addition to these.
 *
 * A year's notice is usually issued in October–December of the previous year; add the next year
 * here when it is published (and its test rows in calendar.test.ts). Dates in late December may
 * still be changed by the following year's notice (the 2023 New Year break began 2022-12-31).
 */
export const CHINA_HOLIDAY_SCHEDULES: readonly HolidaySchedule[] = [
  {
    year: 2020,
    documentNo: '国办发明电〔2019〕16号',
    issuedOn: '2019-11-21',
    title: '国务院办公厅关于2020年部分节假日安排的通知',
    url: 'https://www.gov.cn/zhengce/zhengceku/2019-11/21/content_5454164.htm',
    holidays: [
      { name: '元旦', from: '2020-01-01', to: '2020-01-01' },
      { name: '春节', from: '2020-01-24', to: '2020-02-02' },
      { name: '清明节', from: '2020-04-04', to: '2020-04-06' },
      { name: '劳动节', from: '2020-05-01', to: '2020-05-05' },
      { name: '端午节', from: '2020-06-25', to: '2020-06-27' },
      { name: '国庆节、中秋节', from: '2020-10-01', to: '2020-10-08' },
    ],
    makeupWorkdays: ['2020-01-19', '2020-04-26', '2020-05-09', '2020-06-28', '2020-09-27', '2020-10-10'],
    amendments: [
      {
        documentNo: '国办发明电〔2020〕1号',
        issuedOn: '2020-01-27',
        title: '国务院办公厅关于延长2020年春节假期的通知',
        url: 'https://www.gov.cn/zhengce/zhengceku/2020-01/27/content_5472352.htm',
        change: '春节假期延长至2月2日（原为1月24日至30日）；2月1日（周六）不再调休上班。',
      },
    ],
  },
  {
    year: 2021,
    documentNo: '国办发明电〔2020〕27号',
    issuedOn: '2020-11-25',
    title: '国务院办公厅关于2021年部分节假日安排的通知',
    url: 'https://www.gov.cn/zhengce/zhengceku/2020-11/25/content_5564127.htm',
    holidays: [
      { name: '元旦', from: '2021-01-01', to: '2021-01-03' },
      { name: '春节', from: '2021-02-11', to: '2021-02-17' },
      { name: '清明节', from: '2021-04-03', to: '2021-04-05' },
      { name: '劳动节', from: '2021-05-01', to: '2021-05-05' },
      { name: '端午节', from: '2021-06-12', to: '2021-06-14' },
      { name: '中秋节', from: '2021-09-19', to: '2021-09-21' },
      { name: '国庆节', from: '2021-10-01', to: '2021-10-07' },
    ],
    makeupWorkdays: ['2021-02-07', '2021-02-20', '2021-04-25', '2021-05-08', '2021-09-18', '2021-09-26', '2021-10-09'],
    amendments: [],
  },
  {
    year: 2022,
    documentNo: '国办发明电〔2021〕11号',
    issuedOn: '2021-10-25',
    title: '国务院办公厅关于2022年部分节假日安排的通知',
    url: 'https://www.gov.cn/zhengce/zhengceku/2021-10/25/content_5644835.htm',
    holidays: [
      { name: '元旦', from: '2022-01-01', to: '2022-01-03' },
      { name: '春节', from: '2022-01-31', to: '2022-02-06' },
      { name: '清明节', from: '2022-04-03', to: '2022-04-05' },
      { name: '劳动节', from: '2022-04-30', to: '2022-05-04' },
      { name: '端午节', from: '2022-06-03', to: '2022-06-05' },
      { name: '中秋节', from: '2022-09-10', to: '2022-09-12' },
      { name: '国庆节', from: '2022-10-01', to: '2022-10-07' },
    ],
    makeupWorkdays: ['2022-01-29', '2022-01-30', '2022-04-02', '2022-04-24', '2022-05-07', '2022-10-08', '2022-10-09'],
    amendments: [],
  },
  {
    year: 2023,
    documentNo: '国办发明电〔2022〕16号',
    issuedOn: '2022-12-08',
    title: '国务院办公厅关于2023年部分节假日安排的通知',
    url: 'https://www.gov.cn/zhengce/zhengceku/2022-12/08/content_5730844.htm',
    holidays: [
      { name: '元旦', from: '2022-12-31', to: '2023-01-02' },
      { name: '春节', from: '2023-01-21', to: '2023-01-27' },
      { name: '清明节', from: '2023-04-05', to: '2023-04-05' },
      { name: '劳动节', from: '2023-04-29', to: '2023-05-03' },
      { name: '端午节', from: '2023-06-22', to: '2023-06-24' },
      { name: '中秋节、国庆节', from: '2023-09-29', to: '2023-10-06' },
    ],
    makeupWorkdays: ['2023-01-28', '2023-01-29', '2023-04-23', '2023-05-06', '2023-06-25', '2023-10-07', '2023-10-08'],
    amendments: [],
  },
  {
    year: 2024,
    documentNo: '国办发明电〔2023〕7号',
    issuedOn: '2023-10-25',
    title: '国务院办公厅关于2024年部分节假日安排的通知',
    url: 'https://www.gov.cn/zhengce/zhengceku/202310/content_6911528.htm',
    holidays: [
      { name: '元旦', from: '2024-01-01', to: '2024-01-01' },
      { name: '春节', from: '2024-02-10', to: '2024-02-17' },
      { name: '清明节', from: '2024-04-04', to: '2024-04-06' },
      { name: '劳动节', from: '2024-05-01', to: '2024-05-05' },
      { name: '端午节', from: '2024-06-10', to: '2024-06-10' },
      { name: '中秋节', from: '2024-09-15', to: '2024-09-17' },
      { name: '国庆节', from: '2024-10-01', to: '2024-10-07' },
    ],
    makeupWorkdays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
    amendments: [],
  },
  {
    year: 2025,
    documentNo: '国办发明电〔2024〕12号',
    issuedOn: '2024-11-12',
    title: '国务院办公厅关于2025年部分节假日安排的通知',
    url: 'https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm',
    holidays: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
      { name: '春节', from: '2025-01-28', to: '2025-02-04' },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
    ],
    makeupWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    amendments: [],
  },
  {
    year: 2026,
    documentNo: '国办发明电〔2025〕7号',
    issuedOn: '2025-11-04',
    title: '国务院办公厅关于2026年部分节假日安排的通知',
    url: 'https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm',
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    makeupWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    amendments: [],
  },
];
