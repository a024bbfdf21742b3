/**
 * Benchmarks, reported as ratios to a baseline measured in the same run (never absolute
 * targets in unit tests). Writes bench/results/latest.json.
 *
 * cold-start: the startup path of `npm start` on an empty PGlite folder (initdb, migrations,
 *   reference data, 3,000 demo enterprises, app build, listen, first /api/ready) against the
 *   baseline of a bare PGlite boot plus migrations in a fresh folder.
 * bulk-seed: demo data at --scale (default 20,000) against the baseline cold start.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../apps/server/src/app.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { seedDemo } from '../apps/server/src/db/demo.ts';
import { loadRefdata } from '../apps/server/src/db/refdata.ts';
import { parseEnv } from '../apps/server/src/env.ts';
import { systemClock } from '../apps/server/src/platform/clock.ts';
import { argon2Hasher } from '../apps/server/src/platform/passwords.ts';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const scale = Number(process.env.BENCH_SCALE ?? 20_000);
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cpaudit-bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

async function bareBoot(): Promise<void> {
  const dir = tmp();
  const d = await openDatabase({ kind: 'pglite', dataDir: dir });
  await d.migrate();
  await d.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function fullStart(enterprises: number): Promise<void> {
  const dir = tmp();
  const d = await openDatabase({ kind: 'pglite', dataDir: dir });
  await d.migrate();
  await loadRefdata(d.db);
  await seedDemo(d.db, { scale: enterprises, hasher: argon2Hasher });
  const env = parseEnv({ PGLITE_DIR: dir, WEB_DIST_DIR: '/nonexistent' });
  const app = await buildApp({ env, database: d, clock: systemClock, hasher: argon2Hasher });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const res = await app.inject({ method: 'GET', url: '/api/ready' });
  if (res.statusCode !== 200) throw new Error(`not ready: ${res.body}`);
  await app.close();
  await d.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, runs };
const baseline: number[] = [];
const start: number[] = [];
for (let i = 0; i < runs; i++) {
  baseline.push(await time(bareBoot));
  start.push(await time(() => fullStart(3000)));
}
const seedScale = [await time(() => fullStart(scale))];
const b = median(baseline);
results.coldStart = {
  baselineBarePgliteBootPlusMigrationsS: +b.toFixed(2),
  npmStartPathS: +median(start).toFixed(2),
  ratio: +(median(start) / b).toFixed(2),
  samplesS: { baseline: baseline.map((x) => +x.toFixed(2)), start: start.map((x) => +x.toFixed(2)) },
};
results.bulkSeed = {
  enterprises: scale,
  seconds: +seedScale[0]!.toFixed(2),
  ratioToBaseline: +(seedScale[0]! / b).toFixed(2),
};
const out = fileURLToPath(new URL('./results/latest.json', import.meta.url));
fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
