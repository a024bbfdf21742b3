/**
 * The issue 5 CLI contract: `npx cpaudit list export --year <L> --type mandatory|voluntary
 * --format xlsx|csv|json --out <file>` writes the published list of year L; the JSON is an array of
 * `{uscc, name, cityCode, countyCode, keyIndustry, industryCode, auditType, reasons, documentNo, publishedAt}`
 * sorted by city code then credit code.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';

const run = promisify(execFile);
const bin = fileURLToPath(new URL('../../../bin/cpaudit.mjs', import.meta.url));

describe('cpaudit list export', () => {
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  let expected: { uscc: string; name: string; countyCode: string; keyIndustry: string | null; industryCode: string }[] = [];

  async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpaudit-list-cli-'));
    const image = fs.readFileSync(inject('pgliteTemplate'));
    const database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'pglite'), loadDataDir: new Blob([image]) });
    try {
      // Two 柳州 and one 南宁 enterprise published on 2022-03-01 under 桂环函〔2022〕15号; one voluntary in 南宁.
      const pick = async (prefix: string, n: number) =>
        database.rows<{ id: number; uscc: string; name: string; division_code: string; key_industry: string | null; industry_code: string }>(
          sql`select id, uscc, name, division_code, key_industry, industry_codes[1] as industry_code from enterprises where division_code like ${`${prefix}%`} order by id limit ${n}`,
        );
      const lz = await pick('4502', 2);
      const nn = await pick('4501', 2);
      const [pub] = await database.rows<{ id: number }>(sql`
        insert into audit_list_publications (list_year, round, document_no, published_on, authority) values (2022, 0, '桂环函〔2022〕15号', '2022-03-01', '广西壮族自治区生态环境厅') returning id`);
      const add = async (e: (typeof lz)[number], type: string, city: string, reasons: unknown) =>
        database.rows(sql`
          insert into audits (enterprise_id, list_year, audit_type, publication_id, published_at, document_no, county_code, city_code, key_industry, reasons)
          values (${e.id}, 2022, ${type}, ${pub!.id}, '2022-03-01', '桂环函〔2022〕15号', ${e.division_code}, ${city}, ${e.key_industry}, ${JSON.stringify(reasons)}::jsonb)`);
      await add(lz[0]!, 'mandatory', '450200', [{ criterion: 'exceedsStandard', basis: 'b' }, { criterion: 'exceedsEnergyLimit', basis: 'b' }]);
      await add(lz[1]!, 'mandatory', '450200', [{ criterion: 'usesHazardousMaterials', basis: 'b' }]);
      await add(nn[0]!, 'mandatory', '450100', [{ criterion: 'exceedsQuota', basis: 'b' }]);
      await add(nn[1]!, 'voluntary', '450100', []);
      const sorted = [nn[0]!, ...[...lz].sort((x, y) => (x.uscc < y.uscc ? -1 : 1))];
      expected = sorted.map((e) => ({ uscc: e.uscc, name: e.name, countyCode: e.division_code, keyIndustry: e.key_industry, industryCode: e.industry_code }));
    } finally {
      await database.close();
    }
    env = { ...process.env, NODE_NO_WARNINGS: '1', PGLITE_DIR: path.join(dir, 'pglite'), DATABASE_URL: '' };
    delete env.DATABASE_URL;
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when the 2022 mandatory list is exported as JSON, then it is the contract array sorted by city code then credit code', async () => {
    const out = path.join(dir, 'm.json');
    const { code } = await cli(['list', 'export', '--year', '2022', '--type', 'mandatory', '--format', 'json', '--out', out]);
    expect(code).toBe(0);
    const got = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(got.map((g: object) => Object.keys(g))).toEqual(Array(3).fill(['uscc', 'name', 'cityCode', 'countyCode', 'keyIndustry', 'industryCode', 'auditType', 'reasons', 'documentNo', 'publishedAt']));
    expect(got.map((g: { uscc: string; cityCode: string }) => [g.cityCode, g.uscc])).toEqual(expected.map((e) => [e.countyCode.slice(0, 4) + '00', e.uscc]));
    expect(got[0]).toEqual({ ...expected[0], cityCode: '450100', auditType: 'mandatory', reasons: ['exceedsQuota'], documentNo: '桂环函〔2022〕15号', publishedAt: '2022-03-01' });
    // Reasons are sorted criteria names.
    const lzReasons = got.slice(1).map((g: { reasons: string[] }) => g.reasons).sort((x: string[], y: string[]) => x.length - y.length);
    expect(lzReasons).toEqual([['usesHazardousMaterials'], ['exceedsEnergyLimit', 'exceedsStandard']]);
  });

  it('when the voluntary list is exported as xlsx and csv, then the 附件3 title, one 南宁 row with 自愿, its count and the total are written', async () => {
    const xlsx = path.join(dir, 'v.xlsx');
    expect((await cli(['list', 'export', '--year', '2022', '--type', 'voluntary', '--format', 'xlsx', '--out', xlsx])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('附件3');
    expect(ws.getCell('A1').value).toBe('广西壮族自治区2022年重点行业自愿性清洁生产审核企业名单汇总表');
    expect([ws.getCell('A3').value, ws.getCell('B3').value, ws.getCell('H3').value, ws.getCell('I3').value, ws.getCell('J3').value]).toEqual([1, '南宁市', '自愿性', '自愿', '桂环函〔2022〕15号']);
    expect([ws.getCell('A4').value, ws.getCell('D4').value, ws.getCell('A5').value, ws.getCell('D5').value]).toEqual(['南宁市小计', '1家', '合计', '1家']);
    const csv = path.join(dir, 'm.csv');
    expect((await cli(['list', 'export', '--year', '2022', '--type', 'mandatory', '--format', 'csv', '--out', csv])).code).toBe(0);
    const lines = fs.readFileSync(csv, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFF序号,设区市,县（市、区）,企业名称,统一社会信用代码,所属重点行业,国民经济行业代码,审核类型,审核依据,名单发布文号,计划启动时间,计划完成时间,备注');
    expect(lines.filter(Boolean)).toHaveLength(4);
    expect(lines[1]!.split(',').slice(0, 2)).toEqual(['1', '南宁市']);
    expect(lines[1]!.split(',')[8]).toBe('双超');
  });

  it('when the type is not mandatory or voluntary, then the CLI refuses with a non-zero exit', async () => {
    const { code, stderr } = await cli(['list', 'export', '--year', '2022', '--type', 'both', '--format', 'json', '--out', path.join(dir, 'x.json')]);
    expect(code).not.toBe(0);
    expect(stderr).toContain('--type');
  });
});
