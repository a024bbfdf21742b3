/** SQL for enterprises: reads with the data-scope filter applied in the query. */
import type { EnterpriseSearch, Enterprise } from '@cpaudit/contracts';
import { divisionPrefixOf } from '@cpaudit/domain';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';

interface Row {
  id: number;
  uscc: string;
  name: string;
  legal_representative: string | null;
  address: string | null;
  division_code: string;
  county_name: string;
  city_code: string;
  city_name: string;
  industry_codes: string[];
  key_industry: string | null;
  status: Enterprise['status'];
  total?: number;
}

const select = sql`
  select e.id, e.uscc, e.name, e.legal_representative, e.address, e.division_code, d.name as county_name,
         c.code as city_code, c.name as city_name, e.industry_codes, e.key_industry, e.status`;
const from = sql`
  from enterprises e
  join divisions d on d.code = e.division_code
  join divisions c on c.code = substr(e.division_code, 1, 4) || '00'`;

function present(r: Row): Enterprise {
  return {
    id: r.id,
    uscc: r.uscc,
    name: r.name,
    legalRepresentative: r.legal_representative,
    address: r.address,
    divisionCode: r.division_code,
    countyName: r.county_name,
    cityCode: r.city_code,
    cityName: r.city_name,
    industryCodes: r.industry_codes,
    keyIndustry: r.key_industry,
    status: r.status,
  };
}

/** One enterprise by id (no scope check: the service checks `can` on the row it gets). */
export async function findEnterprise(database: Database, id: number): Promise<Enterprise | null> {
  const rows = await database.rows<Row>(sql`${select} ${from} where e.id = ${id}`);
  return rows[0] ? present(rows[0]) : null;
}

/** The list filters as one SQL condition on `e` (within `scope`). */
export function enterpriseFilterSql(scope: SQL, q: Omit<EnterpriseSearch, 'current' | 'pageSize'>): SQL {
  const conditions: SQL[] = [scope];
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    conditions.push(sql`(e.name like ${like} or e.uscc like ${like.toUpperCase()})`);
  }
  if (q.divisionCode) conditions.push(sql`e.division_code like ${`${divisionPrefixOf(q.divisionCode)}%`}`);
  if (q.keyIndustry) conditions.push(sql`e.key_industry = ${q.keyIndustry}`);
  if (q.status) conditions.push(sql`e.status = ${q.status}`);
  if (q.permitCategory) conditions.push(sql`exists (select 1 from permits p where p.enterprise_id = e.id and p.category = ${q.permitCategory})`);
  return sql.join(conditions, sql` and `);
}

/** A page of enterprises within `scope` (an SQL condition on `e`), filtered and ordered by name. */
export async function listEnterprises(database: Database, scope: SQL, q: EnterpriseSearch): Promise<{ data: Enterprise[]; total: number }> {
  const where = enterpriseFilterSql(scope, q);
  const offset = (q.current - 1) * q.pageSize;
  const rows = await database.rows<Row>(
    sql`${select}, count(*) over ()::int as total ${from} where ${where} order by e.name, e.id limit ${q.pageSize} offset ${offset}`,
  );
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && offset > 0) {
    const c = await database.rows<{ n: number }>(sql`select count(*)::int as n ${from} where ${where}`);
    total = c[0]?.n ?? 0;
  }
  return { data: rows.map(present), total };
}

/** Every matching enterprise, in pages of 5,000 by id (for exports; memory stays flat). */
export async function* iterateEnterprises(database: Database, scope: SQL, q: Omit<EnterpriseSearch, 'current' | 'pageSize'>): AsyncGenerator<Enterprise> {
  const where = enterpriseFilterSql(scope, q);
  let after = 0;
  for (;;) {
    const rows = await database.rows<Row>(sql`${select} ${from} where ${where} and e.id > ${after} order by e.id limit 5000`);
    for (const r of rows) yield present(r);
    if (rows.length < 5000) return;
    after = rows[rows.length - 1]!.id;
  }
}
