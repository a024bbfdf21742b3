/**
 * Expert pool and consulting agencies over HTTP (issue 6 items 6–7): demo data, CRUD with the
 * optimistic version, the atomic xlsx import with located errors, an agency's own profile, and a
 * panel drawn from the demo pool with no conflicted expert.
 */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { drawPanel, type PoolExpert } from '@cpaudit/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type Agent, type TestApp } from './support.ts';

const BOUNDARY = '----cpauditExpertBoundary9';

function multipart(fileName: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

async function xlsx(rows: (string | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('专家');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEADER = ['姓名*', '工作单位*', '单位统一社会信用代码', '职称', '专业领域*', '所在城市*', '是否可用', '联系电话'];

describe.each(backends)('expert pool and agencies on %s', (kind) => {
  let t: TestApp;
  let region: Agent;
  let city: Agent;
  let agency: Agent;
  beforeAll(async () => {
    t = await createTestApp(kind);
    region = await t.login('gx_dee');
    city = await t.login('nn_eeb');
    agency = await t.login('jg_demo');
  });
  afterAll(async () => t.close());

  const upload = (agent: Agent, name: string, buf: Buffer) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/experts/import',
      headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipart(name, buf),
    });

  it('when the demo data is read, then 42 experts (3 per key industry + 3 generalists), 3 agencies, and zj_demo / jg_demo are linked', async () => {
    const [counts] = await t.database.rows<{ experts: number; agencies: number; zj: string; jg: string }>(sql`
      select (select count(*)::int from experts) as experts, (select count(*)::int from consulting_agencies) as agencies,
             (select e.name from experts e join users u on u.id = e.user_id where u.username = 'zj_demo') as zj,
             (select a.name from consulting_agencies a join users u on u.org_id = a.org_id where u.username = 'jg_demo') as jg`);
    expect(counts).toMatchObject({ experts: 42, agencies: 3, jg: '广西绿源清洁生产技术咨询有限公司（演示）' });
    expect(counts!.zj).toBeTruthy();
    const list = (await city.get('/api/v1/experts?speciality=chemical')).json();
    expect(list).toHaveLength(3);
    expect((await city.get('/api/v1/experts?speciality=energy_saving')).json()).toHaveLength(13 + 2);
  });

  it('when a panel is drawn from the demo pool for the demo enterprise (化工 via 绿源), then over 300 seeds the agency employee is never drawn', async () => {
    const pool: PoolExpert[] = (await region.get('/api/v1/experts')).json().map((e: { id: number; name: string; employerUscc: string | null; specialities: string[]; available: boolean }) => ({
      ...e,
      assignmentsThisYear: 0,
    }));
    const lvyuan = (await region.get('/api/v1/agencies?q=绿源')).json()[0];
    const conflicted = pool.filter((e) => e.employerUscc === lvyuan.uscc).map((e) => e.id);
    expect(conflicted).toHaveLength(1);
    for (let seed = 0; seed < 300; seed++) {
      const d = drawPanel(pool, { keyIndustry: 'chemical', enterpriseId: 1, enterpriseUscc: '91450100MA5K99999X', agencyUscc: lvyuan.uscc, consultingTeamExpertIds: [], pastReviews: [], year: 2026 }, { seed });
      expect(d.panel.map((p) => p.expertId)).not.toContain(conflicted[0]);
      expect(d.excluded).toContainEqual({ expertId: conflicted[0], reason: 'employedByAgency' });
    }
  });

  it('when the region adds, edits and re-edits an expert with a stale version, then 201, 200, then 409, with audit rows', async () => {
    const body = { name: '测试专家甲', employerName: '广西大学', employerUscc: null, specialities: ['papermaking', 'environment'], cityCode: '450100', phone: '13900000001' };
    const created = await region.post('/api/v1/experts', body);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    const again = await region.post('/api/v1/experts', body);
    expect(again.statusCode).toBe(409);
    const edited = await region.patch(`/api/v1/experts/${id}`, { version: 1, available: false, unavailableReason: '病假' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, available: false, unavailableReason: '病假' });
    const stale = await region.patch(`/api/v1/experts/${id}`, { version: 1, title: '教授' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    const log = await t.database.rows<{ action: string }>(sql`select action from audit_log where object_type = 'expert' and object_id = ${String(id)} order by id`);
    expect(log.map((l) => l.action)).toEqual(['expert.create', 'expert.update']);
  });

  it('when a speciality or city is unknown, then 400 naming the field', async () => {
    const res = await region.post('/api/v1/experts', { name: '测试专家乙', employerName: '广西大学', employerUscc: null, specialities: ['cement'], cityCode: '450100' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].field).toBe('body.specialities');
    const res2 = await region.post('/api/v1/experts', { name: '测试专家乙', employerName: '广西大学', employerUscc: null, specialities: ['chemical'], cityCode: '450102' });
    expect(res2.json().error.details[0].field).toBe('body.cityCode');
  });

  it('when a city officer tries to add an expert, then 403', async () => {
    const res = await city.post('/api/v1/experts', { name: '测试专家丙', employerName: '广西大学', employerUscc: null, specialities: ['chemical'], cityCode: '450100' });
    expect(res.statusCode).toBe(403);
  });

  it('when a file has a bad row, then 422 with row and column located and nothing is written; the fixed file imports 2 and re-importing updates 2', async () => {
    const before = (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from experts`))[0]!.n;
    const bad = await xlsx([
      HEADER,
      ['导入专家一', '广西科技大学', null, '教授', '化工、节能', '柳州市', '是', '13900000011'],
      ['导入专家二', '桂林理工大学', '91450100MA5K00000X', '副教授', '水泥', '桂林', '否', null],
    ]);
    const res = await upload(region, 'experts.xlsx', bad);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.details.errors).toEqual([
      { row: 3, column: 'E', header: '专业领域', message: '未知专业领域「水泥」' },
      { row: 3, column: 'C', header: '单位统一社会信用代码', message: expect.stringContaining('统一社会信用代码无效') },
    ]);
    expect((await t.database.rows<{ n: number }>(sql`select count(*)::int as n from experts`))[0]!.n).toBe(before);

    const good = await xlsx([
      ['广西清洁生产审核专家库 导入表'],
      HEADER,
      ['导入专家一', '广西科技大学', null, '教授', '化工、节能', '柳州市', '是', '13900000011'],
      ['导入专家二', '桂林理工大学', null, '副教授', '建材，环保', '450300', '否', null],
    ]);
    const ok = await upload(region, 'experts.xlsx', good);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ created: 2, updated: 0 });
    const two = (await city.get('/api/v1/experts?q=导入专家二')).json();
    expect(two).toEqual([expect.objectContaining({ specialities: ['building_materials', 'environment'], cityCode: '450300', cityName: '桂林市', available: false })]);
    expect((await upload(region, 'experts.xlsx', good)).json()).toEqual({ created: 0, updated: 2 });
  });

  it('when the template is downloaded and its example row uploaded, then 1 expert is created', async () => {
    const res = await region.get('/api/v1/experts/import-template.xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ok = await upload(region, 'template.xlsx', res.rawPayload);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ created: 1, updated: 0 });
  });

  it('when the file is not a spreadsheet, then 400; when required columns are missing, then 422 naming them', async () => {
    expect((await upload(region, 'experts.xlsx', Buffer.from('name,employer\n'))).statusCode).toBe(400);
    const res = await upload(region, 'experts.xlsx', await xlsx([['姓名', '职称'], ['某人', '教授']]));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.errors[0].message).toBe('缺少必需列：工作单位、专业领域、所在城市');
  });

  it('when the agency user lists and edits agencies, then it sees and edits only its own; another agency is 403', async () => {
    const mine = (await agency.get('/api/v1/agencies')).json();
    expect(mine.map((a: { name: string }) => a.name)).toEqual(['广西绿源清洁生产技术咨询有限公司（演示）']);
    const own = mine[0];
    const edited = await agency.patch(`/api/v1/agencies/${own.id}`, { version: own.version, auditors: [...own.auditors, { name: '梁明辉', certificateNo: 'CPA-GX-2024-0404', validUntil: '2030-01-31' }] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().auditors).toHaveLength(4);
    // Unchanged credit code passes; a new one or another area is the region's to change.
    expect((await agency.patch(`/api/v1/agencies/${own.id}`, { version: 2, uscc: own.uscc, contactPhone: '0771-5861235' })).statusCode).toBe(200);
    expect((await agency.patch(`/api/v1/agencies/${own.id}`, { version: 3, divisionCode: '450200' })).statusCode).toBe(403);
    const all = (await region.get('/api/v1/agencies')).json() as { id: number; name: string; version: number }[];
    expect(all).toHaveLength(3);
    const other = all.find((a) => a.id !== own.id)!;
    expect((await agency.get(`/api/v1/agencies/${other.id}`)).statusCode).toBe(403);
    expect((await agency.patch(`/api/v1/agencies/${other.id}`, { version: other.version, contactPhone: '1' })).statusCode).toBe(403);
  });

  it('when the region adds an agency with a taken credit code, then 409', async () => {
    const all = (await region.get('/api/v1/agencies')).json() as { uscc: string }[];
    const res = await region.post('/api/v1/agencies', { name: '重复机构', uscc: all[0]!.uscc, divisionCode: '450100' });
    expect(res.statusCode).toBe(409);
  });
});
