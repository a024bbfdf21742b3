/**
 * Opens an import file and streams its rows as arrays of cell values (issue 3 §3 "reads xlsx
 * (streaming …) and CSV in UTF-8 (with or without BOM) or GB18030/GBK").
 *
 * Before any row is parsed the file is checked (ASVS 5.2.1–5.2.3; security-and-reliability.md
 * A5–A7): its size, that its content matches its extension (magic bytes), and for an xlsx the
 * zip container (zip.ts: entry count, uncompressed size, shared-strings size, zip-slip names,
 * symbolic links, sizes that lie). The same pass computes the file's SHA-256, so the caller
 * knows it before the first row.
 *
 * - xlsx: ExcelJS `stream.xlsx.WorkbookReader` on the first worksheet (tab order), its parts
 *   opened through the zip directory in the order they depend on each other (see
 *   `DirectoryWorkbookReader`), shared strings cached, styles cached (so date cells come as
 *   `Date`), hyperlinks ignored; rows are yielded one by one and never accumulated. A formula cell gives its cached result, or a
 *   {@link CellProblem} `公式无法计算，请粘贴为数值` when there is none.
 * - CSV: encoding decided over the whole file during the check pass: UTF-8 (BOM or not) when
 *   every byte sequence is valid UTF-8, otherwise GB18030 (a superset of GBK, what Excel and
 *   WPS write on Chinese Windows); CRLF or LF; comma-separated (tab when the first line has tabs
 *   and no comma); RFC 4180 quoting, line breaks inside quotes allowed.
 */
import { isUtf8 } from 'node:buffer';
import crypto from 'node:crypto';
import path from 'node:path';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { parse as csvParse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { CellProblem, type CellValue, type SheetRow } from './cell.ts';
import { ImportFileError } from './errors.ts';
import { openSource, type ByteSource } from './source.ts';
import { assertSpreadsheet, formatBytes, openZipEntry, readZipDirectory, verifyZipStream, ZipProblem, type ZipEntry, type ZipLimits } from './zip.ts';

/** Limits of one import file; every field has a default in {@link defaultReadLimits}. */
export interface ReadLimits extends ZipLimits {
  /** Largest file accepted, in bytes; default 500 MB. */
  maxFileBytes: number;
  /** Longest CSV record, in characters (a guard against binary or unterminated quotes); default 1,000,000. */
  maxCsvRecordChars: number;
}

/**
 * Default limits: 500 MB file; zip of at most 10,000 entries inflating to at most 500 MB, or
 * 20 × the file size for larger files, never above 2 GB (security-and-reliability.md A6 with
 * room for a 1,000,000-row workbook); shared strings at most 100 MB; CSV records at most
 * 1,000,000 characters.
 */
export const defaultReadLimits: Readonly<ReadLimits> = Object.freeze({
  maxFileBytes: 500_000_000,
  maxEntries: 10_000,
  maxUncompressedBytes: 500_000_000,
  maxCompressionRatio: 20,
  maxUncompressedBytesCeiling: 2_000_000_000,
  maxSharedStringsBytes: 100_000_000,
  maxCsvRecordChars: 1_000_000,
});

/** The two formats read. */
export type FileFormat = 'xlsx' | 'csv';

/** Text encodings of a CSV. */
export type CsvEncoding = 'utf-8' | 'gb18030';

/**
 * An import file that passed the checks, ready to stream its rows.
 * `rows()` may be called once; `close()` releases the file (also done when `rows()` finishes).
 */
export interface OpenedFile {
  format: FileFormat;
  /** The name as uploaded. */
  fileName: string;
  size: number;
  /** SHA-256 of the file's bytes, lower-case hex. */
  sha256: string;
  /** CSV only: the encoding decided; `null` for xlsx. */
  encoding: CsvEncoding | null;
  rows(): AsyncGenerator<SheetRow, void, undefined>;
  /**
   * Share of the data that `rows()` has consumed so far, 0–1 (0 before it starts): for a CSV the
   * bytes of the file streamed into the parser / the file size (in steps of at most 1 MiB, the
   * read chunk); for an xlsx the bytes of the first worksheet part inflated so far / its
   * uncompressed size from the zip directory (the parts before it, shared strings included, count
   * as 0). It reaches 1 once the file or the worksheet part has been read to its end.
   */
  fractionRead(): number;
  close(): Promise<void>;
}

/**
 * The format named by a file name's extension (case-insensitive).
 * @throws ImportFileError (`type`) for anything but `.xlsx` and `.csv` (`.xls` gets its own hint)
 */
export function formatOfName(fileName: string): FileFormat {
  const ext = /\.([^.\\/]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'csv') return 'csv';
  const hint = ext === 'xls' ? '；Excel 97-2003 的 .xls 请在 Excel 或 WPS 中另存为 .xlsx' : '';
  throw new ImportFileError(`只能导入 .xlsx 或 .csv 文件，「${fileName}」不是${hint}`, { file: fileName, reason: 'type' });
}

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((b, i) => head[i] === b);
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function describeMagic(head: Buffer): string | null {
  if (startsWith(head, ZIP_MAGIC) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'zip 压缩包（如 xlsx）';
  if (startsWith(head, OLE_MAGIC)) return 'Excel 97-2003（.xls）或受密码保护的工作簿';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return 'PDF 文件';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return 'PNG 图片';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'JPEG 图片';
  if (startsWith(head, [0x52, 0x61, 0x72, 0x21])) return 'RAR 压缩包';
  if (startsWith(head, [0x1f, 0x8b])) return 'gzip 压缩包';
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf])) return '7z 压缩包';
  return null;
}

