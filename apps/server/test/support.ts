/**
 * Test support: a fresh database per test file (PGlite from the template image, or a PostgreSQL
 * database created from the template database), the app built in-process, and a logged-in agent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import type { AuditState } from '@cpaudit/domain';
import { inject } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { DEMO_PASSWORD } from '../src/db/demo.ts';
import { parseEnv, type Env } from '../src/env.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { argon2Hasher } from '../src/platform/passwords.ts';

export type BackendKind = 'pglite' | 'postgres';

/** The backends integration tests run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const backends: BackendKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export { DEMO_PASSWORD };

/** A fresh database for one test file. */
export async function openTestDatabase(kind: BackendKind): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const image = fs.readFileSync(inject('pgliteTemplate'));
    const database = await openDatabase({ kind: 'pglite', loadDataDir: new Blob([image]) });
    return { database, drop: () => database.close() };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const template = inject('pgTemplateDb');
  if (!template) throw new Error('PostgreSQL template database missing');
  const name = `cpaudit_t_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: u.toString(), poolMax: 4 });
  return {
    database,
    drop: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** An app over a fresh database, with a manual clock. */
export interface TestApp {
  app: FastifyInstance;
  database: Database;
  clock: ManualClock;
  env: Env;
  close(): Promise<void>;
  /** Logs in (demo password unless given) and returns an agent that sends the cookie and CSRF token. */
  login(username: string, password?: string): Promise<Agent>;
}

/** A logged-in client: cookie and CSRF token attached to each request. */
export interface Agent {
  cookie: string;
  csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body: unknown): Promise<LightMyRequestResponse>;
  put(url: string, body: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export async function createTestApp(kind: BackendKind, envOverrides: Record<string, string> = {}): Promise<TestApp> {
  const { database, drop } = await openTestDatabase(kind);
  // Each test app gets its own document folder, removed at close.
  const documentsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpaudit-test-docs-'));
  const env = parseEnv({ NODE_ENV: 'test', WEB_DIST_DIR: '/nonexistent', LOGIN_RATE_PER_MINUTE: '10000', PUBLIC_RATE_PER_MINUTE: '100000', REGISTRATION_RATE_PER_HOUR: '10000', DOCUMENTS_DIR: documentsDir, ...envOverrides });
  const clock = new ManualClock('2026-03-02T09:00:00+08:00');
  const app = await buildApp({ env, database, clock, hasher: argon2Hasher });
  const agentOf = (cookie: string, csrf: string): Agent => ({
    cookie,
    csrf,
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, body, headers = {}) =>
      app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      }),
    patch: (url, body) =>
      app.inject({ method: 'PATCH', url, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
    put: (url, body) =>
      app.inject({ method: 'PUT', url, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
    delete: (url) => app.inject({ method: 'DELETE', url, headers: { cookie, 'x-csrf-token': csrf } }),
  });
  return {
    app,
    database,
    clock,
    env,
    close: async () => {
      await app.close();
      await drop();
      fs.rmSync(documentsDir, { recursive: true, force: true });
    },
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const setCookie = res.headers['set-cookie'];
      const raw = Array.isArray(setCookie) ? setCookie[0]! : String(setCookie);
      return agentOf(raw.split(';')[0]!, res.json().csrfToken as string);
    },
  };
}

/** A multipart/form-data body with one `file` field holding `content` named `fileName` (UTF-8 names as browsers send them). */
export function multipart(fileName: string, content: Buffer): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----cpaudit' + crypto.randomBytes(8).toString('hex');
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** qy_demo's enterprise (the demo's enterprise account, 南宁) and its first audit (lowest id). */
export interface DemoAudit {
  auditId: number;
  enterpriseId: number;
  enterpriseName: string;
  /** 统一社会信用代码 of the enterprise. */
  uscc: string;
}

/**
 * The audit most tests act on: the first audit (lowest id) of qy_demo's enterprise in the demo data.
 * @throws Error when the demo data has no such audit
 */
export async function qyDemoAudit(database: Database): Promise<DemoAudit> {
  const [a] = await database.rows<{ id: number; name: string; enterprise_id: number; uscc: string }>(
    sql`select a.id, e.name, e.id as enterprise_id, e.uscc from audits a join enterprises e on e.id = a.enterprise_id
        join orgs o on o.enterprise_id = e.id join users u on u.org_id = o.id where u.username = 'qy_demo' order by a.id limit 1`,
  );
  if (!a) throw new Error('the demo data has no audit of qy_demo\'s enterprise');
  return { auditId: a.id, enterpriseId: a.enterprise_id, enterpriseName: a.name, uscc: a.uscc };
}

/**
 * Test set-up that bypasses the workflow: puts the audits `ids` in `state`, with further column
 * assignments `also` in the same update (e.g. sql`key_industry = 'chemical'`, sql`version = version + 1`).
 */
export async function putAuditsInState(database: Database, ids: readonly number[], state: AuditState, ...also: SQL[]): Promise<void> {
  const set = sql.join([sql`state = ${state}`, ...also], sql`, `);
  await database.rows(sql`update audits set ${set} where id in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
}
