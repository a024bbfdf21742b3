import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkSource, stripComments } from './dependency-rule.ts';

const srcRoot = fileURLToPath(new URL('../src', import.meta.url));

function domainSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return domainSourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('dependency rule of packages/domain/src', () => {
  const files = domainSourceFiles(srcRoot);

  it('when the source tree is walked, then it finds the domain modules', () => {
    const rel = files.map((f) => path.relative(srcRoot, f).split(path.sep).join('/'));
    expect(rel).toEqual(expect.arrayContaining(['index.ts', 'codes/uscc.ts', 'access/can.ts', 'divisions/divisions.ts']));
  });

  it('when every non-test .ts file is checked, then there is no violation', () => {
    const violations = files.flatMap((f) => checkSource(f, readFileSync(f, 'utf8'), srcRoot));
    expect(violations).toEqual([]);
  });
});

describe('checkSource catches what it must', () => {
  const file = path.join(srcRoot, 'calendar', 'x.ts');
  it.each([
    ['when a file imports node:fs, then violation', `import { readFileSync } from 'node:fs';`, 1],
    ['when a file imports fs without prefix, then violation', `import fs from 'fs';`, 1],
    ['when a file imports fs/promises, then violation', `import { readFile } from 'fs/promises';`, 1],
    ['when a file imports crypto, then violation', `import { randomUUID } from 'crypto';`, 1],
    ['when a file imports child_process, then violation', `import { exec } from 'child_process';`, 1],
    ['when a file imports path, then violation', `import * as path from 'path';`, 1],
    ['when a file imports http, then violation', `import http from 'http';`, 1],
    ['when a file imports os, then violation', `import os from 'os';`, 1],
    ['when a file imports net, then violation', `import net from 'net';`, 1],
    ['when a file imports pg, then violation', `import pg from 'pg';`, 1],
    ['when a file imports @electric-sql/pglite, then violation', `import { PGlite } from '@electric-sql/pglite';`, 1],
    ['when a file imports drizzle-orm/pg-core, then violation', `import { pgTable } from 'drizzle-orm/pg-core';`, 1],
    ['when a file imports fastify, then violation', `import Fastify from 'fastify';`, 1],
    ['when a file imports @fastify/cookie, then violation', `import cookie from '@fastify/cookie';`, 1],
    ['when a file imports exceljs, then violation', `import ExcelJS from 'exceljs';`, 1],
    ['when a file imports docx, then violation', `import { Document } from 'docx';`, 1],
    ['when a file imports zod directly, then violation (not on the allow-list)', `import { z } from 'zod';`, 1],
    ['when a file imports from apps/server, then violation', `import { env } from '../../../../apps/server/src/env.ts';`, 1],
    ['when a file imports @cpaudit/server, then violation', `import { x } from '@cpaudit/server';`, 1],
    ['when a file imports a relative path leaving src, then violation', `import cases from '../../test/fixtures/uscc.json';`, 1],
    ['when a file re-exports from a node builtin, then violation', `export { readFile } from 'node:fs/promises';`, 1],
    ['when a file dynamically imports a builtin, then violation', `const fs = await import('node:fs');`, 1],
    ['when a file requires a builtin, then violation', `const fs = require('fs');`, 1],
    ['when a file has a side-effect import of a package, then violation', `import 'dotenv/config';`, 1],
    ['when a file reads process.env, then violation', `const url = process.env.DATABASE_URL;`, 1],
    ['when a file calls Date.now(), then violation', `const t = Date.now();`, 1],
    ['when a file calls new Date() without argument, then violation', `const today = new Date();`, 1],
    ['when a file calls new Date( ) with spaces, then violation', `const today = new Date( );`, 1],
    ['when a file calls Math.random(), then violation', `const r = Math.random();`, 1],
    ['when a multi-line import names a builtin, then violation', `import {\n  readFile,\n} from 'node:fs';`, 1],
    ['when a file imports contracts and a sibling, then no violation', `import type { Role } from '@cpaudit/contracts';\nimport { x } from '../codes/uscc.ts';`, 0],
    ['when a file constructs a date from explicit parts, then no violation', `const d = new Date(Date.UTC(2021, 8, 1));`, 0],
    ['when process and Date.now() appear only in comments, then no violation', `/** the simplified process. Date.now() */\n// new Date() process.env\nconst x = 1;`, 0],
  ])('%s', (_name, source, count) => {
    expect(checkSource(file, source, srcRoot)).toHaveLength(count);
  });

  it('when comments are stripped, then strings and line breaks are kept', () => {
    expect(stripComments(`const a = '//not'; // gone\n/* x\n y */b`)).toBe(`const a = '//not';        \n    \n     b`);
  });
});
