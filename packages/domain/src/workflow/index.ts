export * from './audit-workflow.ts';
export * from './disclosure.ts';
