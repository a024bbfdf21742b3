export * from './errors.ts';
export * from './permissions.ts';
export * from './schemas.ts';
export * from './imports.ts';
export * from './screening.ts';
export * from './registry.ts';
export * from './portal.ts';
export * from './markdown.ts';
