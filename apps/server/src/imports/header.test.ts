import { describe, expect, it } from 'vitest';
import type { SheetRow } from './cell.ts';
import { ImportFileError } from './errors.ts';
import { aliasIndex, HeaderFinder } from './header.ts';
import { kindSpecs } from './kinds/index.ts';
import { parseImport } from './parse-import.ts';
import { refdataReference, xlsxOf } from './test-support.ts';

const reference = refdataReference();
const ENTERPRISE = ['南宁市云桂水泥有限公司', '914501026420642331', '3011', '450102'];

function find(rows: SheetRow[], kind: keyof typeof kindSpecs = 'enterprises') {
  const finder = new HeaderFinder(kindSpecs[kind].columns, 'f.xlsx');
  for (const r of rows) {
    const m = finder.offer(r);
    if (m) return m;
  }
  return finder.end(rows.length);
}

async function fileError(run: () => Promise<unknown>): Promise<ImportFileError> {
  try {
    await run();
  } catch (e) {
    if (e instanceof ImportFileError) return e;
    throw e;
  }
  throw new Error('expected an ImportFileError');
}

describe('alias tables', () => {
  it('when every kind is indexed, then no alias maps to two columns of the same kind', () => {
    for (const spec of Object.values(kindSpecs)) expect(() => aliasIndex(spec.columns)).not.toThrow();
  });
});

