/** Action plans, yearly progress reports and the reporting-status matrix (issue 5 items 5–6). */
import type { ActionPlan, ActionPlanTarget, AnnualReport, ReportingStatus } from '@cpaudit/contracts';
import { api, download, upload } from './api.ts';
import type { DocumentInfo } from '@cpaudit/contracts';

export type { ActionPlan, ActionPlanTarget, AnnualReport, ReportingStatus };

export const fetchReportingStatus = (year: number, signal?: AbortSignal) => api.get<ReportingStatus>('/reporting/status', { query: { year }, signal });
export const startActionPlan = (cityCode?: string) => api.post<ActionPlan>('/action-plans', cityCode ? { cityCode } : {});
export const fetchActionPlan = (id: number, signal?: AbortSignal) => api.get<ActionPlan>(`/action-plans/${id}`, { signal });
export const saveActionPlan = (id: number, body: { version: number; targets: ActionPlanTarget[]; narrative: string }) => api.put<ActionPlan>(`/action-plans/${id}`, body);
export const submitActionPlan = (id: number, version: number) => api.post<ActionPlan>(`/action-plans/${id}/submit`, { version });
export const reviewActionPlan = (id: number, body: { version: number; decision: 'approve' | 'return'; comment?: string }) => api.post<ActionPlan>(`/action-plans/${id}/review`, body);
export function attachToActionPlan(id: number, file: File): Promise<DocumentInfo> {
  const form = new FormData();
  form.append('file', file);
  return upload<DocumentInfo>(`/action-plans/${id}/documents`, form);
}
export const downloadDocument = (doc: DocumentInfo) => download(`/documents/${doc.id}`, undefined, doc.fileName);
export const fetchAnnualReport = (cityCode: string, year: number, signal?: AbortSignal) => api.get<AnnualReport>(`/annual-reports/${cityCode}/${year}`, { signal });
export const saveAnnualReport = (cityCode: string, year: number, body: { version: number; narrative: string }) => api.put<AnnualReport>(`/annual-reports/${cityCode}/${year}`, body);
export const submitAnnualReport = (cityCode: string, year: number, version: number) => api.post<AnnualReport>(`/annual-reports/${cityCode}/${year}/submit`, { version });
export const exportAnnualReport = (cityCode: string, year: number) => download(`/annual-reports/${cityCode}/${year}/export.docx`, undefined, `annual-report-${cityCode}-${year}.docx`);
export const setReportSettings = (year: number, body: { dueDate: string; reminderDays: number }) => api.put<{ year: number }>(`/annual-report-settings/${year}`, body);
