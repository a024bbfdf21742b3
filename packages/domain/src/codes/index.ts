export * from './normalize.ts';
export * from './uscc.ts';
export * from './permit-no.ts';
