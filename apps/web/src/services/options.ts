/** Options register of an audit, performance table, completeness, levels and regional figures (issue 7). */
import type { CpOption, FactorLabel, Feasibility, FeasibilityBody, OptionBenefits, OptionInput, ReductionRow, StatedTotalsBody } from '@cpaudit/contracts';
import { api, download } from './api.ts';

export type { CpOption, FactorLabel, Feasibility, OptionBenefits, OptionInput, ReductionRow };

export interface Measures {
  tce: number;
  co2T: number | null;
  waterM3: number;
  benefitWan: number;
  reductions: Record<string, number>;
}
export interface Preview {
  measures: Measures;
  factors: CpOption['factors'];
  factorVersion: string;
  factorLabel: FactorLabel;
  dataYear: number;
}
export interface Totals {
  count: number;
  investmentWan: number;
  economicBenefitWan: number;
  energySavedTce: number;
  co2ReducedT: number | null;
  waterM3: number;
  reductions: Record<string, number>;
}
export interface Performance {
  low: Totals;
  high: Totals;
  all: Totals;
  factorVersion: string;
  factorLabel: FactorLabel;
  dataYear: number;
  co2NotCounted: string[];
  namedFactors: CpOption['factors'];
}
export interface Completeness {
  complete: boolean;
  findings: { code: string; path: string; message: string; detail?: { costClass?: 'low' | 'high' | 'all'; field?: string; stated?: number; computed?: number; name?: string } }[];
  stated: StatedTotalsBody['stated'] | null;
  focuses: StatedTotalsBody['focuses'];
  version: number;
}
export interface LevelStage {
  definitionId: number;
  level: string | null;
  result: {
    indices: { I: number; II: number; III: number };
    level: string;
    definition: { id: number; name: string; version: number };
    indicators: { id: string; name: string; levelAttained: string; explanation?: unknown; [k: string]: unknown }[];
  } | null;
}
export interface Levels {
  before: LevelStage | null;
  after: LevelStage | null;
  version: number;
}

export const fetchOptions = (auditId: number, signal?: AbortSignal) => api.get<CpOption[]>(`/audits/${auditId}/options`, { signal });
export const createOption = (auditId: number, body: OptionInput) => api.post<CpOption>(`/audits/${auditId}/options`, body);
export const updateOption = (id: number, body: OptionInput & { version: number }) => api.put<CpOption>(`/options/${id}`, body);
export const deleteOption = (id: number, version: number) => api.delete<{ deleted: boolean }>(`/options/${id}?version=${version}`);
export const previewMeasures = (auditId: number, benefits: OptionBenefits, dataYear?: number) => api.post<Preview>(`/audits/${auditId}/options/preview`, { benefits, dataYear });
export const storeFeasibility = (id: number, body: FeasibilityBody) => api.post<Feasibility>(`/options/${id}/feasibility`, body);
export const fetchPerformance = (auditId: number, signal?: AbortSignal) => api.get<Performance>(`/audits/${auditId}/performance`, { signal });
export const fetchCompleteness = (auditId: number, signal?: AbortSignal) => api.get<Completeness>(`/audits/${auditId}/completeness`, { signal });
export const putStatedTotals = (auditId: number, body: StatedTotalsBody) => api.put<{ version: number }>(`/audits/${auditId}/stated-totals`, body);
export const fetchLevels = (auditId: number, signal?: AbortSignal) => api.get<Levels>(`/audits/${auditId}/levels`, { signal });
export const putLevel = (auditId: number, body: { stage: 'before' | 'after'; definitionId: number; values: Record<string, number | string | null> }) =>
  api.put<{ level: string }>(`/audits/${auditId}/levels`, body);

export interface ReductionsQuery {
  year?: number;
  groupBy: 'city' | 'county' | 'industry' | 'year';
  cityCode?: string;
  keyIndustry?: string;
}
const q = (x: ReductionsQuery) => ({ groupBy: x.groupBy, ...(x.year ? { year: x.year } : {}), ...(x.cityCode ? { cityCode: x.cityCode } : {}), ...(x.keyIndustry ? { keyIndustry: x.keyIndustry } : {}) });
export const fetchReductions = (x: ReductionsQuery, signal?: AbortSignal) => api.get<ReductionRow[]>('/stats/reductions', { query: q(x), signal });
export const downloadReductions = (x: ReductionsQuery) => download('/stats/reductions.xlsx', q(x), `reductions-${x.groupBy}.xlsx`);
