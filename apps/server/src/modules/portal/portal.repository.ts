/**
 * Storage of the public portal's content (issue 8 §4): policies and news (`portal_articles`),
 * the technology directory (`portal_technologies`) and cases (`portal_cases`), the public search
 * and the open-data reads. All SQL is parameterised; table and column names come only from the
 * fixed {@link specs} below, never from input.
 */
import type { Article, Case, OpenDataQuery, PortalCollection, PortalItem, PortalListQuery, PublicStats, SearchHit, Technology } from '@cpaudit/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { filesOf } from './portal.files.ts';

/** Columns of a collection: camelCase field -> snake_case column. */
interface Spec {
  table: string;
  fields: Record<string, string>;
  /** Title column (name for technologies and cases). */
  title: string;
  /** Newest first: the public order. */
  order: string;
}

const common = { id: 'id', status: 'status', isDemo: 'is_demo', version: 'version', updatedAt: 'updated_at' };

/** The fixed table and column names of each collection. */
export const specs: Record<PortalCollection, Spec> = {
  articles: {
    table: 'portal_articles',
    fields: { ...common, kind: 'kind', title: 'title', body: 'body', category: 'category', source: 'source', attachments: 'attachments', publishedOn: 'published_on' },
    title: 'title',
    order: 'published_on desc nulls last, id desc',
  },
  technologies: {
    table: 'portal_technologies',
    fields: { ...common, name: 'name', industry: 'industry', description: 'description', applicableScope: 'applicable_scope', benefits: 'benefits', source: 'source', year: 'year' },
    title: 'name',
    order: 'year desc nulls last, id desc',
  },
  cases: {
    table: 'portal_cases',
    fields: { ...common, name: 'name', enterpriseName: 'enterprise_name', industry: 'industry', description: 'description', options: 'options', benefits: 'benefits', source: 'source' },
    title: 'name',
    order: 'id desc',
  },
};

/** Type of each collection's item. */
export interface ItemOf {
  articles: Article;
  technologies: Technology;
  cases: Case;
}

const WRITABLE = new Set(['kind', 'title', 'body', 'category', 'source', 'attachments', 'publishedOn', 'name', 'industry', 'description', 'applicableScope', 'benefits', 'year', 'enterpriseName', 'options']);

/**
 * `s` made literal for `ILIKE … ESCAPE '\'`: `\`, `%` and `_` are escaped, so a user's `50%`
 * matches the text "50%" and not "50 anything". Example: `a_b%` → `a\_b\%`.
 */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function selectList(spec: Spec): SQL {
  return sql.raw(Object.entries(spec.fields).map(([f, c]) => `${c} as "${f}"`).join(', '));
}

function toItem<C extends PortalCollection>(row: Record<string, unknown>): ItemOf[C] {
  const out: Record<string, unknown> = { ...row };
  out.updatedAt = new Date(row.updatedAt as string | Date).toISOString();
  if ('year' in out && out.year !== null) out.year = Number(out.year);
  if ('attachments' in out && typeof out.attachments === 'string') out.attachments = JSON.parse(out.attachments);
  return out as unknown as ItemOf[C];
}

/** Articles get their uploaded `files` (one query for the page); other collections pass through. */
async function withFiles<C extends PortalCollection>(database: Database | Db, c: C, items: ItemOf[C][]): Promise<ItemOf[C][]> {
  if (c !== 'articles' || items.length === 0) return items;
  const db = 'rows' in database ? database.db : database;
  const files = await filesOf(db, items.map((i) => i.id));
  return items.map((i) => ({ ...i, files: files.get(i.id) ?? [] }));
}

function filters(c: PortalCollection, q: Partial<PortalListQuery>, publicOnly: boolean): SQL {
  const parts: SQL[] = [sql`true`];
  if (publicOnly) parts.push(sql`status = 'published'`);
  if (c === 'articles' && q.kind) parts.push(sql`kind = ${q.kind}`);
  if (c === 'articles' && q.category) parts.push(sql`category = ${q.category}`);
  if (c !== 'articles' && q.industry) parts.push(sql`industry = ${q.industry}`);
  if (q.q) parts.push(sql`${sql.raw(specs[c].title)} ilike ${`%${escapeLike(q.q)}%`} escape '\\'`);
  return sql.join(parts, sql` and `);
}

