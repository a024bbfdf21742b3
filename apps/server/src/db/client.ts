/**
 * Opens the database: embedded PGlite (a folder, or a loaded data-dir image for tests) or a
 * PostgreSQL pool. Both give the same Drizzle API over the same schema and migrations.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import * as schema from './schema.ts';

/** The Drizzle database, whichever the driver. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Where committed SQL migrations live. */
export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** An open database with its driver kind, a raw-rows helper and `close()`. */
export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs a query and returns its rows (both drivers return `{ rows }`). */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** Applies pending migrations under an advisory lock (safe with several instances). */
  migrate(): Promise<{ applied: number }>;
  /** Tags of committed migrations not yet applied. */
  pendingMigrations(): Promise<string[]>;
  /**
   * PostgreSQL only: runs `copySql` (`COPY t (cols) FROM STDIN`, text format) on the connection of
   * the Drizzle transaction `tx` and streams `chunks` (text-format lines, see `copyTextField` in
   * bulk.ts) into it; resolves when the server has taken every row, rejects with the server's error
   * (the transaction is then aborted). Absent on PGlite (use `json_to_recordset` there).
   */
  copyIn?(tx: Db, copySql: string, chunks: Iterable<string>): Promise<void>;
  /** For PGlite: an uncompressed image of the data directory (used for test templates). */
  dumpDataDir?(): Promise<Blob>;
  close(): Promise<void>;
}

// Read `date` (1082) as 'YYYY-MM-DD' and `timestamp` without zone (1114) as text: never shift by
// the process time zone (node-postgres #818, #1071).
pg.types.setTypeParser(1082, (v) => v);
pg.types.setTypeParser(1114, (v) => v);

const MIGRATION_LOCK_KEY = 4_520_000_001; // arbitrary, constant: "45" for Guangxi

function makeRows(db: Db) {
  return async <T>(query: SQL): Promise<T[]> => {
    const result = (await db.execute(query)) as unknown as { rows: T[] };
    return result.rows;
  };
}

async function listPending(rows: <T>(q: SQL) => Promise<T[]>): Promise<string[]> {
  const files = readMigrationFiles({ migrationsFolder });
  const journal = JSON.parse(fs.readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: { tag: string; when: number }[];
  };
  const exists = await rows<{ t: string | null }>(sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  let last = -1;
  if (exists[0]?.t) {
    const r = await rows<{ m: string | null }>(sql`select max(created_at)::text as m from drizzle.__drizzle_migrations`);
    last = r[0]?.m ? Number(r[0].m) : -1;
  }
  return files
    .filter((f) => f.folderMillis > last)
    .map((f) => journal.entries.find((e) => e.when === f.folderMillis)?.tag ?? String(f.folderMillis));
}

/** Options of {@link openDatabase}. */
export type OpenOptions =
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob }
  | { kind: 'postgres'; url: string; poolMax?: number; onPoolError?: (err: Error) => void };

