/**
 * Imports a file of one kind into the registry: all or nothing by default, idempotent, with a
 * dry run, recording which file (SHA-256) and which user produced each change (issue 3 §3).
 *
 * Steps: stage every valid row (COPY on PostgreSQL, bulk `unnest` on PGlite), add the errors only
 * the database can see (unknown enterprise, duplicate natural key in the file, a permit number held
 * by another enterprise), then either roll back (any error without `skipInvalid`, or a dry run) or
 * merge the staged rows by natural key (merge.ts); on PostgreSQL range by range in one transaction
 * while the file is still being parsed, on PGlite over the whole file once it is staged. The
 * `imports` row that records the run is written outside that transaction, so rejected and dry runs
 * are recorded too.
 */
import type { EnterpriseImportRow, ImportError, ImportKind, ImportResult } from '@cpaudit/contracts';
import type { KeyIndustryMapping } from '@cpaudit/domain';
import { deriveKeyIndustry } from '@cpaudit/domain';
import { eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { bulkInsert, copyTextLines, type BulkColumn } from '../../db/bulk.ts';
import { imports, keyIndustries, keyIndustryCodes } from '../../db/schema.ts';
import { mergeInto, type MergeContext } from './merge.ts';
import { energySpec, exceedanceSpec, hazardousSpec, quotaSpec, type MergeColumn, type RecordKindSpec } from './merge-specs.ts';

/** A row error as the contract reports it: row as Excel shows it, header, cell text, message. */
export type ImportRowError = ImportError;
export type { EnterpriseImportRow, ImportKind, ImportResult };

/** Batches of parsed rows as the parse layer yields them. */
export type RowBatches<R> = AsyncIterable<{ rows: { row: number; data: R }[]; errors: ImportRowError[] }>;

/** Options of {@link runImport}. */
export interface RunImportOptions<R> {
  database: Database;
  kind: ImportKind;
  fileName: string;
  sha256: () => string;
  /**
   * The fields whose columns the file has. Only those are updated on existing rows: a file
   * without an optional column (地址, 上轮清洁生产验收日期, 管理类别 …) never clears what is stored.
   * Omitted: every field counts as present.
   */
  presentFields?: () => readonly string[];
  batches: RowBatches<R>;
  dryRun: boolean;
  skipInvalid: boolean;
  userId: number | null;
  orgId: number | null;
  now: Date;
  /** Called with the number of rows read so far. */
  onProgress?: (rowsRead: number) => void;
  /**
   * Limits the rows to an area (division-code prefix: '4501' for 南宁): rows of enterprises
   * outside it are rejected. Unset for region users and the CLI.
   */
  scopePrefix?: string;
  /** Called once the `imports` row is written, with its id. */
  onStarted?: (importId: number) => void;
  /** PostgreSQL: rows per staged, checked and merged range (default 5,000; tests use small ones). */
  mergeRangeRows?: number;
}

class Rollback extends Error {}

const MAX_STORED_ERRORS = 10_000;
/**
 * work_mem of the check-and-merge transaction on PostgreSQL (per sort or hash node; hashes may use
 * hash_mem_multiplier × this). 64 MB keeps a 100,000-row import's sorts and hashes in memory
 * (server CPU of the permits merge −25 %, bench/import.ts) while bounding what one import can take.
 */
const MERGE_WORK_MEM = '64MB';
/**
 * Rows staged, checked and merged together on PostgreSQL (five parse batches): large enough that
 * the dozen statements of a range cost little per row, small enough that a range's merge is done
 * by index probes and overlaps the parse of the next one.
 */
const MERGE_RANGE_ROWS = 5000;
/** PostgreSQL: ranges that may wait for the database or be in flight while the file is parsed (a few MB of COPY text each). */
const MERGE_RANGES_QUEUED = 3;
const MERGE_WORK_MEM_KB = 64 * 1024;
const recordSpecs: Record<Exclude<ImportKind, 'enterprises'>, RecordKindSpec<never>> = {
  exceedances: exceedanceSpec as RecordKindSpec<never>,
  quotas: quotaSpec as RecordKindSpec<never>,
  hazardous: hazardousSpec as RecordKindSpec<never>,
  energy: energySpec as RecordKindSpec<never>,
};

type Staged = { row: number; data: unknown; keyIndustry?: string | null };
const rowNo: BulkColumn<Staged> = { name: 'row_no', type: 'int[]', value: (r) => r.row };

const enterpriseColumns: BulkColumn<{ row: number; data: EnterpriseImportRow; keyIndustry: string | null }>[] = [
  { name: 'row_no', type: 'int[]', value: (r) => r.row },
  { name: 'uscc', type: 'text[]', value: (r) => r.data.uscc },
  { name: 'name', type: 'text[]', value: (r) => r.data.name },
  { name: 'legal_representative', type: 'text[]', value: (r) => r.data.legalRepresentative },
  { name: 'address', type: 'text[]', value: (r) => r.data.address },
  { name: 'division_code', type: 'text[]', value: (r) => r.data.divisionCode },
  { name: 'industry_codes', type: 'text[][]', value: (r) => r.data.industryCodes },
  { name: 'industry_names', type: 'text[][]', value: (r) => r.data.industryNames },
  { name: 'key_industry', type: 'text[]', value: (r) => r.keyIndustry },
  { name: 'last_acceptance_date', type: 'date[]', value: (r) => r.data.lastAcceptanceDate },
  { name: 'permit_no', type: 'text[]', value: (r) => r.data.permitNo },
  { name: 'category', type: 'text[]', value: (r) => r.data.permitCategory },
  { name: 'issued_on', type: 'date[]', value: (r) => r.data.issuedOn },
  { name: 'issuing_authority', type: 'text[]', value: (r) => r.data.issuingAuthority },
  { name: 'valid_from', type: 'date[]', value: (r) => r.data.validFrom },
  { name: 'valid_to', type: 'date[]', value: (r) => r.data.validTo },
  { name: 'pollutant_categories', type: 'text[][]', value: (r) => r.data.pollutantCategories },
];

async function loadMapping(db: Db): Promise<KeyIndustryMapping[]> {
  return db
    .select({ keyIndustry: keyIndustryCodes.keyIndustry, industryCode: keyIndustryCodes.industryCode, sortOrder: keyIndustries.sortOrder, cityCode: keyIndustries.cityCode })
    .from(keyIndustryCodes)
    .innerJoin(keyIndustries, eq(keyIndustries.key, keyIndustryCodes.keyIndustry));
}

function columnsDdl(columns: { name: string; type: string }[]): string {
  return columns.map((c) => `"${c.name}" ${c.type.slice(0, -2)}`).join(', ');
}

async function rowsOf<T>(tx: Db, q: SQL): Promise<T[]> {
  return ((await tx.execute(q)) as unknown as { rows: T[] }).rows;
}
type SQL = ReturnType<typeof sql>;

/**
 * Runs one import.
 * @returns the contract result; `inserted`/`updated` are 0 when rows were rejected without
 *   `skipInvalid` or on a dry run with errors. On a dry run without errors they say what would happen.
 * @throws whatever the parse layer throws for a file-level problem (not a zip, too large,
 *   missing column): nothing is written except the `imports` row marked `failed`.
 */
export async function runImport<R>(opts: RunImportOptions<R>): Promise<ImportResult & { importId: number }> {
  const { database, kind, now } = opts;
  const db = database.db;
  const [rec] = await db
    .insert(imports)
    .values({
      kind,
      fileName: opts.fileName.slice(0, 255),
      sha256: '',
      userId: opts.userId,
      orgId: opts.orgId,
      dryRun: opts.dryRun,
      skipInvalid: opts.skipInvalid,
      status: 'running',
      startedAt: now,
    })
    .returning({ id: imports.id });
  const importId = rec!.id;
  opts.onStarted?.(importId);
  const mapping = kind === 'enterprises' ? await loadMapping(db) : [];

  const errors: ImportRowError[] = [];
  const rejectedRows = new Set<number>();
  let rows = 0;
  let counts = { inserted: 0, updated: 0 };
  // Kept errors are bounded: a cell value is cut to 200 characters and a message to 500, so a
  // small file with huge cells cannot blow up the imports row or the server's memory.
  // The errors kept are those of the lowest rows (the same whichever order parse and database
  // errors arrive in): past twice the limit they are sorted by row (stably) and cut back.
  const addError = (e: ImportRowError) => {
    rejectedRows.add(e.row);
    errors.push({ ...e, value: clip(String(e.value ?? ''), 200), message: clip(e.message, 500), column: clip(e.column, 100) });
    if (errors.length >= 2 * MAX_STORED_ERRORS) {
      errors.sort((a, b) => a.row - b.row);
      errors.length = MAX_STORED_ERRORS;
    }
  };

  let outcome = 'applied' as 'applied' | 'rejected' | 'dryRun';
  const spec = kind === 'enterprises' ? null : recordSpecs[kind];
  const columns = spec
    ? [
        rowNo,
        { name: 'uscc', type: 'text[]', value: (r: Staged) => spec.uscc(r.data as never) } as BulkColumn<Staged>,
        ...[...spec.key, ...spec.values].map((c): BulkColumn<Staged> => ({ name: c.name, type: c.type, value: (r: Staged) => (c as MergeColumn<unknown>).value(r.data) })),
      ]
    : (enterpriseColumns as unknown as BulkColumn<Staged>[]);
  const staging = stagingTableOf(importId);
  const keyIndustryOf = kind === 'enterprises' ? keyIndustryLookup(mapping) : null;
  const present = opts.presentFields ? () => new Set(opts.presentFields!()) : () => null;
  /** The valid rows of a parsed batch, ready for staging (errors recorded, rows counted). */
  const take = (batch: { rows: { row: number; data: R }[]; errors: ImportRowError[] }): Staged[] => {
    rows += batch.rows.length + new Set(batch.errors.map((e) => e.row)).size;
    for (const e of batch.errors) addError(e);
    const valid = batch.rows.filter((r) => !rejectedRows.has(r.row));
    return keyIndustryOf
      ? valid.map((r) => {
          const d = r.data as unknown as EnterpriseImportRow;
          return { row: r.row, data: d, keyIndustry: keyIndustryOf(d.industryCodes, d.divisionCode) };
        })
      : valid;
  };
  /** Credit code and natural-key columns of a record kind, checked for repeats against earlier rows (`earlierRows`). */
  const keyCols = spec ? ['uscc', ...spec.key.map((k) => k.name)] : ['uscc'];
  /**
   * Checks the staged rows from row `from` on (all of them when null) and, unless the import is
   * already lost (an error without `skipInvalid`), merges the valid ones. Checks that look at the
   * whole file (a repeated natural key) compare with every row staged so far, this range's
   * included, so checking the file in ranges finds exactly what one check of the whole file finds.
   */
  const checkAndMerge = async (tx: Db, from: number | null, mergeRows: number) => {
    await tx.execute(sql.raw(`create or replace temp view stg as select * from ${staging} where not rejected${from === null ? '' : ` and row_no >= ${Math.trunc(from)}`}`));
    const ctx: MergeContext = { tx, importId, userId: opts.userId, now, sourceRows: mergeRows, batched: from !== null };
    const dbErrors = spec ? await recordKindChecks(tx, spec, staging, from !== null) : await enterpriseChecks(tx, staging, from !== null, importId, now);
    if (opts.scopePrefix) dbErrors.push(...(await scopeChecks(tx, kind, opts.scopePrefix)));
    for (const e of dbErrors) addError(e);
    if (rejectedRows.size > 0 && !opts.skipInvalid) return; // rolled back at the end: only the error report matters now
    if (dbErrors.length > 0) {
      await tx.execute(sql`update ${sql.raw(staging)} set rejected = true where row_no = any(${sql.param([...new Set(dbErrors.map((e) => e.row))])}::int[])`);
    }
    const c = spec ? await mergeRecords(ctx, spec, present()) : await mergeEnterprises(ctx, present(), staging, from);
    counts = { inserted: counts.inserted + c.inserted, updated: counts.updated + c.updated };
  };
  const raiseWorkMem = async (tx: Db) => {
    // PostgreSQL's default work_mem (4 MB) makes every sort and hash of a large import spill to
    // temporary files: at 100,000 rows the permits merge hashes `enterprises` in 16 batches and the
    // first-row-per-credit-code sort writes 26 MB to disk. For this transaction only (SET LOCAL),
    // and only on PostgreSQL (PGlite's WASM memory never shrinks back), allow MERGE_WORK_MEM.
    // Only raised: a server configured with more keeps its setting.
    await tx.execute(sql`select set_config('work_mem', ${MERGE_WORK_MEM}, true) where (select setting::bigint from pg_settings where name = 'work_mem') < ${MERGE_WORK_MEM_KB}`);
  };
  const decide = () => {
    if (rejectedRows.size > 0 && !opts.skipInvalid) outcome = 'rejected';
    else if (opts.dryRun) outcome = 'dryRun';
    if (outcome !== 'applied') throw new Rollback();
  };

  try {
    if (database.kind === 'postgres') {
      // PostgreSQL: one transaction for the whole file. Each range of MERGE_RANGE_ROWS rows is
      // staged, checked and merged while the next ranges are parsed (MERGE_RANGES_QUEUED at most):
      // the server works on another core while this process parses, and an error anywhere, or a
      // dry run, rolls back everything. Other sessions wait only for the rows this import touched.
      await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Db;
        await raiseWorkMem(tx);
        // Every statement of a range joins a few thousand rows to indexed keys (the staging table's,
        // the registry's): index probes are right, and the planner cannot see it — the staging table
        // is new and without statistics, the registry's are stale while the transaction grows it. It
        // chose whole-table rescans per row (a new table taken for 27 rows: 3 s per statement,
        // growing with the file); scans, hash and merge joins are priced out. Every table read has
        // an index for the probe, so no plan keeps a priced-out node: when one must (a table without
        // an index was tried for the range), the planner's fuzzy cost comparison treats all such plans
        // alike and picked rescans again, and the inflated costs made PostgreSQL JIT-compile each
        // statement (0.1–0.5 s each; JIT is turned off here for that reason too).
        // Nor parallel workers: for a range of a few thousand rows they cost more to start than they
        // save, and they take the core this process parses on (the count and the foreign-permit
        // check were planned with a Gather).
        await tx.execute(
          sql`select set_config('enable_seqscan', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true), set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)`,
        );
        // The transaction waits between ranges while this process parses: a server-wide
        // idle_in_transaction_session_timeout must not end it (for this transaction only).
        await tx.execute(sql`select set_config('idle_in_transaction_session_timeout', '0', true)`);
        // The staging table, indexed so that a range's checks probe it for the first row of each key:
        // the row number ends each index so that `min(row_no)` is its first entry for the key (with
        // an index on `row_no` alone the planner walked it from the start until the key turned up:
        // once per row, quadratic). The index on `row_no` selects the range.
        await tx.execute(sql.raw(`create unlogged table ${staging} (${columnsDdl(columns)}, rejected boolean not null default false)`));
        await tx.execute(sql.raw(`create index on ${staging} (${[...keyCols, 'row_no'].map((c) => `"${c}"`).join(', ')})`));
        if (!spec) await tx.execute(sql.raw(`create index on ${staging} (permit_no, row_no)`));
        await tx.execute(sql.raw(`create index on ${staging} (row_no)`));
        // Ranges are staged by COPY (server time of staging 1.2 → 0.85 s per 100,000 rows, and less
        // work here than building `unnest` array parameters).
        const copyIn = database.copyIn!.bind(database);
        const copySql = `copy ${staging} (${columns.map((c) => `"${c.name}"`).join(', ')}) from stdin`;
        // A range is turned into COPY text as its batches arrive (the parsed rows are let go at
        // once: a few MB of text per range instead of its row objects) and queued; the database
        // works through the queue range by range (COPY, checks, merge) while parsing goes on. Up to
        // MERGE_RANGES_QUEUED ranges wait or are in flight, so neither side waits for the other's
        // slower moments (with one range in flight the parser idled 1.9 s of 9 per 100,000 rows).
        const rangeRows = Math.max(1, opts.mergeRangeRows ?? MERGE_RANGE_ROWS);
        let pending: { chunks: string[]; first: number; size: number } = { chunks: [], first: 0, size: 0 };
        let chain: Promise<void> = Promise.resolve();
        const queued: Promise<void>[] = [];
        const flush = async () => {
          const range = pending;
          pending = { chunks: [], first: 0, size: 0 };
          if (range.size > 0) {
            chain = chain.then(async () => {
              await copyIn(tx, copySql, range.chunks);
              range.chunks = [];
              await checkAndMerge(tx, range.first, range.size);
            });
            chain.catch(() => undefined); // a failure is rethrown below, never left unhandled
            queued.push(chain);
          }
          while (queued.length >= MERGE_RANGES_QUEUED) await queued.shift();
        };
        try {
          for await (const batch of opts.batches) {
            const staged = take(batch);
            if (staged.length > 0) {
              if (pending.size === 0) pending.first = staged[0]!.row;
              pending.size += staged.length;
              for (const chunk of copyTextLines(columns, staged, staged.length)) pending.chunks.push(chunk);
            }
            if (pending.size >= rangeRows) await flush();
            opts.onProgress?.(rows);
          }
          await flush();
          await chain;
        } finally {
          // On a parse error the work in flight finishes (or fails) before the transaction ends.
          await chain.catch(() => undefined);
        }
        await tx.execute(sql.raw(`drop view if exists stg; drop table ${staging}`)); // no view when no row was valid
        decide();
      });
    } else {
      // PGlite runs the database in this thread and serialises every query behind an open
      // transaction: rows are staged batch by batch in short statements while the file is parsed
      // (the console stays responsive), and the transaction that checks and merges opens only
      // afterwards, over the whole file at once.
      await db.execute(sql.raw(`create unlogged table ${staging} (${columnsDdl(columns)}, rejected boolean not null default false)`));
      let inFlight: Promise<unknown> | null = null;
      const settle = async () => {
        const p = inFlight;
        inFlight = null;
        if (p) await p;
      };
      try {
        for await (const batch of opts.batches) {
          const staged = take(batch);
          await settle();
          const p = bulkInsert(db, staging, columns, staged);
          p.catch(() => undefined);
          inFlight = p;
          opts.onProgress?.(rows);
        }
        await settle();
      } finally {
        if (inFlight) await (inFlight as Promise<unknown>).catch(() => undefined);
      }
      await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Db;
        await checkAndMerge(tx, null, rows - rejectedRows.size);
        await tx.execute(sql`drop view stg`);
        decide();
      });
    }
  } catch (err) {
    if (!(err instanceof Rollback)) {
      await dropStaging(db, importId);
      await db.update(imports).set({ status: 'failed', sha256: safeSha(opts.sha256), finishedAt: new Date() }).where(eq(imports.id, importId));
      throw err;
    }
  }
  await dropStaging(db, importId);
  errors.sort((a, b) => a.row - b.row);
  if (errors.length > MAX_STORED_ERRORS) errors.length = MAX_STORED_ERRORS;
  const rejected = rejectedRows.size;
  try {
    return await finish();
  } catch (err) {
    // The job must never stay 'running': record the failure in a row that cannot fail again.
    await db.update(imports).set({ status: 'failed', finishedAt: new Date(), errors: [{ row: 0, column: '', value: '', message: '导入结果无法保存' }] }).where(eq(imports.id, importId));
    throw err;
  }

  async function finish(): Promise<ImportResult & { importId: number }> {
    const inserted = outcome === 'rejected' ? 0 : counts.inserted;
    const updated = outcome === 'rejected' ? 0 : counts.updated;
    const unchanged = outcome === 'rejected' ? 0 : Math.max(0, rows - rejected - inserted - updated);
    const result: ImportResult = { kind, file: opts.fileName, rows, inserted, updated, unchanged, rejected, errors };
    await db
      .update(imports)
      .set({ status: outcome, sha256: safeSha(opts.sha256), rows, inserted, updated, unchanged, rejected, errors, finishedAt: new Date() })
      .where(eq(imports.id, importId));
    return { ...result, importId };
  }
}

