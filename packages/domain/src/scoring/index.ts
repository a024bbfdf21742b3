export * from './indicator-system.ts';
export * from './validate-system.ts';
