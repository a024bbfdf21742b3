/**
 * The merge engine: moves validated rows from a staging table into their target table by
 * natural key, set-based in SQL, and writes the change history (`{ field: [before, after] }`)
 * of every inserted or updated row in the same statement. Rows whose values equal the stored
 * ones are left alone, so importing the same file twice changes nothing (idempotent).
 * Identifiers in the SQL come from the constant specs, never from input.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';

/** Who and which import a merge writes for. */
export interface MergeContext {
  tx: Db;
  importId: number;
  userId: number | null;
  now: Date;
  /**
   * Rows the merge reads from its source (file rows less rejected ones), when known: nested loops
   * are turned off for the insert only for a large source (see `mergeInto`).
   */
  sourceRows?: number;
  /**
   * The source is one range of a file merged range by range in one transaction (PostgreSQL): each
   * statement is planned with the target as it is then, so no planner guard is needed (and turning
   * nested loops off would hash the whole, growing target once per range).
   */
  batched?: boolean;
}

/** One target table of a merge. */
export interface MergeTarget {
  table: string;
  entityType: string;
  /** Natural-key columns (all NOT NULL in the target). */
  key: string[];
  /** Columns written on insert. */
  values: string[];
  /** Columns compared and written on update (default: `values`). */
  updateValues?: string[] | undefined;
  /** SQL replacing `s."col"` on update, e.g. `coalesce(s."category", t."category")`. Constant text only. */
  updateExpr?: Record<string, string>;
  /** SQL replacing `s."col"` on insert. Constant text only. */
  insertExpr?: Record<string, string>;
  /** Rows to merge: a subquery with the key and value columns (and `enterprise_id` when the target has it). */
  source: SQL;
  /** Whether the target has an `enterprise_id` column (every table but `enterprises`). */
  hasEnterpriseId: boolean;
}

const raw = (s: string) => sql.raw(s);
const rows = async <T>(tx: Db, q: SQL): Promise<T[]> => ((await tx.execute(q)) as unknown as { rows: T[] }).rows;
const list = (cols: string[], prefix: string) => raw(cols.map((c) => `${prefix}"${c}"`).join(', '));
/** `{ col: [null, value], … }` built in one expression (no per-row jsonb_each). */
const insertChangesOf = (cols: string[], prefix: string) =>
  raw(`json_build_object(${cols.map((c) => `'${c}', json_build_array(null, ${prefix}"${c}")`).join(', ')})`);
/**
 * `{ col: [before, after], … }` of the columns whose value changed, built in one expression per
 * row (no per-row jsonb_each): each column contributes its pair when its JSON value differs, and
 * `'{}'` otherwise.
 */
const updateChangesOf = (cols: string[], before: string, after: string) =>
  raw(
    `(${cols
      .map((c) => {
        const b = `to_jsonb(${before}"${c}")`;
        const a = `to_jsonb(${after}"${c}")`;
        return `case when ${b} is distinct from ${a} then jsonb_build_object('${c}', jsonb_build_array(${b}, ${a})) else '{}'::jsonb end`;
      })
      .join(' || ')})::json`,
  );

/**
 * Updates the changed rows and inserts the new ones of `t.source`, recording their history, in one
 * statement: the source is computed once (a materialised CTE) and both changes see the target as
 * it was before the statement (the update touches rows whose key exists, the insert the others).
 * @returns the number of rows inserted and updated.
 */