/**
 * One page of a collection. Public (`publicOnly`): published items only, newest publication first;
 * console: every item, most recently changed first (a new draft shows at the top).
 */
export async function listItems<C extends PortalCollection>(
  database: Database,
  c: C,
  q: PortalListQuery,
  publicOnly: boolean,
): Promise<{ data: ItemOf[C][]; total: number }> {
  const spec = specs[c];
  const where = filters(c, q, publicOnly);
  const [rows, count] = await Promise.all([
    database.rows<Record<string, unknown>>(
      sql`select ${selectList(spec)} from ${sql.raw(spec.table)} where ${where} order by ${sql.raw(publicOnly ? spec.order : 'updated_at desc, id desc')} limit ${q.pageSize} offset ${(q.current - 1) * q.pageSize}`,
    ),
    database.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(spec.table)} where ${where}`),
  ]);
  return { data: await withFiles(database, c, rows.map((r) => toItem<C>(r))), total: Number(count[0]!.n) };
}

/** One item, or null (drafts only when `publicOnly` is false). */
export async function findItem<C extends PortalCollection>(database: Database | Db, c: C, id: number, publicOnly: boolean): Promise<ItemOf[C] | null> {
  const spec = specs[c];
  const q = sql`select ${selectList(spec)} from ${sql.raw(spec.table)} where id = ${id} ${publicOnly ? sql`and status = 'published'` : sql``}`;
  const rows = 'rows' in database ? await database.rows<Record<string, unknown>>(q) : ((await database.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;
  return rows[0] ? (await withFiles(database, c, [toItem<C>(rows[0])]))[0]! : null;
}

function valueSql(field: string, v: unknown): SQL {
  if (field === 'attachments') return sql`${JSON.stringify(v ?? [])}::jsonb`;
  return sql`${v ?? null}`;
}

/** Inserts a draft; returns its id. `isDemo` marks demonstration content. */
export async function insertItem(tx: Db, c: PortalCollection, values: Record<string, unknown>, userId: number | null, now: Date, extra: { status?: 'draft' | 'published'; isDemo?: boolean } = {}): Promise<number> {
  const spec = specs[c];
  const fields = Object.keys(values).filter((f) => WRITABLE.has(f) && spec.fields[f] && values[f] !== undefined);
  const cols = [...fields.map((f) => spec.fields[f]!), 'status', 'is_demo', 'created_by', 'created_at', 'updated_at'];
  const vals = [...fields.map((f) => valueSql(f, values[f])), sql`${extra.status ?? 'draft'}`, sql`${extra.isDemo ?? false}`, sql`${userId}`, sql`${now}`, sql`${now}`];
  const rows = (await tx.execute(
    sql`insert into ${sql.raw(spec.table)} (${sql.raw(cols.join(', '))}) values (${sql.join(vals, sql`, `)}) returning id`,
  )) as unknown as { rows: { id: number }[] };
  return Number(rows.rows[0]!.id);
}

/**
 * Applies `set` (writable fields and/or status, publishedOn) when the row still has `version`;
 * bumps the version and `updated_at`.
 * @throws {AppError} NOT_FOUND when the item does not exist; CONFLICT when its version moved on
 *   (someone else saved in between: reload and edit again).
 */
export async function updateItem(tx: Db, c: PortalCollection, id: number, version: number, set: Record<string, unknown>, now: Date): Promise<void> {
  const spec = specs[c];
  const parts: SQL[] = [];
  for (const [f, v] of Object.entries(set)) {
    if (v === undefined) continue;
    if (f === 'status') parts.push(sql`status = ${v}`);
    else if (WRITABLE.has(f) && spec.fields[f]) parts.push(sql`${sql.raw(spec.fields[f]!)} = ${valueSql(f, v)}`);
  }
  parts.push(sql`version = version + 1`, sql`updated_at = ${now}`);
  const res = (await tx.execute(
    sql`update ${sql.raw(spec.table)} set ${sql.join(parts, sql`, `)} where id = ${id} and version = ${version} returning id`,
  )) as unknown as { rows: unknown[] };
  if (res.rows.length === 1) return;
  const exists = (await tx.execute(sql`select version from ${sql.raw(spec.table)} where id = ${id}`)) as unknown as { rows: { version: number }[] };
  if (!exists.rows[0]) throw new AppError('NOT_FOUND', '内容不存在');
  throw new AppError('CONFLICT', `该内容已被他人修改（当前版本 ${exists.rows[0].version}，您提交的版本 ${version}），请刷新后重新编辑`, {
    currentVersion: Number(exists.rows[0].version),
  });
}

/**
 * Public search over published policies, news, technologies and cases: a case-insensitive literal
 * substring match (`ILIKE '%…%'` with `%`/`_` escaped) on title/name and the main text. Chinese has
 * no word boundaries, so substring matching finds what full-text search without a Chinese parser
 * would miss. Hits are ordered by date (newest first), then type and id.
 *
 * Enterprises of the published audit lists are hits of type `listedEnterprise` (id: the audit),
 * found by name or by exact credit code, so that a citizen finds an enterprise; the snippet gives
 * the credit code, the city, the list year and the 文号.
 */
export async function searchPublic(database: Database, q: string, current: number, pageSize: number): Promise<{ data: SearchHit[]; total: number }> {
  const pattern = `%${escapeLike(q)}%`;
  const like = (col: string) => sql`${sql.raw(col)} ilike ${pattern} escape '\\'`;
  const snip = (col: string) => sql`substr(${sql.raw(col)}, greatest(1, strpos(lower(${sql.raw(col)}), lower(${q})) - 30), 140)`;
  const union = sql`
    select kind as type, id, title, ${snip('body')} as snippet, published_on::text as date
      from portal_articles where status = 'published' and (${like('title')} or ${like('body')} or ${like('category')})
    union all
    select 'technology', id, name, ${snip("(description || ' ' || benefits)")}, case when year is null then null else year::text end
      from portal_technologies where status = 'published' and (${like('name')} or ${like('description')} or ${like('industry')} or ${like('applicable_scope')} or ${like('benefits')})
    union all
    select 'case', id, name, ${snip("(description || ' ' || options)")}, null
      from portal_cases where status = 'published' and (${like('name')} or ${like('description')} or ${like('industry')} or ${like('options')} or ${like("coalesce(enterprise_name, '')")})
    union all
    select 'listedEnterprise', a.id, e.name, e.uscc || ' · ' || dc.name || ' · ' || a.list_year::text || '年名单 · ' || a.document_no, a.published_at::text
      from audits a join enterprises e on e.id = a.enterprise_id join divisions dc on dc.code = a.city_code
      where a.publication_id is not null and (${like('e.name')} or e.uscc = ${q.trim().toUpperCase()})`;
  const [rows, count] = await Promise.all([
    database.rows<{ type: SearchHit['type']; id: number; title: string; snippet: string | null; date: string | null }>(
      sql`select * from (${union}) h order by date desc nulls last, type, id limit ${pageSize} offset ${(current - 1) * pageSize}`,
    ),
    database.rows<{ n: number }>(sql`select count(*)::int as n from (${union}) h`),
  ]);
  return {
    data: rows.map((r) => ({ type: r.type, id: Number(r.id), title: r.title, snippet: (r.snippet ?? '').replace(/\s+/g, ' ').trim(), date: r.date })),
    total: Number(count[0]!.n),
  };
}

/**
 * Open data: published items updated at or after `updatedSince`, oldest change first (stable
 * order `updated_at, id`, so a client can page through and remember the last `updatedAt`).
 */
export async function openDataPage<C extends PortalCollection>(database: Database, c: C, q: OpenDataQuery): Promise<{ data: ItemOf[C][]; total: number }> {
  const spec = specs[c];
  const since = q.updatedSince ? sql`and updated_at >= ${parseSince(q.updatedSince)}` : sql``;
  const where = sql`status = 'published' ${since}`;
  const [rows, count] = await Promise.all([
    database.rows<Record<string, unknown>>(
      sql`select ${selectList(spec)} from ${sql.raw(spec.table)} where ${where} order by updated_at, id limit ${q.pageSize} offset ${(q.current - 1) * q.pageSize}`,
    ),
    database.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(spec.table)} where ${where}`),
  ]);
  return { data: await withFiles(database, c, rows.map((r) => toItem<C>(r))), total: Number(count[0]!.n) };
}

