/**
 * Test and benchmark support of the import engine: the reference data (division and industry
 * codes) read from the repository's `refdata/` CSV files, as the database layer would load
 * them. Not used in production code.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { ImportReference } from './kinds/spec.ts';

const refdata = fileURLToPath(new URL('../../../../refdata/', import.meta.url));

function rows(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(refdata + file), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
}

let cached: ImportReference | null = null;

/** Guangxi's division codes (`refdata/guangxi_admin_divisions.csv`) and GB/T 4754-2017 codes (`refdata/gb4754_2017_codes_subset.csv`). */
export function refdataReference(): ImportReference {
  if (cached) return cached;
  const divisionCodes = new Set(rows('guangxi_admin_divisions.csv').map((r) => r.code!));
  const industryCodes = new Map(rows('gb4754_2017_codes_subset.csv').map((r) => [r.code!, r.name!] as const));
  cached = { divisionCodes, industryCodes };
  return cached;
}

/** One entry of {@link buildZip}. */
export interface TestZipEntry {
  name: string;
  data: Buffer;
  /** 0 stored, 8 deflate (default). */
  method?: 0 | 8;
  /** Uncompressed size written in the headers (default: the real one), to build a zip that lies. */
  declaredSize?: number;
  /** Mark the entry as a Unix symbolic link. */
  symlink?: boolean;
}

/** A minimal zip writer for tests (PKWARE APPNOTE: local headers, central directory, end record). */
export function buildZip(entries: readonly TestZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const method = e.method ?? 8;
    const body = method === 8 ? zlib.deflateRawSync(e.data) : e.data;
    const name = Buffer.from(e.name, 'utf8');
    const crc = zlib.crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.symlink ? 0o120777 : 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** The smallest parts that make a zip an OOXML workbook with one worksheet (for zip-level tests). */
export function minimalWorkbookEntries(sheetXml = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'): TestZipEntry[] {
  return [
    { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheetXml) },
  ];
}

/**
 * An xlsx built with ExcelJS from rows of cell values (what officials' files look like), for
 * tests: `rows[i]` is Excel row i + 1; extra sheets after the first when given.
 */
export async function xlsxOf(rows: readonly (readonly unknown[])[], options: { merges?: string[]; extraSheets?: { name: string; rows: unknown[][] }[]; firstSheetName?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(options.firstSheetName ?? 'Sheet1');
  rows.forEach((r, i) => {
    const row = ws.getRow(i + 1);
    r.forEach((v, j) => {
      if (v !== undefined && v !== null) row.getCell(j + 1).value = v as ExcelJS.CellValue;
    });
  });
  for (const m of options.merges ?? []) ws.mergeCells(m);
  for (const extra of options.extraSheets ?? []) {
    const s = wb.addWorksheet(extra.name);
    for (const r of extra.rows) s.addRow(r);
  }
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}
