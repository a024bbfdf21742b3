/**
 * `cpaudit import` re-runs itself with --max-old-space-size=192 unless the caller set a heap limit
 * (bin/heap-limit.mjs); other commands run as they are.
 */
import { describe, expect, it } from 'vitest';
import { IMPORT_HEAP_MB, importHeapArgs } from '../../../bin/heap-limit.mjs';

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