/** Every published item of a collection (CSV download), in open-data order. */
export async function allPublished<C extends PortalCollection>(database: Database, c: C): Promise<ItemOf[C][]> {
  const spec = specs[c];
  const rows = await database.rows<Record<string, unknown>>(sql`select ${selectList(spec)} from ${sql.raw(spec.table)} where status = 'published' order by updated_at, id limit 100000`);
  return withFiles(database, c, rows.map((r) => toItem<C>(r)));
}

/**
 * `updatedSince` as a Date: a bare date is midnight in Beijing time (+08:00); a date-time without
 * an offset is Beijing time too.
 * @throws {AppError} VALIDATION_FAILED for an impossible date (e.g. 2026-02-30).
 */
export function parseSince(s: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00+08:00` : /(Z|[+-]\d{2}:\d{2})$/.test(s) ? s : `${s}+08:00`;
  const d = new Date(iso);
  const [y, m, day] = s.slice(0, 10).split('-').map(Number);
  const check = new Date(Date.UTC(y!, m! - 1, day!));
  if (Number.isNaN(d.getTime()) || check.getUTCMonth() !== m! - 1 || check.getUTCDate() !== day) {
    throw new AppError('VALIDATION_FAILED', `updatedSince 不是有效的日期：${s}`, { field: 'updatedSince' });
  }
  return d;
}

export type { PortalItem };

const STATS_NOTE = '按已公布的清洁生产审核企业名单统计：列入名单企业数（强制性、自愿性）、已依法披露企业数和已通过验收企业数。';
const STATS_EMPTY_NOTE = '名单公布后，此处按设区市和行业统计已公布的审核企业数量。';

/**
 * Public statistics (issue 8 §4, 清洁生产审核办法 art. 14): the published audits of the latest list
 * year that has a publication, counted by city and by key industry — listed (mandatory, voluntary),
 * disclosed (`disclosed_on` set) and accepted (state `accepted`). Only audits created by a
 * publication are counted, so nothing unpublished leaks; rows are sorted by city code and by
 * catalogue key (enterprises outside the catalogue last, key `''`).
 */
export async function publicStats(database: Database): Promise<PublicStats> {
  const [latest] = await database.rows<{ y: number | null }>(sql`select max(list_year)::int as y from audit_list_publications`);
  const year = latest?.y ?? null;
  if (year === null) return { available: false, year: null, byCity: [], byIndustry: [], note: STATS_EMPTY_NOTE };
  const counts = sql`count(*)::int as listed,
    count(*) filter (where a.audit_type = 'mandatory')::int as mandatory,
    count(*) filter (where a.audit_type = 'voluntary')::int as voluntary,
    count(*) filter (where a.state <> 'listed' or a.disclosed_on is not null)::int as disclosed,
    count(*) filter (where a.state = 'accepted')::int as accepted`;
  type Counts = { listed: number; mandatory: number; voluntary: number; disclosed: number; accepted: number };
  const pick = (r: Counts) => ({ listed: r.listed, mandatory: r.mandatory, voluntary: r.voluntary, disclosed: r.disclosed, accepted: r.accepted });
  const byCity = await database.rows<Counts & { city_code: string; city_name: string }>(sql`
    select a.city_code, d.name as city_name, ${counts}
    from audits a join audit_list_publications p on p.id = a.publication_id join divisions d on d.code = a.city_code
    where a.list_year = ${year}
    group by a.city_code, d.name order by a.city_code`);
  const byIndustry = await database.rows<Counts & { industry: string; industry_name: string | null }>(sql`
    select coalesce(a.key_industry, '') as industry, min(k.name_zh) as industry_name, ${counts}
    from audits a join audit_list_publications p on p.id = a.publication_id left join key_industries k on k.key = a.key_industry
    where a.list_year = ${year}
    group by coalesce(a.key_industry, '') order by coalesce(a.key_industry, '') = '', min(k.sort_order), 1`);
  return {
    available: true,
    year,
    byCity: byCity.map((r) => ({ cityCode: r.city_code, cityName: r.city_name, ...pick(r) })),
    byIndustry: byIndustry.map((r) => ({ industry: r.industry, industryName: r.industry_name ?? '其他行业', ...pick(r) })),
    note: STATS_NOTE,
  };
}
