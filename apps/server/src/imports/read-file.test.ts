import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CellProblem, type SheetRow } from './cell.ts';
import { ImportFileError } from './errors.ts';
import { openSpreadsheet, readRows, type ReadLimits } from './read-file.ts';
import { buildZip, minimalWorkbookEntries, xlsxOf } from './test-support.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpaudit-read-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function all(file: string | Buffer, name: string, limits: Partial<ReadLimits> = {}): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const r of readRows(file, name, limits)) out.push(r);
  return out;
}

async function refusal(file: string | Buffer, name: string, limits: Partial<ReadLimits> = {}): Promise<ImportFileError> {
  try {
    await all(file, name, limits);
  } catch (e) {
    if (e instanceof ImportFileError) return e;
    throw e;
  }
  throw new Error('expected an ImportFileError');
}

describe('CSV encodings and line ends', () => {
  const text = '单位名称,统一社会信用代码\r\n南宁市云桂水泥有限公司,914501026420642331\r\n"多行\r\n名称",x\r\n';

  it('when a CSV is GBK-encoded with CRLF, then it is decoded as GB18030 and every record is one row', async () => {
    const file = iconv.encode(text, 'gbk');
    const opened = await openSpreadsheet(file, 'a.csv');
    expect(opened.encoding).toBe('gb18030');
    await opened.close();
    expect(await all(file, 'a.csv')).toEqual([
      { row: 1, cells: ['单位名称', '统一社会信用代码'] },
      { row: 2, cells: ['南宁市云桂水泥有限公司', '914501026420642331'] },
      { row: 3, cells: ['多行\r\n名称', 'x'] },
    ]);
  });

  it('when a CSV is UTF-8 with a BOM, then the BOM is not part of the first header', async () => {
    const rows = await all(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'a.csv');
    expect(rows[0]!.cells[0]).toBe('单位名称');
    expect(rows[1]!.cells).toEqual(['南宁市云桂水泥有限公司', '914501026420642331']);
  });

  it('when a CSV is UTF-8 without BOM and LF line ends, then it reads the same', async () => {
    const rows = await all(Buffer.from(text.replace(/\r\n/g, '\n'), 'utf8'), 'a.csv');
    expect(rows.map((r) => r.cells)).toEqual([
      ['单位名称', '统一社会信用代码'],
      ['南宁市云桂水泥有限公司', '914501026420642331'],
      ['多行\n名称', 'x'],
    ]);
  });

  it('when the only non-UTF-8 byte lies far beyond the first 64 KB, then the whole file is still decoded as GB18030', async () => {
    const filler = `${'a,b\r\n'.repeat(30_000)}`;
    const file = iconv.encode(`name,code\r\n${filler}钦州市,1\r\n`, 'gbk');
    expect(file.length).toBeGreaterThan(140_000);
    const rows = await all(file, 'big.csv');
    expect(rows.at(-1)).toEqual({ row: 30_002, cells: ['钦州市', '1'] });
    expect(rows[0]!.cells).toEqual(['name', 'code']);
  });

  it('when a UTF-8 character is split across read chunks, then the file is still UTF-8', async () => {
    const line = '广西壮族自治区南宁市兴宁区,1\n';
    const file = Buffer.from(`名称,代码\n${line.repeat(80_000)}`, 'utf8'); // > 1 MiB: several chunks
    const p = path.join(tmp, 'split.csv');
    fs.writeFileSync(p, file);
    const opened = await openSpreadsheet(p, 'split.csv');
    expect(opened.encoding).toBe('utf-8');
    await opened.close();
  });

  it('when lines end in CR CR LF (a CRLF file converted twice), then each CR counts as a line end as in Excel and the blank rows are kept in the numbering', async () => {
    const rows = await all(Buffer.from('a,b\r\r\nc,d\r\r\ne,f\r\n', 'utf8'), 'x.csv');
    expect(rows.filter((r) => r.cells.some((c) => c !== '')).map((r) => [r.row, ...r.cells])).toEqual([
      [1, 'a', 'b'],
      [3, 'c', 'd'],
      [5, 'e', 'f'],
    ]);
  });

  it('when the first line has tabs and no comma, then the file is read as tab-separated', async () => {
    const rows = await all(Buffer.from('单位名称\t统一社会信用代码\n甲\t乙\n', 'utf8'), 't.csv');
    expect(rows[1]!.cells).toEqual(['甲', '乙']);
  });

  it('when a CSV is given by path, then its SHA-256 is that of its bytes', async () => {
    const p = path.join(tmp, 'h.csv');
    fs.writeFileSync(p, text);
    const opened = await openSpreadsheet(p, 'h.csv');
    expect(opened.sha256).toBe(crypto.createHash('sha256').update(text).digest('hex'));
    await opened.close();
  });
});