/**
 * Checks a file and prepares its rows. Nothing is parsed beyond the checks until `rows()` is iterated.
 *
 * @param file a path or the bytes
 * @param fileName the name as uploaded: its extension decides the expected format
 * @param limits overrides of {@link defaultReadLimits}
 * @throws ImportFileError `type` (extension, magic bytes, not a workbook), `empty`, `tooLarge`,
 *   `archive` (zip limits and hostile entries), `encoding` (binary or UTF-16 CSV)
 */
export async function openSpreadsheet(file: string | Buffer, fileName: string, limits: Partial<ReadLimits> = {}): Promise<OpenedFile> {
  const lim: ReadLimits = { ...defaultReadLimits, ...limits };
  const format = formatOfName(fileName);
  const source = await openSource(file);
  try {
    if (source.size === 0) throw new ImportFileError(`文件「${fileName}」是空的`, { file: fileName, reason: 'empty' });
    if (source.size > lim.maxFileBytes) {
      throw new ImportFileError(`文件「${fileName}」有 ${formatBytes(source.size)}，超过 ${formatBytes(lim.maxFileBytes)} 上限`, {
        file: fileName,
        reason: 'tooLarge',
      });
    }
    const head = await source.read(0, 8);
    const opened = format === 'xlsx' ? await openXlsx(source, fileName, head, lim) : await openCsv(source, fileName, head, lim);
    return opened;
  } catch (e) {
    await source.close();
    throw located(e, fileName);
  }
}

/** A {@link ZipProblem} as the ImportFileError of the file it was found in; any other error as it is. */
function located(e: unknown, fileName: string): unknown {
  return e instanceof ZipProblem ? new ImportFileError(e.message, { file: fileName, reason: e.reason, cause: e }) : e;
}

/**
 * Streams the rows of a file: {@link openSpreadsheet} then `rows()`, closing the file at the end.
 * @throws as {@link openSpreadsheet}; while streaming, ImportFileError `type` for a CSV with a
 *   malformed record, or an xlsx whose first tab is not a plain worksheet (a chartsheet)
 */
export async function* readRows(file: string | Buffer, fileName: string, limits: Partial<ReadLimits> = {}): AsyncGenerator<SheetRow, void, undefined> {
  const opened = await openSpreadsheet(file, fileName, limits);
  try {
    yield* opened.rows();
  } finally {
    await opened.close();
  }
}

