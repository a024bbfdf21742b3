/** The separated-duty APIs: audit log (security auditor) and accounts (managed by the system administrator, read by the security auditor). */
import type { AuditLogEntrySchema, Role, UserChoices, UserCreateBody, UserResetPasswordBody, UserSummarySchema, UserUpdateBody, UserWithPassword } from '@cpaudit/contracts';
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
  'user.create',
  'user.update',
  'user.disable',
  'user.enable',
  'user.unlock',
  'user.resetPassword',
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

export type { UserChoices, UserWithPassword };

/** Organisations and pool experts without an account, for the account form (system administrator). */
export const fetchUserChoices = (signal?: AbortSignal) => api.get<UserChoices>('/users/choices', { signal });
/** Creates an account; `password` omitted → the answer carries a one-time `generatedPassword`. */
export const createUser = (body: UserCreateBody) => api.post<UserWithPassword>('/users', body);
/** Changes display name, organisation and/or role (a role or organisation change ends the account's sessions). */
export const updateUser = (id: number, body: UserUpdateBody) => api.patch<UserSummary>(`/users/${id}`, body);
/** Disables (ending its sessions) or enables an account. */
export const setUserActive = (id: number, active: boolean) => api.post<UserSummary>(`/users/${id}/${active ? 'enable' : 'disable'}`, {});
/** Clears a lock left by failed logins. */
export const unlockUser = (id: number) => api.post<UserSummary>(`/users/${id}/unlock`, {});
/** Sets a temporary password (or, without one, generates it: `generatedPassword`); ends the account's sessions. */
export const resetUserPassword = (id: number, body: UserResetPasswordBody) => api.post<UserWithPassword>(`/users/${id}/reset-password`, body);