describe('files that are not what they claim', () => {
  it.each<[string, Buffer, RegExp, string]>([
    ['a CSV renamed to .xlsx', Buffer.from('单位名称,统一社会信用代码\n', 'utf8'), /不是 xlsx 工作簿/, 'type'],
    ['an .xls renamed to .xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /Excel 97-2003/, 'type'],
    ['a PDF renamed to .xlsx', Buffer.from('%PDF-1.7\n', 'latin1'), /PDF/, 'type'],
    ['a Word document renamed to .xlsx', buildZip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'word/document.xml', data: Buffer.from('<w/>') }]), /Word/, 'type'],
    ['a zip with no worksheet', buildZip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'xl/workbook.xml', data: Buffer.from('<w/>') }]), /没有可读取的工作表/, 'type'],
    ['a truncated xlsx', buildZip(minimalWorkbookEntries()).subarray(0, 60), /不完整|损坏/, 'archive'],
  ])('when the .xlsx is %s, then it is refused', async (_what, bytes, message, reason) => {
    const e = await refusal(bytes, 'upload.xlsx');
    expect(e.message).toMatch(message);
    expect(e.reason).toBe(reason);
    expect(e.file).toBe('upload.xlsx');
  });

  it.each<[string, Buffer, RegExp, string]>([
    ['an xlsx renamed to .csv', buildZip(minimalWorkbookEntries()), /zip 压缩包/, 'type'],
    ['binary with NUL bytes', Buffer.from([0x41, 0x2c, 0x42, 0x0a, 0x00, 0x01, 0x02]), /二进制内容（第 5 字节为 NUL）/, 'encoding'],
    ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), /PNG/, 'type'],
    ['UTF-16 text', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('单位名称', 'utf16le')]), /UTF-16/, 'encoding'],
  ])('when the .csv is %s, then it is refused', async (_what, bytes, message, reason) => {
    const e = await refusal(bytes, 'upload.csv');
    expect(e.message).toMatch(message);
    expect(e.reason).toBe(reason);
  });

  it.each([
    ['名单.xls', /\.xls 请在 Excel 或 WPS 中另存为 \.xlsx/],
    ['名单.txt', /只能导入 \.xlsx 或 \.csv/],
    ['名单', /只能导入/],
    ['名单.xlsx.exe', /只能导入/],
  ])('when the file is named %s, then it is refused by its extension', async (name, message) => {
    const e = await refusal(Buffer.from('a,b\n'), name);
    expect(e.reason).toBe('type');
    expect(e.message).toMatch(message);
  });

  it('when the file is empty, then it is refused as empty', async () => {
    expect((await refusal(Buffer.alloc(0), 'a.csv')).reason).toBe('empty');
  });

  it('when the file exceeds the size limit, then it is refused before reading', async () => {
    const e = await refusal(Buffer.from('a,b\n'.repeat(100)), 'a.csv', { maxFileBytes: 100 });
    expect(e.reason).toBe('tooLarge');
    expect(e.message).toMatch(/超过 100 B 上限/);
  });
});

