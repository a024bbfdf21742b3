export * from './types.ts';
export * from './rule-set.ts';
export * from './screen.ts';
export * from './diff.ts';
