/**
 * Account management by the system administrator (`/api/v1/users…`): create (set or generated
 * password, expert link), disable/enable, unlock, reset password, edit; the rules (only sysAdmin,
 * no self-disable/demotion, never the last active sysAdmin, unique case-insensitive user names,
 * the password policy), the sessions each change ends, and the audit-log rows (never a password);
 * the forced change of an administrator-set password (PASSWORD_CHANGE_REQUIRED), the protection of
 * the last security auditor, and concurrent removals of administrators (no deadlock).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setAccountActive, updateAccount, createAccount } from '../src/modules/admin/accounts.service.ts';
import { argon2Hasher } from '../src/platform/passwords.ts';
import { backends, createTestApp, DEMO_PASSWORD, type Agent, type TestApp } from './support.ts';

describe.each(backends)('account management on %s', (kind) => {
  let t: TestApp;
  let admin: Agent;
  /** Organisation ids of the demo data. */
  const org = { region: 0, nanning: 0, expertPool: 0 };

  beforeAll(async () => {
    t = await createTestApp(kind);
    admin = await t.login('admin');
    const ids = await t.database.rows<{ id: number; name: string; kind: string }>(sql`select id, name, kind from orgs where name in ('广西壮族自治区生态环境厅', '南宁市生态环境局') or kind = 'expert' order by id`);
    org.region = ids.find((o) => o.name === '广西壮族自治区生态环境厅')!.id;
    org.nanning = ids.find((o) => o.name === '南宁市生态环境局')!.id;
    org.expertPool = ids.find((o) => o.kind === 'expert')!.id;
  });
  afterAll(async () => {
    await t.close();
  });

  const loginRaw = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  const userId = async (username: string) => (await t.database.rows<{ id: number }>(sql`select id from users where lower(username) = lower(${username})`))[0]!.id;
  const sessionCount = async (username: string) =>
    (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from sessions s join users u on u.id = s.user_id where u.username = ${username}`))[0]!.n;
  const lastAudit = async (action: string) =>
    (await t.database.rows<{ actor_username: string; object_id: string; result: string; details: Record<string, unknown> }>(
      sql`select actor_username, object_id, result, details from audit_log where action = ${action} order by id desc limit 1`,
    ))[0]!;
  /** Logs in with the administrator-set `temporary` password, changes it to `own` and logs in again. */
  const changeInitial = async (username: string, temporary: string, own: string): Promise<Agent> => {
    const first = await t.login(username, temporary);
    expect((await first.post('/api/v1/auth/password', { currentPassword: temporary, newPassword: own })).statusCode).toBe(204);
    return t.login(username, own);
  };
  const userCount = async () => (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from users`))[0]!.n;

  it('when the administrator creates a city officer with a policy-conforming password, then 201, the account lists with its area, logs in there, and the audit row has no password', async () => {
    const res = await admin.post('/api/v1/users', { username: 'nn_eeb_li', displayName: '李四', role: 'cityEebOfficer', orgId: org.nanning, password: 'Nanning@2026a' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      generatedPassword: null,
      user: { username: 'nn_eeb_li', displayName: '李四', role: 'cityEebOfficer', orgName: '南宁市生态环境局', orgKind: 'cityEeb', divisionCode: '450100', isActive: true, lockedUntil: null, expertId: null },
    });
    const me = await loginRaw('nn_eeb_li', 'Nanning@2026a');
    expect(me.statusCode).toBe(200);
    expect(me.json().area).toEqual({ divisionCode: '450100', name: '南宁市', level: 'city' });
    const row = await lastAudit('user.create');
    expect(row).toMatchObject({ actor_username: 'admin', object_id: String(res.json().user.id), result: 'success' });
    expect(row.details).toMatchObject({ username: 'nn_eeb_li', role: 'cityEebOfficer', orgName: '南宁市生态环境局', divisionCode: '450100', passwordGenerated: false });
    expect(JSON.stringify(row.details)).not.toContain('Nanning@2026a');
    const listed = (await admin.get('/api/v1/users')).json() as { username: string; orgId: number }[];
    expect(listed.find((u) => u.username === 'nn_eeb_li')?.orgId).toBe(org.nanning);
  });

  it('when no password is given, then a 16-character one-time password meeting the policy is returned once and logs in', async () => {
    const res = await admin.post('/api/v1/users', { username: 'gx_sec2', displayName: '审计员二', role: 'securityAuditor', orgId: org.region });
    expect(res.statusCode, res.body).toBe(201);
    const pw = res.json().generatedPassword as string;
    expect(pw).toHaveLength(16);
    expect(/[A-Z]/.test(pw) && /[a-z]/.test(pw) && /[0-9]/.test(pw) && /[^A-Za-z0-9]/.test(pw)).toBe(true);
    expect((await loginRaw('gx_sec2', pw)).statusCode).toBe(200);
    expect((await lastAudit('user.create')).details).toMatchObject({ username: 'gx_sec2', passwordGenerated: true });
    expect(JSON.stringify((await lastAudit('user.create')).details)).not.toContain(pw);
  });

  it('when an expert account is created with a pool expert, then the expert is linked to it, and a second account for the same expert is refused', async () => {
    // Every demo expert has a login: a new pool entry without one.
    const [x] = await t.database.rows<{ id: number; name: string }>(
      sql`insert into experts (name, employer_name, specialities, city_code) values ('赵六', '广西大学', '["chemical"]'::jsonb, '450100') returning id, name`,
    );
    const choices = (await admin.get('/api/v1/users/choices')).json() as { experts: { id: number }[]; orgs: { id: number; divisionName: string }[] };
    expect(choices.experts.map((e) => e.id)).toContain(x!.id);
    expect(choices.orgs.find((o) => o.id === org.nanning)?.divisionName).toBe('南宁市');
    const res = await admin.post('/api/v1/users', { username: 'zj_new', displayName: `${x!.name}（专家）`, role: 'expertUser', orgId: org.expertPool, expertId: x!.id, password: 'Expert#2026pw' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().user.expertId).toBe(x!.id);
    expect((await t.database.rows<{ user_id: number }>(sql`select user_id from experts where id = ${x!.id}`))[0]!.user_id).toBe(res.json().user.id);
    const again = await admin.post('/api/v1/users', { username: 'zj_new2', displayName: '重复专家', role: 'expertUser', orgId: org.expertPool, expertId: x!.id, password: 'Expert#2026pw' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已有账号');
  });

  it('when the user name exists in another case, then 409 CONFLICT says it is taken (case-insensitive) and nothing is created', async () => {
    const before = await userCount();
    const res = await admin.post('/api/v1/users', { username: 'NN_EEB', displayName: '重名用户', role: 'cityEebOfficer', orgId: org.nanning, password: 'Nanning@2026a' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'CONFLICT', message: '用户名 NN_EEB 已被使用（已有账号 nn_eeb；用户名不区分大小写）' });
    expect(await userCount()).toBe(before);
  });

  it('when the password is weak, then 400 PASSWORD_POLICY lists the broken rules in Chinese and nothing is created', async () => {
    const before = await userCount();
    const res = await admin.post('/api/v1/users', { username: 'weakone', displayName: '弱密码', role: 'cityEebOfficer', orgId: org.nanning, password: 'weakone12' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('PASSWORD_POLICY');
    expect(res.json().error.message).toBe('密码不符合密码策略：包含大写字母、小写字母、数字、符号中的至少 3 类；不得与用户名相同或包含用户名');
    expect(res.json().error.details.rules.map((r: { rule: string }) => r.rule)).toEqual(['classes', 'notUsername']);
    expect(await userCount()).toBe(before);
  });

  it('when the role does not fit the organisation or the user name breaks the rule, then 400 VALIDATION_FAILED names the field', async () => {
    const role = await admin.post('/api/v1/users', { username: 'wrong_role', displayName: '角色不符', role: 'cityEebOfficer', orgId: org.region, password: 'Nanning@2026a' });
    expect(role.statusCode).toBe(400);
    expect(role.json().error.details).toEqual([{ field: 'body.role', message: expect.stringContaining('regionDeeOfficer, sysAdmin, securityAuditor') }]);
    const name = await admin.post('/api/v1/users', { username: '1abc', displayName: '名字不符', role: 'cityEebOfficer', orgId: org.nanning, password: 'Nanning@2026a' });
    expect(name.statusCode).toBe(400);
    expect(name.json().error.details[0].field).toBe('body.username');
  });

  it('when the CLI path (organisation by name) creates a duplicate, then it gets the console\'s message (one service)', async () => {
    await expect(
      createAccount(t.database.db, argon2Hasher, { username: 'Nn_Eeb_Li', displayName: '命令行', role: 'cityEebOfficer', org: { name: '南宁市生态环境局' }, password: 'Nanning@2026a' }, { at: new Date(), actorUserId: null, actorUsername: 'cpaudit user create (CLI)' }),
    ).rejects.toThrow('用户名 Nn_Eeb_Li 已被使用（已有账号 nn_eeb_li；用户名不区分大小写）');
    await expect(
      createAccount(t.database.db, argon2Hasher, { username: 'cli_x', displayName: '命令行', role: 'cityEebOfficer', org: { name: '不存在的局' }, password: 'Nanning@2026a' }, { at: new Date(), actorUserId: null, actorUsername: 'cli' }),
    ).rejects.toThrow('没有名为「不存在的局」的机构');
  });

  it.each([
    ['nn_eeb', 'a city officer'],
    ['auditor', 'the security auditor'],
  ])('when %s (%s) calls the management routes, then 403 FORBIDDEN and nothing changes', async (username) => {
    const agent = await t.login(username);
    const target = await userId('nn_drc');
    const calls = [
      agent.post('/api/v1/users', { username: 'sneaky', displayName: '越权', role: 'cityEebOfficer', orgId: org.nanning, password: 'Nanning@2026a' }),
      agent.post(`/api/v1/users/${target}/disable`, {}),
      agent.post(`/api/v1/users/${target}/unlock`, {}),
      agent.post(`/api/v1/users/${target}/reset-password`, { password: 'Sneaky@2026pw' }),
      agent.patch(`/api/v1/users/${target}`, { role: 'cityEebOfficer' }),
      agent.get('/api/v1/users/choices'),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect((await t.database.rows(sql`select 1 from users where username = 'sneaky'`)).length).toBe(0);
    expect((await loginRaw('nn_drc', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('when the administrator disables an account, then its session is gone, it cannot log in, and enabling lets it in again', async () => {
    const victim = await t.login('nn_drc');
    expect(await sessionCount('nn_drc')).toBeGreaterThan(0);
    const id = await userId('nn_drc');
    const res = await admin.post(`/api/v1/users/${id}/disable`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ username: 'nn_drc', isActive: false });
    expect(await sessionCount('nn_drc')).toBe(0);
    expect((await victim.get('/api/v1/auth/me')).statusCode).toBe(401);
    const refused = await loginRaw('nn_drc', DEMO_PASSWORD);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(await lastAudit('user.disable')).toMatchObject({ actor_username: 'admin', object_id: String(id), details: { username: 'nn_drc', sessionsEnded: true } });
    expect((await admin.post(`/api/v1/users/${id}/enable`, {})).json().isActive).toBe(true);
    expect((await loginRaw('nn_drc', DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await lastAudit('user.enable')).object_id).toBe(String(id));
  });

  it('when the request lacks the CSRF token, then 403 CSRF_FAILED and the account stays active', async () => {
    const id = await userId('nn_drc');
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/users/${id}/disable`, headers: { cookie: admin.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_FAILED');
    expect((await t.database.rows<{ is_active: boolean }>(sql`select is_active from users where id = ${id}`))[0]!.is_active).toBe(true);
  });

  it('when the administrator disables or demotes themself, then 422 RULE_VIOLATION and nothing changes', async () => {
    const id = await userId('admin');
    const off = await admin.post(`/api/v1/users/${id}/disable`, {});
    expect(off.statusCode).toBe(422);
    expect(off.json().error).toMatchObject({ code: 'RULE_VIOLATION', message: '不能停用自己的系统管理员账号', details: { rule: 'self' } });
    const demote = await admin.patch(`/api/v1/users/${id}`, { role: 'regionDeeOfficer' });
    expect(demote.statusCode).toBe(422);
    expect(demote.json().error.message).toBe('不能降级自己的系统管理员账号');
    expect((await admin.get('/api/v1/auth/me')).json().role).toBe('sysAdmin');
  });

  it('when the last active system administrator would be disabled or demoted, then RULE_VIOLATION lastAdmin; with a second administrator, one may disable the other', async () => {
    const id = await userId('admin');
    // Not reachable over HTTP (the caller is itself an active administrator): the service guards other callers (a CLI, a script).
    const cli = { at: t.clock.now(), actorUserId: null, actorUsername: 'cli' };
    await expect(setAccountActive(t.database.db, id, false, cli)).rejects.toMatchObject({ code: 'RULE_VIOLATION', details: { rule: 'lastAdmin' } });
    await expect(updateAccount(t.database.db, id, { role: 'regionDeeOfficer' }, cli)).rejects.toMatchObject({ code: 'RULE_VIOLATION', details: { rule: 'lastAdmin' } });
    const second = await admin.post('/api/v1/users', { username: 'admin2', displayName: '第二管理员', role: 'sysAdmin', orgId: org.region, password: 'Second@2026adm' });
    expect(second.statusCode).toBe(201);
    const admin2 = await changeInitial('admin2', 'Second@2026adm', 'Second#Own2026x');
    expect((await admin2.post(`/api/v1/users/${id}/disable`, {})).statusCode).toBe(200);
    // admin2 is now the last active one: admin (disabled, session gone) cannot act, admin2 cannot remove itself.
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await admin2.post(`/api/v1/users/${second.json().user.id}/disable`, {})).statusCode).toBe(422);
    expect((await admin2.post(`/api/v1/users/${id}/enable`, {})).statusCode).toBe(200);
    admin = await t.login('admin');
  });

  it('when a locked account is unlocked, then the lock and counter are reset and the right password logs in at once', async () => {
    for (let i = 0; i < 5; i++) await loginRaw('lz_eeb', `Wrong@${i}abcd`);
    expect((await loginRaw('lz_eeb', DEMO_PASSWORD)).statusCode).toBe(401);
    const id = await userId('lz_eeb');
    const listed = ((await admin.get('/api/v1/users')).json() as { id: number; lockedUntil: string | null }[]).find((u) => u.id === id)!;
    // 09:00 + 15 minutes, Beijing time (the test clock).
    expect(listed.lockedUntil).toBe('2026-03-02T09:15:00+08:00');
    const res = await admin.post(`/api/v1/users/${id}/unlock`, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().lockedUntil).toBeNull();
    expect((await t.database.rows(sql`select failed_logins, locked_until from users where id = ${id}`))[0]).toEqual({ failed_logins: 0, locked_until: null });
    expect((await loginRaw('lz_eeb', DEMO_PASSWORD)).statusCode).toBe(200);
    expect(await lastAudit('user.unlock')).toMatchObject({ actor_username: 'admin', object_id: String(id), details: { username: 'lz_eeb', failedLogins: 0 } });
  });

  it('when the administrator resets a password, then the sessions end, the old password fails, the temporary one works; a weak one is refused', async () => {
    const victim = await t.login('nn_xn');
    const id = await userId('nn_xn');
    const weak = await admin.post(`/api/v1/users/${id}/reset-password`, { password: 'nn_xn2026' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('PASSWORD_POLICY');
    expect((await victim.get('/api/v1/auth/me')).statusCode).toBe(200);
    const res = await admin.post(`/api/v1/users/${id}/reset-password`, { password: 'Temp@2026reset' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().generatedPassword).toBeNull();
    expect((await victim.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect(await sessionCount('nn_xn')).toBe(0);
    expect((await loginRaw('nn_xn', DEMO_PASSWORD)).statusCode).toBe(401);
    expect((await loginRaw('nn_xn', 'Temp@2026reset')).statusCode).toBe(200);
    const row = await lastAudit('user.resetPassword');
    expect(row).toMatchObject({ actor_username: 'admin', object_id: String(id), details: { passwordGenerated: false, sessionsEnded: true } });
    expect(JSON.stringify(row.details)).not.toContain('Temp@2026reset');
    const generated = await admin.post(`/api/v1/users/${id}/reset-password`, {});
    expect((await loginRaw('nn_xn', generated.json().generatedPassword)).statusCode).toBe(200);
  });

  it('when the display name changes, the sessions stay; when the role or organisation changes, they end and the audit row records from/to', async () => {
    const created = await admin.post('/api/v1/users', { username: 'gx_officer9', displayName: '王五', role: 'regionDeeOfficer', orgId: org.region, password: 'Region@2026ok' });
    const id = created.json().user.id as number;
    const agent = await t.login('gx_officer9', 'Region@2026ok');
    const renamed = await admin.patch(`/api/v1/users/${id}`, { displayName: '王五（处长）' });
    expect(renamed.json()).toMatchObject({ displayName: '王五（处长）', role: 'regionDeeOfficer' });
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(200);
    const wrongOrg = await admin.patch(`/api/v1/users/${id}`, { orgId: org.nanning });
    expect(wrongOrg.statusCode).toBe(400);
    expect(wrongOrg.json().error.details[0].field).toBe('body.orgId');
    const moved = await admin.patch(`/api/v1/users/${id}`, { orgId: org.nanning, role: 'cityEebOfficer' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ role: 'cityEebOfficer', orgName: '南宁市生态环境局', divisionCode: '450100' });
    expect((await agent.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await lastAudit('user.update')).details).toMatchObject({ changes: { role: ['regionDeeOfficer', 'cityEebOfficer'] }, sessionsEnded: true });
    const again = await t.login('gx_officer9', 'Region@2026ok');
    expect((await again.get('/api/v1/auth/me')).json().area.divisionCode).toBe('450100');
  });

  it('when the account does not exist, then 404 NOT_FOUND', async () => {
    const res = await admin.post('/api/v1/users/999999/unlock', {});
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toBe('账号不存在');
  });

  it('when the administrator creates an account, then it must change the password: business routes answer 403 PASSWORD_CHANGE_REQUIRED, /auth/me works; after the change everything works; a reset sets it again', async () => {
    const created = await admin.post('/api/v1/users', { username: 'gx_admin3', displayName: '第三管理员', role: 'sysAdmin', orgId: org.region, password: 'Third@2026adm' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().user.mustChangePassword).toBe(true);
    expect((await lastAudit('user.create')).details).toMatchObject({ username: 'gx_admin3', mustChangePassword: true });
    const first = await t.login('gx_admin3', 'Third@2026adm');
    const me = await first.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ username: 'gx_admin3', mustChangePassword: true });
    for (const res of [await first.get('/api/v1/users'), await first.get('/api/v1/users/choices'), await first.post(`/api/v1/users/${await userId('nn_drc')}/disable`, {})]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', message: '请先修改初始密码' });
    }
    expect((await t.database.rows<{ is_active: boolean }>(sql`select is_active from users where username = 'nn_drc'`))[0]!.is_active).toBe(true);
    expect((await first.post('/api/v1/auth/password', { currentPassword: 'Third@2026adm', newPassword: 'Mine#Third2026' })).statusCode).toBe(204);
    expect((await lastAudit('user.changePassword')).details).toMatchObject({ wasMustChange: true });
    const own = await t.login('gx_admin3', 'Mine#Third2026');
    expect((await own.get('/api/v1/auth/me')).json().mustChangePassword).toBe(false);
    expect((await own.get('/api/v1/users')).statusCode).toBe(200);
    // A reset by another administrator: the temporary password must be changed again.
    const id = await userId('gx_admin3');
    const reset = await admin.post(`/api/v1/users/${id}/reset-password`, { password: 'Reset@2026temp' });
    expect(reset.json().user.mustChangePassword).toBe(true);
    const again = await t.login('gx_admin3', 'Reset@2026temp');
    expect((await again.get('/api/v1/users')).json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    // Logging out stays possible.
    expect((await again.post('/api/v1/auth/logout', {})).statusCode).toBe(204);
    // The CLI forces the change too, unless --no-force-change; demo accounts never.
    const cli = { at: t.clock.now(), actorUserId: null, actorUsername: 'cli' };
    const forced = await createAccount(t.database.db, argon2Hasher, { username: 'cli_forced', displayName: '命令行甲', role: 'cityEebOfficer', org: { name: '南宁市生态环境局' }, password: 'Nanning@2026a' }, cli);
    const free = await createAccount(t.database.db, argon2Hasher, { username: 'cli_free', displayName: '命令行乙', role: 'cityEebOfficer', org: { name: '南宁市生态环境局' }, password: 'Nanning@2026a', forceChange: false }, cli);
    expect([forced.user.mustChangePassword, free.user.mustChangePassword]).toEqual([true, false]);
    expect((await (await t.login('nn_eeb')).get('/api/v1/auth/me')).json().mustChangePassword).toBe(false);
  });

  it('when the administrator acts on the security auditors, then a role change is always refused, and the last active one cannot be disabled nor have its password reset', async () => {
    const auditorId = await userId('auditor');
    const sec2 = await userId('gx_sec2'); // created above: two active auditors
    const demote = await admin.patch(`/api/v1/users/${sec2}`, { role: 'regionDeeOfficer' });
    expect(demote.statusCode).toBe(422);
    expect(demote.json().error).toMatchObject({ code: 'RULE_VIOLATION', details: { rule: 'auditorRole' } });
    expect(demote.json().error.message).toContain('不能更改安全审计员账号（gx_sec2）的角色');
    expect((await admin.post(`/api/v1/users/${sec2}/disable`, {})).statusCode).toBe(200);
    for (const res of [await admin.post(`/api/v1/users/${auditorId}/disable`, {}), await admin.post(`/api/v1/users/${auditorId}/reset-password`, { password: 'Grab@2026audit' })]) {
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({ code: 'RULE_VIOLATION', details: { rule: 'lastAuditor' } });
      expect(res.json().error.message).toContain('最后一个启用的安全审计员账号（auditor）');
    }
    expect((await loginRaw('auditor', DEMO_PASSWORD)).statusCode).toBe(200);
    expect((await loginRaw('auditor', 'Grab@2026audit')).statusCode).toBe(401);
    // With a second active auditor, one may be reset (and must then change the password).
    expect((await admin.post(`/api/v1/users/${sec2}/enable`, {})).statusCode).toBe(200);
    const reset = await admin.post(`/api/v1/users/${sec2}/reset-password`, { password: 'Audit@2026temp' });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().user.mustChangePassword).toBe(true);
  });

  it('when two administrators are disabled at the same time, then both succeed with a third left; with only two, exactly one succeeds and the other meets lastAdmin (no deadlock)', async () => {
    const cli = { at: t.clock.now(), actorUserId: null, actorUsername: 'cli' };
    const make = async (username: string) =>
      (await createAccount(t.database.db, argon2Hasher, { username, displayName: `并发${username}`, role: 'sysAdmin', org: { name: '广西壮族自治区生态环境厅' }, password: 'Concur@2026adm', forceChange: false }, cli)).user.id;
    // Leave exactly admin + two new ones active.
    await t.database.rows(sql`update users set is_active = false where role = 'sysAdmin' and username <> 'admin'`);
    const [a, b] = [await make('race_a'), await make('race_b')];
    const both = await Promise.allSettled([setAccountActive(t.database.db, a, false, cli), setAccountActive(t.database.db, b, false, cli)]);
    expect(both.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    // Now admin and race_a: disabling both at once leaves one of them.
    await setAccountActive(t.database.db, a, true, cli);
    const adminId = await userId('admin');
    const race = await Promise.allSettled([setAccountActive(t.database.db, adminId, false, cli), updateAccount(t.database.db, a, { role: 'regionDeeOfficer' }, cli)]);
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failed = race.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: 'RULE_VIOLATION', details: { rule: 'lastAdmin' } });
    expect((await t.database.rows<{ n: number }>(sql`select count(*)::int as n from users where role = 'sysAdmin' and is_active`))[0]!.n).toBe(1);
    // Restore: admin active for any later test.
    await t.database.rows(sql`update users set is_active = true where username = 'admin'`);
    admin = await t.login('admin');
  });
});