/**
 * Opens a database.
 * - `pglite` with `dataDir`: persisted to that folder (created if missing); without it, in memory.
 * - `postgres`: a `pg.Pool` of `poolMax` connections.
 */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.kind === 'pglite') {
    if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
    const releaseLock = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
    const client = await PGlite.create({
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
    const db = drizzlePglite({ client, schema }) as unknown as Db;
    const rows = makeRows(db);
    return {
      kind: 'pglite',
      db,
      rows,
      async migrate() {
        const before = (await listPending(rows)).length;
        await migratePglite(db as never, { migrationsFolder });
        return { applied: before };
      },
      pendingMigrations: () => listPending(rows),
      dumpDataDir: async () => (await client.dumpDataDir('none')) as Blob,
      close: async () => {
        await client.close();
        releaseLock();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolMax ?? 10 });
  // Without a listener a restarting server crashes the process (stack-notes §2.14).
  pool.on('error', (err) => options.onPoolError?.(err));
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  const rows = makeRows(db);
  return {
    kind: 'postgres',
    db,
    rows,
    async migrate() {
      const conn = await pool.connect();
      try {
        await conn.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        // Everything on the connection that holds the lock (a pool of one must not deadlock).
        const onConn = drizzlePg({ client: conn }) as unknown as Db;
        const before = (await listPending(makeRows(onConn))).length;
        await migratePg(onConn as never, { migrationsFolder });
        return { applied: before };
      } finally {
        await conn.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        conn.release();
      }
    },
    pendingMigrations: () => listPending(rows),
    async copyIn(tx, copySql, chunks) {
      // Drizzle's node-postgres transaction keeps its pooled connection as `session.client`
      // (drizzle-orm 0.45, node-postgres/session.js); apps/server/test/screening.test.ts runs this
      // path on PostgreSQL and fails if an upgrade moves it.
      const client = (tx as unknown as { session?: { client?: pg.PoolClient } }).session?.client;
      if (!client || typeof client.query !== 'function' || client instanceof pg.Pool) throw new Error('copyIn: not inside a transaction of this database');
      await pipeline(Readable.from(chunks), client.query(copyFrom(copySql)));
    },
    close: () => pool.end(),
  };
}

/**
 * One process at a time may open a PGlite folder: a second one (the CLI while the server runs)
 * would work on its own copy in memory and its writes would be lost. The lock file
 * `<dir>/.cpaudit.lock` holds the owner's pid, the folder's real path and its `device:inode`; a
 * lock whose process is gone is taken over, and so is a lock written for another folder (another
 * path and another inode: the folder was copied with its lock, e.g. to try the CLI on a copy of the
 * server's data). A lock of the older one-line form is judged by its pid alone.
 *
 * The lock file is only ever created atomically and complete (written aside, then hard-linked into
 * place, which fails if it exists, like `open(O_CREAT | O_EXCL)`), so of two processes that find the
 * folder free exactly one gets it, and none ever reads a half-written lock. A stale lock is removed under a short-lived guard file
 * `<dir>/.cpaudit.lock.takeover` (itself created the same way), and only if it is still the very
 * file judged stale (same content and inode); then creation is tried again with `'wx'`. So two
 * processes taking over the same stale lock cannot both win: the later one meets the winner's
 * live lock and is refused. A guard is held for microseconds, so one is stale when its process is
 * gone, when it names this very process (a server running as pid 1 in a container that died during
 * a takeover and was restarted as pid 1 again), or when it is older than {@link GUARD_STALE_MS}
 * (its pid reused by an unrelated process). A stale guard is first renamed aside (so only one
 * process removes it) and put back if what was moved is not the guard judged stale.
 * @param dir the PGlite data folder (it exists: PGlite has created it)
 * @returns the release function (also run at process exit)
 * @throws Error naming the process that holds the folder, or when the lock stays contended for
 *   about 3 s (another process keeps taking it over).
 */
export function lockDataDir(dir: string): () => void {
  const file = `${dir}/.cpaudit.lock`;
  const guard = `${file}.takeover`;
  const here = fs.realpathSync(dir);
  const st = fs.statSync(here);
  const hereId = `${st.dev}:${st.ino}`;
  const content = `${process.pid}\n${here}\n${hereId}\n`;
  for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
    if (createExclusive(file, content)) {
      const release = () => {
        try {
          if (fs.readFileSync(file, 'utf8') === content) fs.rmSync(file, { force: true });
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    }
    const existing = readLock(file);
    if (existing === null) continue; // removed meanwhile: try to create it again
    const [pidText = '', lockedPath = '', lockedId = ''] = existing.text.split('\n').map((x) => x.trim());
    const pid = Number(pidText);
    // The same folder: no path recorded (older lock), the same real path, or the same device and
    // inode reached by another path (a bind mount): only a copy has another inode.
    const sameFolder = lockedPath === '' || lockedPath === here || lockedId === hereId;
    if (sameFolder && Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `数据库目录 ${dir} 正被进程 ${pid} 使用（服务正在运行？）。请先停止该进程，或通过控制台/API 操作。\n` +
          `The PGlite folder ${dir} is in use by process ${pid} (is the server running?): stop it first, or use the console/API.`,
      );
    }
    // Stale (or this process's own): remove it, but only under the guard and only if unchanged.
    const guardContent = `${process.pid}\n${crypto.randomBytes(8).toString('hex')}\n`;
    if (!createExclusive(guard, guardContent)) {
      const g = readLock(guard);
      if (g && isStaleGuard(g)) removeGuardIfSame(guard, g);
      else if (g) sleepSync(LOCK_RETRY_MS);
      continue;
    }
    try {
      removeIfSame(file, existing);
    } finally {
      // Only this call's own guard (its content is unique), never one another process made since.
      if (readLock(guard)?.text === guardContent) fs.rmSync(guard, { force: true });
    }
  }
  throw new Error(
    `数据库目录 ${dir} 的锁文件 ${file} 持续被其他进程争用，未能取得。\n` +
      `Could not take the lock ${file} of the PGlite folder ${dir}: other processes kept taking it over.`,
  );
}

/**
 * Attempts of {@link lockDataDir} and the pause between them while another process holds the
 * takeover guard: about 3 s in all, longer than {@link GUARD_STALE_MS}, so a guard that never goes
 * away is outwaited within one call.
 */
const LOCK_ATTEMPTS = 150;
const LOCK_RETRY_MS = 20;
/** Age (by mtime, in ms) past which a takeover guard is stale whatever its pid: a guard is held for microseconds. */
const GUARD_STALE_MS = 2000;

/**
 * Whether a takeover guard was left behind: its first line is not a pid, or names this process (which
 * is not inside a takeover, so an earlier holder of its pid died in one), or a process that is gone,
 * or it is older than {@link GUARD_STALE_MS} (its pid has been reused).
 */
function isStaleGuard(g: { text: string; mtimeMs: number }): boolean {
  const pid = Number(g.text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return true;
  return Date.now() - g.mtimeMs > GUARD_STALE_MS;
}

/**
 * Removes the takeover guard only if it is still the file `seen`. The guard is renamed aside first
 * (atomic: of several processes removing the same stale guard, one moves it); if what was moved is
 * not `seen` (another process removed the stale guard and made its own meanwhile), it is linked back
 * in place, unless yet another guard already took that place.
 */
function removeGuardIfSame(guard: string, seen: { text: string; ino: number }): void {
  const aside = `${guard}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.stale`;
  try {
    fs.renameSync(guard, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // already removed by another process
    throw err;
  }
  try {
    const moved = readLock(aside);
    if (moved && (moved.ino !== seen.ino || moved.text !== seen.text)) {
      try {
        fs.linkSync(aside, guard);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

/**
 * Creates `file` holding `content` if it does not exist; false when it exists. The content is
 * written to a private temporary file first, which is then hard-linked to `file` (`link(2)` fails
 * with EEXIST like `open(O_CREAT | O_EXCL)`): so the file never exists empty or half-written, and
 * another process never judges a lock being written as an empty, stale one.
 */
function createExclusive(file: string, content: string): boolean {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx');
  try {
    fs.writeSync(fd, content);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** A lock file's text, inode and modification time (ms since the epoch), or null when it does not exist. */
function readLock(file: string): { text: string; ino: number; mtimeMs: number } | null {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const st = fs.fstatSync(fd);
      return { text: fs.readFileSync(fd, 'utf8'), ino: st.ino, mtimeMs: st.mtimeMs };
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Removes `file` only if it is still the file `seen` (same inode and text). */
function removeIfSame(file: string, seen: { text: string; ino: number }): void {
  const now = readLock(file);
  if (now && now.ino === seen.ino && now.text === seen.text) fs.rmSync(file, { force: true });
}

/** Blocks the thread for `ms` milliseconds (the lock is taken synchronously, before the database opens). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
