/** The enterprise registry API (issue 3): list, export, detail, environmental data, history, audits, writes. */
import type {
  ChangeEntry,
  Enterprise,
  EnterpriseAudit,
  EnterpriseDetail,
  EnterpriseWrite,
  EnvironmentalData,
  PermitCategory,
  ScreeningCriterionName,
} from '@cpaudit/contracts';
import { api, download, isApiError } from './api.ts';

export type EnterpriseStatus = Enterprise['status'];
export type EnterpriseScale = NonNullable<EnterpriseDetail['scale']>;

/** The statuses and scales in display order (literals type-checked against the contracts). */
export const enterpriseStatuses = ['operating', 'suspended', 'closed'] as const satisfies readonly EnterpriseStatus[];
export const enterpriseScales = ['large', 'medium', 'small', 'micro'] as const satisfies readonly EnterpriseScale[];
export const permitCategoryList = ['key', 'simplified', 'registration'] as const satisfies readonly PermitCategory[];

/** Filters of the enterprise list and its export (`divisionCode`: a city or a county). */
export interface EnterpriseFilters {
  q?: string | undefined;
  divisionCode?: string | undefined;
  keyIndustry?: string | undefined;
  permitCategory?: PermitCategory | undefined;
  status?: EnterpriseStatus | undefined;
}

export interface Page<T> {
  data: T[];
  total: number;
  current: number;
  pageSize: number;
}

/** One row of `GET /enterprises/:id/screening` (`EnterpriseScreeningSchema`). */
export interface EnterpriseScreening {
  runId: number;
  dataYear: number;
  ruleSetVersion: string;
  recommendation: 'mandatory' | 'notDue';
  nextDueYear: number | null;
  criteria: (ScreeningCriterionName | string)[];
  runAt: string;
  decision: string | null;
}

/** `PATCH` body: every field of the write but the credit code, all optional. */
export type EnterprisePatch = Partial<Omit<EnterpriseWrite, 'uscc'>>;

export const fetchEnterprises = (q: EnterpriseFilters & { current: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<Page<Enterprise>>('/enterprises', { query: { ...q }, signal });

export const exportEnterprises = (q: EnterpriseFilters) => download('/enterprises/export.xlsx', { ...q }, 'enterprises.xlsx');

/** The detail; `partial` when only the list fields could be read (the `/detail` endpoint missing). */
export type LoadedEnterprise = EnterpriseDetail & { partial?: boolean };

/**
 * `GET /enterprises/:id/detail`; while that endpoint is not deployed (404 while `GET /enterprises/:id`
 * answers), falls back to the list fields so that the page still shows the basic data.
 */
export async function fetchEnterpriseDetail(id: number, signal?: AbortSignal): Promise<LoadedEnterprise> {
  try {
    return await api.get<EnterpriseDetail>(`/enterprises/${id}/detail`, { signal });
  } catch (e) {
    if (!(isApiError(e) && e.status === 404)) throw e;
    let basic: Enterprise;
    try {
      basic = await api.get<Enterprise>(`/enterprises/${id}`, { signal });
    } catch {
      throw e;
    }
    return {
      ...basic,
      industryNames: [],
      scale: null,
      contactName: null,
      contactPhone: null,
      lastAcceptanceDate: null,
      updatedAt: '',
      permits: [],
      partial: true,
    };
  }
}

/** Every year's records (`years` lists the years with data); the page picks a year. */
export const fetchEnvironmental = (id: number, signal?: AbortSignal) => api.get<EnvironmentalData>(`/enterprises/${id}/environmental`, { signal });

export const fetchHistory = (id: number, signal?: AbortSignal) => api.get<ChangeEntry[]>(`/enterprises/${id}/history`, { signal });

export const fetchEnterpriseScreening = (id: number, signal?: AbortSignal) =>
  api.get<EnterpriseScreening[]>(`/enterprises/${id}/screening`, { signal });

/** The enterprise's audits, newest list year first (`EnterpriseAuditSchema`). */
export const fetchEnterpriseAudits = (id: number, signal?: AbortSignal) => api.get<EnterpriseAudit[]>(`/enterprises/${id}/audits`, { signal });

export const createEnterprise = (body: EnterpriseWrite) => api.post<EnterpriseDetail>('/enterprises', body);
export const updateEnterprise = (id: number, body: EnterprisePatch) => api.patch<EnterpriseDetail>(`/enterprises/${id}`, body);
