/**
 * 账号管理 in Chromium: the system administrator creates an account with a generated one-time
 * password through the 新建账号 modal, the account logs in with it, is sent to 修改密码 (must change
 * the administrator-set password), changes it, and 停用 (with its Popconfirm)
 * locks it out; the security auditor sees the table without any of these controls.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../server/test/support.ts';
import { artifactsDir, confirmPopconfirm, hasChromium, loginAs, servedBrowserPerFile } from './browser.ts';

describe.runIf(hasChromium)('console: account management in Chromium', () => {
  const live = servedBrowserPerFile();

  async function openUsers(username: string): Promise<Page> {
    const page = await loginAs(live.browser, live.served.baseUrl, username, DEMO_PASSWORD);
    await page.goto(`${live.served.baseUrl}/users`);
    await page.getByTestId('users-table').waitFor({ timeout: 30_000 });
    await page.getByTestId('user-row-admin').waitFor({ timeout: 30_000 });
    return page;
  }

  /** Picks the option whose label contains `text` in the antd Select with `testId`. */
  /**
   * Picks the option containing `text` in a searchable select. The filtered list is virtual and may
   * still re-render when the option is clicked (once in a CI run the role never followed the
   * organisation): the pick is checked on the field and tried again, at most three times.
   */
  async function pick(page: Page, testId: string, text: string): Promise<void> {
    const field = page.getByTestId(testId);
    for (let attempt = 1; ; attempt++) {
      await field.click();
      await page.keyboard.type(text);
      await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: text }).first().click();
      if (((await field.textContent()) ?? '').includes(text) || attempt === 3) return;
    }
  }

  it('when the administrator creates a 南宁 account with a generated password and then disables it, then it logs in once and afterwards cannot', async () => {
    const page = await openUsers('admin');
    await page.getByTestId('users-create').click();
    await page.getByTestId('user-create-username').fill('nn_browser');
    await page.getByTestId('user-create-display-name').fill('浏览器测试');
    await pick(page, 'user-create-org', '南宁市生态环境局');
    // A 南宁 EEB holds one role only: it is chosen with the organisation.
    await expect.poll(() => page.getByTestId('user-create-role').textContent(), { timeout: 15_000 }).toContain('设区市生态环境局');
    await page.locator('[data-testid="user-create-form"] .ant-modal-footer .ant-btn-primary').click();
    const shown = page.getByTestId('user-generated-password');
    await shown.waitFor({ timeout: 15_000 });
    const password = (await shown.textContent())!.trim();
    expect(password).toHaveLength(16);
    await page.screenshot({ path: path.join(artifactsDir, 'accounts-generated.png') });
    await page.getByTestId('user-generated-close').click();
    // The table pages by 50: search the new account.
    await page.getByTestId('users-search').fill('nn_browser');
    await page.getByTestId('user-row-nn_browser').waitFor();
    const login = (pw: string) => live.served.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nn_browser', password: pw } });
    const first = await login(password);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ area: { divisionCode: '450100' }, mustChangePassword: true });

    // The new user is sent to 修改密码 with the reason, and gets the console after changing it.
    const own = 'Nanning#Mine2026';
    const user = await loginAs(live.browser, live.served.baseUrl, 'nn_browser', password);
    await user.waitForURL((u) => u.pathname === '/password', { timeout: 30_000 });
    await user.getByTestId('password-must-change').waitFor({ timeout: 15_000 });
    expect(await user.getByTestId('password-must-change').textContent()).toContain('请先修改初始密码');
    // Until the password is changed the side menu offers nothing (every other page would be refused).
    expect(await user.getByTestId('side-menu').locator('[role="menuitem"]').count()).toBe(0);
    await user.screenshot({ path: path.join(artifactsDir, 'accounts-must-change.png') });
    await user.getByTestId('password-current').fill(password);
    await user.getByTestId('password-new').fill(own);
    await user.getByTestId('password-confirm').fill(own);
    await user.getByTestId('password-submit').click();
    await user.waitForURL((u) => u.pathname.startsWith('/login'), { timeout: 30_000 });
    await user.context().close();
    const changed = await login(own);
    expect(changed.statusCode).toBe(200);
    expect(changed.json().mustChangePassword).toBe(false);

    await page.getByTestId('user-disable-nn_browser').click();
    await confirmPopconfirm(page);
    await expect.poll(() => page.getByTestId('user-row-nn_browser').getAttribute('data-active'), { timeout: 15_000 }).toBe('false');
    expect((await login(own)).statusCode).toBe(401);
    await page.screenshot({ path: path.join(artifactsDir, 'accounts-disabled.png'), fullPage: true });
    await page.context().close();
  });

  it('when the security auditor opens 账号管理, then the table shows without 新建账号 or row actions', async () => {
    const page = await openUsers('auditor');
    expect(await page.getByTestId('users-create').count()).toBe(0);
    expect(await page.getByTestId('user-disable-nn_eeb').count()).toBe(0);
    await page.context().close();
  });
});
