/**
 * Benchmarks, reported as ratios to a baseline measured in the same run (never absolute
 * targets in unit tests). Each merges its section into bench/results/latest.json and prints it.
 *
 *   npm run bench                  all of them
 *   npm run bench -- cold-start    npm-start path vs bare PGlite boot + migrations (bench/cold-start.ts)
 *   npm run bench -- import        100k-row enterprises xlsx: importFile vs ExcelJS parse + unnest (bench/import.ts)
 *   npm run bench -- screen        screening on PostgreSQL, 100k and 1M enterprises, vs plain scans (bench/screen.ts)
 *   npm run bench -- dashboard     dashboard endpoints on 100k enterprises vs their plain aggregate SQL (bench/dashboard.ts)
 *   npm run bench -- web           gzipped JS of the login, dashboard and public pages + dashboard LCP in Chromium (bench/web.ts)
 *
 * Options are environment variables, listed at the top of each file.
 */
import { coldStartBench } from './cold-start.ts';
import { dashboardBench } from './dashboard.ts';
import { importBench } from './import.ts';
import { log, mergeResults } from './lib.ts';
import { screenBench } from './screen.ts';
import { webBench } from './web.ts';

const benches: Record<string, () => Promise<Record<string, unknown>>> = {
  'cold-start': coldStartBench,
  import: importBench,
  screen: screenBench,
  dashboard: dashboardBench,
  web: webBench,
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = names.length ? names : Object.keys(benches);
const unknown = selected.filter((n) => !(n in benches));
if (unknown.length) {
  process.stderr.write(`unknown benchmark ${unknown.join(', ')}; one of: ${Object.keys(benches).join(', ')}\n`);
  process.exit(2);
}
for (const name of selected) {
  log(`${name}: start`);
  const sections = await benches[name]!();
  mergeResults(sections);
  process.stdout.write(`${JSON.stringify(sections, null, 2)}\n`);
}
