/**
 * Public statistics (issue 8 §4) and the public list CSV from the demo 2025 list (桂环函〔2025〕12号,
 * published 2025-03-10: per city the two lowest-id operating key-industry enterprises as mandatory
 * audits; the demo enterprise of qy_demo is one of 南宁's two, so 14 × 2 = 28). The test first resets the 2025 audits to
 * "listed, not disclosed" and removes the voluntary ones the demo adds, so every count below follows
 * from the steps it takes. Also: business notifications reach only business roles (issue 9 item 4).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingIso } from '../src/modules/portal/portal.csv.ts';
import { backends, createTestApp, type TestApp } from './support.ts';

describe('open-data time stamps', () => {
  it.each([
    ['2026-03-01T20:00:00.000Z', '2026-03-02T04:00:00+08:00'],
    ['2025-04-03T10:00:00+08:00', '2025-04-03T10:00:00+08:00'],
    [null, null],
  ])('when %s is written to the CSV, then it reads %s (Beijing time with its offset)', (input, out) => {
    expect(beijingIso(input)).toBe(out);
  });
});

describe.each(backends)('public statistics on %s', (kind) => {
  let t: TestApp;
  let nn: number[] = [];
  beforeAll(async () => {
    t = await createTestApp(kind);
    await t.database.rows(sql`delete from audits where list_year = 2025 and audit_type = 'voluntary'`);
    await t.database.rows(sql`update audits set state = 'listed', disclosed_on = null where list_year = 2025`);
    nn = (await t.database.rows<{ id: number }>(sql`select id from audits where list_year = 2025 and city_code = '450100' order by id`)).map((r) => r.id);
  });
  afterAll(async () => {
    await t.close();
  });
  const stats = async () => (await t.app.inject({ method: 'GET', url: '/api/v1/public/stats' })).json();

  it('when the 2025 list is published and nothing has moved, then 14 cities list 2 mandatory audits each (28; the demo enterprise is one of the two in 南宁), none disclosed or accepted', async () => {
    const s = await stats();
    expect(s).toMatchObject({ available: true, year: 2025 });
    expect(s.byCity).toHaveLength(14);
    expect(s.byCity[0]).toEqual({ cityCode: '450100', cityName: '南宁市', listed: 2, mandatory: 2, voluntary: 0, disclosed: 0, accepted: 0 });
    expect(s.byCity.find((c: { cityCode: string }) => c.cityCode === '450200')).toEqual({ cityCode: '450200', cityName: '柳州市', listed: 2, mandatory: 2, voluntary: 0, disclosed: 0, accepted: 0 });
    const sum = (rows: { listed: number }[]) => rows.reduce((n, r) => n + r.listed, 0);
    expect(sum(s.byCity)).toBe(28);
    expect(sum(s.byIndustry)).toBe(28);
    for (const r of s.byIndustry) expect(r.industryName).not.toBe('');
  });

  it('when one 南宁 audit is accepted and another has disclosed, then 南宁 shows 2 disclosed and 1 accepted and so does that industry', async () => {
    await t.database.rows(sql`update audits set state = 'accepted', disclosed_on = '2025-04-01' where id = ${nn[0]!}`);
    await t.database.rows(sql`update audits set disclosed_on = '2025-04-02' where id = ${nn[1]!}`);
    const [k] = await t.database.rows<{ key_industry: string }>(sql`select key_industry from audits where id = ${nn[0]!}`);
    const s = await stats();
    expect(s.byCity[0]).toMatchObject({ cityCode: '450100', listed: 2, disclosed: 2, accepted: 1 });
    const ind = s.byIndustry.find((r: { industry: string }) => r.industry === k!.key_industry);
    expect(ind.accepted).toBe(1);
    expect(s.byIndustry.reduce((n: number, r: { accepted: number; disclosed: number }) => n + r.accepted, 0)).toBe(1);
    expect(s.byIndustry.reduce((n: number, r: { disclosed: number }) => n + r.disclosed, 0)).toBe(2);
  });

  it('when a query names an audit type that does not exist, then 400 and the field message is in Chinese (zod zh-CN locale)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/public/lists?auditType=bogus' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ field: 'querystring.auditType', message: '无效选项：期望以下之一 "mandatory"|"voluntary"' }]);
  });

  it('when a visitor downloads the public list CSV, then it has the BOM, a header and one line per published audit (28), 南宁 first', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/public/lists.csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.split('\r\n').filter(Boolean);
    expect(lines[0]!.startsWith('\uFEFF序号,设区市,县（市、区）,企业名称,统一社会信用代码')).toBe(true);
    expect(lines).toHaveLength(1 + 28);
    expect(lines[1]!.startsWith('1,南宁市,')).toBe(true);
    expect(lines[1]).toContain(',桂环函〔2025〕12号,');
  });
});

describe.each(backends)('business notifications on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    const [dee] = await t.database.rows<{ org_id: number }>(sql`select org_id from users where username = 'gx_dee'`);
    await t.database.rows(sql`insert into notifications (recipient_org_id, kind, title, body, link) values (${dee!.org_id}, 'audit.overdue', '某企业审核逾期', '测试', '/audits/1')`);
  });
  afterAll(async () => {
    await t.close();
  });

  it('when a message is addressed to the DEE, then gx_dee sees it and admin and auditor (same organisation, no business data) see an empty inbox and cannot mark it read', async () => {
    const dee = await (await t.login('gx_dee')).get('/api/v1/notifications');
    expect(dee.json().total).toBeGreaterThanOrEqual(1);
    expect(dee.json().unread).toBeGreaterThanOrEqual(1);
    const id = dee.json().data[0].id as number;
    for (const user of ['admin', 'auditor']) {
      const agent = await t.login(user);
      const res = (await agent.get('/api/v1/notifications')).json();
      expect(res).toMatchObject({ total: 0, unread: 0, data: [] });
      expect((await agent.post(`/api/v1/notifications/${id}/read`)).statusCode).toBe(404);
    }
  });
});
