/** Helpers shared by the benchmarks: timing, medians, results file, child processes, PostgreSQL databases. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const resultsFile = fileURLToPath(new URL('./results/latest.json', import.meta.url));

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const round = (x: number, digits = 2): number => +x.toFixed(digits);
export const mb = (bytes: number): number => Math.round(bytes / 1e6);
export const tmpDir = (prefix = 'cpaudit-bench-'): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
export const log = (msg: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
};

export async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

/** bench/results/latest.json as last written (`{}` when absent or unreadable). */
export function readResults(): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Merges `sections` into bench/results/latest.json (other sections are kept) and returns the whole file. */
export function mergeResults(sections: Record<string, unknown>): Record<string, unknown> {
  const current = readResults();
  const next = { ...current, at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, ...sections };
  fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
  fs.writeFileSync(resultsFile, `${JSON.stringify(next, null, 2)}\n`);
  return next;
}

/** What a child process reported on its last stdout line (JSON), with its exit status. */
export interface ChildReport {
  code: number;
  report: Record<string, unknown> | null;
  stderrTail: string;
}

/**
 * Runs a TypeScript file in a fresh Node process (same tsx loader as this one) so that its peak
 * RSS is its own. `env` is added to this process's environment (e.g. NODE_OPTIONS).
 */
export async function runChild(file: string, args: string[], env: Record<string, string> = {}): Promise<ChildReport> {
  const child = spawn(process.execPath, [...process.execArgv, file, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 20_000) err = err.slice(-10_000);
    process.stderr.write(d);
  });
  const code: number = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1))));
  const last = out.trim().split('\n').pop() ?? '';
  let report: Record<string, unknown> | null = null;
  try {
    report = JSON.parse(last) as Record<string, unknown>;
  } catch {
    report = null;
  }
  return { code, report, stderrTail: err.slice(-2000) };
}

/** The URL of database `name` on the server of `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on the admin database (CREATE/DROP DATABASE cannot run in a transaction or pool helper). */
export async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  await adminQuery(adminUrl, `drop database if exists "${name}"`);
  await adminQuery(adminUrl, `create database "${name}"${template ? ` template "${template}"` : ''}`);
  return databaseUrl(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
}