export async function mergeInto(ctx: MergeContext, t: MergeTarget): Promise<{ inserted: number; updated: number }> {
  const { tx, importId, userId, now } = ctx;
  const table = raw(`"${t.table}"`);
  const keyMatch = raw(t.key.map((k) => `t."${k}" = s."${k}"`).join(' and '));
  const upd = t.updateValues ?? t.values;
  const uExpr = (v: string) => t.updateExpr?.[v] ?? `s."${v}"`;
  const iExpr = (v: string) => t.insertExpr?.[v] ?? `s."${v}"`;
  const setList = raw(upd.map((v) => `"${v}" = ${uExpr(v)}`).join(', '));
  const entExpr = t.hasEnterpriseId ? raw('t.enterprise_id') : raw('t.id');
  const insertEnt = t.hasEnterpriseId ? raw('ins.enterprise_id') : raw('ins.id');
  const allCols = [...new Set([...(t.hasEnterpriseId ? ['enterprise_id'] : []), ...t.key, ...t.values])];

  // The insert reads its own target in `not exists`. When the target is empty or small as the
  // statement is planned (and its statistics say so, e.g. once it was vacuumed or analysed empty),
  // the planner picks a nested-loop anti join that scans the target once per source row, and that
  // target grows with every row the statement inserts (rows invisible to the statement are still
  // read): quadratic. On PostgreSQL with `permits` vacuumed empty, 100,000 permits took 139 s of
  // server CPU (635 s under EXPLAIN ANALYZE on a loaded machine) instead of 2.5-5 s. Without nested
  // loops for this statement the anti join hashes the target once, as it was before the statement.
  // Only when the planner believes the target small (`reltuples` under 1,000, or -1: never
  // analysed) and the source is large (1,000 rows or more, or not known): a target it knows to be
  // large keeps its index nested loop, and a small file (whose statement also joins `enterprises`
  // for its ids) keeps its index probes — the quadratic cost needs many source rows.
  const guarded = !ctx.batched && !(ctx.sourceRows !== undefined && ctx.sourceRows < 1000);
  const [prev] = guarded
    ? await rows<{ v: string; small: boolean }>(
        tx,
        sql`select current_setting('enable_nestloop') as v, coalesce((select c.reltuples < 1000 from pg_class c where c.oid = to_regclass(${t.table})), true) as small`,
      )
    : [{ v: '', small: false }];
  if (prev!.small) await tx.execute(sql`select set_config('enable_nestloop', 'off', true)`);
  const updCte =
    upd.length === 0
      ? sql``
      : sql`upd as (
      update ${table} t set ${setList}, import_id = ${importId}, updated_at = ${now}
      from src s, ${table} old
      where old.id = t.id and ${keyMatch} and (${list(upd, 'old.')}) is distinct from (${raw(upd.map(uExpr).join(', ').replaceAll('t."', 'old."'))})
      returning t.id, ${entExpr} as enterprise_id, ${updateChangesOf(upd, 'old.', 't.')} as changes
    ),`;
  const updHistory =
    upd.length === 0 ? sql`` : sql`select ${now}::timestamptz, ${userId}::int, ${importId}::int, ${t.entityType}::text, upd.id, upd.enterprise_id, 'update', upd.changes from upd union all`;
  const r = await rows<{ inserted: number; updated: number }>(
    tx,
    sql`
    with src as materialized (select * from ${t.source} s0), ${updCte}
    ins as (
      insert into ${table} (${list(allCols, '')}, import_id, created_at, updated_at)
      select ${raw(allCols.map(iExpr).join(', '))}, ${importId}, ${now}, ${now}
      from src s
      where not exists (select 1 from ${table} t where ${keyMatch})
      returning id, ${t.hasEnterpriseId ? raw('enterprise_id') : raw('id as enterprise_id')}, ${insertChangesOf(t.values, '')} as changes
    ), hist as (
      insert into change_history (at, user_id, import_id, entity_type, entity_id, enterprise_id, action, changes)
      ${updHistory}
      select ${now}::timestamptz, ${userId}::int, ${importId}::int, ${t.entityType}::text, ins.id, ${insertEnt}, 'insert', ins.changes from ins
      returning action
    )
    select count(*) filter (where action = 'insert')::int as inserted, count(*) filter (where action = 'update')::int as updated from hist`,
  );
  if (prev!.small) await tx.execute(sql`select set_config('enable_nestloop', ${prev!.v}, true)`);
  return { inserted: r[0]?.inserted ?? 0, updated: r[0]?.updated ?? 0 };
}
