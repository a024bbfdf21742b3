/** The audit workflow API (issue 6): list, record, actions, documents, disclosure, registrations. */
import type { AuditDetail, AuditGrouping, AuditSummary } from '@cpaudit/contracts';
import { api, upload } from './api.ts';
import type { Page } from './registry.ts';

export interface AuditFilters {
  listYear?: number | undefined;
  state?: string | undefined;
  /** A dashboard funnel stage (listed, disclosed, started, evaluated, accepted). */
  stage?: string | undefined;
  cityCode?: string | undefined;
  countyCode?: string | undefined;
  keyIndustry?: string | undefined;
  overdue?: 'true' | undefined;
  q?: string | undefined;
  current: number;
  pageSize: number;
}
export const fetchAudits = (f: AuditFilters, signal?: AbortSignal) => api.get<Page<AuditSummary>>('/audits', { query: { ...f }, signal });
export const fetchAudit = (id: number, signal?: AbortSignal) => api.get<AuditDetail>(`/audits/${id}`, { signal });
export interface DisclosureFormData {
  auditId: number;
  due: string | null;
  daysLeft: number | null;
  criteria: string[];
  form: Record<string, Record<string, unknown>[]>;
  disclosure: unknown;
}
export const fetchDisclosureForm = (id: number, signal?: AbortSignal) => api.get<DisclosureFormData>(`/audits/${id}/disclosure-form`, { signal });
export const applyAction = (id: number, action: string, body: { version: number; comment?: string; documentIds?: number[]; payload?: Record<string, unknown> }) =>
  api.post<{ state: string; version: number }>(`/audits/${id}/actions/${action}`, body);
export const uploadAuditDocument = (id: number, kind: string, file: File) => {
  const form = new FormData();
  form.append('file', file);
  return upload<{ id: number; kind: string }>(`/audits/${id}/documents`, form, { kind });
};
export interface Registration {
  id: number;
  enterpriseName: string;
  uscc: string;
  countyCode: string;
  username: string;
  displayName: string;
  contactPhone: string | null;
  contactEmail: string | null;
  status: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  createdAt: string;
}
export const registerEnterprise = (body: { uscc: string; username: string; displayName: string; password: string; contactPhone?: string; contactEmail?: string }) =>
  api.post<{ id: number; status: 'pending' }>('/public/enterprise-registrations', body);
export const fetchRegistrations = (status: string | undefined, signal?: AbortSignal) => api.get<Registration[]>('/enterprise-registrations', { query: { status }, signal });
export const decideRegistration = (id: number, decision: 'approve' | 'reject', reason?: string) =>
  api.post<Registration>(`/enterprise-registrations/${id}/${decision}`, reason ? { reason } : {});

/** Park/cluster grouping (issue 6 item 1): set the mode, add or remove a member audit, at the lead's version. */
export const setAuditMode = (id: number, version: number, mode: string) => api.put<AuditGrouping>(`/audits/${id}/mode`, { version, mode });
export const addAuditMember = (id: number, version: number, memberAuditId: number) => api.post<AuditGrouping>(`/audits/${id}/members`, { version, memberAuditId });
export const removeAuditMember = (id: number, version: number, memberAuditId: number) => api.post<AuditGrouping>(`/audits/${id}/remove-member`, { version, memberAuditId });