describe('xlsx container limits (ASVS 5.2.3; A6, A7)', () => {
  it('when the zip has more entries than the limit, then it is refused from the central directory alone', async () => {
    const entries = [...minimalWorkbookEntries(), ...Array.from({ length: 10_001 }, (_, i) => ({ name: `xl/media/x${i}.bin`, data: Buffer.alloc(0), method: 0 as const }))];
    const zip = buildZip(entries);
    expect(zip.length).toBeLessThan(2_000_000);
    const e = await refusal(zip, 'many.xlsx');
    expect(e.reason).toBe('archive');
    expect(e.message).toMatch(/10004 个条目，超过上限 10000/);
  });

  it('when the declared uncompressed size exceeds the limit, then it is refused before inflating', async () => {
    const zeros = Buffer.alloc(2_000_000);
    const zip = buildZip([...minimalWorkbookEntries(), { name: 'xl/media/zeros.bin', data: zeros }]);
    expect(zip.length).toBeLessThan(10_000);
    const e = await refusal(zip, 'bomb.xlsx', { maxUncompressedBytes: 1_000_000 });
    expect(e.reason).toBe('archive');
    expect(e.message).toMatch(/解压后超过 1 MB 上限/);
  });

  it('when a large file inflates above the floor but at a normal XML ratio, then it is accepted; above the ceiling it is not', async () => {
    const text = Buffer.from(Array.from({ length: 3000 }, (_, i) => `<row r="${i}"><c><v>${(i * 7919) % 100_003}</v></c></row>`).join(''));
    const zip = buildZip([...minimalWorkbookEntries(), { name: 'xl/media/data.xml', data: text }]);
    const ratio = text.length / zip.length;
    expect(ratio).toBeGreaterThan(2);
    expect(ratio).toBeLessThan(20);
    const limits = { maxUncompressedBytes: 10_000, maxCompressionRatio: 20, maxUncompressedBytesCeiling: 10_000_000 };
    await expect(all(zip, 'ok.xlsx', limits)).resolves.toEqual([]);
    const e = await refusal(zip, 'ceiling.xlsx', { ...limits, maxUncompressedBytesCeiling: 50_000 });
    expect(e.message).toMatch(/解压后超过 50 KB 上限/);
  });

  it('when an entry inflates to more than its directory says (a lying bomb), then it is refused while inflating', async () => {
    const zeros = Buffer.alloc(5_000_000);
    const zip = buildZip([...minimalWorkbookEntries(), { name: 'xl/media/zeros.bin', data: zeros, declaredSize: 1000 }]);
    const e = await refusal(zip, 'liar.xlsx');
    expect(e.reason).toBe('archive');
    expect(e.message).toMatch(/解压后大于目录记录的大小/);
  });

  // Worksheets are not inflated by the up-front check (zip.ts verifyZipStream): the read makes the same checks.
  const rowsSheet = (n: number) =>
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${Array.from({ length: n }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i + 1}</v></c></row>`).join('')}</sheetData></worksheet>`;
  const withSheet = (sheet: { data: Buffer; declaredSize?: number }) => buildZip([...minimalWorkbookEntries().slice(0, 2), { name: 'xl/worksheets/sheet1.xml', ...sheet }]);

  it('when the worksheet inflates to more than its directory says (a lying bomb), then reading it is refused with the same message', async () => {
    const e = await refusal(withSheet({ data: Buffer.from(rowsSheet(20_000)), declaredSize: 5000 }), 'sheet-liar.xlsx');
    expect(e.reason).toBe('archive');
    expect(e.message).toBe('xlsx 条目「xl/worksheets/sheet1.xml」解压后大于目录记录的大小，已拒绝（可能是压缩炸弹）');
  });

  it('when the worksheet inflates to fewer bytes than its directory says, then reading it is refused', async () => {
    const data = Buffer.from(rowsSheet(3));
    const e = await refusal(withSheet({ data, declaredSize: data.length + 10 }), 'sheet-short.xlsx');
    expect(e.reason).toBe('archive');
    expect(e.message).toBe('xlsx 条目「xl/worksheets/sheet1.xml」解压后的大小与目录记录不符');
  });

  it('when the worksheet data is not valid deflate data, then reading it is refused as corrupt', async () => {
    const file = withSheet({ data: Buffer.from(rowsSheet(2000)) });
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const local = file.indexOf(name) - 30;
    const start = local + 30 + name.length;
    file[start] = 0x07; // the first deflate block header: final block of the reserved type 11 (RFC 1951 §3.2.3)
    const e = await refusal(file, 'sheet-corrupt.xlsx');
    expect(e.reason).toBe('archive');
    expect(e.message).toMatch(/^xlsx 条目「xl\/worksheets\/sheet1.xml」的压缩数据损坏：/);
  });

  it('when the worksheet is sound, then its rows are read after the up-front check skipped inflating it', async () => {
    const rows = await all(withSheet({ data: Buffer.from(rowsSheet(3)) }), 'sound.xlsx');
    expect(rows).toEqual([
      { row: 1, cells: [1] },
      { row: 2, cells: [2] },
      { row: 3, cells: [3] },
    ]);
  });

  it('when the shared-strings part is larger than its limit, then it is refused', async () => {
    const zip = buildZip([...minimalWorkbookEntries(), { name: 'xl/sharedStrings.xml', data: Buffer.alloc(3000, 0x20) }]);
    const e = await refusal(zip, 'ss.xlsx', { maxSharedStringsBytes: 2000 });
    expect(e.message).toMatch(/共享字符串表/);
  });

  it.each([['../evil.xml'], ['xl/../../evil.xml'], ['/etc/passwd'], ['C:/x.xml'], ['xl\\..\\x.xml']])('when an entry is named %s (zip slip), then the file is refused', async (name) => {
    const e = await refusal(buildZip([...minimalWorkbookEntries(), { name, data: Buffer.from('x') }]), 'slip.xlsx');
    expect(e.reason).toBe('archive');
    expect(e.message).toMatch(/不安全的路径/);
  });

  it('when an entry is a symbolic link, then the file is refused', async () => {
    const e = await refusal(buildZip([...minimalWorkbookEntries(), { name: 'xl/link', data: Buffer.from('/etc/passwd'), symlink: true }]), 'link.xlsx');
    expect(e.message).toMatch(/符号链接/);
  });
});

describe('xlsx cells', () => {
  it('when a workbook is read, then the first tab is used and text, numbers, dates and rich text come typed', async () => {
    const file = await xlsxOf(
      [
        ['单位名称', '数量', '日期', '富文本'],
        ['甲', 12.5, new Date(Date.UTC(2021, 2, 1)), { richText: [{ text: '广西' }, { text: '南宁' }] }],
      ],
      { extraSheets: [{ name: '说明', rows: [['不应读取']] }] },
    );
    const rows = await all(file, 'a.xlsx');
    expect(rows).toHaveLength(2);
    expect(rows[1]!.row).toBe(2);
    expect(rows[1]!.cells[0]).toBe('甲');
    expect(rows[1]!.cells[1]).toBe(12.5);
    expect(rows[1]!.cells[2]).toBeInstanceOf(Date);
    expect((rows[1]!.cells[2] as Date).toISOString()).toBe('2021-03-01T00:00:00.000Z');
    expect(rows[1]!.cells[3]).toBe('广西南宁');
  });

  it('when a formula has a cached result, then the result is used; without one, the cell is a problem located at its row', async () => {
    const file = await xlsxOf([
      ['a', 'b', 'c', 'd'],
      [2, { formula: 'A2*2', result: 4 }, { formula: 'A2*3' }, { formula: '1/0', result: { error: '#DIV/0!' } }],
      [{ formula: '"x"&"y"', result: 'xy' }],
    ]);
    const rows = await all(file, 'f.xlsx');
    const r2 = rows.find((r) => r.row === 2)!;
    expect(r2.cells[1]).toBe(4);
    expect(r2.cells[2]).toBeInstanceOf(CellProblem);
    expect((r2.cells[2] as CellProblem).message).toBe('公式无法计算，请粘贴为数值');
    expect((r2.cells[2] as CellProblem).text).toBe('=A2*3');
    expect(r2.cells[3]).toBeInstanceOf(CellProblem);
    expect(rows.find((r) => r.row === 3)!.cells[0]).toBe('xy');
  });

  it('when an xlsx is given by path and as bytes, then both give the same rows and the SHA-256 of the bytes', async () => {
    const file = await xlsxOf([['单位名称'], ['甲']]);
    const p = path.join(tmp, 'same.xlsx');
    fs.writeFileSync(p, file);
    expect(await all(p, 'same.xlsx')).toEqual(await all(file, 'same.xlsx'));
    const opened = await openSpreadsheet(p, 'same.xlsx');
    expect(opened.sha256).toBe(crypto.createHash('sha256').update(file).digest('hex'));
    await opened.close();
  });

  it('when the reader is left early, then the file is closed and can be removed', async () => {
    const file = await xlsxOf(Array.from({ length: 2000 }, (_, i) => [`行${i}`]));
    const p = path.join(tmp, 'early.xlsx');
    fs.writeFileSync(p, file);
    for await (const r of readRows(p, 'early.xlsx')) if (r.row === 3) break;
    fs.rmSync(p);
    expect(fs.existsSync(p)).toBe(false);
  });
});

describe('multi-byte text across stream chunks (ExcelJS 4.4 decodes each chunk separately)', () => {
  it.each([
    ['inline strings', false],
    ['a shared-strings table', true],
  ])('when a large xlsx with %s is read, then no Chinese character is broken at a chunk boundary', async (_what, useSharedStrings) => {
    const file = path.join(tmp, `cjk-${useSharedStrings}.xlsx`);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings, useStyles: false });
    const ws = wb.addWorksheet('表');
    const text = (i: number) => `广西壮族自治区南宁市兴宁区示例工业园区第${i}号重点管理企业清洁生产审核`;
    for (let i = 0; i < 4000; i++) ws.addRow([text(i), i]).commit();
    ws.commit();
    await wb.commit();
    let n = 0;
    for await (const r of readRows(file, 'cjk.xlsx')) {
      expect(r.cells[0]).toBe(text(r.row - 1));
      n++;
    }
    expect(n).toBe(4000);
  });
});

