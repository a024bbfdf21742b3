/**
 * The dependency rule of `packages/domain` (design/model-codebases.md §4.3: "No imports of db,
 * fs, env or http"; the clock and randomness are parameters), as functions over source text so
 * that the rule itself can be tested on made-up sources.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

/** One breach of the rule: the file, 1-based line, and what was found. */
export interface Violation {
  file: string;
  line: number;
  message: string;
}

/** The only package outside `packages/domain` that domain code may import. */
export const ALLOWED_PACKAGES: readonly string[] = ['@cpaudit/contracts'];

const DENIED_PACKAGES: readonly RegExp[] = [
  /^pg(\/|$)/,
  /^@electric-sql\//,
  /^drizzle-orm/,
  /^fastify/,
  /^@fastify\//,
  /^exceljs(\/|$)/,
  /^docx(\/|$)/,
];

const FORBIDDEN_CALLS: readonly [RegExp, string][] = [
  [/\bprocess\s*\./, 'use of process.* (environment and process state belong to apps/server)'],
  [/\bDate\s*\.\s*now\s*\(/, 'Date.now() (the clock is a parameter)'],
  [/\bnew\s+Date\s*\(\s*\)/, 'new Date() without argument (the clock is a parameter)'],
  [/\bMath\s*\.\s*random\s*\(/, 'Math.random() (randomness is a parameter)'],
];

/**
 * Replaces the text of `//` and `/* *\/` comments by spaces (keeping line breaks and offsets),
 * leaving string and template literals alone. Good enough for our own sources; a regex literal
 * containing `//` would be misread, which can only produce a false alarm, never hide code.
 */
export function stripComments(source: string): string {
  let out = '';
  let i = 0;
  let quote: string | null = null;
  while (i < source.length) {
    const ch = source[i]!;
    const next = source[i + 1];
    if (quote !== null) {
      out += ch;
      if (ch === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (ch === quote) quote = null;
      i += 1;
    } else if (ch === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') {
        out += ' ';
        i += 1;
      }
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      if (ch === '"' || ch === "'" || ch === '`') quote = ch;
      out += ch;
      i += 1;
    }
  }
  return out;
}

/** Every module specifier in `code`: static imports/exports, side-effect imports, `import()` and `require()`. */
export function importSpecifiers(code: string): { specifier: string; index: number }[] {
  const patterns = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/g,
    /\bimport\s*(['"])([^'"]+)\1/g,
    /\bimport\s*\(\s*(['"`])([^'"`]+)\1/g,
    /\brequire\s*\(\s*(['"`])([^'"`]+)\1/g,
  ];
  const found: { specifier: string; index: number }[] = [];
  for (const re of patterns) {
    for (const m of code.matchAll(re)) found.push({ specifier: m[2]!, index: m.index });
  }
  return found;
}

function lineOf(code: string, index: number): number {
  return code.slice(0, index).split('\n').length;
}

/**
 * Checks one source file of `packages/domain/src`.
 *
 * @param file absolute path of the file (used to resolve relative imports)
 * @param source its text
 * @param srcRoot absolute path of `packages/domain/src`: relative imports must stay inside it
 */
export function checkSource(file: string, source: string, srcRoot: string): Violation[] {
  const code = stripComments(source);
  const violations: Violation[] = [];
  const builtins = new Set(builtinModules);

  for (const { specifier, index } of importSpecifiers(code)) {
    const line = lineOf(code, index);
    const report = (why: string): void => {
      violations.push({ file, line, message: `import '${specifier}': ${why}` });
    };
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      const target = path.resolve(path.dirname(file), specifier);
      const rel = path.relative(srcRoot, target);
      if (rel.startsWith('..') || path.isAbsolute(rel)) report('relative import leaving packages/domain/src');
      continue;
    }
    if (specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0]!)) {
      report('Node built-in module');
    } else if (DENIED_PACKAGES.some((re) => re.test(specifier))) {
      report('database, HTTP or file-format package');
    } else if (/(^|\/)apps\//.test(specifier) || specifier.startsWith('@cpaudit/server') || specifier.startsWith('@cpaudit/web')) {
      report('application code (apps/)');
    } else if (!ALLOWED_PACKAGES.includes(specifier)) {
      report(`package outside the allow-list (${ALLOWED_PACKAGES.join(', ')})`);
    }
  }

  const lines = code.split('\n');
  lines.forEach((text, i) => {
    for (const [re, message] of FORBIDDEN_CALLS) {
      if (re.test(text)) violations.push({ file, line: i + 1, message });
    }
  });
  return violations;
}
