/**
 * The console's first load, read off the built bundle (apps/web/dist, made by `npm run build:web`
 * before the tests): the scripts that `index.html` loads and everything they import statically
 * (dynamic `import()` chunks are loaded later, by the page that needs them). Issue 8's benchmark
 * measures the same in Chromium (`npm run bench -- web`, goal ≤ 400 KB gzipped per page); this
 * test guards the cause of the one regression met so far: a module of the first load importing
 * the `@cpaudit/contracts` index, which brings the whole contracts package and zod (+36 KB
 * gzipped, 2026-11: the locale files took `auditActionLabels` from the index).
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { webDist } from './browser.ts';

/** The file names (under dist/assets) of the first load's static import closure. */
function initialChunks(dist: string): string[] {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const seen = new Set<string>();
  const queue = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!);
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = fs.readFileSync(path.join(dist, 'assets', file), 'utf8');
    // Static imports only: `import … from"./x.js"` and `import"./x.js"`, not `import("./x.js")`.
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*)"\.\/([^"]+\.js)"/g)) queue.push(m[1]!);
  }
  return [...seen].sort();
}

describe.runIf(fs.existsSync(path.join(webDist, 'index.html')))('console bundle: the first load', () => {
  const files = initialChunks(webDist);
  const code = (f: string) => fs.readFileSync(path.join(webDist, 'assets', f), 'utf8');

  it('when index.html is followed through its static imports, then React, antd and the API client are in it and zod is not', () => {
    expect(files.some((f) => f.startsWith('vendor-react-'))).toBe(true);
    expect(files.some((f) => f.startsWith('vendor-antd-'))).toBe(true);
    expect(files.some((f) => f.startsWith('api-'))).toBe(true);
    // zod 4 names its error class in the bundle; the contracts' permission keys mark the contracts index.
    const withZod = files.filter((f) => code(f).includes('ZodError'));
    expect(withZod).toEqual([]);
    const lazy = fs.readdirSync(path.join(webDist, 'assets')).filter((f) => f.endsWith('.js') && !files.includes(f));
    expect(lazy.some((f) => code(f).includes('ZodError'))).toBe(true); // the pages that validate forms still have it
  });

  it('when the first-load scripts are gzipped (level 9), then they sum to less than 400 KB', () => {
    const kb = files.reduce((sum, f) => sum + gzipSync(fs.readFileSync(path.join(webDist, 'assets', f)), { level: 9 }).length, 0) / 1024;
    expect(kb).toBeGreaterThan(200); // antd and React alone are ≈ 300 KB: the closure was really followed
    expect(kb).toBeLessThan(400);
  });
});
