/** Shared steps of the CLI commands: open the configured database, migrate, print accounts. */
import type { Env } from '../env.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { loadRefdata } from '../db/refdata.ts';
import { DEMO_PASSWORD, type DemoAccount } from '../db/demo.ts';

/** Opens the configured database (PGlite folder or PostgreSQL pool). */
export async function openConfigured(env: Env): Promise<Database> {
  return env.DATABASE_URL
    ? openDatabase({ kind: 'postgres', url: env.DATABASE_URL, poolMax: env.DB_POOL_MAX })
    : openDatabase({ kind: 'pglite', dataDir: env.PGLITE_DIR });
}

/** Applies pending migrations, then loads reference data not loaded yet. */
export async function migrateAndLoad(database: Database, log: (line: string) => void): Promise<void> {
  const { applied } = await database.migrate();
  log(applied > 0 ? `数据库迁移：已执行 ${applied} 个 (migrations applied: ${applied})` : '数据库迁移：已是最新 (migrations current)');
  const report = await loadRefdata(database.db);
  const loaded = report.filter((r) => r.loaded);
  if (loaded.length > 0) log(`参考数据已载入 (reference data loaded): ${loaded.map((r) => `${r.file} ${r.rows}`).join(', ')}`);
}

/** Prints the demo accounts table. */
export function printAccounts(accounts: DemoAccount[], log: (line: string) => void): void {
  log(`演示账号 (demo accounts), 密码 password: ${DEMO_PASSWORD}`);
  for (const a of accounts) log(`  ${a.username.padEnd(9)} ${a.role.padEnd(17)} ${a.area.padEnd(8)} ${a.orgName}`);
}

