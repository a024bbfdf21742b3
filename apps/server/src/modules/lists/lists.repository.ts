/**
 * Reads of the audit lists: list summaries and details (entries filtered by the reader's scope),
 * publications, and the published-list records used by the forms, the CLI, the public pages and the
 * exchange feed. Every query is parameterised (drizzle `sql`).
 */
import type { AuditListDetail, AuditListSummary, ListEntry, PublicListRow, Publication, PublishedListRecord } from '@cpaudit/contracts';
import { basisLabel, type AuditType, type ScopeFilter } from '@cpaudit/domain';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { scopeFilterSql } from '../../platform/scope-sql.ts';

/** Anything that runs a query and returns rows: the `Database` or a transaction adapter ({@link q}). */
export interface Q {
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
}

/** A {@link Q} over a transaction. */
export function q(tx: Db): Q {
  return { rows: async <T>(query: SQL) => ((await tx.execute(query)) as unknown as { rows: T[] }).rows };
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** Lists whose city lies in the filter's area; a county's filter reaches its city's lists. */
export function listScopeSql(filter: ScopeFilter, cityColumn: SQL): SQL {
  if (filter.kind === 'divisionPrefix') return sql`${cityColumn} like ${`${filter.prefix.slice(0, 4)}%`}`;
  return scopeFilterSql(filter, { division: cityColumn });
}

interface SummaryRow {
  id: number;
  list_year: number;
  round: number;
  city_code: string;
  city_name: string;
  status: AuditListSummary['status'];
  version: number;
  mandatory_count: number;
  voluntary_count: number;
  needs_drc: boolean;
  dee_approved_at: unknown;
  drc_approved_at: unknown;
  return_comment: string | null;
  submitted_at: unknown;
  document_no: string | null;
  published_on: string | null;
}

function summarySql(where: SQL, filter: ScopeFilter): SQL {
  const entryScope = scopeFilterSql(filter, { division: sql`e.division_code`, enterpriseId: sql`e.id` });
  return sql`
    select l.id, l.list_year, l.round, l.city_code, d.name as city_name, l.status, l.version,
      (select count(*)::int from audit_list_entries x join enterprises e on e.id = x.enterprise_id where x.list_id = l.id and x.audit_type = 'mandatory' and ${entryScope}) as mandatory_count,
      (select count(*)::int from audit_list_entries x join enterprises e on e.id = x.enterprise_id where x.list_id = l.id and x.audit_type = 'voluntary' and ${entryScope}) as voluntary_count,
      exists (select 1 from audit_list_entries x where x.list_id = l.id and 'exceedsEnergyLimit' = any(x.criteria)) as needs_drc,
      l.dee_approved_at, l.drc_approved_at, l.return_comment, l.submitted_at,
      p.document_no, p.published_on::text as published_on
    from audit_lists l join divisions d on d.code = l.city_code left join audit_list_publications p on p.id = l.publication_id
    where ${where}
    order by l.list_year desc, l.round, l.city_code`;
}

function toSummary(r: SummaryRow): AuditListSummary {
  return {
    id: r.id,
    listYear: r.list_year,
    round: r.round,
    cityCode: r.city_code,
    cityName: r.city_name,
    status: r.status,
    version: r.version,
    mandatoryCount: r.mandatory_count,
    voluntaryCount: r.voluntary_count,
    needsDrc: r.needs_drc,
    deeApproved: r.dee_approved_at !== null,
    drcApproved: r.drc_approved_at !== null,
    returnComment: r.return_comment,
    submittedAt: iso(r.submitted_at),
    documentNo: r.document_no,
    publishedOn: r.published_on,
  };
}

/** The lists visible to `filter`, newest year first, optionally of one year. */
export async function listSummaries(db: Q, filter: ScopeFilter, listYear?: number): Promise<AuditListSummary[]> {
  const where = sql`${listScopeSql(filter, sql`l.city_code`)} ${listYear === undefined ? sql`` : sql`and l.list_year = ${listYear}`}`;
  return (await db.rows<SummaryRow>(summarySql(where, filter))).map(toSummary);
}

/** One list's bare row (for authorisation and the workflow), or undefined. */
export async function findList(db: Q, id: number, forUpdate = false) {
  const [row] = await db.rows<{ id: number; list_year: number; round: number; city_code: string; status: AuditListSummary['status']; version: number; dee_approved_at: unknown; drc_approved_at: unknown }>(
    sql`select id, list_year, round, city_code, status, version, dee_approved_at, drc_approved_at from audit_lists where id = ${id} ${forUpdate ? sql`for update` : sql``}`,
  );
  return row;
}

/** A list with its entries (those inside `filter`) and its review record. */
export async function listDetail(db: Q, id: number, filter: ScopeFilter): Promise<AuditListDetail | undefined> {
  const [s] = await db.rows<SummaryRow>(summarySql(sql`l.id = ${id}`, filter));
  if (!s) return undefined;
  const entryScope = scopeFilterSql(filter, { division: sql`e.division_code`, enterpriseId: sql`e.id` });
  const entries = await db.rows<{
    id: number; enterprise_id: number; uscc: string; name: string; county_code: string; county_name: string; key_industry: string | null; industry_code: string | null;
    audit_type: AuditType; source: ListEntry['source']; criteria: string[]; reasons: unknown; evidence: unknown; remarks: string | null; planned_start: string | null; planned_finish: string | null; proposed_by: string | null;
  }>(sql`
    select x.id, x.enterprise_id, e.uscc, e.name, e.division_code as county_code, d.name as county_name, e.key_industry, e.industry_codes[1] as industry_code,
      x.audit_type, x.source, x.criteria, x.reasons, x.evidence, x.remarks, x.planned_start::text as planned_start, x.planned_finish::text as planned_finish, o.name as proposed_by
    from audit_list_entries x join enterprises e on e.id = x.enterprise_id join divisions d on d.code = e.division_code left join orgs o on o.id = x.proposed_by_org_id
    where x.list_id = ${id} and ${entryScope}
    order by x.audit_type, e.division_code, e.uscc`);
  const reviews = await db.rows<{ action: AuditListDetail['reviews'][number]['action']; department: AuditListDetail['reviews'][number]['department']; list_version: number; comment: string | null; actor_name: string; at: unknown }>(
    sql`select action, department, list_version, comment, actor_name, at from audit_list_reviews where list_id = ${id} order by id`,
  );
  return {
    ...toSummary(s),
    entries: entries.map((x) => ({
      id: x.id,
      enterpriseId: x.enterprise_id,
      uscc: x.uscc,
      name: x.name,
      countyCode: x.county_code,
      countyName: x.county_name,
      keyIndustry: x.key_industry,
      industryCode: x.industry_code,
      auditType: x.audit_type,
      source: x.source,
      criteria: x.criteria,
      basis: basisLabel(x.audit_type, x.criteria),
      reasons: x.reasons,
      evidence: x.evidence,
      remarks: x.remarks,
      plannedStart: x.planned_start,
      plannedFinish: x.planned_finish,
      proposedBy: x.proposed_by,
    })),
    reviews: reviews.map((r) => ({ action: r.action, department: r.department, listVersion: r.list_version, comment: r.comment, actorName: r.actor_name, at: iso(r.at)! })),
  };
}

/** Publications, newest first, with their counts of mandatory and voluntary audits. */
export async function listPublications(db: Q, listYear?: number): Promise<Publication[]> {
  const rows = await db.rows<{ id: number; list_year: number; round: number; document_no: string; published_on: string; authority: string; m: number; v: number }>(sql`
    select p.id, p.list_year, p.round, p.document_no, p.published_on::text as published_on, p.authority,
      (select count(*)::int from audits a where a.publication_id = p.id and a.audit_type = 'mandatory') as m,
      (select count(*)::int from audits a where a.publication_id = p.id and a.audit_type = 'voluntary') as v
    from audit_list_publications p ${listYear === undefined ? sql`` : sql`where p.list_year = ${listYear}`}
    order by p.list_year desc, p.round`);
  return rows.map((r) => ({ id: r.id, listYear: r.list_year, round: r.round, documentNo: r.document_no, publishedOn: r.published_on, authority: r.authority, mandatoryCount: r.m, voluntaryCount: r.v }));
}

/** A published audit with everything the forms, the CLI, the public page and the feed show. */
export interface PublishedRow {
  auditId: number;
  listYear: number;
  round: number;
  uscc: string;
  name: string;
  cityCode: string;
  cityName: string;
  countyCode: string;
  countyName: string;
  keyIndustry: string | null;
  keyIndustryName: string | null;
  industryCode: string | null;
  industryName: string | null;
  auditType: AuditType;
  criteria: string[];
  documentNo: string;
  publishedAt: string;
  authority: string;
  plannedStart: string | null;
  plannedFinish: string | null;
  remarks: string | null;
  state: string;
  updatedAt: string;
  /** True when the audit or its publication changed after the audit was created. */
  modified: boolean;
  /** The published disclosure (issue 6 item 2): day, channel, URL; null until disclosed. */
  disclosedOn: string | null;
  disclosureChannel: string | null;
  disclosureUrl: string | null;
}

/** Filters of {@link publishedRows}; `scope` restricts to an area (null: all, for public and region readers). */
export interface PublishedFilter {
  listYear?: number;
  auditType?: AuditType;
  cityCode?: string;
  keyIndustry?: string;
  q?: string;
  updatedSince?: Date;
  scope?: ScopeFilter;
  limit?: number;
  offset?: number;
}

function publishedWhere(f: PublishedFilter): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.listYear !== undefined) parts.push(sql`a.list_year = ${f.listYear}`);
  if (f.auditType) parts.push(sql`a.audit_type = ${f.auditType}`);
  if (f.cityCode) parts.push(sql`a.city_code = ${f.cityCode}`);
  if (f.keyIndustry) parts.push(sql`a.key_industry = ${f.keyIndustry}`);
  if (f.q) parts.push(sql`(e.name like ${`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} or e.uscc = ${f.q.toUpperCase()})`);
  if (f.updatedSince) parts.push(sql`greatest(a.updated_at, p.updated_at) > ${f.updatedSince}`);
  if (f.scope) parts.push(scopeFilterSql(f.scope, { division: sql`a.county_code`, enterpriseId: sql`a.enterprise_id` }));
  return sql.join(parts, sql` and `);
}

const publishedFrom = sql`
  from audits a
  join audit_list_publications p on p.id = a.publication_id
  join enterprises e on e.id = a.enterprise_id
  join divisions dc on dc.code = a.city_code
  join divisions dd on dd.code = a.county_code
  left join key_industries k on k.key = a.key_industry
  left join industry_codes ic on ic.code = e.industry_codes[1]
  left join audit_list_entries x on x.id = a.list_entry_id`;

/** Published audits, sorted by city code then credit code (issue 5 contract). */
export async function publishedRows(db: Q, f: PublishedFilter): Promise<PublishedRow[]> {
  const rows = await db.rows<Record<string, unknown>>(sql`
    select a.id, a.list_year, p.round, e.uscc, e.name, a.city_code, dc.name as city_name, a.county_code, dd.name as county_name, a.key_industry, k.name_zh as key_industry_name,
      e.industry_codes[1] as industry_code, ic.name as industry_name, a.audit_type,
      array(select r->>'criterion' from jsonb_array_elements(case when jsonb_typeof(a.reasons) = 'array' then a.reasons else '[]'::jsonb end) r where r ? 'criterion' order by 1) as criteria,
      a.document_no, a.published_at::text as published_at, p.authority, x.planned_start::text as planned_start, x.planned_finish::text as planned_finish, x.remarks, a.state,
      greatest(a.updated_at, p.updated_at) as updated_at, greatest(a.updated_at, p.updated_at) > a.created_at as modified,
      a.disclosed_on::text as disclosed_on, a.disclosure->>'channel' as disclosure_channel, a.disclosure->>'url' as disclosure_url
    ${publishedFrom}
    where ${publishedWhere(f)}
    order by a.city_code, e.uscc, a.audit_type
    ${f.limit === undefined ? sql`` : sql`limit ${f.limit} offset ${f.offset ?? 0}`}`);
  return rows.map((r) => ({
    auditId: r.id as number,
    listYear: r.list_year as number,
    round: r.round as number,
    uscc: r.uscc as string,
    name: r.name as string,
    cityCode: r.city_code as string,
    cityName: r.city_name as string,
    countyCode: r.county_code as string,
    countyName: r.county_name as string,
    keyIndustry: (r.key_industry as string | null) ?? null,
    keyIndustryName: (r.key_industry_name as string | null) ?? null,
    industryCode: (r.industry_code as string | null) ?? null,
    industryName: (r.industry_name as string | null) ?? null,
    auditType: r.audit_type as AuditType,
    criteria: (r.criteria as string[]) ?? [],
    documentNo: r.document_no as string,
    publishedAt: r.published_at as string,
    authority: r.authority as string,
    plannedStart: (r.planned_start as string | null) ?? null,
    plannedFinish: (r.planned_finish as string | null) ?? null,
    remarks: (r.remarks as string | null) ?? null,
    state: r.state as string,
    updatedAt: iso(r.updated_at)!,
    modified: r.modified === true,
    disclosedOn: (r.disclosed_on as string | null) ?? null,
    disclosureChannel: (r.disclosure_channel as string | null) ?? null,
    disclosureUrl: (r.disclosure_url as string | null) ?? null,
  }));
}

/** Count of {@link publishedRows} for the same filter (paging). */
export async function countPublished(db: Q, f: PublishedFilter): Promise<number> {
  const [r] = await db.rows<{ n: number }>(sql`select count(*)::int as n ${publishedFrom} where ${publishedWhere(f)}`);
  return r!.n;
}

/** The contract record of `cpaudit list export --format json`. */
export function toRecord(r: PublishedRow): PublishedListRecord {
  return {
    uscc: r.uscc,
    name: r.name,
    cityCode: r.cityCode,
    countyCode: r.countyCode,
    keyIndustry: r.keyIndustry,
    industryCode: r.industryCode,
    auditType: r.auditType,
    reasons: r.criteria,
    documentNo: r.documentNo,
    publishedAt: r.publishedAt,
  };
}

/** A row of the public list page; disclosure status from the audit state (`listed` = not yet disclosed). */
export function toPublicRow(r: PublishedRow): PublicListRow {
  return {
    listYear: r.listYear,
    uscc: r.uscc,
    name: r.name,
    cityCode: r.cityCode,
    cityName: r.cityName,
    countyCode: r.countyCode,
    countyName: r.countyName,
    keyIndustry: r.keyIndustry,
    keyIndustryName: r.keyIndustryName,
    auditType: r.auditType,
    basis: basisLabel(r.auditType, r.criteria),
    documentNo: r.documentNo,
    publishedAt: r.publishedAt,
    disclosed: r.state !== 'listed' || r.disclosedOn !== null,
    auditState: r.state,
    auditId: r.auditId,
    disclosedOn: r.disclosedOn,
    disclosureChannel: r.disclosureChannel,
    disclosureUrl: r.disclosureUrl,
  };
}
