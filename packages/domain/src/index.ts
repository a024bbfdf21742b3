/**
 * `@cpaudit/domain`: pure domain logic of CP Audit (no I/O, no clock, no database).
 * Every public function and type is exported from here.
 */
export * from './codes/index.ts';
export * from './divisions/index.ts';
export * from './access/index.ts';
export * from './industries/index.ts';
export * from './calendar/index.ts';
export * from './economics/index.ts';
export * from './scoring/index.ts';
export * from './screening/index.ts';
export * from './lists/index.ts';
export * from './reporting/index.ts';
export * from './workflow/index.ts';
export * from './panel/index.ts';
export * from './review-sheet/index.ts';
export * from './energy/index.ts';
export * from './options/index.ts';
export * from './units/index.ts';
