import { defineConfig } from 'vitest/config';

/**
 * One Vitest run covers every workspace. Pure domain and contract tests need nothing;
 * server integration tests run on PGlite (and on PostgreSQL when TEST_DATABASE_URL is set);
 * web component tests render to HTML in Node; the browser tests run when /usr/bin/chromium exists.
 */
export default defineConfig({
  test: {
    // One test file at a time (Vitest's default on 2 cores). Two workers gained little on a quiet
    // machine (fresh-clone CI 7.4 min against 8.0 with one, 2026-11-30), and one run in five then
    // failed once (the expert import's missing-columns test answered 500 instead of 422 on PostgreSQL
    // while another file ran beside it). Its cause was found since: ExcelJS's one-pass reader lost the
    // parts after a worksheet it had parked in a temporary file when that write finished late (a
    // loaded machine; exceljs#3064); the import reader now opens the parts through the zip directory
    // (read-file.ts). One worker is kept: the gain was small and a busier machine gains nothing.
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      { test: { name: 'domain', root: 'packages/domain', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      { test: { name: 'contracts', root: 'packages/contracts', include: ['src/**/*.test.ts'] } },
      // Web components rendered to HTML in Node (apps/web/src/testing/render.tsx): no browser, no build.
      { test: { name: 'web', root: 'apps/web', include: ['src/**/*.test.{ts,tsx}'] } },
      {
        test: {
          name: 'server',
          root: 'apps/server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          env: { TZ: 'UTC' },
        },
      },
      {
        test: {
          name: 'examples',
          root: 'examples',
          include: ['**/*.test.ts'],
          testTimeout: 600_000,
          env: { TZ: 'UTC' },
        },
      },
      {
        test: {
          name: 'e2e',
          root: 'apps/e2e',
          include: ['src/**/*.test.ts'],
          globalSetup: ['../server/test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
