export * from './review-sheet.ts';
