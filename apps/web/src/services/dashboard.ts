import type { AgencyHome, DashboardSummary, MyAudits, RegionSummaryDocxBody, SummaryStageDocxBody } from '@cpaudit/contracts';
import { api, download } from './api.ts';

/** Filters of the audit dashboard (issue 8 item 1). */
export interface DashboardFilters {
  listYear?: number | undefined;
  keyIndustry?: string | undefined;
}

export const fetchDashboard = (f: DashboardFilters, signal?: AbortSignal) => api.get<DashboardSummary>('/dashboard/summary', { query: { ...f }, signal });
export const downloadDashboard = (f: DashboardFilters) => download('/dashboard/summary.xlsx', { ...f }, '清洁生产审核看板.xlsx');
/**
 * The region's yearly summary (自治区年度清洁生产审核工作总结, docx; region users only) of list year
 * `listYear`, of one key industry when `keyIndustry` is set, with the narrative sections typed in.
 */
export const downloadRegionSummary = (body: RegionSummaryDocxBody) =>
  download('/documents/region-summary.docx', undefined, `${body.listYear}年度清洁生产审核工作总结.docx`, body);
/** The summary-stage report (总结阶段, docx; region users only): the years `fromYear`–`toYear` side by side and the narrative. */
export const downloadSummaryStage = (body: SummaryStageDocxBody) =>
  download('/documents/summary-stage.docx', undefined, `清洁生产审核工作总结阶段报告（${body.fromYear}—${body.toYear}年）.docx`, body);
export const fetchMyAudits = (signal?: AbortSignal) => api.get<MyAudits>('/dashboard/my-audits', { signal });
/** Consulting-agency home: its audits by state, the nearest deadline and the list (issue 8 item 2). */
export const fetchAgencyHome = (signal?: AbortSignal) => api.get<AgencyHome>('/dashboard/agency-audits', { signal });
