import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importKinds, type ImportKind } from '@cpaudit/contracts';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseImport, parseImportBatches } from './parse-import.ts';
import { errorReportColumns, safeCellText, safeCellValue, writeErrorReport, writeXlsx } from './safe-export.ts';
import { buildTemplate } from './templates.ts';
import { refdataReference, xlsxOf } from './test-support.ts';

const reference = refdataReference();
const cases = fileURLToPath(new URL('../../test/fixtures/cases/', import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpaudit-parse-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const kindOfFile = (name: string): ImportKind => (name.startsWith('enterprises') ? 'enterprises' : (name.replace(/\.(csv|xlsx)$/, '') as ImportKind));
const caseFiles = (dir: string) => fs.readdirSync(path.join(cases, dir)).filter((f) => /\.(csv|xlsx)$/.test(f));

describe('shared case files (copied into test/fixtures/cases)', () => {
  const all = [...caseFiles('screening').map((f) => ['screening', f] as const), ...caseFiles('real-input').map((f) => ['real-input', f] as const)];

  it('when the fixtures are listed, then all eleven files are there', () => {
    expect(all).toHaveLength(11);
  });

  it.each(all)('when %s/%s is parsed, then it has zero errors and at least one row', async (dir, file) => {
    const r = await parseImport({ kind: kindOfFile(file), file: path.join(cases, dir, file), fileName: file, reference });
    expect(r.errors).toEqual([]);
    expect(r.rows.length).toBeGreaterThan(0);
    expect(r.rejected).toBe(0);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when the real-input enterprises.xlsx (merged title row) and enterprises-gbk.csv are parsed, then they give the same normalised rows', async () => {
    const xlsx = await parseImport({ kind: 'enterprises', file: path.join(cases, 'real-input/enterprises.xlsx'), fileName: 'enterprises.xlsx', reference });
    const gbk = await parseImport({ kind: 'enterprises', file: path.join(cases, 'real-input/enterprises-gbk.csv'), fileName: 'enterprises-gbk.csv', reference });
    expect(xlsx.headerRow).toBe(2);
    expect(gbk.headerRow).toBe(1);
    expect(xlsx.rows).toHaveLength(8);
    expect(xlsx.rows.map((r) => r.data)).toEqual(gbk.rows.map((r) => r.data));
    // The real permit holder: several codes and names in one cell, empty dates.
    expect(xlsx.rows.at(-1)!.data).toEqual({
      name: '河池市生富冶炼有限责任公司',
      uscc: '91451200791318129Y',
      permitNo: '91451200791318129Y001P',
      permitCategory: 'key',
      industryCodes: ['3215', '3212', '3222'],
      industryNames: ['锑冶炼', '铅锌冶炼', '银冶炼'],
      divisionCode: '451202',
      address: '广西壮族自治区河池市金城江区白土乡河池市工业园区大任产业园',
      legalRepresentative: null,
      issuedOn: null,
      validFrom: null,
      validTo: null,
      pollutantCategories: ['废水', '废气'],
      issuingAuthority: null,
      lastAcceptanceDate: null,
    });
  });

  it('when the shared enterprises of real-input and screening are compared, then their normalised rows are equal', async () => {
    const real = await parseImport({ kind: 'enterprises', file: path.join(cases, 'real-input/enterprises.xlsx'), fileName: 'enterprises.xlsx', reference });
    const screening = await parseImport({ kind: 'enterprises', file: path.join(cases, 'screening/enterprises.csv'), fileName: 'enterprises.csv', reference });
    const screeningUscc = new Set(screening.rows.map((r) => r.data.uscc));
    const shared = real.rows.filter((r) => screeningUscc.has(r.data.uscc)).map((r) => r.data);
    expect(shared).toHaveLength(7);
    expect(shared).toEqual(screening.rows.map((r) => r.data));
    expect(screening.rows.find((r) => r.data.uscc === '91450502939057632J')!.data.lastAcceptanceDate).toBe('2018-06-01');
  });

  it.each(['exceedances', 'quotas', 'hazardous', 'energy'] as const)('when %s of real-input and screening are parsed, then they are equal', async (kind) => {
    const a = await parseImport({ kind, file: path.join(cases, `real-input/${kind}.csv`), fileName: `${kind}.csv`, reference });
    const b = await parseImport({ kind, file: path.join(cases, `screening/${kind}.csv`), fileName: `${kind}.csv`, reference });
    expect(a.rows).toEqual(b.rows);
  });
});

describe('batches (flat memory for large files)', () => {
  const header = '单位名称,统一社会信用代码,许可证编号,管理类别,行业类别代码,行政区划代码\r\n';
  const good = '南宁市云桂水泥有限公司,914501026420642331,914501026420642331001P,重点管理,3011,450102\r\n';
  const bad = '南宁市云桂水泥有限公司,914501026420642332,,重点管理,3011,450102\r\n';

  it('when a 12,001-row file is parsed in batches, then no batch exceeds 5,000 rows, progress is reported and the bad row is named (F1)', async () => {
    const lines = Array.from({ length: 12_001 }, (_, i) => (i === 4997 ? bad : good));
    const file = path.join(tmp, 'big.csv');
    fs.writeFileSync(file, header + lines.join(''));
    const sizes: number[] = [];
    const errors: number[] = [];
    const progress: number[] = [];
    let sha = '';
    for await (const b of parseImportBatches({ kind: 'enterprises', file, fileName: 'big.csv', reference, onProgress: (n) => progress.push(n) })) {
      sizes.push(b.rows.length + b.rejected);
      errors.push(...b.errors.map((e) => e.row));
      sha = b.sha256;
      expect(b.headerRow).toBe(1);
    }
    expect(sizes).toEqual([5000, 5000, 2001]);
    expect(errors).toEqual([4999]);
    expect(progress.slice(0, 3)).toEqual([1000, 2000, 3000]);
    expect(progress.at(-1)).toBe(12_001);
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when a 30,000-row CSV (~3 MB, read in 1 MiB chunks) is parsed, then the share of the file read rises from at most 2 MiB / size to exactly 1', async () => {
    const file = path.join(tmp, 'fraction.csv');
    fs.writeFileSync(file, header + good.repeat(30_000));
    const size = fs.statSync(file).size; // 76 + 30,000 × 102 = 3,060,076 bytes
    expect(size).toBe(Buffer.byteLength(header) + 30_000 * Buffer.byteLength(good));
    const seen: [number, number][] = [];
    for await (const _ of parseImportBatches({ kind: 'enterprises', file, fileName: 'fraction.csv', reference, onProgress: (n, f) => seen.push([n, f]) })) {
      // batches only
    }
    const fractions = seen.map(([, f]) => f);
    expect(seen.map(([n]) => n).slice(0, 2)).toEqual([1000, 2000]);
    for (const f of fractions) expect(f).toBeGreaterThanOrEqual(0);
    for (const f of fractions) expect(f).toBeLessThanOrEqual(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b)); // never goes back
    // After 1,000 rows (~102 KB) at most two 1 MiB chunks have been streamed: ≤ 2,097,152 / 3,060,076 ≈ 0.685.
    expect(fractions[0]).toBeGreaterThan(0);
    expect(fractions[0]).toBeLessThanOrEqual((2 * 1048576) / size);
    expect(seen.at(-1)).toEqual([30_000, 1]);
  });

  it('when a 5,000-row xlsx is parsed, then the share of its worksheet part inflated rises from below a half to exactly 1', async () => {
    const cells = good.trim().split(',');
    const bytes = await xlsxOf([header.trim().split(','), ...Array.from({ length: 5000 }, () => cells)]);
    const seen: [number, number][] = [];
    for await (const _ of parseImportBatches({ kind: 'enterprises', file: bytes, fileName: 'fraction.xlsx', reference, onProgress: (n, f) => seen.push([n, f]) })) {
      // batches only
    }
    const fractions = seen.map(([, f]) => f);
    expect(seen.map(([n]) => n)).toEqual([1000, 2000, 3000, 4000, 5000, 5000]);
    for (const f of fractions) expect(f).toBeGreaterThan(0);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    // 1,000 of 5,000 equal rows read: about a fifth of the part, plus what the XML parser reads ahead.
    expect(fractions[0]).toBeLessThan(0.5);
    expect(seen.at(-1)).toEqual([5000, 1]);
  });

  it('when a batch size is given, then it is honoured', async () => {
    const sizes: number[] = [];
    for await (const b of parseImportBatches({ kind: 'enterprises', file: Buffer.from(header + good.repeat(7)), fileName: 'a.csv', reference, batchSize: 3 })) {
      sizes.push(b.rows.length);
    }
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('when parseImport counts rows, then valid plus rejected equals the data rows and blank rows are not counted', async () => {
    const r = await parseImport({ kind: 'enterprises', file: Buffer.from(header + good + '\r\n,,,,,\r\n' + bad + good), fileName: 'a.csv', reference });
    expect(r).toMatchObject({ rowCount: 3, rejected: 1 });
    // 1 header, 2 good, 3 empty line, 4 empty cells, 5 bad, 6 good
    expect(r.rows.map((x) => x.row)).toEqual([2, 6]);
    expect(r.errors.map((e) => e.row)).toEqual([5]);
  });
});

describe('templates', () => {
  it.each(importKinds)('when the %s template is downloaded and imported unchanged, then its example row is valid', async (kind) => {
    const bytes = await buildTemplate(kind);
    const r = await parseImport({ kind, file: bytes, fileName: `${kind}.xlsx`, reference });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.headerRow).toBe(2);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]!.row).toBe(3);
  });

  it('when the enterprises template example is read, then its permit is valid until 2028-06-30 and names its issuing authority', async () => {
    const r = await parseImport({ kind: 'enterprises', file: await buildTemplate('enterprises'), fileName: 'enterprises.xlsx', reference });
    expect(r.rows[0]!.data).toMatchObject({ issuedOn: '2023-06-30', issuingAuthority: '南宁市生态环境局', validFrom: '2023-07-01', validTo: '2028-06-30' });
  });

  it('when the enterprises template is opened, then required headers are bold with a note, the header is frozen and code columns are text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildTemplate('enterprises')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('企业与排污许可');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const headers = (ws.getRow(2).values as unknown[]).slice(1);
    expect(headers).toEqual(['单位名称', '统一社会信用代码', '许可证编号', '管理类别', '行业类别代码', '行业类别', '行政区划代码', '生产经营场所地址', '法定代表人', '发证日期', '发证机关', '有效期起', '有效期止', '主要污染物类别', '上轮清洁生产验收日期']);
    const name = ws.getRow(2).getCell(1);
    expect(name.font?.bold).toBe(true);
    expect(JSON.stringify(name.note)).toMatch(/必填。营业执照上的全称/);
    expect(ws.getRow(2).getCell(8).font?.bold).toBeFalsy();
    expect(ws.getColumn(2).numFmt).toBe('@');
    expect(ws.getRow(3).getCell(2).value).toBe('91450102MA5L8RN2X6');
  });
});

