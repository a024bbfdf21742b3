/**
 * Enterprises' applications for a voluntary audit (issue 5 item 1): qy_demo's enterprise (南宁)
 * applies for the 2027 list; 南宁's city accepts it into its 2027 draft as a voluntary entry with
 * source `applied`; another 南宁 enterprise's application is declined with a reason. Test clock
 * 2026-03-02 (Beijing).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type Agent, type TestApp } from './support.ts';

describe.each(backends)('voluntary-audit applications on %s', (kind) => {
  let t: TestApp;
  let qy: Agent;
  let nn: Agent;
  let lz: Agent;
  let qyEnterprise = { id: 0, division: '' };
  let appId = 0;
  beforeAll(async () => {
    t = await createTestApp(kind);
    [qy, nn, lz] = [await t.login('qy_demo'), await t.login('nn_eeb'), await t.login('lz_eeb')];
    const [e] = await t.database.rows<{ id: number; division_code: string }>(
      sql`select e.id, e.division_code from enterprises e join orgs o on o.enterprise_id = e.id join users u on u.org_id = o.id where u.username = 'qy_demo'`,
    );
    qyEnterprise = { id: e!.id, division: e!.division_code };
  });
  afterAll(async () => {
    await t.close();
  });

  it('when the enterprise applies for 2027, then one pending application is stored; a repeat returns it (200) and stores nothing new', async () => {
    const res = await qy.post('/api/v1/my/voluntary-applications', { listYear: 2027, reason: '希望通过审核挖掘节能降碳潜力', contact: '张三 0771-1234567' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ enterpriseId: qyEnterprise.id, listYear: 2027, status: 'pending', cityCode: '450100', countyCode: qyEnterprise.division, contact: '张三 0771-1234567', version: 1 });
    appId = res.json().id;
    const again = await qy.post('/api/v1/my/voluntary-applications', { listYear: 2027, reason: '再次提交' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: appId, reason: '希望通过审核挖掘节能降碳潜力' });
    expect((await t.database.rows(sql`select 1 from voluntary_applications`)).length).toBe(1);
    const mine = (await qy.get('/api/v1/my/voluntary-applications')).json();
    expect(mine.map((a: { id: number }) => a.id)).toEqual([appId]);
    const inbox = await t.database.rows<{ title: string }>(sql`select n.title from notifications n join orgs o on o.id = n.recipient_org_id where o.kind = 'cityEeb' and o.division_code = '450100' and n.kind = 'voluntaryApplication'`);
    expect(inbox.length).toBe(1);
  });

  it('when the reason is empty or the year is past, then 400 on that field', async () => {
    const empty = await qy.post('/api/v1/my/voluntary-applications', { listYear: 2028, reason: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0].field).toBe('body.reason');
    const past = await qy.post('/api/v1/my/voluntary-applications', { listYear: 2024, reason: '理由' });
    expect(past.json().error.details).toEqual([{ field: 'body.listYear', message: '应不早于 2025 年' }]);
  });

  it('when officials list applications, then 南宁 sees it and 柳州 does not; 柳州 may not accept it; the enterprise may not accept', async () => {
    expect((await nn.get('/api/v1/voluntary-applications?listYear=2027')).json().map((a: { id: number }) => a.id)).toEqual([appId]);
    expect((await lz.get('/api/v1/voluntary-applications?listYear=2027')).json()).toEqual([]);
    const out = await lz.post(`/api/v1/voluntary-applications/${appId}/accept`, { version: 1 });
    expect(out.statusCode).toBe(403);
    expect(out.json().error.code).toBe('OUT_OF_SCOPE');
    expect((await qy.post(`/api/v1/voluntary-applications/${appId}/accept`, { version: 1 })).statusCode).toBe(403);
  });

  it('when the city has no 2027 draft yet, then accepting is refused (422) and the application stays pending', async () => {
    const res = await nn.post(`/api/v1/voluntary-applications/${appId}/accept`, { version: 1 });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('2027');
    expect((await t.database.rows<{ status: string }>(sql`select status from voluntary_applications where id = ${appId}`))[0]!.status).toBe('pending');
  });

  it('when the enterprise is already on the 2027 draft, accepting conflicts; once the city removes it and accepts, then the draft holds a voluntary entry with source applied, the enterprise sees accepted, and a repeat or reapplication changes nothing', async () => {
    const draft = await nn.post('/api/v1/lists', { listYear: 2027 });
    expect(draft.statusCode, draft.body).toBe(200);
    const listId = draft.json().id;
    // The demo enterprise's 2025 audit is overdue without acceptance, so the draft rolls it over (a mandatory entry):
    // accepting is then a conflict and leaves the application pending, until the city removes that entry.
    const rolled = draft.json().entries.find((x: { enterpriseId: number }) => x.enterpriseId === qyEnterprise.id);
    expect(rolled).toMatchObject({ auditType: 'mandatory', source: 'rolledOver' });
    const clash = await nn.post(`/api/v1/voluntary-applications/${appId}/accept`, { version: 1 });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.message).toBe('该企业已在 2027 年名单中');
    expect((await t.database.rows<{ status: string }>(sql`select status from voluntary_applications where id = ${appId}`))[0]!.status).toBe('pending');
    expect((await nn.post(`/api/v1/lists/${listId}/remove-entry`, { version: draft.json().version, entryId: rolled.id })).statusCode).toBe(200);
    const res = await nn.post(`/api/v1/voluntary-applications/${appId}/accept`, { version: 1 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'accepted', listId, decidedBy: 'nn_eeb', version: 2 });
    const list = (await nn.get(`/api/v1/lists/${listId}`)).json();
    const entry = list.entries.find((x: { enterpriseId: number }) => x.enterpriseId === qyEnterprise.id);
    expect(entry).toMatchObject({ id: res.json().entryId, auditType: 'voluntary', source: 'applied' });
    const repeat = await nn.post(`/api/v1/voluntary-applications/${appId}/accept`, { version: 1 });
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toEqual(res.json());
    expect((await nn.post(`/api/v1/voluntary-applications/${appId}/decline`, { version: 5, reason: 'x' })).statusCode).toBe(409);
    expect((await qy.get('/api/v1/my/voluntary-applications')).json()[0]).toMatchObject({ status: 'accepted' });
    const reapply = await qy.post('/api/v1/my/voluntary-applications', { listYear: 2027, reason: '再申请' });
    expect(reapply.statusCode).toBe(200);
    expect(reapply.json().id).toBe(appId);
    const entries = await t.database.rows(sql`select 1 from audit_list_entries where list_id = ${listId} and enterprise_id = ${qyEnterprise.id}`);
    expect(entries.length).toBe(1);
  });

  it('when the city removes the entry of an accepted application from its draft, then the application is pending again (version 3, no list), the enterprise is told, and the city can decline it', async () => {
    const [app] = await t.database.rows<{ entry_id: number; list_id: number }>(sql`select entry_id, list_id from voluntary_applications where id = ${appId}`);
    const list = (await nn.get(`/api/v1/lists/${app!.list_id}`)).json();
    const removed = await nn.post(`/api/v1/lists/${app!.list_id}/remove-entry`, { version: list.version, entryId: app!.entry_id });
    expect(removed.statusCode, removed.body).toBe(200);
    const mine = (await qy.get('/api/v1/my/voluntary-applications')).json()[0];
    expect(mine).toMatchObject({ id: appId, status: 'pending', listId: null, entryId: null, decidedBy: null, version: 3 });
    const told = await t.database.rows<{ title: string }>(sql`select n.title from notifications n join orgs o on o.id = n.recipient_org_id
      where o.kind = 'enterprise' and o.enterprise_id = ${qyEnterprise.id} and n.title like '%退回待受理%'`);
    expect(told.map((n) => n.title)).toEqual(['2027 年自愿性清洁生产审核申请已退回待受理']);
    const log = await t.database.rows<{ action: string }>(sql`select action from audit_log where object_type = 'voluntaryApplication' and object_id = ${String(appId)} order by id`);
    expect(log.map((l) => l.action)).toEqual(['voluntary.apply', 'voluntary.accept', 'voluntary.reopen']);
    const declined = await nn.post(`/api/v1/voluntary-applications/${appId}/decline`, { version: 3, reason: '经核实暂不具备审核条件' });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', decisionReason: '经核实暂不具备审核条件', version: 4 });
  });

  it('when the city declines another enterprise\'s application, then a reason is required and is stored and audited', async () => {
    const [other] = await t.database.rows<{ id: number; division_code: string }>(
      sql`select id, division_code from enterprises where division_code like '4501%' and id <> ${qyEnterprise.id} and status = 'operating' order by id limit 1`,
    );
    const [row] = await t.database.rows<{ id: number }>(sql`insert into voluntary_applications (enterprise_id, list_year, city_code, county_code, reason)
      values (${other!.id}, 2027, '450100', ${other!.division_code}, '自愿申请') returning id`);
    expect((await nn.post(`/api/v1/voluntary-applications/${row!.id}/decline`, { version: 1, reason: '' })).statusCode).toBe(400);
    const res = await nn.post(`/api/v1/voluntary-applications/${row!.id}/decline`, { version: 1, reason: '本年度名额已满，请明年申请' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'declined', decisionReason: '本年度名额已满，请明年申请', version: 2 });
    const log = await t.database.rows<{ action: string }>(sql`select action from audit_log where object_type = 'voluntaryApplication' and object_id = ${String(row!.id)}`);
    expect(log.map((l) => l.action)).toEqual(['voluntary.decline']);
    expect((await nn.get('/api/v1/voluntary-applications?listYear=2027&status=declined')).json().map((a: { id: number }) => a.id)).toEqual([appId, row!.id]); // qy_demo's, declined after its reopening, filed first
  });
});
