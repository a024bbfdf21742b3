/** The separated-duty APIs: audit log (security auditor) and accounts (system administrator, security auditor). */
import type { AuditLogEntrySchema, Role, UserSummarySchema } from '@cpaudit/contracts';
import { api } from './api.ts';
import type { Page } from './registry.ts';

// The contracts export the schemas only; `_output` is zod's inferred type (no runtime import of zod).
export type AuditLogEntry = (typeof AuditLogEntrySchema)['_output'];
export type UserSummary = (typeof UserSummarySchema)['_output'];
export type AuditResult = AuditLogEntry['result'];

export const auditResults = ['success', 'failure', 'denied'] as const satisfies readonly AuditResult[];

/** Roles in display order (literals type-checked against the contracts). */
export const roleList = [
  'sysAdmin',
  'securityAuditor',
  'regionDeeOfficer',
  'regionDrcOfficer',
  'cityEebOfficer',
  'cityDrcOfficer',
  'countyOfficer',
  'enterpriseUser',
  'agencyUser',
  'expertUser',
  'publicUser',
] as const satisfies readonly Role[];

/**
 * Actions the audit log is known to record, for the action filter's suggestions. Denials are recorded under the
 * permission that was refused, so any permission may appear too.
 */
export const knownAuditActions = [
  'auth.login',
  'auth.logout',
  'auth.lockout',
  'user.changePassword',
  'csrf',
  'enterprise.create',
  'enterprise.update',
  'enterprise.delete',
  'enterprise.import',
  'enterprise.export',
  'screening.run',
  'screening.confirm',
  'screening.export',
  'screening.manageRules',
] as const;

export interface AuditLogFilters {
  action?: string | undefined;
  username?: string | undefined;
  result?: AuditResult | undefined;
  /** `YYYY-MM-DD`, China Standard Time calendar days, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

export const fetchAuditLog = (q: AuditLogFilters & { current: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<Page<AuditLogEntry>>('/audit-log', { query: { ...q }, signal });

export const fetchUsers = (signal?: AbortSignal) => api.get<UserSummary[]>('/users', { signal });
