export * from './derive-key-industry.ts';