describe('finding the header row', () => {
  it('when a merged title row and blank rows lie above the header, then the header is found below them and rows are numbered as in Excel', async () => {
    const file = await xlsxOf(
      [
        ['广西壮族自治区2021年度重点排污单位企业名单', null, null, null],
        [],
        [null, null, null, null],
        ['单位名称', '统一社会信用代码', '行业类别代码', '行政区划代码'],
        ENTERPRISE,
        [],
        ['柳州市瑞禾纸业有限公司', '91450203720368815A', '2221', '450203'],
      ],
      { merges: ['A1:D1'] },
    );
    const r = await parseImport({ kind: 'enterprises', file, fileName: '名单.xlsx', reference });
    expect(r.headerRow).toBe(4);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.row)).toEqual([5, 7]);
    expect(r.rowCount).toBe(2);
  });

  it('when the title row repeats its text in every merged cell, then it is still not taken for the header', () => {
    const title = '2021年度排污许可证信息（导出）';
    const m = find([
      { row: 1, cells: [title, title, title, title] },
      { row: 2, cells: ['单位名称', '统一社会信用代码', '行业类别代码', '行政区划代码'] },
    ]);
    expect(m.headerRow).toBe(2);
  });

  it.each<[string, string[]]>([
    ['exchange-format aliases', ['企业名称', '社会信用代码', '国民经济行业代码', '县（市、区）代码']],
    ['permit-platform aliases', ['排污单位名称', '信用代码', '行业代码', '区划代码']],
    ['full-width, spaced and starred headers', ['＊单位 名称', ' 统一社会信用代码\n', '行业类别代码*', '行政区划代码']],
    ['half-width brackets', ['单位名称', '统一社会信用代码', '行业代码', '县(市、区)代码']],
  ])('when the headers are %s, then each maps to its column', (_what, headers) => {
    const m = find([{ row: 1, cells: headers }]);
    expect([...m.columns.keys()]).toEqual(['name', 'uscc', 'industryCodes', 'divisionCode']);
    expect(m.columns.get('uscc')!.header).toBe(headers[1]!.trim());
  });

  it('when a header carries aliases of other kinds, then they map too', () => {
    const q = find([{ row: 1, cells: ['统一社会信用代码', '年份', '污染物名称', '实际排放量(t)', '总量控制指标(吨)'] }], 'quotas');
    expect([...q.columns.keys()]).toEqual(['uscc', 'year', 'pollutant', 'actualT', 'quotaT']);
    const h = find([{ row: 1, cells: ['统一社会信用代码', '年度', '类别', '物质名称', 'CAS 号'] }], 'hazardous');
    expect(h.columns.get('casNo')!.index).toBe(4);
  });

  it('when a column is unknown, then it is reported as a warning and ignored', async () => {
    const csv = `单位名称,统一社会信用代码,备注,行业类别代码,行政区划代码,联系电话\n${ENTERPRISE.slice(0, 2).join(',')},随便,3011,450102,0771-1234567\n`;
    const r = await parseImport({ kind: 'enterprises', file: Buffer.from(csv), fileName: 'a.csv', reference });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual(['未识别的列「备注」（C 列）已忽略', '未识别的列「联系电话」（F 列）已忽略']);
    expect(r.rows).toHaveLength(1);
  });

  it('when two columns map to the same field, then the first is used and the second is reported', () => {
    const m = find([{ row: 1, cells: ['单位名称', '企业名称', '统一社会信用代码', '行业类别代码', '行政区划代码'] }]);
    expect(m.columns.get('name')!.index).toBe(0);
    expect(m.warnings).toEqual(['列「企业名称」（B 列）与「单位名称」（A 列）重复，只使用前者']);
  });

  it('when a required column is missing, then the file is refused naming the column, at the header row', async () => {
    const csv = `说明：本表由系统导出\n单位名称,统一社会信用代码,行业类别代码\n${ENTERPRISE.slice(0, 3).join(',')}\n`;
    const e = await fileError(() => parseImport({ kind: 'enterprises', file: Buffer.from(csv), fileName: 'a.csv', reference }));
    expect(e.reason).toBe('missingColumn');
    expect(e.row).toBe(2);
    expect(e.column).toBe('行政区划代码');
    expect(e.message).toMatch(/缺少必填列「行政区划代码」/);
    expect(e.errors).toEqual([{ row: 2, column: '行政区划代码', value: '', message: expect.stringMatching(/^缺少必填列「行政区划代码」（也可写作 区划代码、/) }]);
  });

  it('when neither industry column is present, then the error names both', async () => {
    const csv = `单位名称,统一社会信用代码,行政区划代码\n甲,914501026420642331,450102\n`;
    const e = await fileError(() => parseImport({ kind: 'enterprises', file: Buffer.from(csv), fileName: 'a.csv', reference }));
    expect(e.column).toBe('行业类别代码/行业类别');
    expect(e.message).toMatch(/缺少必填列「行业类别代码」或「行业类别」/);
  });

  it('when several required columns are missing, then each is one error', async () => {
    const csv = `统一社会信用代码,年度\n914501026420642331,2021\n`;
    const e = await fileError(() => parseImport({ kind: 'quotas', file: Buffer.from(csv), fileName: 'q.csv', reference }));
    expect(e.errors.map((x) => x.column)).toEqual(['污染物', '实际排放量（吨）', '总量控制指标（吨）']);
    expect(e.errors.every((x) => x.row === 1)).toBe(true);
  });

  it('when no row among the first 20 looks like a header, then the file is refused saying which headers were expected', async () => {
    const csv = `${'x,y\n'.repeat(25)}`;
    const e = await fileError(() => parseImport({ kind: 'enterprises', file: Buffer.from(csv), fileName: 'a.csv', reference }));
    expect(e.reason).toBe('header');
    expect(e.message).toMatch(/前 20 行中没有找到表头：表头行应包含 单位名称、统一社会信用代码、行业类别代码\/行业类别、行政区划代码/);
  });

  it('when the header is below row 20, then it is not searched for', async () => {
    const csv = `${'\n'.repeat(20)}单位名称,统一社会信用代码,行业类别代码,行政区划代码\n${ENTERPRISE.join(',')}\n`;
    const e = await fileError(() => parseImport({ kind: 'enterprises', file: Buffer.from(csv), fileName: 'a.csv', reference }));
    expect(e.reason).toBe('header');
  });

  it('when the file has a header and no data row, then it parses to nothing with no error', async () => {
    const r = await parseImport({ kind: 'quotas', file: Buffer.from('统一社会信用代码,年度,污染物,实际排放量（吨）,总量控制指标（吨）\r\n'), fileName: 'q.csv', reference });
    expect(r).toMatchObject({ rows: [], errors: [], headerRow: 1, rowCount: 0 });
  });

  it('when the file holds only blank lines, then it is refused as having no header', async () => {
    const e = await fileError(() => parseImport({ kind: 'quotas', file: Buffer.from('\n\n\n'), fileName: 'q.csv', reference }));
    expect(e.reason).toBe('header');
  });
});
