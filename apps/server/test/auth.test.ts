import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, DEMO_PASSWORD, type TestApp } from './support.ts';

describe.each(backends)('authentication on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  const auditRows = (username: string) =>
    t.database.rows<{ action: string; result: string; details: { reason?: string } | null }>(
      sql`select action, result, details from audit_log where actor_username = ${username} order by id`,
    );

  it('when the password is right, then a session cookie (HttpOnly, SameSite=Strict) and the user with area are returned', async () => {
    const res = await login('nn_eeb', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^cpaudit_sid=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const me = res.json();
    expect(me).toMatchObject({ username: 'nn_eeb', role: 'cityEebOfficer', org: { name: '南宁市生态环境局', kind: 'cityEeb' }, area: { divisionCode: '450100', name: '南宁市', level: 'city' } });
    expect(me.permissions).toContain('dashboard.view');
    // A demo (seeded) account's password is its own: no forced change.
    expect(me.mustChangePassword).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/dashboard/summary', headers: { cookie: String(res.headers['set-cookie']).split(';')[0]! } })).statusCode).toBe(200);
    // The token is not stored: the sessions table holds its SHA-256 only.
    const token = cookie.split(';')[0]!.split('=')[1]!;
    const stored = await t.database.rows<{ id: string }>(sql`select id from sessions`);
    expect(stored.some((s) => s.id === token)).toBe(false);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.id))).toBe(true);
    const [row] = await t.database.rows(sql`select org_name, result from audit_log where actor_username = 'nn_eeb' and action = 'auth.login' order by id desc limit 1`);
    expect(row).toEqual({ org_name: '南宁市生态环境局', result: 'success' });
  });

  it('when the user name differs only in case, then login still works (user names are case-insensitive)', async () => {
    expect((await login('NN_EEB', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('when the password is wrong or the user unknown, then both get 401 INVALID_CREDENTIALS with the same message', async () => {
    const wrong = await login('nn_drc', 'Wrong@2026x');
    const unknown = await login('nobody_here', 'Wrong@2026x');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.json().error.message).toBe(wrong.json().error.message);
    expect(wrong.json().error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when 5 wrong passwords are given, then the account is locked for 15 minutes with the same answer as a wrong password, and opens afterwards', async () => {
    for (let i = 0; i < 5; i++) expect((await login('lz_eeb', `Wrong@${i}abcd`)).statusCode).toBe(401);
    const locked = await login('lz_eeb', DEMO_PASSWORD);
    const wrong = await login('nn_drc', 'Wrong@2026x');
    expect(locked.statusCode).toBe(401);
    expect(locked.json().error.code).toBe(wrong.json().error.code);
    expect(locked.json().error.message).toBe(wrong.json().error.message);
    t.clock.advance(14 * 60_000);
    expect((await login('lz_eeb', DEMO_PASSWORD)).statusCode).toBe(401);
    t.clock.advance(60_000 + 1000);
    expect((await login('lz_eeb', DEMO_PASSWORD)).statusCode).toBe(200);
    const rows = await auditRows('lz_eeb');
    expect(rows.filter((r) => r.action === 'auth.lockout')).toHaveLength(1);
    expect(rows.filter((r) => r.action === 'auth.login' && r.details?.reason === 'locked')).toHaveLength(2);
    expect(rows.at(-1)).toMatchObject({ action: 'auth.login', result: 'success' });
  });

  it('when 4 failures are followed by a success, then the counter resets and 4 more failures do not lock', async () => {
    for (let i = 0; i < 4; i++) await login('nn_xn', 'Wrong@2026x');
    expect((await login('nn_xn', DEMO_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 4; i++) await login('nn_xn', 'Wrong@2026x');
    expect((await login('nn_xn', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('when a session is idle for more than 30 minutes, then the next request gets SESSION_EXPIRED and the session row is gone', async () => {
    const agent = await t.login('gx_drc');
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(200);
    t.clock.advance(29 * 60_000);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    const res = await agent.get('/api/v1/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('SESSION_EXPIRED');
    expect((await agent.get('/api/v1/auth/me')).json().error.code).toBe('UNAUTHENTICATED');
  });

  it('when the user logs out, then the session ends server-side and the old cookie is refused', async () => {
    const agent = await t.login('gx_dee');
    const out = await agent.post('/api/v1/auth/logout');
    expect(out.statusCode).toBe(204);
    const after = await agent.get('/api/v1/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHENTICATED');
    const rows = await auditRows('gx_dee');
    expect(rows.map((r) => r.action)).toEqual(['auth.login', 'auth.logout']);
  });

  it('when a state-changing request lacks the CSRF token or comes from a foreign origin, then 403 CSRF_FAILED and nothing changes', async () => {
    const agent = await t.login('nn_drc');
    const noToken = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: agent.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('CSRF_FAILED');
    const foreign = await agent.post('/api/v1/auth/logout', undefined, { origin: 'http://evil.example', host: 'localhost:80' });
    expect(foreign.statusCode).toBe(403);
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(200);
  });

  it.each([
    ['short', 'Ab1!xyz', ['minLength']],
    ['two classes', 'abcdefgh12', ['classes']],
    ['contains user name', 'Qy_demo2026', ['notUsername']],
    ['digits only', '12345678', ['classes']],
  ])('when the new password is %s, then PASSWORD_POLICY names the broken rules', async (_label, candidate, rules) => {
    const agent = await t.login('qy_demo');
    const res = await agent.post('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: candidate });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('PASSWORD_POLICY');
    expect(res.json().error.details.rules.map((r: { rule: string }) => r.rule)).toEqual(rules);
  });

  it('when the password is changed, then all sessions end and only the new password works', async () => {
    const a1 = await t.login('jg_demo');
    const a2 = await t.login('jg_demo');
    const res = await a1.post('/api/v1/auth/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Green#Audit2027' });
    expect(res.statusCode).toBe(204);
    expect((await a2.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login('jg_demo', DEMO_PASSWORD)).statusCode).toBe(401);
    expect((await login('jg_demo', 'Green#Audit2027')).statusCode).toBe(200);
  });

  it('when the login body is malformed, then 400 VALIDATION_FAILED names the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details[0].field).toBe('body.password');
    const notJson = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{bad' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.code).toBe('VALIDATION_FAILED');
  });

  it('when someone tries to change or delete audit-log rows, then the database refuses', async () => {
    const before = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log`);
    await expect(t.database.rows(sql`update audit_log set result = 'success'`)).rejects.toThrow();
    await expect(t.database.rows(sql`delete from audit_log`)).rejects.toThrow();
    const after = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('when an authenticated page is served, then security headers are set and data is not cached', async () => {
    const agent = await t.login('nn_eeb');
    const res = await agent.get('/api/v1/auth/me');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('login rate limit', () => {
  it('when an address exceeds the per-minute login budget, then 429 RATE_LIMITED with Retry-After', async () => {
    const t = await createTestApp('pglite', { LOGIN_RATE_PER_MINUTE: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        codes.push((await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x' } })).statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429]);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'x' } });
      expect(res.json().error.code).toBe('RATE_LIMITED');
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await t.close();
    }
  });
});
