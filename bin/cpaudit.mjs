#!/usr/bin/env node
// Entry point of the `cpaudit` command: runs the TypeScript CLI through tsx (see README, "Why tsx").
// `cpaudit import` first re-runs itself with a bounded heap (heap-limit.mjs explains why).
import { spawnSync } from 'node:child_process';
import { importHeapArgs } from './heap-limit.mjs';

const heapArgs = importHeapArgs(process.argv, process.execArgv, process.env.NODE_OPTIONS);
if (heapArgs) {
  const child = spawnSync(process.execPath, heapArgs, { stdio: 'inherit' });
  if (child.error) throw child.error;
  process.exit(child.status ?? (child.signal ? 1 : 0));
}
const { register } = await import('tsx/esm/api');
register();
await import('../apps/server/src/cli/main.ts');
