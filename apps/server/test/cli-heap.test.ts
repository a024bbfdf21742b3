/**
 * `cpaudit import` re-runs itself with --max-old-space-size=192 unless the caller set a heap limit
 * (bin/heap-limit.mjs); other commands run as they are.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { IMPORT_HEAP_MB, importHeapArgs, ranOutOfHeap, RETRY_HEAP_MB, retryHeapArgs } from '../../../bin/heap-limit.mjs';

const node = '/usr/bin/node';
const script = '/repo/bin/cpaudit.mjs';

describe('importHeapArgs', () => {
  it('when `import` runs without a heap limit, then it is re-run with 192 MB and the same arguments after the node flags', () => {
    expect(IMPORT_HEAP_MB).toBe(192);
    expect(importHeapArgs([node, script, 'import', 'enterprises', 'a b.xlsx', '--json'], ['--no-warnings'], undefined)).toEqual([
      '--no-warnings',
      '--max-old-space-size=192',
      script,
      'import',
      'enterprises',
      'a b.xlsx',
      '--json',
    ]);
  });

  it.each([
    ['NODE_OPTIONS', [], '--enable-source-maps --max-old-space-size=512'],
    ['NODE_OPTIONS with underscores', [], '--max_old_space_size=512'],
    ['a node flag', ['--max-old-space-size=1024'], undefined],
  ])('when the caller set a heap limit through %s, then there is no re-run', (_how, execArgv, nodeOptions) => {
    expect(importHeapArgs([node, script, 'import', 'enterprises', 'x.xlsx'], execArgv, nodeOptions)).toBeNull();
  });

  it('when another command runs, or none, then there is no re-run', () => {
    expect(importHeapArgs([node, script, 'serve'], [], undefined)).toBeNull();
    expect(importHeapArgs([node, script, 'check', 'uscc', 'import'], [], undefined)).toBeNull();
    expect(importHeapArgs([node, script], [], undefined)).toBeNull();
  });
});

describe('ranOutOfHeap and retryHeapArgs', () => {
  it('when a capped node process exhausts its heap, then ranOutOfHeap says so, and not for an ordinary exit', () => {
    // A real V8 heap exhaustion: 16 MB of old space filled with strings.
    const r = spawnSync(process.execPath, ['--max-old-space-size=16', '-e', 'const a = []; for (;;) a.push(String(Math.random()).repeat(10));'], { stdio: 'ignore' });
    expect(r.signal).toBe('SIGABRT');
    expect(ranOutOfHeap(r.status, r.signal)).toBe(true);
    expect(ranOutOfHeap(134, null)).toBe(true); // as a shell reports it
    expect(ranOutOfHeap(1, null)).toBe(false); // rows rejected
    expect(ranOutOfHeap(0, null)).toBe(false);
    expect(ranOutOfHeap(null, 'SIGTERM')).toBe(false);
  });

  it('when the retry is built, then only the heap flag changes, to 4096 MB', () => {
    const args = importHeapArgs(['/usr/bin/node', '/x/bin/cpaudit.mjs', 'import', 'enterprises', 'a.xlsx', '--json'], ['--no-warnings'], undefined)!;
    expect(RETRY_HEAP_MB).toBe(4096);
    expect(retryHeapArgs(args)).toEqual(['--no-warnings', '--max-old-space-size=4096', '/x/bin/cpaudit.mjs', 'import', 'enterprises', 'a.xlsx', '--json']);
  });
});
