export * from './can.ts';
