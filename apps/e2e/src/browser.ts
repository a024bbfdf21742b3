/**
 * Browser-test support: Debian's Chromium driven by playwright-core (never a downloaded browser),
 * the server built in-process over a fresh PGlite database and listening on a free port.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestApp, type TestApp } from '../../server/test/support.ts';

export const CHROMIUM = '/usr/bin/chromium';
/** True when Debian's Chromium is installed; browser tests run only then. */
export const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  process.stdout.write(`browser tests skipped: ${CHROMIUM} not found (install it with: apt-get install chromium fonts-wqy-microhei)\n`);
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const webDist = path.join(repoRoot, 'apps/web/dist');
/** Screenshots are kept here (CI artifacts). */
export const artifactsDir = path.join(repoRoot, 'artifacts/e2e');

/** Launches headless Chromium with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The app over a fresh database, serving the built console on a free port. */
export async function startServedApp(): Promise<TestApp & { baseUrl: string }> {
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`The web console is not built (${webDist}); run \`npm run build:web\` first (npm test does).`);
  }
  const t = await createTestApp('pglite', { WEB_DIST_DIR: webDist });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  fs.mkdirSync(artifactsDir, { recursive: true });
  return Object.assign(t, { baseUrl: `http://127.0.0.1:${port}` });
}

/**
 * Opens a new zh-CN browser context (1440 × 960), logs `username` in with `password` through the
 * console's login form and returns the page once the console has left /login.
 * Throws (timeout after 30 s) when the login does not succeed.
 */
export async function loginAs(
  browser: Browser,
  baseUrl: string,
  username: string,
  password: string,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 30_000 });
  return page;
}

/**
 * Presses 确定 in the open antd Popconfirm of `page` and waits until it has closed. Under load a
 * click that lands during the opening animation is lost and the Popconfirm stays open, so the click
 * is repeated (at most three times) while the Popconfirm is still showing.
 * Throws when it is still open after the third click.
 */
export async function confirmPopconfirm(page: Page): Promise<void> {
  const ok = page.locator('.ant-popconfirm:not(.ant-popover-hidden) .ant-btn-primary');
  await ok.first().waitFor({ state: 'visible', timeout: 15_000 });
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.waitForTimeout(250); // past the opening animation
    if ((await ok.count()) === 0 || !(await ok.first().isVisible())) return;
    await ok.first().click({ timeout: 5_000 }).catch(() => undefined);
    try {
      await ok.first().waitFor({ state: 'hidden', timeout: 3_000 });
      return;
    } catch {
      // still open: the click was lost; try again
    }
  }
  throw new Error('confirmPopconfirm: the Popconfirm is still open after three clicks');
}

/**
 * Imports `file` through the console's import page (/imports of `baseUrl`) as the user of `page`:
 * picks the import kind whose option text contains `kindLabel` (e.g. 企业, 超标), uploads the file,
 * submits, and waits for the progress panel (up to 90 s) and then for the import to leave
 * `running` (up to 60 s). Returns the final `data-status` (`applied`, `rejected`…); the result
 * counters and the error table stay on the page for the caller to read.
 */
export async function importFile(page: Page, baseUrl: string, kindLabel: string, file: string): Promise<string | null> {
  await page.goto(`${baseUrl}/imports`);
  await page.getByTestId('import-kind').click();
  await page.locator('.ant-select-item-option', { hasText: kindLabel }).first().click();
  await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(file);
  await page.getByTestId('import-submit').click();
  const progress = page.getByTestId('import-progress');
  await progress.waitFor({ timeout: 90_000 });
  await expect.poll(() => progress.getAttribute('data-status'), { timeout: 60_000 }).not.toBe('running');
  return progress.getAttribute('data-status');
}

/**
 * For one test file: starts the served app and Chromium before its tests and closes both after.
 * Call inside the `describe`; read `served` and `browser` from the returned object in the tests.
 */
export function servedBrowserPerFile(): { served: Awaited<ReturnType<typeof startServedApp>>; browser: Browser } {
  const handles = {} as { served: Awaited<ReturnType<typeof startServedApp>>; browser: Browser };
  beforeAll(async () => {
    handles.served = await startServedApp();
    handles.browser = await launchBrowser();
  });
  afterAll(async () => {
    await handles.browser?.close();
    await handles.served?.close();
  });
  return handles;
}
