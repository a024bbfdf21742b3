/**
 * The data scope of `packages/domain` (`scopeFilterOf`) as an SQL condition, so list queries
 * filter with the same rule the `can` check applies to single records.
 */
import { scopeFilterOf, type Actor, type ScopeFilter } from '@cpaudit/domain';
import { sql, type SQL } from 'drizzle-orm';

/**
 * @param columns the row's county division code and, for enterprise rows, its enterprise id
 *   (without it an enterprise-scoped actor sees nothing).
 */
export function scopeFilterSql(filter: ScopeFilter, columns: { division: SQL; enterpriseId?: SQL }): SQL {
  switch (filter.kind) {
    case 'all':
      return sql`true`;
    case 'divisionPrefix':
      return sql`${columns.division} like ${`${filter.prefix}%`}`;
    case 'enterprise':
      return columns.enterpriseId ? sql`${columns.enterpriseId} = ${filter.enterpriseId}` : sql`false`;
    case 'nothing':
      return sql`false`;
  }
}

/** The actor's scope over `enterprises e`. */
export function enterpriseScopeSql(actor: Actor): SQL {
  return scopeFilterSql(scopeFilterOf(actor), { division: sql`e.division_code`, enterpriseId: sql`e.id` });
}
