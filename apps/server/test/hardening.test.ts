/** Findings of the first newcomer and breaker review, each pinned by a test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type TestApp } from './support.ts';

describe('hardening', () => {
  let t: TestApp;
  let web: string;
  beforeAll(async () => {
    web = fs.mkdtempSync(path.join(os.tmpdir(), 'cpaudit-web-'));
    fs.mkdirSync(path.join(web, 'assets'));
    fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><title>清洁生产审核管理信息系统</title>');
    fs.writeFileSync(path.join(web, 'assets', 'index-abc123.js'), 'console.log(1)');
    t = await createTestApp('pglite', { WEB_DIST_DIR: web });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(web, { recursive: true, force: true });
  });
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('when / or a console route is opened, then the console page is served, not an error', async () => {
    for (const url of ['/', '/enterprises', '/screening/runs/3']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('清洁生产审核管理信息系统');
    }
  });

  it('when a hashed asset is fetched, then it is cached for a year; a missing asset is 404, not the page', async () => {
    const asset = await get('/assets/index-abc123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/index-old.js')).statusCode).toBe(404);
  });

  it.each(['/api/v1/enterprises?q=%00', '/api/v1/enterprises?q=a%00b', '/api/v1/enterprises?keyIndustry=a%00'])(
    'when the URL %s holds a NUL byte, then 400 VALIDATION_FAILED, not a database error',
    async (url) => {
      const agent = await t.login('gx_dee');
      const res = await agent.get(url);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    },
  );

  it('when a login body holds a NUL byte, then 400 VALIDATION_FAILED', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nn_eeb\u0000', password: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it.each(['1e3', '0x95', '149.0', '00149', '2147483648', '99999999999', '-1'])('when an id is %s, then 400', async (id) => {
    const agent = await t.login('gx_dee');
    const res = await agent.get(`/api/v1/enterprises/${id}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('when the body has an unsupported content type or is too large, then a 415 or 413 with a Chinese message', async () => {
    const form = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'username=a'});
    expect(form.statusCode).toBe(415);
    expect(form.json().error.message).toContain('application/json');
    const big = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a', password: 'x'.repeat(1_100_000) } });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toBe('请求体过大');
  });

  it('when the current password is guessed 5 times from a session, then the account locks, the session ends and the attempts are audited', async () => {
    const agent = await t.login('nn_drc');
    for (let i = 0; i < 5; i++) {
      const res = await agent.post('/api/v1/auth/password', { currentPassword: `Guess#${i}xyz`, newPassword: 'Fresh#Pass2027' });
      if (i < 4) expect(res.statusCode).toBe(401);
    }
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nn_drc', password: DEMO_PASSWORD } });
    expect(login.statusCode).toBe(401);
    const rows = await t.database.rows<{ action: string; result: string }>(
      sql`select action, result from audit_log where actor_username = 'nn_drc' and action in ('user.changePassword', 'auth.lockout') order by id`,
    );
    expect(rows.filter((r) => r.action === 'user.changePassword' && r.result === 'failure')).toHaveLength(5);
    expect(rows.filter((r) => r.action === 'auth.lockout')).toHaveLength(1);
  });

  it('when the new password equals the current one, then PASSWORD_POLICY sameAsCurrent', async () => {
    const agent = await t.login('nn_xn');
    const res = await agent.post('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.rules.map((r: { rule: string }) => r.rule)).toEqual(['sameAsCurrent']);
  });

  it('when someone logs in on a browser that holds another session, then that session ends', async () => {
    const first = await t.login('zj_demo');
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { cookie: first.cookie }, payload: { username: 'jg_demo', password: DEMO_PASSWORD } });
    expect(second.statusCode).toBe(200);
    expect(second.headers['cache-control']).toBe('no-store');
    expect((await first.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  it('when a login comes from a foreign origin, then 403 CSRF_FAILED and the denial is audited', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: 'http://evil.example', host: 'cp.example.gov.cn' },
      payload: { username: 'gx_dee', password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(403);
    const rows = await t.database.rows(sql`select action, result from audit_log where action = 'csrf' and actor_user_id is null`);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('when bad values reach the enterprise edit or a screening start, then 400/404, never a 500', async () => {
    const region = await t.login('gx_dee');
    const [e] = await t.database.rows<{ id: number }>(sql`select id from enterprises order by id limit 1`);
    expect((await region.patch(`/api/v1/enterprises/${e!.id}`, { lastAcceptanceDate: '2021-02-30' })).statusCode).toBe(400);
    expect((await region.patch(`/api/v1/enterprises/${e!.id}`, { lastAcceptanceDate: '9999-12-31' })).statusCode).toBe(400);
    expect((await region.patch(`/api/v1/enterprises/${e!.id}`, { industryCodes: ['3011', '3011'] })).statusCode).toBe(400);
    const nope = await region.post('/api/v1/screening/runs', { dataYear: 2024, ruleSetVersion: 'nope' });
    expect(nope.statusCode).toBe(404);
    const city = await region.post('/api/v1/screening/runs', { dataYear: 2024, cityCode: '451500' });
    expect(city.statusCode).toBe(400);
    expect(city.json().error.details[0].field).toBe('body.cityCode');
  });

  it('when the security auditor reads the audit log, then it can filter one user\'s logins (times in +08:00)', async () => {
    const auditor = await t.login('auditor');
    const res = await auditor.get('/api/v1/audit-log?username=zj_demo&action=auth.login&pageSize=50');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThan(0);
    expect(body.data.every((e: { actorUsername: string; at: string }) => e.actorUsername === 'zj_demo' && e.at.endsWith('+08:00'))).toBe(true);
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  it('when the browser origin matches X-Forwarded-Host, then the login is not refused as CSRF', async () => {
    const t = await createTestApp('pglite', { TRUST_PROXY: 'true' });
    try {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { origin: 'https://cp.example.gov.cn', host: '127.0.0.1:3001', 'x-forwarded-host': 'cp.example.gov.cn', 'x-forwarded-proto': 'https' },
        payload: { username: 'gx_dee', password: DEMO_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
