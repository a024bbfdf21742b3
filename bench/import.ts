/**
 * import (issue 3 "Benchmark"): a 100,000-row `enterprises` workbook (bench/import-data.ts)
 * imported by the product (`importFile`) against a baseline of a bare ExcelJS streaming parse of
 * the same file plus `unnest` inserts of the same rows into a plain table, in the same run. Each
 * variant runs in its own process on a fresh database (migrated, reference data loaded) so its
 * peak RSS is its own; the product also runs with NODE_OPTIONS=--max-old-space-size=192.
 * Goals: product time / baseline time ≤ 2; product peak RSS < 300 MB.
 *
 * Environment:
 *   BENCH_IMPORT_ROWS=N          rows of the small case (default 100000; 0 = no small case, with BENCH_IMPORT_1M=1)
 *   BENCH_IMPORT_1M=1            also 1,000,000 rows (minutes; off by default)
 *   BENCH_IMPORT_RUNS=N          samples per variant, median reported (default 1)
 *   BENCH_IMPORT_SST=1           write the workbook with a shared-strings table (as Excel/WPS do) instead of inline strings
 *   BENCH_DATABASE_URL=postgres://…  also on PostgreSQL (a template database and one database per
 *                                variant are created on that server and dropped afterwards)
 *   BENCH_KEEP_FILES=1           keep the generated workbooks in the temp folder (and reuse them)
 *   BENCH_IMPORT_VARIANTS=a,b    only these variants (bare-parse, parse, baseline, product, product192)
 *   BENCH_IMPORT_TRACE=1         print each PostgreSQL statement of 50 ms or more (duration, start of its text) on stderr
 *   BENCH_IMPORT_PGLITE=0        PostgreSQL only: skip the PGlite variants (and the database-less
 *                                parse ones), e.g. for one 1,000,000-row run; needs BENCH_DATABASE_URL
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { loadRefdata } from '../apps/server/src/db/refdata.ts';
import { writeEnterprisesXlsx } from './import-data.ts';
import { createDatabase, dropDatabase, log, median, readResults, round, runChild, tmpDir, type ChildReport } from './lib.ts';

const worker = fileURLToPath(new URL('./import-worker.ts', import.meta.url));
const SMALL_HEAP = '--max-old-space-size=192';

type Variant = 'bare-parse' | 'parse' | 'baseline' | 'product' | 'product192';
type Sample = Record<string, unknown> & { seconds: number; rowsPerSecond: number; peakRssMB: number; cpuSeconds: number; loadAverage1m: number };

async function pgliteTemplate(): Promise<string> {
  const dir = tmpDir('cpaudit-bench-import-tpl-');
  const d = await openDatabase({ kind: 'pglite', dataDir: dir });
  await d.migrate();
  await loadRefdata(d.db);
  await d.close();
  return dir;
}

async function postgresTemplate(adminUrl: string, name: string): Promise<void> {
  const url = await createDatabase(adminUrl, name);
  const d = await openDatabase({ kind: 'postgres', url, poolMax: 2 });
  await d.migrate();
  await loadRefdata(d.db);
  await d.close();
}

function checked(r: ChildReport, what: string): Sample {
  if (r.code !== 0 || !r.report) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderrTail}`);
  return r.report as Sample;
}

/** One sample of one variant on a fresh database. */
async function sample(variant: Variant, file: string, engine: 'pglite' | 'postgres', tpl: string, adminUrl: string | null): Promise<Sample> {
  const env: Record<string, string> = variant === 'product192' ? { NODE_OPTIONS: [process.env.NODE_OPTIONS, SMALL_HEAP].filter(Boolean).join(' ') } : {};
  const kind = variant === 'product192' ? 'product' : variant;
  if (variant === 'parse' || variant === 'bare-parse') return checked(await runChild(worker, [variant, file, '-']), variant);
  if (engine === 'pglite') {
    const dir = tmpDir('cpaudit-bench-import-db-');
    fs.cpSync(tpl, dir, { recursive: true });
    try {
      return checked(await runChild(worker, [kind, file, dir], env), `${variant} on PGlite`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `${tpl}_v${process.hrtime.bigint() % 1_000_000n}`;
  const url = await createDatabase(adminUrl!, name, tpl);
  try {
    return checked(await runChild(worker, [kind, file, url], env), `${variant} on PostgreSQL`);
  } finally {
    await dropDatabase(adminUrl!, name);
  }
}

function summarise(samples: Record<Variant, Sample[]>, rows: number, engine: 'pglite' | 'postgres') {
  const med = (v: Variant, k: 'seconds' | 'peakRssMB' | 'cpuSeconds') => median(samples[v].map((s) => s[k]));
  const out: Record<string, unknown> = {};
  for (const v of Object.keys(samples) as Variant[]) {
    if (samples[v].length === 0) continue;
    const s = med(v, 'seconds');
    out[v] = {
      seconds: round(s),
      rowsPerSecond: Math.round(rows / s),
      cpuSeconds: round(med(v, 'cpuSeconds')),
      peakRssMB: med(v, 'peakRssMB'),
      rssAfterDbOpenMB: samples[v][0]!.rssAfterDbOpenMB,
      samplesS: samples[v].map((x) => x.seconds),
      samplesCpuS: samples[v].map((x) => x.cpuSeconds),
      loadAverage1m: samples[v].map((x) => x.loadAverage1m),
      ...(samples[v][0]!.result ? { result: samples[v][0]!.result } : {}),
    };
  }
  if (samples.baseline.length && samples.product.length) {
    out.ratioProductToBaseline = round(med('product', 'seconds') / med('baseline', 'seconds'));
    // With PGlite the database runs in the worker process, so CPU time covers all the work and
    // is less disturbed by other load on a shared machine than wall time.
    if (engine === 'pglite') out.ratioProductToBaselineCpu = round(med('product', 'cpuSeconds') / med('baseline', 'cpuSeconds'));
    out.goalRatio = '≤ 2';
  }
  if (samples.parse.length && samples['bare-parse'].length) {
    out.ratioParseToBareParse = round(med('parse', 'seconds') / med('bare-parse', 'seconds'));
    out.ratioParseToBareParseCpu = round(med('parse', 'cpuSeconds') / med('bare-parse', 'cpuSeconds'));
  }
  if (samples.product192.length) out.ratioProduct192ToBaseline = round(med('product192', 'seconds') / med('baseline', 'seconds'));
  return out;
}

export async function importBench(): Promise<Record<string, unknown>> {
  const smallRows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
  const with1M = process.env.BENCH_IMPORT_1M === '1';
  const runs = Number(process.env.BENCH_IMPORT_RUNS ?? 1);
  const sst = process.env.BENCH_IMPORT_SST === '1';
  const keep = process.env.BENCH_KEEP_FILES === '1';
  const adminUrl = process.env.BENCH_DATABASE_URL || null;
  const withPglite = process.env.BENCH_IMPORT_PGLITE !== '0';
  const only = process.env.BENCH_IMPORT_VARIANTS ? new Set(process.env.BENCH_IMPORT_VARIANTS.split(',').map((v) => v.trim())) : null;
  if (!withPglite && !adminUrl) throw new Error('BENCH_IMPORT_PGLITE=0 needs BENCH_DATABASE_URL');
  const sizes = [...(smallRows > 0 ? [smallRows] : []), ...(with1M ? [1_000_000] : [])];
  if (sizes.length === 0) throw new Error('nothing to run: BENCH_IMPORT_ROWS=0 without BENCH_IMPORT_1M=1');
  if (!with1M) log('import: 1,000,000-row case skipped (set BENCH_IMPORT_1M=1; it takes many minutes)');
  if (!adminUrl) log('import: PostgreSQL case skipped (set BENCH_DATABASE_URL=postgres://…)');

  const section: Record<string, unknown> = {
    at: new Date().toISOString(),
    workbook: sst ? 'shared strings (as Excel/WPS write)' : 'inline strings',
    runs,
    goals: { ratioProductToBaseline: '≤ 2', productPeakRssMB: '< 300' },
    notes: [
      'seconds = from opening the file to commit, in a fresh process per variant on a fresh database (migrated, reference data loaded); database open time excluded',
      'baseline = ExcelJS WorkbookReader (sharedStrings/styles cached as the product reads) + bulkInsert (unnest, 5,000 rows a statement) into a plain table without indexes, one transaction',
      'product = importFile(): file checks + SHA-256 + zip verification, header finding, normalisation and validation, staging, database checks, merge into enterprises and permits with change history',
      'parse = the product parse-and-validate layer alone (parseImportBatches), no database; bare-parse = the baseline ExcelJS parse alone, no database',
      'product192 = product with NODE_OPTIONS=--max-old-space-size=192 (with the default heap limit V8 lets garbage accumulate, so peak RSS there is mostly uncollected garbage)',
      'cpuSeconds = user + system CPU of the worker process (with PGlite this includes the database; with PostgreSQL the server CPU is not counted); loadAverage1m shows how busy the machine was',
      'peakRssMB = the worker process peak resident set (VmHWM of /proc/self/status; not resourceUsage().maxRSS, which Linux carries over from the forking parent); with PGlite it includes the in-process database (see rssAfterDbOpenMB)',
      ...(with1M ? [] : ['1,000,000-row case not run: set BENCH_IMPORT_1M=1 (takes many minutes)']),
      ...(adminUrl ? [] : ['PostgreSQL case not run: set BENCH_DATABASE_URL']),
      ...(withPglite ? [] : ['PGlite case not run (BENCH_IMPORT_PGLITE=0)']),
    ],
  };
  const tplDir = withPglite ? await pgliteTemplate() : '';
  const pgTpl = adminUrl ? `cpaudit_bench_imp_${process.pid}` : '';
  if (adminUrl) await postgresTemplate(adminUrl, pgTpl);
  try {
    for (const rows of sizes) {
      const file = path.join(os.tmpdir(), `cpaudit-bench-enterprises-${rows}${sst ? '-sst' : ''}.xlsx`);
      let writeS: number | null = null;
      if (!(keep && fs.existsSync(file))) {
        log(`import: writing ${rows} rows to ${file}`);
        const t0 = performance.now();
        await writeEnterprisesXlsx(file, rows, sst);
        writeS = round((performance.now() - t0) / 1000, 1);
      }
      const entry: Record<string, unknown> = { at: new Date().toISOString(), rows, fileMB: round(fs.statSync(file).size / 1e6, 1), writeSeconds: writeS };
      try {
        const engines: ('pglite' | 'postgres')[] = [...(withPglite ? (['pglite'] as const) : []), ...(adminUrl ? (['postgres'] as const) : [])];
        for (const engine of engines) {
          const samples: Record<Variant, Sample[]> = { 'bare-parse': [], parse: [], baseline: [], product: [], product192: [] };
          const variants = (engine === 'pglite' ? (['bare-parse', 'parse', 'baseline', 'product', 'product192'] as const) : (['baseline', 'product', 'product192'] as const)).filter(
            (v) => !only || only.has(v),
          );
          for (let i = 0; i < runs; i++) {
            for (const v of variants) {
              log(`import: ${rows} rows, ${engine}, ${v}, run ${i + 1}/${runs}`);
              const s = await sample(v, file, engine, engine === 'pglite' ? tplDir : pgTpl, adminUrl);
              log(`import:   ${s.seconds} s, ${s.rowsPerSecond} rows/s, peak RSS ${s.peakRssMB} MB`);
              samples[v].push(s);
            }
          }
          entry[engine] = summarise(samples, rows, engine);
        }
      } finally {
        if (!keep) fs.rmSync(file, { force: true });
      }
      section[rows === 1_000_000 ? 'rows1M' : `rows${rows / 1000}k`] = entry;
    }
  } finally {
    if (tplDir) fs.rmSync(tplDir, { recursive: true, force: true });
    if (adminUrl) await dropDatabase(adminUrl, pgTpl);
  }
  // Cases not run this time keep their figures from the last run (each case records its own `at`);
  // read at the end, so that a run finishing meanwhile is kept too.
  const previous = (readResults().import ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(previous)) if (/^rows\d/.test(k) && !(k in section) && v && typeof v === 'object' && 'at' in v) section[k] = v;
  return { import: section };
}
