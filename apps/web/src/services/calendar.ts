/** The working-day calendar API (issue 6 item 3): the stored State Council holiday arrangements, adding a year. */
import type { AddCalendarYearBody, AddCalendarYearResult, CalendarYear } from '@cpaudit/contracts';
import { api } from './api.ts';

export type { CalendarYear };
export const fetchCalendarYears = (signal?: AbortSignal) => api.get<CalendarYear[]>('/work-calendar', { signal });
export const addCalendarYear = (body: AddCalendarYearBody) => api.post<AddCalendarYearResult>('/work-calendar', body);
