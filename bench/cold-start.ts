/**
 * cold-start: the startup path of `npm start` on an empty PGlite folder (initdb, migrations,
 *   reference data, 3,000 demo enterprises, app build, listen, first /api/ready) against the
 *   baseline of a bare PGlite boot plus migrations in a fresh folder (median of BENCH_RUNS, 3).
 * bulk-seed: demo data at BENCH_SCALE (default 20,000) against the same baseline.
 */
import fs from 'node:fs';
import { buildApp } from '../apps/server/src/app.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import { seedDemo } from '../apps/server/src/db/demo.ts';
import { loadRefdata } from '../apps/server/src/db/refdata.ts';
import { parseEnv } from '../apps/server/src/env.ts';
import { systemClock } from '../apps/server/src/platform/clock.ts';
import { argon2Hasher } from '../apps/server/src/platform/passwords.ts';
import { log, median, round, time, tmpDir } from './lib.ts';

async function bareBoot(): Promise<void> {
  const dir = tmpDir();
  const d = await openDatabase({ kind: 'pglite', dataDir: dir });
  await d.migrate();
  await d.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function fullStart(enterprises: number): Promise<void> {
  const dir = tmpDir();
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

export async function coldStartBench(): Promise<Record<string, unknown>> {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const scale = Number(process.env.BENCH_SCALE ?? 20_000);
  const baseline: number[] = [];
  const start: number[] = [];
  for (let i = 0; i < runs; i++) {
    log(`cold-start: run ${i + 1}/${runs}`);
    baseline.push(await time(bareBoot));
    start.push(await time(() => fullStart(3000)));
  }
  log(`cold-start: bulk seed of ${scale} enterprises`);
  const seedS = await time(() => fullStart(scale));
  const b = median(baseline);
  return {
    coldStart: {
      at: new Date().toISOString(),
      runs,
      baselineBarePgliteBootPlusMigrationsS: round(b),
      npmStartPathS: round(median(start)),
      ratio: round(median(start) / b),
      samplesS: { baseline: baseline.map((x) => round(x)), start: start.map((x) => round(x)) },
    },
    bulkSeed: {
      enterprises: scale,
      seconds: round(seedS),
      ratioToBaseline: round(seedS / b),
    },
  };
}
