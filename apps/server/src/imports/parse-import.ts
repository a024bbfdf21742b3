/**
 * The parse-and-validate layer of the import engine (issue 3 §3–§4), without any database:
 * checks the file (read-file.ts), finds the header (header.ts), normalises and validates every
 * row (validate.ts, kinds/*.ts) and hands back normalised rows with their Excel row numbers and
 * every row error. The database layer stages, upserts by natural key (`naturalKeyOf`) and
 * records history on top of it.
 *
 * Two entry points: {@link parseImport} collects everything (small files, tests);
 * {@link parseImportBatches} yields batches of at most 5,000 rows so that a 1,000,000-row file
 * stays in flat memory.
 */
import type { ImportError, ImportKind, ImportRowOf } from '@cpaudit/contracts';
import type { SheetRow } from './cell.ts';
import { HEADER_SEARCH_ROWS, HeaderFinder, type HeaderMap } from './header.ts';
import { kindSpecs, type ImportReference } from './kinds/index.ts';
import { isBlank } from './normalize.ts';
import { openSpreadsheet, type ReadLimits } from './read-file.ts';
import { validateRow } from './validate.ts';

/** Largest batch {@link parseImportBatches} yields. */
export const MAX_BATCH_ROWS = 5000;
/** Most warnings reported for one file; the rest are summarised in one line. */
export const MAX_WARNINGS = 1000;

/** Options of {@link parseImport} and {@link parseImportBatches}. */
export interface ParseImportOptions<K extends ImportKind> {
  kind: K;
  /** A path or the bytes of the file. */
  file: string | Buffer;
  /** The name as uploaded; its extension (`.xlsx`/`.csv`) decides the format and must match the content. */
  fileName: string;
  /** Known division and industry codes (loaded by the caller from the database). */
  reference: ImportReference;
  /** Overrides of the file limits (size, zip entries, uncompressed size …). */
  limits?: Partial<ReadLimits>;
  /**
   * Called with the number of data rows read so far and the share of the file consumed (0–1,
   * `OpenedFile.fractionRead`: CSV bytes / file size, xlsx worksheet bytes / part size): every
   * 1,000 rows and once at the end, when the share is 1.
   */
  onProgress?: (rowsRead: number, fractionRead: number) => void;
  /** Rows per batch of {@link parseImportBatches}, 1…5,000; default 5,000. */
  batchSize?: number;
}

/** A valid row: its number as Excel shows it and its normalised data. */
export interface ParsedRow<K extends ImportKind> {
  row: number;
  data: ImportRowOf<K>;
}

/**
 * One batch of {@link parseImportBatches}: the valid rows and the errors of the rejected rows
 * among the (at most `batchSize`) data rows it covers, in file order.
 */
export interface ImportBatch<K extends ImportKind> {
  rows: ParsedRow<K>[];
  errors: ImportError[];
  /** Number of data rows of this batch that had errors. */
  rejected: number;
  /** Notes that reject nothing: unknown or duplicate columns (first batch), accepted-with-note values. */
  warnings: string[];
  /** The header row as Excel shows it. */
  headerRow: number;
  /** SHA-256 of the file (hex), known before the first batch. */
  sha256: string;
  /** The fields whose columns the file has (absent optional columns must not clear stored values). */
  presentFields: string[];
}

/** Everything {@link parseImport} found in one file. */
export interface ParsedImport<K extends ImportKind> {
  rows: ParsedRow<K>[];
  errors: ImportError[];
  warnings: string[];
  headerRow: number;
  sha256: string;
  /** Data rows read (valid + rejected; blank rows not counted): the contract's `rows`. */
  rowCount: number;
  /** Data rows with at least one error. */
  rejected: number;
}

function isBlankRow(row: SheetRow): boolean {
  for (const c of row.cells) if (!isBlank(c)) return false;
  return true;
}

