#!/usr/bin/env node
// Entry point of the `cpaudit` command: runs the TypeScript CLI through tsx (see README, "Why tsx").
import { register } from 'tsx/esm/api';

register();
await import('../apps/server/src/cli/main.ts');
