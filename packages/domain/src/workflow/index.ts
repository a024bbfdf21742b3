export * from './audit-workflow.ts';
export * from './disclosure.ts';
export * from './grouping.ts';
