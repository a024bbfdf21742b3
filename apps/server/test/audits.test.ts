/**
 * The audit workflow over HTTP (issue 6 items 1, 2, 4, 10, 11, 12) on the demo data: the 2025 list
 * (桂环函〔2025〕12号, published 2025-03-10, disclosure due 2025-04-10), the test clock at
 * 2026-03-02 09:00 Beijing time.
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHINA_WORK_CALENDAR, workdaysLate } from '@cpaudit/domain';
import type { Db } from '../src/db/client.ts';
import { applyAuditAction } from '../src/modules/audits/audit-actions.ts';
import { runOverdueJob } from '../src/modules/audits/overdue.job.ts';
import { LogEmailAdapter, LogSmsAdapter, dispatchOutbox } from '../src/modules/notifications/outbox.ts';
import { backends, createTestApp, multipart, type Agent, type TestApp } from './support.ts';


describe.each(backends)('audit workflow on %s', (kind) => {
  let t: TestApp;
  let qy: Agent;
  let nn: Agent;
  let xn: Agent;
  let jg: Agent;
  let gx: Agent;
  let qyAudit: number;

  const upload = (agent: Agent, auditId: number, kindName: string, name = 'proof.pdf') => {
    const { payload, headers } = multipart(name, Buffer.from(`%PDF-1.4 ${kindName} ${crypto.randomUUID()}`));
    return t.app.inject({ method: 'POST', url: `/api/v1/audits/${auditId}/documents?kind=${kindName}`, payload, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf, ...headers } });
  };
  const count = async (q: ReturnType<typeof sql>) => (await t.database.rows<{ n: number }>(q))[0]!.n;

  beforeAll(async () => {
    t = await createTestApp(kind);
    qy = await t.login('qy_demo');
    nn = await t.login('nn_eeb');
    xn = await t.login('nn_xn');
    jg = await t.login('jg_demo');
    gx = await t.login('gx_dee');
    qyAudit = (await t.database.rows<{ id: number }>(sql`select a.id from audits a join orgs o on o.enterprise_id = a.enterprise_id join users u on u.org_id = o.id where u.username = 'qy_demo'`))[0]!.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('when each party lists audits, then officials see their area, the enterprise its own, the agency those it consults on', async () => {
    const nnList = (await nn.get('/api/v1/audits?pageSize=200')).json();
    const nnExpected = await count(sql`select count(*)::int as n from audits where county_code like '4501%'`);
    expect(nnList.total).toBe(nnExpected);
    expect(nnList.data.every((a: { countyCode: string }) => a.countyCode.startsWith('4501'))).toBe(true);
    const qyList = (await qy.get('/api/v1/audits')).json();
    expect(qyList.data.map((a: { id: number }) => a.id)).toEqual([qyAudit]);
    // The demo gives jg_demo's agency two 南宁 audits (started, reportSubmitted; demo-lists.ts) and the
    // voluntary 南宁 audit ready for a panel draw (reportSubmitted; demo-panels.ts).
    const jgList = (await jg.get('/api/v1/audits')).json();
    expect(jgList.data.map((a: { state: string }) => a.state).sort()).toEqual(['reportSubmitted', 'reportSubmitted', 'started']);
    const gxList = (await gx.get('/api/v1/audits?pageSize=1')).json();
    expect(gxList.total).toBe(await count(sql`select count(*)::int as n from audits`));
  });

  it('when qy_demo opens its listed audit on 2026-03-02, then disclosure (due 2025-04-10) is 326 days late and nothing is allowed before the proof is uploaded', async () => {
    const d = (await qy.get(`/api/v1/audits/${qyAudit}`)).json();
    expect(d.state).toBe('listed');
    // 2025-03-10 + 1 month = 2025-04-10 (a Thursday, a working day); 2025-04-10 → 2026-03-02 = 326 days.
    expect(d.deadlines[0]).toEqual({ step: 'disclosure', due: '2025-04-10', doneOn: null, daysLeft: -326, overdue: true, workdaysLate: null });
    expect(d.overdueSteps).toEqual(['disclosure', 'start']);
    expect(d.allowedActions).toEqual([]);
    const form = (await qy.get(`/api/v1/audits/${qyAudit}/disclosure-form`)).json();
    expect(form.criteria).toEqual(['exceedsStandard']);
    expect(form.form.exceedances[0]).toMatchObject({ pollutant: '化学需氧量', measuredValue: 125, limitValue: 100, exceedanceRatio: 0.25 });
  });

  it('when qy_demo uploads the proof and discloses, then a stale version is 409, the right one 200 (late), with one event, one log row and inbox + outbox rows', async () => {
    const bad = await upload(qy, qyAudit, 'notAKind');
    expect(bad.statusCode).toBe(400);
    const up = await upload(qy, qyAudit, 'disclosureProof');
    expect(up.statusCode, up.body).toBe(201);
    const docId = up.json().id as number;
    expect((await qy.get(`/api/v1/audits/${qyAudit}`)).json().allowedActions).toEqual(['disclose']);
    const stale = await qy.post(`/api/v1/audits/${qyAudit}/actions/disclose`, { version: 99 });
    expect(stale.statusCode).toBe(409);
    const inboxBefore = await count(sql`select count(*)::int as n from notifications`);
    const ok = await qy.post(`/api/v1/audits/${qyAudit}/actions/disclose`, {
      version: 1,
      comment: '已在企业官网公开',
      documentIds: [docId],
      payload: { channel: '企业网站', url: 'https://qy.example.com/gk', fields: { exceedances: [{ pollutant: '化学需氧量', dischargeMode: '间接排放' }] } },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ fromState: 'listed', state: 'disclosed', version: 2 });
    const d = (await qy.get(`/api/v1/audits/${qyAudit}`)).json();
    expect(d.disclosure).toMatchObject({ channel: '企业网站', disclosedOn: '2026-03-02', late: true });
    // Done late: 逾期完成, by the working days from 2025-04-11 to 2026-03-02 on the stored calendar
    // (the domain's workdaysLate on the shipped China calendar; the step is no longer overdue).
    expect(d.deadlines[0]).toMatchObject({ step: 'disclosure', due: '2025-04-10', doneOn: '2026-03-02', overdue: false, workdaysLate: workdaysLate('2025-04-10', '2026-03-02', CHINA_WORK_CALENDAR) });
    expect(d.deadlines[0].workdaysLate).toBeGreaterThan(200);
    expect(d.deadlines[1]).toMatchObject({ step: 'start', doneOn: null, workdaysLate: null });
    expect(d.timeline).toHaveLength(1);
    expect(d.timeline[0]).toMatchObject({ action: 'disclose', fromState: 'listed', toState: 'disclosed', comment: '已在企业官网公开', documents: [{ id: docId, kind: 'disclosureProof' }] });
    expect(await count(sql`select count(*)::int as n from audit_log where action = 'audit.disclose' and object_id = ${String(qyAudit)}`)).toBe(1);
    // Recipients: the county bureau and the city EEB of the enterprise (those that exist in the demo).
    const recipients = await count(sql`select count(*)::int as n from orgs o, audits a where a.id = ${qyAudit} and ((o.kind = 'countyBureau' and o.division_code = a.county_code) or (o.kind = 'cityEeb' and o.division_code = a.city_code))`);
    expect(recipients).toBeGreaterThan(0);
    expect((await count(sql`select count(*)::int as n from notifications`)) - inboxBefore).toBe(recipients);
    expect(await count(sql`select count(*)::int as n from notification_outbox where payload->>'kind' = 'audit.disclose' and payload->>'link' = ${`/audits/${qyAudit}`}`)).toBe(recipients);
    // Public: the disclosure and the list row.
    const pub = await t.app.inject({ method: 'GET', url: `/api/v1/public/audits/${qyAudit}/disclosure` });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ channel: '企业网站', url: 'https://qy.example.com/gk', disclosedOn: '2026-03-02', late: true });
    const rows = (await t.app.inject({ method: 'GET', url: '/api/v1/public/lists?listYear=2025&pageSize=200' })).json().data as { auditId: number; disclosed: boolean; disclosureChannel: string | null }[];
    expect(rows.find((r) => r.auditId === qyAudit)).toMatchObject({ disclosed: true, disclosureChannel: '企业网站' });
  });

  it('when qy_demo starts without a consulting choice, then 422 consultingNotChosen; with the demo agency, then started and the agency sees it', async () => {
    // Offered while the consulting choice is still to be made in the step's form (enterprise only).
    expect((await qy.get(`/api/v1/audits/${qyAudit}`)).json().allowedActions).toEqual(['start']);
    const none = await qy.post(`/api/v1/audits/${qyAudit}/actions/start`, { version: 2 });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.details.violation).toBe('consultingNotChosen');
    const agencyId = (await t.database.rows<{ id: number }>(sql`select a.id from consulting_agencies a join users u on u.org_id = a.org_id where u.username = 'jg_demo'`))[0]!.id;
    const ok = await qy.post(`/api/v1/audits/${qyAudit}/actions/start`, { version: 2, payload: { consulting: { agencyId }, auditTeam: [{ name: '张三', role: '组长' }] } });
    expect(ok.statusCode, ok.body).toBe(200);
    const d = (await jg.get(`/api/v1/audits/${qyAudit}`)).json();
    expect(d).toMatchObject({ state: 'started', consultingAgencyId: agencyId, selfAudit: false, auditTeam: [{ name: '张三', role: '组长' }] });
    // Wrong role: the county may not submit the report.
    const county = await xn.post(`/api/v1/audits/${qyAudit}/actions/submitReport`, { version: 3 });
    expect([403, 404]).toContain(county.statusCode);
  });

  it('when the city calls the generic action route with drawPanel, then 422 and nothing changes (only the panels route draws, with its exclusions)', async () => {
    const [a] = await t.database.rows<{ id: number; version: number }>(sql`select id, version from audits where state = 'reportSubmitted' and city_code = '450100' order by id limit 1`);
    const events = await count(sql`select count(*)::int as n from audit_events where audit_id = ${a!.id}`);
    const res = await nn.post(`/api/v1/audits/${a!.id}/actions/drawPanel`, { version: a!.version });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'RULE_VIOLATION', details: [{ field: 'params.action' }] });
    expect((await t.database.rows<{ state: string; version: number }>(sql`select state, version from audits where id = ${a!.id}`))[0]).toEqual({ state: 'reportSubmitted', version: a!.version });
    expect(await count(sql`select count(*)::int as n from audit_events where audit_id = ${a!.id}`)).toBe(events);
    expect(await count(sql`select count(*)::int as n from review_panels where audit_id = ${a!.id}`)).toBe(0);
  });

  it('when the agency sends 20 identical parallel report submissions, then exactly one 200 and 19 conflicts, one event, one log row and one notification per recipient', async () => {
    // jg_demo's started 南宁 audit (demo-lists.ts): the agency adds an option and uploads the report first.
    const [a] = await t.database.rows<{ id: number; version: number }>(sql`select a.id, a.version from audits a join consulting_agencies ca on ca.id = a.consulting_agency_id
      join users u on u.org_id = ca.org_id where u.username = 'jg_demo' and a.state = 'started' order by a.id limit 1`);
    const opt = await jg.post(`/api/v1/audits/${a!.id}/options`, { code: 'C1', name: '冷凝水回收', costClass: 'low', direction: 'wasteRecycling', investmentWan: 2, dataYear: 2023, expected: { waterM3: 500 } });
    expect(opt.statusCode, opt.body).toBe(201);
    expect((await upload(jg, a!.id, 'auditReport')).statusCode).toBe(201);
    const inboxBefore = await count(sql`select count(*)::int as n from notifications where kind = 'audit.submitReport'`);
    const results = await Promise.all(Array.from({ length: 20 }, () => jg.post(`/api/v1/audits/${a!.id}/actions/submitReport`, { version: a!.version })));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 200), results[0]!.body).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    expect(await count(sql`select count(*)::int as n from audit_events where audit_id = ${a!.id} and action = 'submitReport'`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from audit_log where action = 'audit.submitReport' and object_id = ${String(a!.id)}`)).toBe(1);
    // Recipients of a report: the city EEB and the county bureau of the audit (those that exist in the demo).
    const recipients = await count(sql`select count(*)::int as n from orgs o, audits a where a.id = ${a!.id} and ((o.kind = 'countyBureau' and o.division_code = a.county_code) or (o.kind = 'cityEeb' and o.division_code = a.city_code))`);
    expect(recipients).toBeGreaterThan(0);
    expect((await count(sql`select count(*)::int as n from notifications where kind = 'audit.submitReport'`)) - inboxBefore).toBe(recipients);
  });

  it('when the same Idempotency-Key is sent twice, then the second gets the first answer and the step is applied once', async () => {
    // The audit submitted in the previous test, put back to started to submit again.
    const [a] = await t.database.rows<{ id: number; version: number }>(sql`select a.id, a.version from audits a join consulting_agencies ca on ca.id = a.consulting_agency_id
      join users u on u.org_id = ca.org_id where u.username = 'jg_demo' and a.state = 'reportSubmitted' and exists (select 1 from audit_events e where e.audit_id = a.id and e.action = 'submitReport' and e.actor_user_id = u.id)`);
    await t.database.rows(sql`update audits set state = 'started' where id = ${a!.id}`);
    const headers = { 'idempotency-key': `submit-${a!.id}` };
    const first = await jg.post(`/api/v1/audits/${a!.id}/actions/submitReport`, { version: a!.version }, headers);
    const second = await jg.post(`/api/v1/audits/${a!.id}/actions/submitReport`, { version: a!.version }, headers);
    expect(first.statusCode, first.body).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    // One submission of the previous test and one of this one.
    expect(await count(sql`select count(*)::int as n from audit_events where audit_id = ${a!.id} and action = 'submitReport'`)).toBe(2);
  });

  it('when a step is rolled back after applyAuditAction, then no event, no inbox and no outbox row remain', async () => {
    const [a] = await t.database.rows<{ id: number; version: number }>(sql`select id, version from audits where state = 'disclosed' order by id limit 1`);
    const before = await t.database.rows(sql`select (select count(*) from notification_outbox) as o, (select count(*) from notifications) as n, (select count(*) from audit_events) as e`);
    const actor = { userId: 1, role: 'cityEebOfficer' as const, permissions: [], orgId: 0, orgKind: 'cityEeb' as const, areaCode: '450100', enterpriseId: null };
    const orgId = (await t.database.rows<{ id: number }>(sql`select id from orgs where kind = 'cityEeb' and division_code = '450100'`))[0]!.id;
    await t.database.rows(sql`update audits set consulting_agency_id = null, self_audit = true where id = ${a!.id}`);
    const entOrg = (await t.database.rows<{ id: number | null }>(sql`select o.id from orgs o join audits a on a.enterprise_id = o.enterprise_id where a.id = ${a!.id} and o.kind = 'enterprise'`))[0]?.id;
    // A city actor cannot start; use the enterprise if it has an organisation, else a synthetic one (the party check is the domain's).
    const enterpriseActor = { ...actor, role: 'enterpriseUser' as const, orgKind: 'enterprise' as const, orgId: entOrg ?? orgId };
    if (!entOrg) await t.database.rows(sql`insert into orgs (kind, name, division_code, enterprise_id) select 'enterprise', e.name || '（测试）', e.division_code, e.id from enterprises e join audits a on a.enterprise_id = e.id where a.id = ${a!.id}`);
    const entOrgId = entOrg ?? (await t.database.rows<{ id: number }>(sql`select o.id from orgs o join audits a on a.enterprise_id = o.enterprise_id where a.id = ${a!.id} and o.kind = 'enterprise'`))[0]!.id;
    const entId = (await t.database.rows<{ enterprise_id: number }>(sql`select enterprise_id from audits where id = ${a!.id}`))[0]!.enterprise_id;
    const v = (await t.database.rows<{ version: number }>(sql`select version from audits where id = ${a!.id}`))[0]!.version;
    await expect(
      t.database.db.transaction(async (tx) => {
        const r = await applyAuditAction(tx as unknown as Db, { auditId: a!.id, action: 'start', actor: { ...enterpriseActor, orgId: entOrgId, enterpriseId: entId }, version: v, payload: { consulting: { self: true } } });
        expect(r.state).toBe('started');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const after = await t.database.rows(sql`select (select count(*) from notification_outbox) as o, (select count(*) from notifications) as n, (select count(*) from audit_events) as e`);
    expect(after).toEqual(before);
    expect((await t.database.rows<{ state: string }>(sql`select state from audits where id = ${a!.id}`))[0]!.state).toBe('disclosed');
  });

  it('when the overdue job runs twice concurrently for one day, then one run marks and notifies, the other does nothing; a later day escalates after 30 days', async () => {
    const day = '2026-03-03';
    const [r1, r2] = await Promise.all([
      runOverdueJob(t.database, { now: new Date(), date: day, escalationDays: 30 }),
      runOverdueJob(t.database, { now: new Date(), date: day, escalationDays: 30 }),
    ]);
    expect([r1.ran, r2.ran].sort()).toEqual([false, true]);
    const ran = r1.ran ? r1 : r2;
    expect(ran.marked).toBeGreaterThan(0);
    const overdueNotes = await count(sql`select count(*)::int as n from notifications where kind = 'audit.overdue'`);
    // Every demo audit still `listed` missed disclosure (2025-04-10) and start (2025-05-12): all due more than 30 days before 2026-03-03.
    expect(ran.escalated).toBe(await count(sql`select count(*)::int as n from audit_overdue where escalated_on = ${day}`));
    const again = await runOverdueJob(t.database, { now: new Date(), date: day, escalationDays: 30 });
    expect(again).toMatchObject({ ran: false, marked: 0 });
    expect(await count(sql`select count(*)::int as n from notifications where kind = 'audit.overdue'`)).toBe(overdueNotes);
    const summary = (await nn.get('/api/v1/audits/overdue-summary')).json() as { countyCode: string; overdue: number }[];
    const liveOverdue = (await nn.get('/api/v1/audits?overdue=true&pageSize=1')).json().total;
    expect(summary.reduce((s, r) => s + r.overdue, 0)).toBe(liveOverdue);
    expect(summary.every((r) => r.countyCode.startsWith('4501'))).toBe(true);
  });

  it('when the outbox is dispatched with the log adapter, then every pending row is sent once', async () => {
    const lines: string[] = [];
    const pending = await count(sql`select count(*)::int as n from notification_outbox where status = 'pending'`);
    expect(pending).toBeGreaterThan(0);
    let sent = 0;
    for (;;) {
      const r = await dispatchOutbox(t.database, { email: new LogEmailAdapter((l) => lines.push(l)), sms: new LogSmsAdapter((l) => lines.push(l)) }, new Date());
      sent += r.sent;
      if (r.sent + r.failed + r.retried === 0) break;
    }
    expect(sent).toBe(pending);
    expect(lines).toHaveLength(pending);
    expect(await count(sql`select count(*)::int as n from notification_outbox where status = 'pending'`)).toBe(0);
  });

  it('when an enterprise without an account registers, then the county approves it and the new user logs in and sees its audits', async () => {
    const [e] = await t.database.rows<{ uscc: string; division_code: string }>(sql`select e.uscc, e.division_code from enterprises e
      where e.division_code = '450102' and not exists (select 1 from orgs o join users u on u.org_id = o.id where o.enterprise_id = e.id) order by e.id limit 1`);
    const body = { uscc: e!.uscc, username: 'reg_test', displayName: '注册测试', password: 'Register@2026gx!', contactEmail: 'reg@example.com' };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/public/enterprise-registrations', payload: body });
    expect(res.statusCode, res.body).toBe(201);
    const twice = await t.app.inject({ method: 'POST', url: '/api/v1/public/enterprise-registrations', payload: { ...body, username: 'reg_test2' } });
    expect(twice.statusCode).toBe(409);
    const list = (await xn.get('/api/v1/enterprise-registrations?status=pending')).json() as { id: number; uscc: string }[];
    const reg = list.find((g) => g.uscc === e!.uscc)!;
    expect(reg).toBeTruthy();
    const ok = await xn.post(`/api/v1/enterprise-registrations/${reg.id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('approved');
    const again = await xn.post(`/api/v1/enterprise-registrations/${reg.id}/approve`, {});
    expect(again.statusCode).toBe(409);
    const user = await t.login('reg_test', 'Register@2026gx!');
    expect((await user.get('/api/v1/audits')).statusCode).toBe(200);
  });
});