/**
 * Parses and validates an import file batch by batch (at most `batchSize` ≤ 5,000 data rows
 * each; blank rows are skipped and not counted). Memory stays flat: rows are streamed, never
 * accumulated beyond one batch. At least one batch is yielded for a file with a header.
 *
 * @throws ImportFileError for whole-file problems, before the first batch when possible: wrong
 *   type or magic bytes, empty, too large, zip limits or hostile entries, binary or UTF-16 CSV,
 *   no header among the first 20 rows, a missing required column; while streaming, a malformed
 *   CSV record
 */
export async function* parseImportBatches<K extends ImportKind>(options: ParseImportOptions<K>): AsyncGenerator<ImportBatch<K>, void, undefined> {
  const spec = kindSpecs[options.kind];
  const size = Math.max(1, Math.min(MAX_BATCH_ROWS, options.batchSize ?? MAX_BATCH_ROWS));
  const opened = await openSpreadsheet(options.file, options.fileName, options.limits);
  const finder = new HeaderFinder(spec.columns, options.fileName);
  let map: HeaderMap | null = null;
  let seen = 0;
  let dataRows = 0;
  let warningCount = 0;
  let yielded = false;
  let batch: ImportBatch<K> | null = null;
  const newBatch = (headerRow: number): ImportBatch<K> => ({
    rows: [],
    errors: [],
    rejected: 0,
    warnings: [],
    headerRow,
    sha256: opened.sha256,
    presentFields: map ? [...map.columns.keys()] : [],
  });
  const warn = (b: ImportBatch<K>, messages: readonly string[]) => {
    for (const m of messages) {
      warningCount++;
      if (warningCount <= MAX_WARNINGS) b.warnings.push(m);
      else if (warningCount === MAX_WARNINGS + 1) b.warnings.push(`提示超过 ${MAX_WARNINGS} 条，其余从略`);
    }
  };
  try {
    for await (const sheetRow of opened.rows()) {
      seen++;
      if (map === null) {
        if (sheetRow.row > HEADER_SEARCH_ROWS) finder.offer(sheetRow); // throws: no header in the window
        if (isBlankRow(sheetRow)) continue;
        map = finder.offer(sheetRow);
        if (map !== null) {
          batch = newBatch(map.headerRow);
          warn(batch, map.warnings);
        }
        continue;
      }
      if (isBlankRow(sheetRow)) continue;
      dataRows++;
      const outcome = validateRow(spec, sheetRow, map, options.reference);
      const b = batch!;
      if (outcome.ok) b.rows.push({ row: outcome.row, data: outcome.data });
      else {
        b.rejected++;
        for (const e of outcome.errors) b.errors.push(e);
      }
      if (outcome.warnings.length) warn(b, outcome.warnings);
      if (dataRows % 1000 === 0) options.onProgress?.(dataRows, opened.fractionRead());
      if (b.rows.length + b.rejected >= size) {
        yielded = true;
        yield b;
        batch = newBatch(map.headerRow);
      }
    }
    if (map === null) finder.end(seen);
    const last = batch!;
    if (!yielded || last.rows.length + last.rejected > 0 || last.warnings.length > 0) yield last;
    options.onProgress?.(dataRows, opened.fractionRead());
  } finally {
    await opened.close();
  }
}

/**
 * Parses and validates a whole import file and returns every valid row and every row error,
 * in file order (issue 3 §3: the caller decides all-or-nothing or `--skip-invalid`).
 *
 * @throws ImportFileError as {@link parseImportBatches}
 */
export async function parseImport<K extends ImportKind>(options: ParseImportOptions<K>): Promise<ParsedImport<K>> {
  const out: ParsedImport<K> = { rows: [], errors: [], warnings: [], headerRow: 0, sha256: '', rowCount: 0, rejected: 0 };
  for await (const b of parseImportBatches(options)) {
    out.headerRow = b.headerRow;
    out.sha256 = b.sha256;
    for (const r of b.rows) out.rows.push(r);
    for (const e of b.errors) out.errors.push(e);
    for (const w of b.warnings) out.warnings.push(w);
    out.rejected += b.rejected;
    out.rowCount += b.rows.length + b.rejected;
  }
  return out;
}
