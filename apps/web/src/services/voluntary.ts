/** Voluntary-audit applications (issue 5 item 1): the enterprise's own, the city's view and decisions. */
import type { VoluntaryApplication, VoluntaryApplyBody } from '@cpaudit/contracts';
import { api } from './api.ts';

export type { VoluntaryApplication };
export const fetchMyApplications = (signal?: AbortSignal) => api.get<VoluntaryApplication[]>('/my/voluntary-applications', { signal });
export const applyVoluntary = (body: VoluntaryApplyBody) => api.post<VoluntaryApplication>('/my/voluntary-applications', body);
export const fetchApplications = (listYear: number, signal?: AbortSignal) => api.get<VoluntaryApplication[]>('/voluntary-applications', { query: { listYear }, signal });
export const acceptApplication = (id: number, version: number) => api.post<VoluntaryApplication>(`/voluntary-applications/${id}/accept`, { version });
export const declineApplication = (id: number, version: number, reason: string) => api.post<VoluntaryApplication>(`/voluntary-applications/${id}/decline`, { version, reason });
