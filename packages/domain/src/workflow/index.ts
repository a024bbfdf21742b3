export * from './audit-workflow.ts';