describe('safe exports (ASVS 1.2.10; A8)', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `'=HYPERLINK("http://evil","x")`],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['\0x', "'\0x"],
    ['南宁市', '南宁市'],
    ['1+1', '1+1'],
    ['', ''],
    ["'=1", "'=1"],
  ])('when the text is %j, then the cell text is %j', (input, expected) => {
    expect(safeCellText(input)).toBe(expected);
  });

  it('when values are not strings, then numbers, booleans and dates stay typed and lists are joined safely', () => {
    expect(safeCellValue(-1)).toBe(-1);
    expect(safeCellValue(true)).toBe(true);
    const d = new Date(Date.UTC(2021, 0, 1));
    expect(safeCellValue(d)).toBe(d);
    expect(safeCellValue(['-1', 'a'])).toBe("'-1,a");
    expect(safeCellValue(null)).toBeNull();
    expect(safeCellValue(Number.NaN)).toBeNull();
  });

  it('when an error report is written, then it has the four columns and hostile values are prefixed', async () => {
    const bytes = await writeErrorReport([
      { row: 5, column: '单位名称', value: '=HYPERLINK("http://evil","点我")', message: '单位名称不能超过 200 个字' },
      { row: 7, column: '统一社会信用代码', value: '914501026420642332', message: '统一社会信用代码校验位错误，应为 18 位 GB 32100 代码；请核对是否抄错' },
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes! as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('错误报告');
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(errorReportColumns.map((c) => c.header));
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([5, '单位名称', `'=HYPERLINK("http://evil","点我")`, '单位名称不能超过 200 个字']);
    expect(ws.getRow(2).getCell(3).formula).toBeUndefined();
    expect(ws.getRow(3).getCell(3).value).toBe('914501026420642332');
  });

  it('when an export is streamed to a file from an async iterable, then every row is written with inline strings', async () => {
    const file = path.join(tmp, 'export.xlsx');
    async function* rows() {
      for (let i = 0; i < 3; i++) yield { name: i === 1 ? '@cmd' : `企业${i}`, n: i };
    }
    await writeXlsx({ columns: [{ header: '名称', value: (r: { name: string; n: number }) => r.name }, { header: '序号', value: (r) => r.n }], rows: rows(), output: file });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(3).getCell(1).value).toBe("'@cmd");
    expect(ws.getRow(4).getCell(2).value).toBe(2);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });
});