/**
 * `deriveKeyIndustry` with its answers remembered per (main industry code, city): a file has
 * few distinct pairs, and the mapping is scanned once for each.
 */
function keyIndustryLookup(mapping: readonly KeyIndustryMapping[]): (industryCodes: readonly string[], divisionCode: string) => string | null {
  const memo = new Map<string, string | null>();
  return (industryCodes, divisionCode) => {
    const key = `${industryCodes[0] ?? ''}|${divisionCode.slice(0, 4)}`;
    let k = memo.get(key);
    if (k === undefined) {
      k = deriveKeyIndustry(industryCodes, mapping, divisionCode)?.keyIndustry ?? null;
      memo.set(key, k);
    }
    return k;
  };
}

/** Name of an import's staging table (the id is an integer: safe in SQL text). */
const stagingTableOf = (importId: number) => `import_staging_${Math.trunc(importId)}`;

async function dropStaging(db: Db, importId: number): Promise<void> {
  await db.execute(sql.raw(`drop table if exists ${stagingTableOf(importId)}`));
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * Marks import jobs left 'running' by a stopped process as failed. With PGlite (one process)
 * every running job is stale; with PostgreSQL only jobs older than `staleAfterMs`, since another
 * instance may still be working.
 * @returns the number of jobs closed.
 */
export async function closeStaleImports(database: Database, now: Date, staleAfterMs = 6 * 3600_000): Promise<number> {
  const cutoff = database.kind === 'pglite' ? now : new Date(now.getTime() - staleAfterMs);
  const rows = await database.db
    .update(imports)
    .set({ status: 'failed', finishedAt: now, errors: [{ row: 0, column: '', value: '', message: '导入被中断（服务停止），未写入任何数据，请重新导入' }] })
    .where(sql`${imports.status} = 'running' and ${imports.startedAt} <= ${cutoff}`)
    .returning({ id: imports.id });
  // Staging tables of imports that are no longer running.
  const leftovers = await database.rows<{ t: string }>(sql`
    select c.relname as t from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' and c.relname ~ '^import_staging_[0-9]+$'
      and not exists (select 1 from imports i where i.status = 'running' and 'import_staging_' || i.id = c.relname)`);
  for (const l of leftovers) await database.db.execute(sql.raw(`drop table if exists "${l.t.replace(/[^a-z0-9_]/g, '')}"`));
  return rows.length;
}

function safeSha(f: () => string): string {
  try {
    return f();
  } catch {
    return '';
  }
}

/**
 * Rows of `stg` whose key (`keys`, all NOT NULL) an earlier staged row already has, with the first
 * such row: `{ row_no, first_row, <out> }`. `where` restricts both sides (constant SQL text). By
 * range (`probe`): one index probe of `staging` per row of the range, whatever the planner believes
 * of the range's size (its statistics lag behind: a range of 5,000 rows was estimated at 148 and
 * joined by a full rescan per row). Whole file: one grouping of the staged rows.
 */
function earlierRows(staging: string, keys: readonly string[], out: string, where: string, probe: boolean): SQL {
  const on = (a: string, b: string) => keys.map((k) => `${a}."${k}" = ${b}."${k}"`).join(' and ');
  const cols = (p: string) => keys.map((k) => `${p}"${k}"`).join(', ');
  const w = (p: string) => (where ? ` and ${where.replaceAll('$.', `${p}.`)}` : '');
  return probe
    ? sql.raw(`select s.row_no, f.first_row, s."${out}" from stg s
        cross join lateral (select min(a.row_no) as first_row from ${staging} a where ${on('a', 's')}${w('a')}) f
        where f.first_row < s.row_no${w('s')} order by s.row_no`)
    : sql.raw(`select s.row_no, f.first_row, s."${out}" from stg s
        join (select ${cols('a.')}, min(a.row_no) as first_row from ${staging} a
              where (${cols('a.')}) in (select ${cols('')} from stg x where true${w('x')})${w('a')} group by ${cols('a.')}) f on ${on('f', 's')}
        where f.first_row < s.row_no${w('s')} order by s.row_no`);
}

/**
 * Errors of record kinds only the database can see, for the rows of `stg`: an unknown enterprise,
 * and a natural key (credit code + key columns) that an earlier row of the file already has
 * (`staging`: every row staged so far, rejected ones included, as one check of the whole file).
 */
async function recordKindChecks(tx: Db, spec: RecordKindSpec<never>, staging: string, probe: boolean): Promise<ImportRowError[]> {
  const unknown = await rowsOf<{ row_no: number; uscc: string }>(
    tx,
    sql`select s.row_no, s.uscc from stg s where not exists (select 1 from enterprises e where e.uscc = s.uscc) order by s.row_no`,
  );
  const dups = await rowsOf<{ row_no: number; first_row: number; uscc: string }>(tx, earlierRows(staging, ['uscc', ...spec.key.map((k) => k.name)], 'uscc', '', probe));
  const keyHeaders = spec.key.map((k) => k.header).join('、');
  return [
    ...unknown.map((u) => ({ row: u.row_no, column: '统一社会信用代码', value: u.uscc, message: '企业未登记：请先导入该企业（企业名录）' })),
    ...dups.map((d) => ({ row: d.row_no, column: keyHeaders, value: d.uscc, message: `与第 ${d.first_row} 行重复（同一企业的${keyHeaders}相同）` })),
  ];
}

async function mergeRecords(ctx: MergeContext, spec: RecordKindSpec<never>, present: Set<string> | null): Promise<{ inserted: number; updated: number }> {
  const cols = [...spec.key, ...spec.values].map((c) => `s."${c.name}"`).join(', ');
  return mergeInto(ctx, {
    table: spec.table,
    entityType: spec.entityType,
    key: ['enterprise_id', ...spec.key.map((k) => k.name)],
    values: spec.values.map((v) => v.name),
    updateValues: present ? spec.values.filter((v) => present.has(v.field)).map((v) => v.name) : undefined,
    hasEnterpriseId: true,
    source: sql`(select e.id as enterprise_id, ${sql.raw(cols)} from stg s join enterprises e on e.uscc = s.uscc)`,
  });
}

/**
 * The condition on the change-history row `h` (so aliased by the caller) that it records the insert of the row `alias` (an
 * enterprise `e` or a permit `p`, by `alias.id`) by import `importId`. Every history row of an
 * import carries the import's `now` as `at`, so the match is one entry of
 * `change_history_enterprise_idx` (enterprise, at): the handful of rows this import wrote for that
 * enterprise.
 */
const historyInsertOf = (entityType: 'enterprise' | 'permit', alias: 'e' | 'p', importId: number, now: Date): SQL =>
  sql`h.enterprise_id = ${sql.raw(alias === 'e' ? 'e.id' : 'p.enterprise_id')} and h.at = ${now}
      and h.entity_type = ${entityType} and h.entity_id = ${sql.raw(alias)}.id and h.import_id = ${importId} and h.action = 'insert'`;
/** Whether the row `alias` was inserted by import `importId`, as its change history says ({@link historyInsertOf}). */
const insertedBy = (entityType: 'enterprise' | 'permit', alias: 'e' | 'p', importId: number, now: Date): SQL =>
  sql`exists (select 1 from change_history h where ${historyInsertOf(entityType, alias, importId, now)})`;

/**
 * Errors of the enterprises kind only the database can see, for the rows of `stg`: a permit number
 * or a permit-less credit code that an earlier row of the file already has (`staging`: every row
 * staged so far), and a permit registered to another enterprise before this import.
 */
async function enterpriseChecks(tx: Db, staging: string, probe: boolean, importId: number, now: Date): Promise<ImportRowError[]> {
  const dupPermits = await rowsOf<{ row_no: number; first_row: number; permit_no: string }>(tx, earlierRows(staging, ['permit_no'], 'permit_no', '$.permit_no is not null', probe));
  const dupBare = await rowsOf<{ row_no: number; first_row: number; uscc: string }>(tx, earlierRows(staging, ['uscc'], 'uscc', '$.permit_no is null', probe));
  // Permits this import inserted (in an earlier range, as its history says) are not
  // "another enterprise's": a second row with such a number is already a duplicate above.
  const foreign = await rowsOf<{ row_no: number; permit_no: string; holder: string }>(
    tx,
    sql`select s.row_no, s.permit_no, e.uscc as holder from stg s join permits p on p.permit_no = s.permit_no join enterprises e on e.id = p.enterprise_id
        where e.uscc <> s.uscc and not ${insertedBy('permit', 'p', importId, now)}
        order by s.row_no`,
  );
  return [
    ...dupPermits.map((d) => ({ row: d.row_no, column: '许可证编号', value: d.permit_no, message: `许可证编号与第 ${d.first_row} 行重复` })),
    ...dupBare.map((d) => ({ row: d.row_no, column: '统一社会信用代码', value: d.uscc, message: `无许可证的企业与第 ${d.first_row} 行重复` })),
    ...foreign.map((f) => ({ row: f.row_no, column: '许可证编号', value: f.permit_no, message: `该许可证已登记在另一企业（${f.holder}）名下` })),
  ];
}

/** Enterprise and permit columns, and the import fields they come from. */
const ENTERPRISE_COLUMNS: Record<string, string> = {
  name: 'name',
  legal_representative: 'legalRepresentative',
  address: 'address',
  division_code: 'divisionCode',
  industry_codes: 'industryCodes',
  industry_names: 'industryCodes',
  key_industry: 'industryCodes',
  last_acceptance_date: 'lastAcceptanceDate',
};
const PERMIT_COLUMNS: Record<string, string> = {
  enterprise_id: 'uscc',
  category: 'permitCategory',
  industry_codes: 'industryCodes',
  issued_on: 'issuedOn',
  issuing_authority: 'issuingAuthority',
  valid_from: 'validFrom',
  valid_to: 'validTo',
  pollutant_categories: 'pollutantCategories',
};
const presentColumns = (columns: Record<string, string>, present: Set<string> | null): string[] | undefined => {
  if (!present) return undefined;
  // 行业类别 (names) stands in for 行业类别代码; 有效期限 for 有效期起/止.
  const has = (f: string) =>
    present.has(f) || (f === 'industryCodes' && present.has('industryNames')) || ((f === 'validFrom' || f === 'validTo') && present.has('validity'));
  return Object.entries(columns)
    .filter(([, f]) => f === 'uscc' || has(f))
    .map(([c]) => c);
};

/**
 * Merges the enterprises and permits of the rows of `stg` (the rows from `from` on; all when null).
 * An enterprise takes its attributes from its first valid row in the file: a credit code already
 * seen in an earlier range of `staging` is not merged again.
 */
async function mergeEnterprises(ctx: MergeContext, present: Set<string> | null, staging: string, from: number | null): Promise<{ inserted: number; updated: number }> {
  const { tx } = ctx;
  const seen = from === null ? sql`` : sql.raw(`where not exists (select 1 from ${staging} a where a.uscc = stg.uscc and a.row_no < ${Math.trunc(from)} and not a.rejected)`);
  await mergeInto(ctx, {
    table: 'enterprises',
    entityType: 'enterprise',
    key: ['uscc'],
    values: Object.keys(ENTERPRISE_COLUMNS),
    updateValues: presentColumns(ENTERPRISE_COLUMNS, present),
    hasEnterpriseId: false,
    // The first row of each credit code carries the enterprise's attributes.
    source: sql`(select distinct on (uscc) uscc, name, legal_representative, address, division_code, industry_codes, industry_names, key_industry, last_acceptance_date from stg ${seen} order by uscc, row_no)`,
  });
  await mergeInto(ctx, {
    table: 'permits',
    entityType: 'permit',
    key: ['permit_no'],
    values: Object.keys(PERMIT_COLUMNS),
    updateValues: presentColumns(PERMIT_COLUMNS, present),
    // A blank 管理类别 never overwrites a stored one; a new permit without one is recorded as 登记管理.
    // A blank 发证机关 keeps the stored one (the permit platform's exports often leave it out).
    updateExpr: { category: `coalesce(s."category", t."category")`, issuing_authority: `coalesce(s."issuing_authority", t."issuing_authority")` },
    insertExpr: { category: `coalesce(s."category", 'registration')` },
    hasEnterpriseId: true,
    source: sql`(select e.id as enterprise_id, s.permit_no, s.category, s.industry_codes, s.issued_on, s.issuing_authority, s.valid_from, s.valid_to, s.pollutant_categories
                 from stg s join enterprises e on e.uscc = s.uscc where s.permit_no is not null)`,
  });
  // A row counts as inserted when its enterprise or permit is new, updated when either changed:
  // what this import wrote carries its id, and what it inserted has an insert in its history (at
  // most one such row per record). The history is probed per row through `lateral … limit 1`, the
  // permit's only when the enterprise's found nothing. Measured alternatives: with `exists` the
  // planner hashed all of this import's history once per range (growing with the file) or copied
  // the probe into both counts; a plain left join with hash joins off (PostgreSQL ranges) was
  // planned as a nested loop over the history: 310 s for 100,000 rows.
  const { importId, now } = ctx;
  const r = await rowsOf<{ inserted: number; updated: number }>(
    tx,
    sql`select count(*) filter (where ie.x is not null or ip.x is not null)::int as inserted,
               count(*) filter (where ie.x is null and ip.x is null and (coalesce(e.import_id = ${importId}, false) or coalesce(p.import_id = ${importId}, false)))::int as updated
        from stg s
        left join enterprises e on e.uscc = s.uscc
        left join permits p on p.permit_no = s.permit_no
        left join lateral (select 1 as x from change_history h where ${historyInsertOf('enterprise', 'e', importId, now)} limit 1) ie on true
        left join lateral (select 1 as x from change_history h where ie.x is null and ${historyInsertOf('permit', 'p', importId, now)} limit 1) ip on true`,
  );
  return r[0]!;
}

/**
 * Rows outside the importing user's area (by the row's division code, or the enterprise's), each
 * message naming the division the row or enterprise is in and the user's area.
 */
async function scopeChecks(tx: Db, kind: ImportKind, prefix: string): Promise<ImportRowError[]> {
  const like = `${prefix}%`;
  const [area] = await rowsOf<{ name: string | null }>(tx, sql`select (select d.name from divisions d where d.code = rpad(${prefix}, 6, '0')) as name`);
  const areaName = area?.name ?? prefix;
  const rows =
    kind === 'enterprises'
      ? await rowsOf<{ row_no: number; value: string; column: string; at: string; at_name: string | null }>(
          tx,
          sql`select s.row_no, s.division_code as value, '行政区划代码' as column, s.division_code as at, d.name as at_name
              from stg s left join divisions d on d.code = s.division_code where s.division_code not like ${like}
              union all
              select s.row_no, s.uscc as value, '统一社会信用代码' as column, e.division_code as at, d.name as at_name
              from stg s join enterprises e on e.uscc = s.uscc left join divisions d on d.code = e.division_code where e.division_code not like ${like}
              order by 1, 3`,
        )
      : await rowsOf<{ row_no: number; value: string; column: string; at: string; at_name: string | null }>(
          tx,
          sql`select s.row_no, s.uscc as value, '统一社会信用代码' as column, e.division_code as at, d.name as at_name
              from stg s join enterprises e on e.uscc = s.uscc left join divisions d on d.code = e.division_code where e.division_code not like ${like} order by 1`,
        );
  return rows.map((r) => ({
    row: r.row_no,
    column: r.column,
    value: r.value,
    message:
      r.column === '行政区划代码'
        ? `${r.at}（${r.at_name ?? '未知区划'}）不在您的管辖范围（${areaName}）内`
        : `该企业登记在 ${r.at_name ?? r.at}（${r.at}），不在您的管辖范围（${areaName}）内`,
  }));
}
