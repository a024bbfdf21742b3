/**
 * The working-day calendar as administered data (issue 6 item 3): one State Council holiday
 * arrangement (国务院办公厅关于YYYY年部分节假日安排的通知) per calendar year.
 */
import { z } from 'zod';

const dateText = z.string().max(10);

/** One holiday break: Chinese name, first and last day off (inclusive, 'YYYY-MM-DD'). */
export const HolidayRangeSchema = z.object({ name: z.string().max(50), from: dateText, to: dateText });

/**
 * A year to add: the notice (`documentNo` 文号, `issuedOn`, `title`, `url`), its breaks and its
 * 调休 working days. Shapes only; the date rules (inside the year, weekends, no overlap) are the
 * domain's `checkHolidaySchedule`, whose problems come back as located VALIDATION_FAILED details.
 */
export const AddCalendarYearBodySchema = z.object({
  year: z.number().int(),
  documentNo: z.string().max(100),
  issuedOn: dateText,
  title: z.string().max(200),
  url: z.union([z.literal(''), z.string().url().max(500)]).default(''),
  holidays: z.array(HolidayRangeSchema).max(30),
  makeupWorkdays: z.array(dateText).max(30).default([]),
});
export type AddCalendarYearBody = z.infer<typeof AddCalendarYearBodySchema>;

/** A calendar year as stored: the notice, `createdBy` (user name, null for the shipped 2020–2026 seed) and `createdAt` (ISO instant). */
export const CalendarYearSchema = z.object({
  year: z.number().int(),
  documentNo: z.string(),
  issuedOn: z.string(),
  title: z.string(),
  url: z.string(),
  holidays: z.array(HolidayRangeSchema),
  makeupWorkdays: z.array(z.string()),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type CalendarYear = z.infer<typeof CalendarYearSchema>;

/** The answer of adding a year: the stored year and how many audits had their stored deadlines recomputed. */
export const AddCalendarYearResultSchema = z.object({ year: CalendarYearSchema, recomputedAudits: z.number().int() });
export type AddCalendarYearResult = z.infer<typeof AddCalendarYearResultSchema>;
