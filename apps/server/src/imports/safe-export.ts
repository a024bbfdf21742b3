/**
 * Exports that are safe to open in Excel and WPS (issue 3 §5; OWASP ASVS 5.0 1.2.10 formula
 * injection; security-and-reliability.md A8): every string that starts with `=`, `+`, `-`, `@`,
 * a tab, a carriage return or NUL is written as text with a leading `'`, so that no cell of an
 * export is ever evaluated as a formula. Numbers, booleans and dates stay typed.
 *
 * Writing uses ExcelJS's streaming `WorkbookWriter` with inline strings
 * (`useSharedStrings: false`), so that the size of an export does not grow memory
 * (stack-notes.md §3e).
 */
import { PassThrough, type Writable } from 'node:stream';
import type { ImportError } from '@cpaudit/contracts';
import ExcelJS from 'exceljs';

const DANGEROUS_FIRST = /^[=+\-@\t\r\0]/;

/**
 * A string made safe for a spreadsheet cell: `'` prepended when it starts with `=`, `+`, `-`,
 * `@`, tab, CR or NUL (ASVS 1.2.10). Other strings are returned unchanged.
 *
 * Examples: `=HYPERLINK("http://x","y")` → `'=HYPERLINK("http://x","y")`; `-1` → `'-1`;
 * `南宁市` → `南宁市`.
 */
export function safeCellText(value: string): string {
  return DANGEROUS_FIRST.test(value) ? `'${value}` : value;
}

/** A value ready for a cell: strings through {@link safeCellText}; finite numbers, booleans, valid dates as they are; anything else as safe text. */
export function safeCellValue(value: unknown): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return safeCellText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (Array.isArray(value)) return safeCellText(value.map(String).join(','));
  return safeCellText(String(value));
}

/** One column of an export: its header, how to get the value from a row, and optionally its width (characters) and number format. */
export interface ExportColumn<R> {
  header: string;
  value: (row: R) => unknown;
  width?: number;
  /** Excel number format, e.g. `yyyy-mm-dd` for dates or `@` for text. */
  numFmt?: string;
}

/** Options of {@link writeXlsx}. */
export interface WriteXlsxOptions<R> {
  columns: readonly ExportColumn<R>[];
  rows: AsyncIterable<R> | Iterable<R>;
  /** A path or a writable stream; omitted: the workbook is returned as a Buffer. */
  output?: string | Writable;
  /** Worksheet name; default `Sheet1`. Characters `\ / ? * [ ] :` are replaced. */
  sheetName?: string;
}

/**
 * Writes an xlsx with one worksheet: a bold, frozen header row, then one row per item, every
 * value through {@link safeCellValue}. Streams: rows are committed as they come.
 *
 * @returns the workbook bytes when `output` is omitted, otherwise `undefined` once written
 */
export async function writeXlsx<R>(options: WriteXlsxOptions<R>): Promise<Buffer | undefined> {
  let sink: PassThrough | null = null;
  const chunks: Buffer[] = [];
  let writerOptions: Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions>;
  if (options.output === undefined) {
    sink = new PassThrough();
    sink.on('data', (c: Buffer) => chunks.push(c));
    writerOptions = { stream: sink, useSharedStrings: false, useStyles: true };
  } else if (typeof options.output === 'string') {
    writerOptions = { filename: options.output, useSharedStrings: false, useStyles: true };
  } else {
    writerOptions = { stream: options.output, useSharedStrings: false, useStyles: true };
  }
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter(writerOptions);
  const name = (options.sheetName ?? 'Sheet1').replace(/[\\/?*[\]:]/g, '_').slice(0, 31) || 'Sheet1';
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = options.columns.map((c, i) => ({
    key: `c${i}`,
    width: c.width ?? Math.max(10, [...c.header].length * 2 + 2),
    ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}),
  }));
  const header = ws.addRow(options.columns.map((c) => safeCellText(c.header)));
  header.font = { bold: true };
  header.commit();
  for await (const item of options.rows) {
    ws.addRow(options.columns.map((c) => safeCellValue(c.value(item)))).commit();
  }
  ws.commit();
  await wb.commit();
  if (sink) {
    sink.end();
    return Buffer.concat(chunks);
  }
  return undefined;
}

/** Columns of the row-error report: 行号, 列, 值, 错误说明 (issue 3 §3 "download of the error report as xlsx"). */
export const errorReportColumns: readonly ExportColumn<ImportError>[] = [
  { header: '行号', value: (e) => e.row, width: 8 },
  { header: '列', value: (e) => e.column, width: 24 },
  { header: '值', value: (e) => e.value, width: 30, numFmt: '@' },
  { header: '错误说明', value: (e) => e.message, width: 80 },
];

/**
 * Writes the row-error report of an import as xlsx: one row per error `row, column, value,
 * message`, with the cell values made safe (a value such as `=1+1` from a hostile file is
 * written as `'=1+1`).
 *
 * @returns the bytes when `output` is omitted
 */
export function writeErrorReport(errors: AsyncIterable<ImportError> | Iterable<ImportError>, output?: string | Writable): Promise<Buffer | undefined> {
  return writeXlsx({ columns: errorReportColumns, rows: errors, sheetName: '错误报告', ...(output === undefined ? {} : { output }) });
}
