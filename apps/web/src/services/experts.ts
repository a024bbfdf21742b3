/** Expert pool (专家库) and consulting agencies (咨询服务机构) API of the console (issue 6 items 6–7). */
import type { AgencySchema, ExpertImportResultSchema, ExpertSchema } from '@cpaudit/contracts';
import { api, download, upload } from './api.ts';

export type Expert = (typeof ExpertSchema)['_output'];
export type Agency = (typeof AgencySchema)['_output'];
export type ExpertImportResult = (typeof ExpertImportResultSchema)['_output'];
/** One located row error of a refused import (422 `details.errors`). */
export interface ExpertRowError {
  row: number;
  column: string | null;
  header: string | null;
  message: string;
}

export interface ExpertFilters {
  q?: string | undefined;
  speciality?: string | undefined;
  cityCode?: string | undefined;
  available?: 'true' | 'false' | undefined;
}

/** Cross-cutting specialities besides the key industries. */
export const crossSpecialityKeys = ['energy_saving', 'environment'] as const;

export const fetchExperts = (q: ExpertFilters, signal?: AbortSignal) => api.get<Expert[]>('/experts', { query: { ...q }, signal });
export const createExpert = (body: Omit<Expert, 'id' | 'version' | 'userId' | 'cityName'>) => api.post<{ id: number }>('/experts', body);
export const updateExpert = (id: number, body: Partial<Expert> & { version: number }) => api.patch<Expert>(`/experts/${id}`, body);
export function importExperts(file: File): Promise<ExpertImportResult> {
  const form = new FormData();
  form.append('file', file);
  return upload<ExpertImportResult>('/experts/import', form);
}

export const fetchAgencies = (q: string | undefined, signal?: AbortSignal) => api.get<Agency[]>('/agencies', { query: { q }, signal });
export const createAgency = (body: Omit<Agency, 'id' | 'version' | 'orgId'>) => api.post<{ id: number }>('/agencies', body);
export const updateAgency = (id: number, body: Partial<Agency> & { version: number }) => api.patch<Agency>(`/agencies/${id}`, body);

/** Downloads the expert import template (xlsx). */
export const downloadExpertTemplate = () => download('/experts/import-template.xlsx', undefined, '专家库导入模板.xlsx');
