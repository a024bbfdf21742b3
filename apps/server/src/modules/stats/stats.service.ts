/**
 * Figures for the home page: enterprises in the actor's area, by division and by key industry.
 * Region users see cities; city users see their counties; county users their county; an
 * enterprise user only itself. The area filter comes from the domain's `scopeFilterOf`, the same
 * rule the `can` check applies to single records.
 */
import type { Actor } from '@cpaudit/domain';
import type { OverviewStats } from '@cpaudit/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { AppDeps } from '../../app.ts';
import { enterpriseScopeSql } from '../../platform/scope-sql.ts';

/** Computes {@link OverviewStats} for the actor. */
export async function getOverviewStats(deps: AppDeps, actor: Actor, area: OverviewStats['area']): Promise<OverviewStats> {
  const { rows } = deps.database;
  const where = enterpriseScopeSql(actor);
  // Region: group by city (first 4 digits + '00'); city: by county; county: itself.
  const groupExpr =
    area.level === 'region' ? sql`substr(e.division_code, 1, 4) || '00'` : sql`e.division_code`;
  const [totals, byDivision, byKeyIndustry] = await Promise.all([
    rows<{ total: number; key_total: number }>(
      sql`select count(*)::int as total, count(e.key_industry)::int as key_total from enterprises e where ${where}`,
    ),
    rows<{ code: string; name: string; count: number }>(sql`
      select d.code, d.name, coalesce(x.n, 0)::int as count
      from divisions d
      left join (select ${groupExpr} as code, count(*) as n from enterprises e where ${where} group by 1) x on x.code = d.code
      where ${
        area.level === 'region'
          ? sql`d.level = 'city'`
          : area.level === 'city'
            ? sql`d.parent_code = ${area.divisionCode}`
            : sql`d.code = ${area.divisionCode}`
      }
      order by d.code`),
    rows<{ key: string; name_zh: string; count: number }>(sql`
      select k.key, k.name_zh, coalesce(x.n, 0)::int as count
      from key_industries k
      left join (select e.key_industry, count(*) as n from enterprises e where ${where} and e.key_industry is not null group by 1) x
        on x.key_industry = k.key
      order by k.sort_order, k.key`),
  ]);
  return {
    area,
    totalEnterprises: totals[0]?.total ?? 0,
    keyIndustryEnterprises: totals[0]?.key_total ?? 0,
    byDivision: byDivision.map((d) => ({ divisionCode: d.code, name: d.name, count: d.count })),
    byKeyIndustry: byKeyIndustry.map((k) => ({ key: k.key, nameZh: k.name_zh, count: k.count })),
  };
}
