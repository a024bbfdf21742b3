/** The audit-list API (issue 5): city drafts, review steps, publication, forms, public lists, notifications. */
import type { AuditListDetail, AuditListSummary, PublicListRow, Publication } from '@cpaudit/contracts';
import { api, download } from './api.ts';
import type { Page } from './registry.ts';

export type AuditType = 'mandatory' | 'voluntary';

export const fetchLists = (listYear: number | undefined, signal?: AbortSignal) => api.get<AuditListSummary[]>('/lists', { query: { listYear }, signal });
export const fetchList = (id: number, signal?: AbortSignal) => api.get<AuditListDetail>(`/lists/${id}`, { signal });
export const createDraft = (listYear: number) => api.post<AuditListDetail>('/lists', { listYear });
export const addEntry = (id: number, body: { version: number; enterpriseId: number; auditType: AuditType; remarks?: string | undefined; plannedStart?: string | undefined; plannedFinish?: string | undefined }) =>
  api.post<AuditListDetail>(`/lists/${id}/entries`, body);
export const removeEntry = (id: number, version: number, entryId: number) => api.post<AuditListDetail>(`/lists/${id}/remove-entry`, { version, entryId });
export const listStep = (id: number, step: 'submit' | 'approve' | 'return', version: number, comment?: string) =>
  api.post<AuditListDetail>(`/lists/${id}/${step}`, { version, ...(comment ? { comment } : {}) });
export const publishLists = (body: { listYear: number; documentNo: string; publishedOn: string }) =>
  api.post<{ publicationId: number; round: number; mandatory: number; voluntary: number }>('/lists/publish', body);
export const fetchPublications = (listYear?: number, signal?: AbortSignal) => api.get<Publication[]>('/lists/publications', { query: { listYear }, signal });
export const downloadXlsx = (listYear: number, auditType: AuditType) => download('/lists/export.xlsx', { listYear, auditType }, `lists-${listYear}-${auditType}.xlsx`);
export const downloadDocx = (listYear: number) => download('/lists/export.docx', { listYear }, `lists-${listYear}.docx`);

export interface PublicListFilters {
  listYear?: number | undefined;
  auditType?: AuditType | undefined;
  cityCode?: string | undefined;
  keyIndustry?: string | undefined;
  q?: string | undefined;
  current: number;
  pageSize: number;
}
export const fetchPublicLists = (f: PublicListFilters, signal?: AbortSignal) => api.get<Page<PublicListRow>>('/public/lists', { query: { ...f }, signal });
export const fetchPublicPublications = (signal?: AbortSignal) => api.get<Publication[]>('/public/lists/publications', { signal });

export interface NotificationItem {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}
export const fetchNotifications = (signal?: AbortSignal) =>
  api.get<Page<NotificationItem> & { unread: number }>('/notifications', { query: { current: 1, pageSize: 10 }, signal });
export const markRead = (id: number) => api.post<void>(`/notifications/${id}/read`);
