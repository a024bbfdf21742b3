/**
 * Memory and speed check of the parse layer (not a timed test; issue 3 "Benchmark"):
 * writes an N-row `enterprises` xlsx (default 1,000,000 rows, ExcelJS streaming writer, Date
 * cells for the dates, valid credit codes and permit numbers) to the temp folder, then parses it
 * with `parseImportBatches` in a fresh child process and prints rows per second and peak RSS.
 *
 *   npx tsx apps/server/src/imports/bench-parse.ts [rows] [--shared-strings] [--keep] [--max-old-space-size=N]
 *
 * `--max-old-space-size=N` is passed to the parsing process: the parser's live heap is about
 * 65 MB, and with V8's default heap sizing most of the peak RSS is garbage not yet collected.
 * `--shared-strings` writes the file the way Excel and WPS do (a shared-strings table) instead
 * of inline strings; `--keep` leaves the file in place. Goal (issue 3): under 300 MB of memory.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { USCC_CHARSET, usccCheckChar } from '@cpaudit/domain';
import ExcelJS from 'exceljs';
import { ImportFileError } from './errors.ts';
import { parseImportBatches } from './parse-import.ts';
import { refdataReference } from './test-support.ts';

const COUNTIES = ['450102', '450103', '450203', '450302', '450421', '450502', '450602', '450721', '450802', '451202'];
const INDUSTRIES = [
  ['3011', '水泥制造'],
  ['2221', '机制纸及纸板制造'],
  ['1340', '制糖业'],
  ['2611', '无机酸制造'],
  ['3120', '炼钢'],
  ['3215', '锑冶炼'],
] as const;
const CATEGORIES = ['重点管理', '简化管理', '登记管理'];

function usccOf(i: number, county: string): string {
  let org = '';
  let n = i;
  for (let k = 0; k < 9; k++) {
    org = USCC_CHARSET[n % 31]! + org;
    n = Math.floor(n / 31);
  }
  const first17 = `91${county}${org}`;
  return first17 + usccCheckChar(first17);
}

async function writeFile(file: string, rows: number, sharedStrings: boolean): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: sharedStrings, useStyles: true });
  const ws = wb.addWorksheet('排污许可信息');
  ws.columns = [
    { key: 'a' },
    { key: 'b' },
    { key: 'c' },
    { key: 'd' },
    { key: 'e' },
    { key: 'f' },
    { key: 'g' },
    { key: 'h' },
    { key: 'i' },
    { key: 'j', style: { numFmt: 'yyyy-mm-dd' } },
    { key: 'k', style: { numFmt: 'yyyy-mm-dd' } },
    { key: 'l', style: { numFmt: 'yyyy-mm-dd' } },
    { key: 'm' },
  ];
  ws.addRow(['广西壮族自治区排污许可证信息（基准测试数据）']).commit();
  ws.addRow(['单位名称', '统一社会信用代码', '许可证编号', '管理类别', '行业类别代码', '行业类别', '行政区划代码', '生产经营场所地址', '法定代表人', '发证日期', '有效期起', '有效期止', '主要污染物类别']).commit();
  const issued = new Date(Date.UTC(2020, 5, 30));
  const from = new Date(Date.UTC(2020, 6, 1));
  const to = new Date(Date.UTC(2025, 5, 30));
  for (let i = 0; i < rows; i++) {
    const county = COUNTIES[i % COUNTIES.length]!;
    const [code, name] = INDUSTRIES[i % INDUSTRIES.length]!;
    const uscc = usccOf(i + 1, county);
    ws.addRow([
      `广西示例${i + 1}号${name}有限公司`,
      uscc,
      `${uscc}001P`,
      CATEGORIES[i % 3],
      code,
      name,
      county,
      `广西壮族自治区示例工业园区${i + 1}号`,
      '张三',
      issued,
      from,
      to,
      '废水,废气',
    ]).commit();
  }
  ws.commit();
  await wb.commit();
}

async function parseFile(file: string): Promise<void> {
  let peak = process.memoryUsage.rss();
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  const reference = refdataReference();
  const started = process.hrtime.bigint();
  let firstBatchAt = 0n;
  let rows = 0;
  let errors = 0;
  let warnings = 0;
  let batches = 0;
  try {
    for await (const b of parseImportBatches({ kind: 'enterprises', file, fileName: path.basename(file), reference })) {
      if (batches === 0) firstBatchAt = process.hrtime.bigint();
      batches++;
      rows += b.rows.length;
      errors += b.errors.length;
      warnings += b.warnings.length;
      peak = Math.max(peak, process.memoryUsage.rss());
    }
  } catch (e) {
    clearInterval(sample);
    if (e instanceof ImportFileError) {
      console.log(JSON.stringify({ refused: e.message, reason: e.reason }));
      return;
    }
    throw e;
  }
  clearInterval(sample);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(
    JSON.stringify({
      rows,
      errors,
      warnings,
      batches,
      seconds: +seconds.toFixed(1),
      secondsBeforeFirstBatch: +(Number(firstBatchAt - started) / 1e9).toFixed(1),
      rowsPerSecond: Math.round(rows / seconds),
      peakRssMB: Math.round(Math.max(peak, maxRss) / 1e6),
    }),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--parse') return parseFile(args[1]!);
  const rows = Number(args.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const shared = args.includes('--shared-strings');
  const file = path.join(os.tmpdir(), `cpaudit-bench-enterprises-${rows}${shared ? '-sst' : ''}.xlsx`);
  if (!fs.existsSync(file)) {
    const t = Date.now();
    process.stderr.write(`writing ${rows} rows to ${file} …\n`);
    await writeFile(file, rows, shared);
    process.stderr.write(`written in ${((Date.now() - t) / 1000).toFixed(1)} s, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB\n`);
  }
  // Parse in a fresh process so that peak RSS is the parser's alone.
  const heapFlags = args.filter((a) => a.startsWith('--max-old-space-size='));
  const child = spawn(process.execPath, [...heapFlags, ...process.execArgv, fileURLToPath(import.meta.url), '--parse', file], { stdio: ['ignore', 'inherit', 'inherit'] });
  const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  if (!args.includes('--keep')) fs.rmSync(file, { force: true });
  process.exitCode = code;
}

await main();
