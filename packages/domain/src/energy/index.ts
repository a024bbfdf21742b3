export * from './carbon.ts';
