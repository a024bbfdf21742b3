import type { ImportError } from '@cpaudit/contracts';

/**
 * Why a whole file was refused before or while reading its rows:
 * - `type`: the extension is not `.xlsx`/`.csv`, or the content does not match it (magic bytes,
 *   ASVS 5.2.2), or a zip that is not an OOXML workbook;
 * - `empty`: no bytes, or no rows;
 * - `tooLarge`: the file exceeds the size limit (ASVS 5.2.1);
 * - `archive`: zip limits (entry count, uncompressed size, shared-strings size), zip-slip or
 *   symbolic-link entries, encryption, unknown compression, overlapping or corrupt entries
 *   (ASVS 5.2.3; security-and-reliability.md A6, A7);
 * - `encoding`: a CSV that is UTF-16 or binary;
 * - `header`: no header row found among the first rows;
 * - `missingColumn`: a required column is missing (issue 3 §3).
 */
export type ImportFileErrorReason = 'type' | 'empty' | 'tooLarge' | 'archive' | 'encoding' | 'header' | 'missingColumn';

/**
 * A whole-file error of an import: the file is refused and no row is usable. The message is in
 * Chinese for the person who uploaded the file. `errors` lists the same problem(s) in the row
 * error shape of the contract (`row` 0 when the problem has no row, e.g. a bad zip), so that a
 * caller can print `{ …, "errors": [...] }` uniformly; a missing column gives one entry per
 * missing column with `row` = the header row and `column` = the expected header.
 */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
  /** The file name as uploaded (not a server path). */
  readonly file: string;
  readonly reason: ImportFileErrorReason;
  /** The row concerned (as Excel shows it), when there is one. */
  readonly row: number | undefined;
  /** The column concerned (the expected Chinese header for a missing column), when there is one. */
  readonly column: string | undefined;
  readonly errors: ImportError[];

  constructor(
    message: string,
    init: { file: string; reason: ImportFileErrorReason; row?: number; column?: string; errors?: ImportError[]; cause?: unknown },
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.file = init.file;
    this.reason = init.reason;
    this.row = init.row;
    this.column = init.column;
    this.errors = init.errors ?? [{ row: init.row ?? 0, column: init.column ?? '', value: '', message }];
  }
}
