import type { Division, KeyIndustry, OverviewStats } from '@cpaudit/contracts';
import { api } from './api.ts';

export const fetchOverviewStats = (signal?: AbortSignal) => api.get<OverviewStats>('/stats/overview', { signal });
export const fetchDivisions = (signal?: AbortSignal) => api.get<Division[]>('/divisions', { signal });
export const fetchKeyIndustries = (signal?: AbortSignal) => api.get<KeyIndustry[]>('/key-industries', { signal });
