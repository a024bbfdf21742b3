/**
 * Park/cluster grouping (issue 6 item 1): 南宁's city turns one 2025 audit into a park audit,
 * attaches another 南宁 audit of 2025 as a member (which then discloses on its own), and detaches it.
 */
import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.ts';
import { applyAuditAction } from '../src/modules/audits/audit-actions.ts';
import { runOverdueJob } from '../src/modules/audits/overdue.job.ts';
import { backends, createTestApp, type Agent, type TestApp } from './support.ts';

describe.each(backends)('park/cluster grouping on %s', (kind) => {
  let t: TestApp;
  let nn: Agent;
  let lead = 0;
  let member = 0;
  let liuzhou = 0;
  const version = async (id: number) => (await t.database.rows<{ version: number }>(sql`select version from audits where id = ${id}`))[0]!.version;
  beforeAll(async () => {
    t = await createTestApp(kind);
    nn = await t.login('nn_eeb');
    const nanning = await t.database.rows<{ id: number }>(sql`select id from audits where city_code = '450100' and list_year = 2025 order by id limit 2`);
    [lead, member] = [nanning[0]!.id, nanning[1]!.id];
    liuzhou = (await t.database.rows<{ id: number }>(sql`select id from audits where city_code = '450200' and list_year = 2025 order by id limit 1`))[0]!.id;
    // Fixture: both 南宁 audits and the 柳州 one as published (listed, standard, ungrouped).
    await t.database.rows(sql`update audits set state = 'listed', mode = 'standard', lead_audit_id = null, disclosed_on = null where id in (${lead}, ${member}, ${liuzhou})`);
  });
  afterAll(async () => {
    await t.close();
  });

  it('when the city sets the mode to park, then the mode and version change; the same mode again is answered as it stands', async () => {
    const v = await version(lead);
    const res = await nn.put(`/api/v1/audits/${lead}/mode`, { version: v, mode: 'park' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ auditId: lead, mode: 'park', version: v + 1, members: [] });
    const again = await nn.put(`/api/v1/audits/${lead}/mode`, { version: v, mode: 'park' });
    expect(again.json()).toEqual(res.json());
  });

  it('when a 南宁 audit of 2025 is added as member, then it is listed with its enterprise; the lead itself or a 柳州 audit cannot be added', async () => {
    const v = await version(lead);
    const res = await nn.post(`/api/v1/audits/${lead}/members`, { version: v, memberAuditId: member });
    expect(res.statusCode, res.body).toBe(200);
    const [m] = await t.database.rows<{ name: string; lead_audit_id: number }>(sql`select e.name, a.lead_audit_id from audits a join enterprises e on e.id = a.enterprise_id where a.id = ${member}`);
    expect(m!.lead_audit_id).toBe(lead);
    expect(res.json()).toEqual({ auditId: lead, mode: 'park', version: v + 1, members: [{ auditId: member, enterpriseName: m!.name, disclosedOn: null }] });
    const self = await nn.post(`/api/v1/audits/${lead}/members`, { version: v + 1, memberAuditId: lead });
    expect(self.statusCode).toBe(422);
    expect(self.json().error).toMatchObject({ code: 'RULE_VIOLATION', message: '审核不能作为自己的成员' });
    const other = await nn.post(`/api/v1/audits/${lead}/members`, { version: v + 1, memberAuditId: liuzhou });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('OUT_OF_SCOPE');
    const stale = await nn.post(`/api/v1/audits/${member}/members`, { version: 999, memberAuditId: liuzhou });
    expect(stale.statusCode).toBe(403);
    const detail = (await nn.get(`/api/v1/audits/${lead}`)).json();
    expect(detail.members).toEqual([{ auditId: member, enterpriseName: m!.name, disclosedOn: null }]);
  });

  it('when the park has a member, then going back to standard is refused, a stale version conflicts, and another city or a county may not change it', async () => {
    const v = await version(lead);
    const back = await nn.put(`/api/v1/audits/${lead}/mode`, { version: v, mode: 'standard' });
    expect(back.statusCode).toBe(422);
    expect(back.json().error.details).toEqual({ violation: 'hasMembers' });
    expect((await nn.put(`/api/v1/audits/${lead}/mode`, { version: v - 1, mode: 'cluster' })).statusCode).toBe(409);
    expect((await (await t.login('lz_eeb')).put(`/api/v1/audits/${lead}/mode`, { version: v, mode: 'cluster' })).statusCode).toBe(403);
    expect((await (await t.login('nn_xn')).put(`/api/v1/audits/${lead}/mode`, { version: v, mode: 'cluster' })).statusCode).toBe(403);
    expect(await version(lead)).toBe(v);
  });

  it('when the lead has disclosed, then members can no longer be changed', async () => {
    await t.database.rows(sql`update audits set state = 'disclosed' where id = ${lead}`);
    const v = await version(lead);
    const res = await nn.post(`/api/v1/audits/${lead}/remove-member`, { version: v, memberAuditId: member });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details).toEqual({ violation: 'notListed' });
    await t.database.rows(sql`update audits set state = 'listed' where id = ${lead}`);
  });

  it('when the member is removed, then the park has no members and can become standard again; the removal is audited', async () => {
    const v = await version(lead);
    const res = await nn.post(`/api/v1/audits/${lead}/remove-member`, { version: v, memberAuditId: member });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ mode: 'park', version: v + 1, members: [] });
    const back = await nn.put(`/api/v1/audits/${lead}/mode`, { version: v + 1, mode: 'standard' });
    expect(back.json()).toMatchObject({ mode: 'standard', version: v + 2 });
    const log = await t.database.rows<{ details: Record<string, unknown> }>(sql`select details from audit_log where action = 'audit.group' and object_id = ${String(lead)} order by id`);
    expect(log.map((l) => Object.keys(l.details)[0])).toEqual(['mode', 'addedMember', 'removedMember', 'mode']);
  });

  it('when the park lead starts (2026-03-10) after its member disclosed, then the member row follows the lead (started, same day, self-audit), refuses steps of its own, and the overdue job marks neither for the start', async () => {
    // Fixture: park again with the member attached; the member discloses through the lead on 2025-04-01, the lead on 2025-04-02.
    await t.database.rows(sql`update audits set mode = 'park', state = 'disclosed', disclosed_on = '2025-04-02', version = version + 1 where id = ${lead}`);
    await t.database.rows(sql`update audits set lead_audit_id = ${lead}, state = 'disclosed', disclosed_on = '2025-04-01', started_on = null, version = version + 1 where id = ${member}`);
    const memberVersion = await version(member);
    const [ent] = await t.database.rows<{ org_id: number | null; enterprise_id: number; county_code: string }>(sql`
      select (select o.id from orgs o where o.kind = 'enterprise' and o.enterprise_id = a.enterprise_id order by o.id limit 1) as org_id, a.enterprise_id, a.county_code
      from audits a where a.id = ${lead}`);
    let orgId = ent!.org_id;
    if (orgId === null) {
      orgId = (await t.database.rows<{ id: number }>(sql`insert into orgs (kind, name, division_code, enterprise_id)
        select 'enterprise', e.name || '（测试）', e.division_code, e.id from enterprises e where e.id = ${ent!.enterprise_id} returning id`))[0]!.id;
    }
    const actor = { userId: 1, role: 'enterpriseUser' as const, permissions: [], orgId, orgKind: 'enterprise' as const, areaCode: ent!.county_code, enterpriseId: ent!.enterprise_id };
    const leadVersion = await version(lead);
    const res = await t.database.db.transaction((tx) =>
      applyAuditAction(tx as unknown as Db, { auditId: lead, action: 'start', actor, version: leadVersion, payload: { consulting: { self: true } }, now: new Date('2026-03-10T02:00:00Z') }),
    );
    expect(res.state).toBe('started');
    const [m] = await t.database.rows<{ state: string; started_on: string; self_audit: boolean; disclosed_on: string; version: number }>(
      sql`select state, started_on::text as started_on, self_audit, disclosed_on::text as disclosed_on, version from audits where id = ${member}`,
    );
    expect(m).toEqual({ state: 'started', started_on: '2026-03-10', self_audit: true, disclosed_on: '2025-04-01', version: memberVersion + 1 });
    const own = await nn.post(`/api/v1/audits/${member}/actions/submitReport`, { version: memberVersion + 1 });
    expect(own.statusCode).toBe(422);
    expect(own.json().error.details).toEqual({ violation: 'isGroupMember' });
    const job = await runOverdueJob(t.database, { now: new Date('2026-03-11T02:00:00Z'), date: '2026-03-11', escalationDays: 30 });
    expect(job.ran).toBe(true);
    const marks = await t.database.rows<{ step: string }>(sql`select step from audit_overdue where audit_id in (${lead}, ${member}) and step in ('disclosure', 'start') and resolved_on is null`);
    expect(marks).toEqual([]);
    // Whatever else is pending (the report), the member is marked exactly as its lead.
    const stepsOf = async (id: number) => (await t.database.rows<{ step: string; due: string }>(sql`select step, due::text as due from audit_overdue where audit_id = ${id} order by step`));
    expect(await stepsOf(member)).toEqual(await stepsOf(lead));
  });

  it('when a member was left behind by a lead that moved on before this release, then migration 0017 brings it to the lead\'s state and dates and resolves its start mark', async () => {
    // Simulate the old behaviour: the lead started (2026-03-10, previous test), the member still listed with an open start mark.
    await t.database.rows(sql`update audits set state = 'listed', started_on = null, self_audit = false where id = ${member}`);
    await t.database.rows(sql`insert into audit_overdue (audit_id, step, due, marked_on) values (${member}, 'start', '2025-05-12', '2026-03-12') on conflict do nothing`);
    await t.database.rows(sql`update audit_overdue set resolved_on = null where audit_id = ${member} and step = 'start'`);
    const file = new URL('../drizzle/0017_group_members_follow_lead.sql', import.meta.url);
    for (const statement of fs.readFileSync(file, 'utf8').split('--> statement-breakpoint')) await t.database.rows(sql.raw(statement));
    const [m] = await t.database.rows<{ state: string; started_on: string; self_audit: boolean }>(sql`select state, started_on::text as started_on, self_audit from audits where id = ${member}`);
    expect(m).toEqual({ state: 'started', started_on: '2026-03-10', self_audit: true });
    const [mark] = await t.database.rows<{ resolved: boolean }>(sql`select resolved_on is not null as resolved from audit_overdue where audit_id = ${member} and step = 'start'`);
    expect(mark!.resolved).toBe(true);
    // Run again: nothing left to change (the member's version stays).
    const v = await version(member);
    for (const statement of fs.readFileSync(file, 'utf8').split('--> statement-breakpoint')) await t.database.rows(sql.raw(statement));
    expect(await version(member)).toBe(v);
  });
});
