export * from './panel-draw.ts';
