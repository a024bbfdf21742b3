import { defineConfig } from 'vitest/config';

/**
 * One Vitest run covers every workspace. Pure domain and contract tests need nothing;
 * server integration tests run on PGlite (and on PostgreSQL when TEST_DATABASE_URL is set);
 * the browser tests run when /usr/bin/chromium exists.
 */
export default defineConfig({
  test: {
    // Two test files at a time on the 2-core CI machine (Vitest's default is cores − 1 = 1): most
    // files wait on PostgreSQL, Chromium or child processes, so the second worker fills that time
    // (the browser tests still run one file after another, see the e2e project).
    maxWorkers: 2,
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      { test: { name: 'domain', root: 'packages/domain', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] } },
      { test: { name: 'contracts', root: 'packages/contracts', include: ['src/**/*.test.ts'] } },
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