// ---------------------------------------------------------------------------------------- xlsx

async function openXlsx(source: ByteSource, fileName: string, head: Buffer, lim: ReadLimits): Promise<OpenedFile> {
  if (!startsWith(head, ZIP_MAGIC)) {
    const what = describeMagic(head);
    throw new ImportFileError(`文件「${fileName}」扩展名是 .xlsx，但内容不是 xlsx 工作簿${what ? `（是${what}）` : '（可能是改了扩展名的文本或其他文件）'}`, {
      file: fileName,
      reason: 'type',
    });
  }
  const entries = await readZipDirectory(source, lim);
  assertSpreadsheet(entries);
  // Worksheets are inflated (and their sizes and data checked) as they are read, not twice.
  const sha256 = await verifyZipStream(source, entries, (e) => /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name));
  let fraction = 0;
  let closed = false;
  const close = async () => {
    if (!closed) {
      closed = true;
      await source.close();
    }
  };
  return {
    format: 'xlsx',
    fileName,
    size: source.size,
    sha256,
    encoding: null,
    close,
    fractionRead: () => fraction,
    async *rows() {
      const onSheetBytes = (inflated: number, total: number) => {
        fraction = total > 0 ? Math.min(1, inflated / total) : 1;
      };
      const reader = new DirectoryWorkbookReader(source, entries, fileName, onSheetBytes, {
        sharedStrings: 'cache',
        styles: 'cache',
        hyperlinks: 'ignore',
        worksheets: 'emit',
        entries: 'ignore',
      });
      try {
        for await (const sheet of reader) {
          for await (const row of sheet) {
            const values = row.values as unknown[];
            const cells: CellValue[] = [];
            for (let c = 1; c < values.length; c++) cells.push(cellOf(values[c]));
            yield { row: row.number, cells };
          }
        }
      } catch (e) {
        // A part that inflates past its directory size now (the file changed since the checks).
        throw located(e, fileName);
      } finally {
        await close();
      }
    },
  };
}

/**
 * Re-chunks a byte stream so that no chunk ends inside a UTF-8 sequence. ExcelJS 4.4.0's
 * streaming reader decodes every inflated chunk on its own (`utils/parse-sax.js` →
 * `TextDecoder.decode(chunk)`), so a Chinese character split across two chunks becomes two
 * U+FFFD (upstream exceljs/exceljs#2063, #2084, #2316; fixes proposed in #1665, #2081, #2894,
 * none released). Feeding it whole characters avoids that.
 */
export async function* utf8Boundaries(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer, void, undefined> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const c of source) {
    const buf = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
    const all = carry.length ? Buffer.concat([carry, buf]) : buf;
    const cut = incompleteTailStart(all);
    carry = Buffer.from(all.subarray(cut));
    if (cut > 0) yield all.subarray(0, cut);
  }
  if (carry.length) yield carry;
}

/** {@link utf8Boundaries} as a Transform stream (for the shared-strings part, which ExcelJS reads as a stream). */
class Utf8BoundaryTransform extends Transform {
  private carry: Buffer = Buffer.alloc(0);
  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    const all = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = incompleteTailStart(all);
    this.carry = Buffer.from(all.subarray(cut));
    callback(null, cut > 0 ? all.subarray(0, cut) : undefined);
  }
  override _flush(callback: TransformCallback): void {
    callback(null, this.carry.length ? this.carry : undefined);
  }
}

/** The parts of ExcelJS's streaming WorkbookReader used here, including the internal methods called or overridden below. */
interface WorkbookReaderInternals {
  [Symbol.asyncIterator](): AsyncGenerator<ExcelJS.stream.xlsx.WorksheetReader, void, undefined>;
  model?: { sheets?: { id: number; name?: string; state?: string; rId?: string }[] };
  workbookRels?: { Id: string; Target: string; Type?: string }[];
  parse(): AsyncGenerator<{ eventType: string; value: unknown }, void, undefined>;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<{ eventType: string; value: unknown }, void, undefined>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ eventType: string; value: unknown }, void, undefined>;
}
const WorkbookReaderBase = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (input: Readable, options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>) => WorkbookReaderInternals;

const WORKSHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * ExcelJS's streaming WorkbookReader, fed part by part through the zip's central directory, and
 * with whole UTF-8 characters given to its XML parser.
 *
 * - **Parts in dependency order.** ExcelJS's own `parse()` reads the zip once in file order. A
 *   worksheet stored before the shared strings and `xl/workbook.xml` (as ExcelJS itself writes
 *   them) goes to a temporary file first, and when that write completes late (a loaded machine,
 *   a slow disk) the entries after it are lost: the sheet is then parsed without the workbook
 *   model and ExcelJS throws `TypeError: Cannot read properties of undefined (reading 'sheets')`
 *   (exceljs/exceljs#3064; observed as a 500 of the expert import under load). Here `parse()`
 *   opens, from the verified directory, the workbook relationships, `xl/workbook.xml`, the shared
 *   strings and the styles, then the first tab's worksheet: no temporary file, no order race,
 *   and still streaming (each part is inflated as it is parsed).
 * - **Whole characters.** See {@link utf8Boundaries}, for the worksheet and the shared strings.
 *
 * Relies on the internal methods `_parseRels`, `_parseWorkbook`, `_parseSharedStrings`,
 * `_parseStyles` and `_parseWorksheet` of exceljs 4.4.0; read-file.test.ts fails if an upgrade
 * changes them. Yields the first tab's worksheet only.
 */
class DirectoryWorkbookReader extends WorkbookReaderBase {
  constructor(
    private readonly source: ByteSource,
    private readonly entries: readonly ZipEntry[],
    private readonly fileName: string,
    /** Told the bytes of the first worksheet part inflated so far and its uncompressed size. */
    private readonly onSheetBytes: (inflated: number, total: number) => void,
    options: Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>,
  ) {
    super(Readable.from([]), options);
  }

  override async *parse() {
    const part = (name: string) => this.entries.find((e) => e.name === name);
    const rels = part('xl/_rels/workbook.xml.rels');
    if (rels) await this.whole(rels, (s) => this._parseRels(s));
    const workbook = part('xl/workbook.xml');
    if (workbook) await this.whole(workbook, (s) => this._parseWorkbook(s));
    this.model ??= { sheets: [] }; // an empty workbook part: no tab names, the first sheet part is read
    const strings = part('xl/sharedStrings.xml');
    if (strings) {
      const s = await openZipEntry(this.source, strings);
      try {
        yield* this._parseSharedStrings(s);
      } finally {
        s.destroy();
      }
    }
    const styles = part('xl/styles.xml');
    if (styles) await this.whole(styles, (s) => this._parseStyles(s));
    const entry = this.firstTab();
    if (!entry) return;
    const first = this.model?.sheets?.[0];
    const s = await openZipEntry(this.source, entry, (n) => this.onSheetBytes(n, entry.uncompressedSize));
    try {
      for (const event of this._parseWorksheet(s, String(first?.id ?? sheetNo(entry)))) {
        // ExcelJS names the tab only for a part called sheetN.xml; the first tab is named here, whatever its part.
        if (first && event.eventType === 'worksheet') Object.assign(event.value as object, { id: first.id, name: first.name, state: first.state });
        yield event;
      }
    } finally {
      s.destroy();
    }
  }

  /**
   * The part of the first tab (workbook order), found through `xl/workbook.xml` and its
   * relationships whatever the part is called (`xl/worksheets/sheet2.xml`, `xl/worksheets/data.xml`).
   * Only when they do not tell (no tab, no relationship for it) the lowest-numbered
   * `xl/worksheets/sheetN.xml` is read.
   * @throws ImportFileError (`type`) when the first tab is not a worksheet (a chartsheet, dialog or
   *   macro sheet), or its part is missing from the zip
   */
  private firstTab(): ZipEntry | null {
    const first = this.model?.sheets?.[0];
    const rel = first?.rId === undefined ? undefined : this.workbookRels?.find((r) => r.Id === first.rId);
    if (!first || !rel?.Target) {
      const sheets = this.entries.filter((e) => WORKSHEET_PART.test(e.name));
      return [...sheets].sort((a, b) => sheetNo(a) - sheetNo(b))[0] ?? null;
    }
    const named = path.posix.normalize(rel.Target.startsWith('/') ? rel.Target.slice(1) : `xl/${rel.Target}`);
    const isWorksheet = rel.Type ? /\/worksheet$/.test(rel.Type) : named.startsWith('xl/worksheets/');
    const tab = first.name ? `「${first.name}」` : '';
    if (!isWorksheet) {
      throw new ImportFileError(`文件「${this.fileName}」的第一个工作表不是普通工作表（${tab || '它'}可能是图表工作表）；请把数据所在的工作表移到最前面后再导入`, {
        file: this.fileName,
        reason: 'type',
      });
    }
    const entry = this.entries.find((e) => e.name === named);
    if (!entry) {
      throw new ImportFileError(`文件「${this.fileName}」的第一个工作表${tab}的内容（${named}）不在文件中，文件可能已损坏`, { file: this.fileName, reason: 'type' });
    }
    return entry;
  }

  /** Runs `parse` on the part's stream and releases the stream after. */
  private async whole(entry: ZipEntry, parse: (s: Readable) => Promise<void>): Promise<void> {
    const s = await openZipEntry(this.source, entry);
    try {
      await parse(s);
    } finally {
      s.destroy();
    }
  }

  override _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string) {
    return super._parseWorksheet(utf8Boundaries(iterator), sheetNo);
  }
  override _parseSharedStrings(entry: Readable) {
    // pipeline, not pipe: a read or inflate error of the part destroys the transform with it, so
    // the parse rejects instead of waiting for an end that never comes.
    return super._parseSharedStrings(pipeline(entry, new Utf8BoundaryTransform(), () => {}));
  }
}

