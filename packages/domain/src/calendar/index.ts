export * from './iso-date.ts';
export * from './holiday-schedules.ts';
export * from './work-calendar.ts';
export * from './audit-deadlines.ts';
export * from './schedule-check.ts';
