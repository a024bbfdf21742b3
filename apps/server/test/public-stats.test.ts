/**
 * Public statistics (issue 8 §4) and the public list CSV from the demo 2025 list (桂环函〔2025〕12号,
 * published 2025-03-10: per city the two lowest-id operating key-industry enterprises as mandatory
 * audits; the demo enterprise of qy_demo is one of 南宁's two, so 14 × 2 = 28). The test first resets the 2025 audits to
 * "listed, not disclosed" and removes the voluntary ones the demo adds, so every count below follows
 * from the steps it takes. Also: business notifications reach only business roles (issue 9 item 4).
 */
import { parse as parseContentDisposition } from 'content-disposition';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
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

  it('when a visitor downloads the CSV without a year, then each line ends with 年度, 信息公开 (disclosure day) and 审核进展 in Chinese: the accepted 南宁 audit 2025,2025-04-01,验收通过', async () => {
    const [acc] = await t.database.rows<{ uscc: string }>(sql`select e.uscc from audits a join enterprises e on e.id = a.enterprise_id where a.id = ${nn[0]!}`);
    const [dis] = await t.database.rows<{ uscc: string }>(sql`select e.uscc from audits a join enterprises e on e.id = a.enterprise_id where a.id = ${nn[1]!}`);
    const lines = (await t.app.inject({ method: 'GET', url: '/api/v1/public/lists.csv' })).body.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('\uFEFF序号,设区市,县（市、区）,企业名称,统一社会信用代码,所属重点行业,国民经济行业代码,审核类型,审核依据,名单发布文号,计划启动时间,计划完成时间,备注,年度,信息公开,审核进展');
    expect(lines.find((l) => l.includes(`,${acc!.uscc},`))!.endsWith(',2025,2025-04-01,验收通过')).toBe(true);
    expect(lines.find((l) => l.includes(`,${dis!.uscc},`))!.endsWith(',2025,2025-04-02,已列入名单')).toBe(true);
    expect(lines.slice(1).filter((l) => l.endsWith(',2025,,已列入名单'))).toHaveLength(26);
    // Plain data for machine readers: no ="…" wrapping of codes.
    expect(lines.some((l) => l.includes('="'))).toBe(false);
  });

  it('when a visitor downloads the Excel file of 2025, then sheet 名单 has a frozen header, 28 rows, credit and industry codes as text (18 digits and leading zeros kept), 年度 2025 as a number', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/public/lists.xlsx?listYear=2025' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // The Chinese name in filename* (RFC 8187), the ASCII one for old clients.
    expect(parseContentDisposition(String(res.headers['content-disposition'])).parameters.filename).toBe('清洁生产审核企业名单-2025.xlsx');
    expect(res.headers['content-disposition']).toContain('filename=audit-lists-2025.xlsx;');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('名单')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['序号', '设区市', '县（市、区）', '企业名称', '统一社会信用代码', '所属重点行业', '国民经济行业代码', '审核类型', '审核依据', '名单发布文号', '计划启动时间', '计划完成时间', '备注', '年度', '信息公开', '审核进展']);
    expect(ws.rowCount).toBe(1 + 28);
    const rows = Array.from({ length: 28 }, (_, i) => ws.getRow(i + 2));
    expect(rows.map((r) => r.getCell(14).value)).toEqual(Array(28).fill(2025));
    expect(rows[0]!.getCell(1).value).toBe(1);
    expect(rows[0]!.getCell(2).value).toBe('南宁市');
    const digits = rows.filter((r) => /^\d{18}$/.test(String(r.getCell(5).value)));
    // The demo's all-digit credit codes of 2025 (Excel would show 9.14502E+17 for a number) and 0810 (not 810).
    expect(digits.map((r) => [r.getCell(5).value, r.getCell(7).value])).toEqual([
      ['914502050006339409', '3392'],
      ['914502230011090833', '2740'],
      ['914507220033264012', '2222'],
      ['914508210012674603', '2664'],
      ['914512220007131311', '3650'],
      ['914514220100575536', '3130'],
    ]);
    expect(rows.filter((r) => r.getCell(7).value === '0810')).toHaveLength(1);
    for (const r of rows) {
      expect(typeof r.getCell(5).value).toBe('string');
      expect(r.getCell(5).numFmt).toBe('@');
      expect(r.getCell(7).numFmt).toBe('@');
    }
  });

  it('when an enterprise name starts with =, then the CSV and the Excel file both hold it as text behind an apostrophe (formula injection, ASVS 1.2.10)', async () => {
    await t.database.rows(sql`update enterprises set name = '=1+2' where id = (select enterprise_id from audits where id = ${nn[1]!})`);
    const lines = (await t.app.inject({ method: 'GET', url: '/api/v1/public/lists.csv?cityCode=450100' })).body.split('\r\n').filter(Boolean);
    expect(lines.filter((l) => l.split(',')[3] === "'=1+2")).toHaveLength(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await t.app.inject({ method: 'GET', url: '/api/v1/public/lists.xlsx?cityCode=450100' })).rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('名单')!;
    expect(ws.rowCount).toBe(1 + 2);
    expect([ws.getCell(2, 4).value, ws.getCell(3, 4).value]).toContain("'=1+2");
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

describe('public list downloads rate limit', () => {
  it('when one IP downloads the list CSV and Excel file more often than PUBLIC_RATE_PER_MINUTE (2), then the third answer of each is 429', async () => {
    const t = await createTestApp('pglite', { PUBLIC_RATE_PER_MINUTE: '2' });
    try {
      for (const url of ['/api/v1/public/lists.csv?listYear=2025', '/api/v1/public/lists.xlsx?listYear=2025']) {
        const codes = [];
        for (let i = 0; i < 3; i++) codes.push((await t.app.inject({ method: 'GET', url })).statusCode);
        expect(codes).toEqual([200, 200, 429]);
      }
    } finally {
      await t.close();
    }
  });
});