/** N of a worksheet part `xl/worksheets/sheetN.xml`; 1 for a part named otherwise. */
function sheetNo(e: ZipEntry): number {
  return Number(WORKSHEET_PART.exec(e.name)?.[1] ?? 1);
}

const FORMULA_NOT_EVALUATED = '公式无法计算，请粘贴为数值';

/** One ExcelJS cell value as a {@link CellValue}. */
export function cellOf(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : new CellProblem('数值无效', String(v));
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('formula' in o || 'sharedFormula' in o) {
      const text = `=${String(o.formula ?? o.sharedFormula ?? '')}`;
      const result = o.result;
      if (result === undefined || result === null) return new CellProblem(FORMULA_NOT_EVALUATED, text);
      if (typeof result === 'number' && !Number.isFinite(result)) return new CellProblem('公式结果为错误值，请检查后粘贴为数值', text);
      if (typeof result === 'object' && !(result instanceof Date)) {
        const err = (result as { error?: unknown }).error;
        return new CellProblem(`公式结果为错误值${err ? ` ${String(err)}` : ''}，请检查后粘贴为数值`, text);
      }
      return cellOf(result);
    }
    if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join('');
    if ('error' in o) return new CellProblem(`单元格是错误值 ${String(o.error)}`, String(o.error));
    if ('text' in o) return String(o.text ?? '');
    if ('sharedString' in o) return new CellProblem('无法读取共享字符串', '');
  }
  return String(v);
}

// ---------------------------------------------------------------------------------------- CSV

/**
 * Index in `buf` where a trailing incomplete UTF-8 sequence starts (`buf.length` when the buffer
 * ends on a character boundary). Only the last 3 bytes are looked at.
 */
