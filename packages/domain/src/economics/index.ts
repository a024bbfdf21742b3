export * from './round.ts';
export * from './feasibility.ts';
