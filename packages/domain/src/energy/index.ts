export * from './carbon.ts';
export * from './label.ts';