describe('xlsx parts stored out of dependency order (ExcelJS writes the worksheet before the shared strings and xl/workbook.xml)', () => {
  it('when temporary files are written slowly (a loaded machine: each write finishes 20 ms late), then every row is still read', async () => {
    // ExcelJS's own single-pass reader parks such a worksheet in a temporary file; when that write
    // finished late, the parts after it were lost and it threw "Cannot read properties of
    // undefined (reading 'sheets')" (exceljs#3064), a 500 of the expert import under load.
    const file = await xlsxOf([
      ['姓名', '职称'],
      ['某人', '教授'],
    ]);
    const real = fs.createWriteStream;
    const spy = vi.spyOn(fs, 'createWriteStream').mockImplementation(((...args: Parameters<typeof real>) => {
      const ws = real(...args);
      const emit = ws.emit.bind(ws);
      ws.emit = ((event: string | symbol, ...rest: unknown[]) => {
        if (event !== 'finish') return emit(event, ...rest);
        setTimeout(() => emit(event, ...rest), 20);
        return true;
      }) as typeof ws.emit;
      return ws;
    }) as typeof real);
    try {
      for (let i = 0; i < 3; i++) {
        expect(await all(file, 'experts.xlsx')).toEqual([
          { row: 1, cells: ['姓名', '职称'] },
          { row: 2, cells: ['某人', '教授'] },
        ]);
      }
    } finally {
      spy.mockRestore();
    }
  });
});

