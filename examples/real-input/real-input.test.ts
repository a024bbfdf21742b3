/**
 * The real-input example (issue 9 item 1) in CI: `examples/real-input/run.ts` runs end to end as a
 * child process, exactly as `npm run example:real-input` does, on PGlite (and on PostgreSQL when
 * TEST_DATABASE_URL is set: the script creates and drops its own database there), and must print
 * `全部一致` and exit 0. Beside it, cheap checks that expected.json agrees with the shared case's
 * independent screening expectation and that the comparison really reports differences.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diff } from './diff.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const expected = JSON.parse(fs.readFileSync(path.join(here, 'expected.json'), 'utf8'));
const sharedScreening = JSON.parse(fs.readFileSync(path.join(here, 'expected-screen-2021.json'), 'utf8'));
const serverFixture = JSON.parse(fs.readFileSync(path.join(root, 'apps/server/test/fixtures/expected/real-input-expected-screen-2021.json'), 'utf8'));

function runExample(extraEnv: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
    delete env.DATABASE_URL;
    if (!extraEnv.EXAMPLE_DATABASE_URL) delete env.EXAMPLE_DATABASE_URL;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'run.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('expected.json of the real-input example', () => {
  it('when its screening is reduced to sorted criteria, then it equals the shared case expectation (and the server fixture copy of it)', () => {
    const reduced = expected.screening.map((r: { reasons: { criterion: string }[] } & Record<string, unknown>) => {
      const { reasons, ...rest } = r;
      return { ...rest, criteria: reasons.map((x) => x.criterion).sort() };
    });
    expect(reduced).toEqual(sharedScreening);
    expect(sharedScreening).toEqual(serverFixture);
  });

  it('when the published lists are counted per city, then they agree with the city lists and the publication figures', () => {
    const all = [...expected.publishedMandatory, ...expected.publishedVoluntary] as { cityCode: string; auditType: string }[];
    for (const l of expected.cityLists as { cityCode: string; mandatory: number; voluntary: number }[]) {
      expect([l.mandatory, l.voluntary]).toEqual([
        all.filter((r) => r.cityCode === l.cityCode && r.auditType === 'mandatory').length,
        all.filter((r) => r.cityCode === l.cityCode && r.auditType === 'voluntary').length,
      ]);
    }
    expect([expected.publication.lists, expected.publication.mandatory, expected.publication.voluntary]).toEqual([6, 5, 1]);
  });

  it('when a figure differs, then the comparison names its path with both values, and ignores _comment keys', () => {
    expect(diff({ _c: 'x', a: { b: [1, 2] } }, { a: { b: [1, 3] } })).toEqual(['a.b[1]: expected 2\n    got      3']);
    expect(diff({ a: [1] }, { a: [1, 2] })).toEqual(['a[1]: not expected, got 2']);
    expect(diff({ a: 1, b: null }, { b: null })).toEqual(['a: expected 1, missing']);
    expect(diff(expected, structuredClone(expected))).toEqual([]);
  });
});

const backends: [string, Record<string, string | undefined>][] = [['pglite', {}]];
if (process.env.TEST_DATABASE_URL) backends.push(['postgres', { EXAMPLE_DATABASE_URL: process.env.TEST_DATABASE_URL }]);

// The backends run at the same time (each in its own child process, database and temp folder): the
// scenario mostly waits on its server and database, and CI stays within its time budget.
describe('npm run example:real-input', () => {
  it.concurrent.each(backends)('on %s: when the whole scenario runs on a fresh database, then every figure matches expected.json and the exit status is 0', async (_name, extraEnv) => {
    const { code, out } = await runExample(extraEnv);
    expect(out).toContain('全部一致 all figures match');
    expect(out).toContain('桂环函〔2022〕999号');
    expect(code, out).toBe(0);
  }, 1_200_000);
});
