/**
 * Imports one file end to end: loads the reference codes, streams the file through the
 * parse-and-validate layer (src/imports) and hands the batches to the database side
 * (import.service.ts). Used by the CLI (`cpaudit import`) and the console's upload route.
 */
import type { ImportKind } from '@cpaudit/contracts';
import { eq } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { divisions, industryCodes } from '../../db/schema.ts';
import { ImportFileError } from '../../imports/errors.ts';
import type { ImportReference } from '../../imports/kinds/spec.ts';
import { parseImportBatches } from '../../imports/parse-import.ts';
import { runImport, type ImportResult, type RowBatches } from './import.service.ts';
import { imports } from '../../db/schema.ts';

/**
 * Known county-level division codes and every numeric GB/T 4754-2017 code (大类, 中类, 小类) with
 * its name. The validator accepts a 2011-edition code `abc0` through its 2017 中类 `abc`, with a
 * warning (1810 机织服装制造, split in 2017 into 1811 and 1819).
 */
export async function loadImportReference(db: Db): Promise<ImportReference> {
  const [divs, codes] = await Promise.all([
    db.select({ code: divisions.code }).from(divisions).where(eq(divisions.level, 'county')),
    db.select({ code: industryCodes.code, name: industryCodes.name }).from(industryCodes),
  ]);
  return {
    divisionCodes: new Set(divs.map((d) => d.code)),
    industryCodes: new Map(codes.filter((c) => /^\d{2,4}$/.test(c.code)).map((c) => [c.code, c.name])),
  };
}

/** Rows per batch handed from the parse layer to staging (one `unnest` insert each). */
export const IMPORT_BATCH_ROWS = 1000;

/** Options of {@link importFile}. */
export interface ImportFileOptions {
  database: Database;
  kind: ImportKind;
  /** A path or the uploaded bytes. */
  file: string | Buffer;
  /** The name shown in results (the upload's name or the path as given). */
  fileName: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  userId?: number | null;
  orgId?: number | null;
  now: Date;
  /** Rows read so far and the share of the file read (0–1): every 1,000 rows and once when the file is read. */
  onProgress?: (rowsRead: number, fractionRead: number) => void;
  /** Called once the whole file is parsed: the last batch is staged, then checked and merged. */
  onWriting?: () => void;
  /** Restricts rows to an area (division-code prefix), for city and county users. */
  scopePrefix?: string;
  /** Called once the `imports` row exists (the console polls it). */
  onStarted?: (importId: number) => void;
}

/**
 * Imports a file and returns the contract result. A whole-file problem (not a workbook, zip
 * limits, no header, a missing column) gives `rows` 0, `rejected` 0 and the problem in `errors`;
 * nothing is written and the `imports` row is marked failed.
 */
export async function importFile(opts: ImportFileOptions): Promise<ImportResult & { importId: number | null; warnings: string[] }> {
  const reference = await loadImportReference(opts.database.db);
  let sha256 = '';
  let presentFields: string[] = [];
  const warnings: string[] = [];
  // Batches of 1,000 rows: the rows of a batch live until it is staged, and smaller batches keep
  // fewer of them in the heap at once (peak RSS of a 100,000-row import 366 → 278 MB in the parse
  // layer alone, with no cost in time; bench/import.ts).
  const source = parseImportBatches({ kind: opts.kind, file: opts.file, fileName: opts.fileName, reference, onProgress: opts.onProgress, batchSize: IMPORT_BATCH_ROWS });
  const batches: RowBatches<unknown> = {
    async *[Symbol.asyncIterator]() {
      for await (const b of source) {
        sha256 = b.sha256;
        presentFields = b.presentFields;
        warnings.push(...b.warnings);
        yield { rows: b.rows, errors: b.errors };
      }
      opts.onWriting?.();
    },
  };
  let importId: number | null = null;
  try {
    const result = await runImport({
      database: opts.database,
      kind: opts.kind,
      fileName: opts.fileName,
      sha256: () => sha256,
      presentFields: () => presentFields,
      batches,
      dryRun: opts.dryRun ?? false,
      skipInvalid: opts.skipInvalid ?? false,
      userId: opts.userId ?? null,
      orgId: opts.orgId ?? null,
      now: opts.now,
      ...(opts.scopePrefix ? { scopePrefix: opts.scopePrefix } : {}),
      onStarted: (id) => {
        importId = id;
        opts.onStarted?.(id);
      },
    });
    return { ...result, warnings };
  } catch (err) {
    if (err instanceof ImportFileError) {
      if (importId !== null) {
        await opts.database.db.update(imports).set({ errors: err.errors }).where(eq(imports.id, importId));
      }
      return { kind: opts.kind, file: opts.fileName, rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, errors: err.errors, importId, warnings };
    }
    throw err;
  }
}
