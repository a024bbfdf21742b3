/**
 * One variant of the import benchmark, in its own process so that its peak RSS is its own
 * (spawned by bench/import.ts; prints one JSON line on stdout).
 *
 *   product   importFile() of the product (checks, SHA-256, header finding, validation, staging,
 *             database checks, merge with change history) into a migrated database with reference data
 *   baseline  bare ExcelJS streaming parse (WorkbookReader, no checks, no validation) + unnest
 *             inserts (bulkInsert, 5,000 rows a statement) of the same rows into a plain table,
 *             in one transaction
 *   parse     the product's parse-and-validate layer alone (parseImportBatches, no database)
 *   bare-parse  the baseline's ExcelJS parse alone (no database)
 *
 * argv: <variant> <file> <pglite data dir | postgres URL | ->
 */
import fs from 'node:fs';
import os from 'node:os';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { bulkInsert, type BulkColumn } from '../apps/server/src/db/bulk.ts';
import { openDatabase, type Database, type Db } from '../apps/server/src/db/client.ts';
import { parseImportBatches } from '../apps/server/src/imports/parse-import.ts';
import { refdataReference } from '../apps/server/src/imports/test-support.ts';
import { importFile } from '../apps/server/src/modules/imports/import-file.ts';

const [variant, file, target] = process.argv.slice(2) as [string, string, string];

// BENCH_IMPORT_TRACE=1: every PostgreSQL statement that takes 50 ms or more is printed on stderr
// with its duration and the start of its text (where the database side of an import spends its time).
if (process.env.BENCH_IMPORT_TRACE === '1') {
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const t0 = performance.now();
    const r = query.apply(this, args);
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '');
    if (r && typeof (r as Promise<unknown>).then === 'function') {
      void (r as Promise<unknown>).then(
        () => {
          const ms = performance.now() - t0;
          if (ms >= Number(process.env.BENCH_IMPORT_TRACE_MS ?? 50)) process.stderr.write(`[trace] ${ms.toFixed(0).padStart(7)} ms  ${text.replace(/\s+/g, ' ').slice(0, 160)}\n`);
        },
        () => undefined,
      );
    }
    return r;
  } as typeof pg.Client.prototype.query;
}


async function open(): Promise<Database | null> {
  if (!target || target === '-') return null;
  return target.startsWith('postgres') ? openDatabase({ kind: 'postgres', url: target, poolMax: 2 }) : openDatabase({ kind: 'pglite', dataDir: target });
}

type Row = (string | null)[];
const text = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: string; result?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.result !== undefined) return text(o.result);
  }
  return String(v);
};
const plainColumns: BulkColumn<Row>[] = [
  'uscc', 'name', 'permit_no', 'category', 'industry_codes', 'industry_names', 'division_code', 'address', 'legal_representative',
  'issued_on', 'valid_from', 'valid_to', 'pollutant_categories', 'last_acceptance_date',
].map((name, i) => ({ name, type: name.endsWith('_on') || name.startsWith('valid_') || name.endsWith('_date') ? 'date[]' : 'text[]', value: (r: Row) => r[i] }));
// File column order → plain-table column order.
const FILE_TO_PLAIN = [1, 0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];

/** The baseline; without a database (`bare-parse`) the rows are parsed and dropped. */
async function baseline(database: Database | null): Promise<number> {
  let rows = 0;
  const insert = async (tx: Db | null, batch: Row[]) => {
    if (tx) await bulkInsert(tx, 'bench_plain', plainColumns, batch);
  };
  const run = async (tx: Db | null) => {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
    let batch: Row[] = [];
    for await (const sheet of reader) {
      for await (const row of sheet) {
        if (row.number <= 2) continue; // title and header rows
        const values = row.values as unknown[];
        batch.push(FILE_TO_PLAIN.map((c) => text(values[c + 1])));
        if (batch.length === 5000) {
          await insert(tx, batch);
          rows += batch.length;
          batch = [];
        }
      }
      break;
    }
    if (batch.length) await insert(tx, batch);
    rows += batch.length;
  };
  if (!database) await run(null);
  else {
    await database.db.execute(sql.raw(`create table bench_plain (${plainColumns.map((c) => `"${c.name}" ${c.type.slice(0, -2)}`).join(', ')})`));
    await database.db.transaction((tx) => run(tx as unknown as Db));
  }
  return rows;
}

async function product(database: Database): Promise<{ rows: number; result: Record<string, unknown> }> {
  const r = await importFile({ database, kind: 'enterprises', file, fileName: 'bench-enterprises.xlsx', now: new Date() });
  if (r.rejected > 0 || r.errors.length > 0 || r.inserted !== r.rows) {
    throw new Error(`import did not apply every row: ${JSON.stringify({ ...r, errors: r.errors.slice(0, 5) })}`);
  }
  return { rows: r.rows, result: { rows: r.rows, inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected, warnings: r.warnings.length } };
}

async function parseOnly(): Promise<number> {
  let rows = 0;
  for await (const b of parseImportBatches({ kind: 'enterprises', file, fileName: 'bench-enterprises.xlsx', reference: refdataReference() })) {
    if (b.errors.length) throw new Error(`parse errors: ${JSON.stringify(b.errors.slice(0, 5))}`);
    rows += b.rows.length;
  }
  return rows;
}

const database = await open();
const rssAfterOpen = process.memoryUsage.rss();
/**
 * Peak RSS of this process in kB: `VmHWM` of /proc/self/status (the high-water mark of this
 * program's own memory map, made new by exec). Not `process.resourceUsage().maxRSS`: Linux keeps
 * `ru_maxrss` across fork + exec, so a worker forked from the bench parent while it held the
 * generated 1M-row workbook (≈ 690 MB) reported the parent's peak as its own (2026-11-30: baseline
 * and product both "694 MB" at 1M, where `cpaudit import` of that file under /usr/bin/time peaks at
 * 256 MB). Falls back to maxRSS where /proc is missing.
 */
const peakRssKb = (): number => {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
};
const maxRssBeforeKb = peakRssKb();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let rows = 0;
let extra: Record<string, unknown> = {};
if (variant === 'baseline') rows = await baseline(database!);
else if (variant === 'bare-parse') rows = await baseline(null);
else if (variant === 'product') {
  const r = await product(database!);
  rows = r.rows;
  extra = { result: r.result };
} else if (variant === 'parse') rows = await parseOnly();
else throw new Error(`unknown variant ${variant}`);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const maxRssKb = peakRssKb();
await database?.close();
process.stdout.write(
  `${JSON.stringify({
    variant,
    rows,
    seconds: +seconds.toFixed(2),
    rowsPerSecond: Math.round(rows / seconds),
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    loadAverage1m: +os.loadavg()[0]!.toFixed(1),
    peakRssMB: Math.round((maxRssKb * 1024) / 1e6),
    rssAfterDbOpenMB: Math.round(rssAfterOpen / 1e6),
    peakRssBeforeWorkMB: Math.round((maxRssBeforeKb * 1024) / 1e6),
    nodeOptions: process.env.NODE_OPTIONS ?? null,
    ...extra,
  })}\n`,
);