/** An xlsx whose tabs (in workbook order) point at the given parts; shared strings hold every text cell. */
function workbookWithTabs(tabs: { name: string; part: string; type?: 'worksheet' | 'chartsheet' }[], parts: Record<string, string[][]>): Buffer {
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const strings: string[] = [];
  const sheetXml = (rows: string[][]) =>
    `<worksheet xmlns="${ns}"><sheetData>${rows
      .map((r, i) => `<row r="${i + 1}">${r.map((v, j) => `<c r="${String.fromCharCode(65 + j)}${i + 1}" t="s"><v>${strings.push(v) - 1}</v></c>`).join('')}</row>`)
      .join('')}</sheetData></worksheet>`;
  const partEntries = Object.entries(parts).map(([name, rows]) => ({ name, data: Buffer.from(sheetXml(rows)) }));
  return buildZip([
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        `<workbook xmlns="${ns}" xmlns:r="${rel}"><sheets>${tabs.map((t, i) => `<sheet name="${t.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${tabs
          .map((t, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/${t.type ?? 'worksheet'}" Target="${t.part}"/>`)
          .join('')}</Relationships>`,
      ),
    },
    ...partEntries,
    { name: 'xl/sharedStrings.xml', data: Buffer.from(`<sst xmlns="${ns}">${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`) },
  ]);
}

describe('the first tab, whatever its part is called', () => {
  it('when the first tab 数据 is stored as xl/worksheets/data.xml and the second 说明 as sheet1.xml, then the rows of 数据 are read', async () => {
    const file = workbookWithTabs([{ name: '数据', part: 'worksheets/data.xml' }, { name: '说明', part: 'worksheets/sheet1.xml' }], {
      'xl/worksheets/data.xml': [['单位名称', '代码'], ['南宁市云桂水泥有限公司', '914501026420642331']],
      'xl/worksheets/sheet1.xml': [['说明：不应读取']],
    });
    expect(await all(file, 'a.xlsx')).toEqual([
      { row: 1, cells: ['单位名称', '代码'] },
      { row: 2, cells: ['南宁市云桂水泥有限公司', '914501026420642331'] },
    ]);
  });

  it('when the first tab is a chartsheet, then the file is refused as not a plain worksheet instead of reading the second tab', async () => {
    const file = workbookWithTabs(
      [{ name: '图表1', part: 'chartsheets/sheet1.xml', type: 'chartsheet' }, { name: '数据', part: 'worksheets/sheet1.xml' }],
      { 'xl/chartsheets/sheet1.xml': [], 'xl/worksheets/sheet1.xml': [['不应读取']] },
    );
    const e = await refusal(file, 'chart.xlsx');
    expect(e.reason).toBe('type');
    expect(e.file).toBe('chart.xlsx');
    expect(e.message).toBe('文件「chart.xlsx」的第一个工作表不是普通工作表（「图表1」可能是图表工作表）；请把数据所在的工作表移到最前面后再导入');
  });
});

describe('a part that fails while it is read', () => {
  it('when the file is cut short in the middle of xl/sharedStrings.xml after the checks, then reading the rows rejects instead of hanging', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [`单位${i}-${crypto.createHash('sha256').update(String(i)).digest('hex')}`]);
    const file = workbookWithTabs([{ name: '数据', part: 'worksheets/sheet1.xml' }], { 'xl/worksheets/sheet1.xml': rows });
    const name = Buffer.from('xl/sharedStrings.xml');
    const local = file.indexOf(name) - 30; // the first occurrence is the local header (the directory comes last)
    const compressed = file.readUInt32LE(local + 18);
    expect(compressed).toBeGreaterThan(50_000); // several inflated chunks before the cut
    const p = path.join(tmp, 'cut-strings.xlsx');
    fs.writeFileSync(p, file);
    const opened = await openSpreadsheet(p, 'cut-strings.xlsx');
    fs.truncateSync(p, local + 30 + name.length + Math.floor(compressed / 2));
    const read = (async () => {
      for await (const _ of opened.rows());
      return 'finished';
    })();
    const outcome = await Promise.race([read.then((x) => x, (e: Error) => `rejected: ${e.message}`), new Promise((r) => setTimeout(() => r('hung'), 5000))]);
    await opened.close();
    expect(outcome).toMatch(/^rejected: .*unexpected end of file/);
  });
});

describe('the file changed after the checks', () => {
  const sheet = (rows: number) =>
    Buffer.from(
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${Array.from({ length: rows }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i + 1}</v></c></row>`).join('')}</sheetData></worksheet>`,
    );
  const workbook = (sheetXml: Buffer) => buildZip([...minimalWorkbookEntries().slice(0, 2), { name: 'xl/worksheets/sheet1.xml', data: sheetXml }]);

  it('when the checked file is replaced by another one at its path, then the rows still come from the checked file', async () => {
    const p = path.join(tmp, 'replaced.xlsx');
    fs.writeFileSync(p, workbook(sheet(2)));
    const opened = await openSpreadsheet(p, 'replaced.xlsx');
    fs.writeFileSync(`${p}.new`, workbook(sheet(50_000)));
    fs.renameSync(`${p}.new`, p);
    const rows: SheetRow[] = [];
    for await (const r of opened.rows()) rows.push(r);
    expect(rows).toEqual([
      { row: 1, cells: [1] },
      { row: 2, cells: [2] },
    ]);
  });

  it('when the checked part is overwritten in place with data that inflates past its directory size, then reading stops with a located archive error', async () => {
    const original = sheet(300); // 13,288 bytes inflated
    const file = workbook(original);
    expect(original.length).toBe(13_288);
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const local = file.indexOf(name) - 30;
    const compressed = file.readUInt32LE(local + 18);
    expect(file.readUInt32LE(local + 22)).toBe(original.length);
    const p = path.join(tmp, 'overwritten.xlsx');
    fs.writeFileSync(p, file);
    const opened = await openSpreadsheet(p, 'overwritten.xlsx');
    // The first `compressed` bytes of 1,000,000 identical rows inflate to far more than 13,288 bytes.
    const rows = '<row><c><v>1</v></c></row>'.repeat(1_000_000);
    const bomb = zlib.deflateRawSync(Buffer.from(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}`)).subarray(0, compressed);
    expect(zlib.inflateRawSync(bomb, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).length).toBeGreaterThan(500_000);
    const fd = fs.openSync(p, 'r+');
    fs.writeSync(fd, bomb, 0, bomb.length, local + 30 + name.length);
    fs.closeSync(fd);
    const e = await (async () => {
      try {
        for await (const _ of opened.rows());
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(e).toBeInstanceOf(ImportFileError);
    expect((e as ImportFileError).reason).toBe('archive');
    expect((e as ImportFileError).file).toBe('overwritten.xlsx');
    expect((e as ImportFileError).message).toBe('xlsx 条目「xl/worksheets/sheet1.xml」解压后大于目录记录的大小，已拒绝（可能是压缩炸弹）');
  });
});
