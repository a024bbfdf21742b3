#!/usr/bin/env node
// Entry point of the `cpaudit` command: runs the TypeScript CLI through tsx (see README, "Why tsx").
// `cpaudit import` first re-runs itself with a bounded heap (heap-limit.mjs explains why): the
// child gets the signals sent to this process (a supervisor's SIGTERM stops the import, not only
// this wrapper), ends this process the way it ended (exit status, or the same signal), and is run
// once more with a larger heap when the capped run ran out of heap (nothing was written then).
import { spawn } from 'node:child_process';
import os from 'node:os';
import { IMPORT_HEAP_MB, importHeapArgs, ranOutOfHeap, retryHeapArgs } from './heap-limit.mjs';

/** Runs node with `args`, forwarding SIGINT, SIGTERM and SIGHUP; resolves with how it ended. */
const run = (args) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const forward = (signal) => child.kill(signal);
    for (const s of signals) process.on(s, forward);
    child.on('error', reject);
    child.on('exit', (status, signal) => {
      for (const s of signals) process.off(s, forward);
      resolve({ status, signal });
    });
  });

const heapArgs = importHeapArgs(process.argv, process.execArgv, process.env.NODE_OPTIONS);
if (heapArgs) {
  let ended = await run(heapArgs);
  if (ranOutOfHeap(ended.status, ended.signal)) {
    process.stderr.write(
      `cpaudit import: ${IMPORT_HEAP_MB} MB of heap were not enough for this file (a workbook with a large shared-strings table?); ` +
        `no data was changed — importing again with a larger heap (堆内存不足，未写入数据，正以更大内存重新导入)\n`,
    );
    ended = await run(retryHeapArgs(heapArgs));
  }
  if (ended.signal) {
    process.kill(process.pid, ended.signal);
    process.exit(128 + (os.constants.signals[ended.signal] ?? 1));
  }
  process.exit(ended.status ?? 1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../apps/server/src/cli/main.ts');
