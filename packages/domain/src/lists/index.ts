export * from './workflow.ts';
export * from './entries.ts';
