/** The registry over HTTP: upload jobs, area limits, error reports, exports, create and edit. */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { usccCheckChar } from '@cpaudit/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type Agent, type TestApp } from './support.ts';

const casesDir = fileURLToPath(new URL('./fixtures/cases/screening/', import.meta.url));
const BOUNDARY = '----cpauditTestBoundary7MA4YWxk';

function multipart(fileName: string, content: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

async function readXlsx(buf: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

const uscc = (county: string, body9: string) => `91${county}${body9}${usccCheckChar(`91${county}${body9}`)}`;

describe.each(backends)('registry over HTTP on %s', (kind) => {
  let t: TestApp;
  let region: Agent;
  let nanning: Agent;
  beforeAll(async () => {
    t = await createTestApp(kind);
    region = await t.login('gx_dee');
    nanning = await t.login('nn_eeb');
  });
  afterAll(async () => t.close());

  async function upload(agent: Agent, kindName: string, file: string, query = '', content?: Buffer) {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${kindName}${query}`,
      headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
      payload: multipart(file, content ?? fs.readFileSync(`${casesDir}/${file}`)),
    });
    expect(res.statusCode, res.body).toBe(202);
    let job = res.json();
    for (let i = 0; i < 200 && job.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await agent.get(`/api/v1/imports/${job.id}`)).json();
    }
    return job;
  }

  it('when the 南宁 officer uploads a file with enterprises of other cities, then those rows are rejected and nothing is written', async () => {
    const job = await upload(nanning, 'enterprises', 'enterprises.csv');
    expect(job.status).toBe('rejected');
    expect(job.result).toMatchObject({ rows: 7, inserted: 0, updated: 0 });
    // Only the row of 南宁 (兴宁区) is inside the area; the other six are refused.
    expect(job.result.rejected).toBe(6);
    // Each message names where the row is and the officer's area.
    expect(job.result.errors.map((e: { row: number; column: string; message: string }) => [e.row, e.column, e.message])).toEqual([
      [3, '行政区划代码', '450203（鱼峰区）不在您的管辖范围（南宁市）内'],
      [4, '行政区划代码', '450302（秀峰区）不在您的管辖范围（南宁市）内'],
      [5, '行政区划代码', '450421（苍梧县）不在您的管辖范围（南宁市）内'],
      [6, '行政区划代码', '450502（海城区）不在您的管辖范围（南宁市）内'],
      [7, '行政区划代码', '450602（港口区）不在您的管辖范围（南宁市）内'],
      [8, '行政区划代码', '450721（灵山县）不在您的管辖范围（南宁市）内'],
    ]);
    const report = await nanning.get(`/api/v1/imports/${job.id}/errors.xlsx`);
    expect(report.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsx(report.rawPayload);
    expect(rows).toHaveLength(7); // header + 6 errors
  });

  it('when the 南宁 officer dry-runs the same file and it is rejected, then the job and its history row still say dry run', async () => {
    const job = await upload(nanning, 'enterprises', 'enterprises.csv', '?dryRun=true');
    expect(job).toMatchObject({ status: 'rejected', dryRun: true, rowsRead: 7 });
    expect(job.fractionRead).toBeUndefined(); // only while running
    const history = (await nanning.get('/api/v1/imports')).json() as { id: number; dryRun: boolean }[];
    expect(history.find((j) => j.id === job.id)?.dryRun).toBe(true);
    expect(history.find((j) => j.id < job.id)?.dryRun).toBe(false); // the earlier real import
  });

  it('when the region officer dry-runs then imports the file, then the dry run writes nothing and the import creates 7 enterprises', async () => {
    const dry = await upload(region, 'enterprises', 'enterprises.csv', '?dryRun=true');
    expect(dry.status).toBe('dryRun');
    expect(dry.result).toMatchObject({ rows: 7, inserted: 7, rejected: 0 });
    const [before] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from enterprises where uscc = '914501026420642331'`);
    expect(before!.n).toBe(0);
    const job = await upload(region, 'enterprises', 'enterprises.csv');
    expect(job.status).toBe('applied');
    expect(job.result).toMatchObject({ rows: 7, inserted: 7, updated: 0, unchanged: 0, rejected: 0 });
    const again = await upload(region, 'enterprises', 'enterprises.csv');
    expect(again.result).toMatchObject({ inserted: 0, unchanged: 7 });
    const history = await region.get('/api/v1/imports');
    expect(history.json().slice(0, 3).map((j: { status: string }) => j.status)).toEqual(['applied', 'applied', 'dryRun']);
  });

  it('when the 南宁 officer imports an exceedance of an enterprise registered in 柳州, then the row is refused naming where it is registered', async () => {
    const csv = '统一社会信用代码,排放口编号,污染物,监测日期,实测值,排放限值,计量单位,数据来源\r\n91450203720368815A,DW001,化学需氧量,2021-05-10,120,100,mg/L,执法监测\r\n';
    const job = await upload(nanning, 'exceedances', 'exceedances.csv', '', Buffer.from(csv));
    expect(job.status).toBe('rejected');
    expect(job.result.errors).toEqual([{ row: 2, column: '统一社会信用代码', value: '91450203720368815A', message: '该企业登记在 鱼峰区（450203），不在您的管辖范围（南宁市）内' }]);
  });

  it('when the imported enterprise is opened, then the detail, permits and change history show the import', async () => {
    const [e] = await t.database.rows<{ id: number }>(sql`select id from enterprises where uscc = '914501026420642331'`);
    const detail = (await nanning.get(`/api/v1/enterprises/${e!.id}/detail`)).json();
    expect(detail).toMatchObject({ name: '南宁市云桂水泥有限公司', countyName: '兴宁区', cityName: '南宁市', keyIndustry: 'building_materials', industryCodes: ['3011'] });
    expect(detail.permits).toEqual([
      expect.objectContaining({ permitNo: '914501026420642331001P', category: 'key', validFrom: '2020-07-01', validTo: '2025-06-30', pollutantCategories: ['废水', '废气'] }),
    ]);
    const history = (await nanning.get(`/api/v1/enterprises/${e!.id}/history`)).json();
    expect(history.map((h: { entityType: string; action: string; fileName: string }) => [h.entityType, h.action, h.fileName])).toEqual(
      expect.arrayContaining([
        ['enterprise', 'insert', 'enterprises.csv'],
        ['permit', 'insert', 'enterprises.csv'],
      ]),
    );
    // A permit's entry names the permit, and does not list the enterprise id as a changed field.
    const permit = history.find((h: { entityType: string }) => h.entityType === 'permit');
    expect(permit.entityLabel).toBe('914501026420642331001P');
    expect(Object.keys(permit.changes)).not.toContain('enterpriseId');
    expect(permit.changes.category).toEqual([null, 'key']);
    expect(history.find((h: { entityType: string }) => h.entityType === 'enterprise').entityLabel).toBeNull();
  });

  it('when an enterprise is created with a bad check character, then 400 names body.uscc; a duplicate is 409; a good one is 201', async () => {
    const good = uscc('450103', '660000012');
    const bad = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const body = { name: '南宁测试新材料有限公司', divisionCode: '450103', industryCodes: ['3360'] };
    const r1 = await nanning.post('/api/v1/enterprises', { ...body, uscc: bad });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.details[0].field).toBe('body.uscc');
    const r2 = await nanning.post('/api/v1/enterprises', { ...body, uscc: good.toLowerCase() });
    expect(r2.statusCode).toBe(201);
    expect(r2.json()).toMatchObject({ uscc: good, keyIndustry: 'electroplating', industryNames: ['金属表面处理及热处理加工'] });
    const r3 = await nanning.post('/api/v1/enterprises', { ...body, uscc: good });
    expect(r3.statusCode).toBe(409);
    const r4 = await nanning.post('/api/v1/enterprises', { ...body, uscc: uscc('450103', '660000021'), industryCodes: ['9999'] });
    expect(r4.statusCode).toBe(400);
    expect(r4.json().error.details[0].field).toBe('body.industryCodes');
    const r5 = await nanning.post('/api/v1/enterprises', { ...body, uscc: uscc('450202', '660000039'), divisionCode: '450202' });
    expect(r5.statusCode).toBe(403);
    expect(r5.json().error.code).toBe('OUT_OF_SCOPE');
  });

  it('when an enterprise user edits its contacts, then it works; its status or area, then 403', async () => {
    const qy = await t.login('qy_demo');
    const me = (await qy.get('/api/v1/auth/me')).json();
    const id = me.org.enterpriseId as number;
    const ok = await qy.patch(`/api/v1/enterprises/${id}`, { contactPhone: '0771-5551234' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().contactPhone).toBe('0771-5551234');
    const denied = await qy.patch(`/api/v1/enterprises/${id}`, { status: 'closed' });
    expect(denied.statusCode).toBe(403);
    const history = (await qy.get(`/api/v1/enterprises/${id}/history`)).json();
    expect(history[0]).toMatchObject({ action: 'update', changes: { contactPhone: [expect.anything(), '0771-5551234'] } });
  });

  it('when a name starting with = is exported, then the cell is text prefixed with an apostrophe, and only the user\'s area is exported', async () => {
    await nanning.post('/api/v1/enterprises', { uscc: uscc('450105', '660000047'), name: '=HYPERLINK("http://x")公司', divisionCode: '450105', industryCodes: ['3411'] });
    const res = await nanning.get('/api/v1/enterprises/export.xlsx?q=HYPERLINK');
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]![0]).toBe('单位名称');
    expect(rows[1]![0]).toBe('\'=HYPERLINK("http://x")公司');
    const all = await readXlsx((await nanning.get('/api/v1/enterprises/export.xlsx')).rawPayload);
    const [count] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from enterprises where division_code like '4501%'`);
    expect(all.length - 1).toBe(count!.n);
    expect(all.slice(1).every((r) => String(r[4]).startsWith('4501'))).toBe(true);
  });
});
