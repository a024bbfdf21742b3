export * from './indicator-system.ts';
