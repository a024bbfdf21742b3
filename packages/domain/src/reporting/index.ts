export * from './deadlines.ts';
export * from './action-plan.ts';