function incompleteTailStart(buf: Buffer): number {
  for (let k = 1; k <= Math.min(3, buf.length); k++) {
    const b = buf[buf.length - k]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > k ? buf.length - k : buf.length;
  }
  return buf.length;
}

async function openCsv(source: ByteSource, fileName: string, head: Buffer, lim: ReadLimits): Promise<OpenedFile> {
  const what = describeMagic(head);
  if (what) {
    throw new ImportFileError(`文件「${fileName}」扩展名是 .csv，但内容是${what}，不是文本；请确认文件类型`, { file: fileName, reason: 'type' });
  }
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) {
    throw new ImportFileError(`文件「${fileName}」是 UTF-16 编码的文本；请在 Excel 或 WPS 中另存为「CSV UTF-8」或「CSV（逗号分隔）」`, {
      file: fileName,
      reason: 'encoding',
    });
  }
  // One pass: SHA-256, binary check, UTF-8 validity of the whole file.
  const hash = crypto.createHash('sha256');
  let utf8 = true;
  let carry: Buffer = Buffer.alloc(0);
  let offset = 0;
  const stream = source.stream();
  try {
    for await (const raw of stream) {
      const chunk = raw as Buffer;
      hash.update(chunk);
      const nul = chunk.indexOf(0);
      if (nul >= 0) {
        throw new ImportFileError(`文件「${fileName}」扩展名是 .csv，但含有二进制内容（第 ${offset + nul + 1} 字节为 NUL），不是文本文件`, {
          file: fileName,
          reason: 'encoding',
        });
      }
      offset += chunk.length;
      if (utf8) {
        const all = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        const cut = incompleteTailStart(all);
        if (!isUtf8(all.subarray(0, cut))) utf8 = false;
        carry = Buffer.from(all.subarray(cut));
      }
    }
  } finally {
    stream.destroy();
  }
  if (carry.length > 0) utf8 = false;
  const encoding: CsvEncoding = utf8 ? 'utf-8' : 'gb18030';
  let streamed = 0;
  const sample = iconv.decode(await source.read(0, 65536), encoding === 'utf-8' ? 'utf8' : 'gb18030');
  const firstLine = sample.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const delimiter = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  let closed = false;
  const close = async () => {
    if (!closed) {
      closed = true;
      await source.close();
    }
  };
  return {
    format: 'csv',
    fileName,
    size: source.size,
    sha256: hash.digest('hex'),
    encoding,
    close,
    fractionRead: () => (source.size > 0 ? Math.min(1, streamed / source.size) : 1),
    async *rows() {
      const input = source.stream();
      // Counted as the chunks flow into the decoder (an extra 'data' listener does not change the flow of the pipe).
      input.on('data', (chunk: Buffer) => {
        streamed += chunk.length;
      });
      const decoder = iconv.decodeStream(encoding === 'utf-8' ? 'utf8' : 'gb18030') as unknown as Transform;
      const parser = csvParse({
        bom: true,
        delimiter,
        // CRLF, LF and a lone CR each end a record, as in Excel (so CR CR LF gives a blank row).
        record_delimiter: ['\r\n', '\n', '\r'],
        relax_column_count: true,
        skip_empty_lines: false,
        max_record_size: lim.maxCsvRecordChars,
      });
      input.on('error', (e) => parser.destroy(e));
      decoder.on('error', (e: Error) => parser.destroy(e));
      input.pipe(decoder).pipe(parser);
      let row = 0;
      try {
        for await (const record of parser) {
          row++;
          yield { row, cells: record as string[] };
        }
      } catch (e) {
        if (e instanceof ImportFileError) throw e;
        const where = (e as { lines?: number }).lines;
        throw new ImportFileError(`CSV 格式错误${where ? `（第 ${where} 行附近）` : ''}：${(e as Error).message}`, {
          file: fileName,
          reason: 'type',
          row: row + 1,
          cause: e,
        });
      } finally {
        input.unpipe();
        input.destroy();
        decoder.destroy();
        parser.destroy();
        await close();
      }
    },
  };
}
