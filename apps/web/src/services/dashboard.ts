import type { AgencyHome, DashboardSummary, MyAudits } from '@cpaudit/contracts';
import { api, download } from './api.ts';

/** Filters of the audit dashboard (issue 8 item 1). */
export interface DashboardFilters {
  listYear?: number | undefined;
  keyIndustry?: string | undefined;
}

export const fetchDashboard = (f: DashboardFilters, signal?: AbortSignal) => api.get<DashboardSummary>('/dashboard/summary', { query: { ...f }, signal });
export const downloadDashboard = (f: DashboardFilters) => download('/dashboard/summary.xlsx', { ...f }, '清洁生产审核看板.xlsx');
/** The region's yearly summary of list year `listYear` (自治区年度清洁生产审核工作总结, docx; region users only). */
export const downloadRegionSummary = (listYear: number) => download('/documents/region-summary.docx', undefined, `region-summary-${listYear}.docx`, { listYear });
export const fetchMyAudits = (signal?: AbortSignal) => api.get<MyAudits>('/dashboard/my-audits', { signal });
/** Consulting-agency home: its audits by state, the nearest deadline and the list (issue 8 item 2). */
export const fetchAgencyHome = (signal?: AbortSignal) => api.get<AgencyHome>('/dashboard/agency-audits', { signal });
