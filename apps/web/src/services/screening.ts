/** The screening API (issue 4): runs, results with evidence, review decisions. */
import type { ReviewBody, ScreeningCriterionName, ScreeningResultRow, ScreeningRun } from '@cpaudit/contracts';
import { api, download } from './api.ts';
import type { Page } from './registry.ts';

/** The five criteria in the order the issue lists them (literals type-checked against the contracts). */
export const criterionList = [
  'exceedsStandard',
  'exceedsQuota',
  'usesHazardousMaterials',
  'dischargesHazardousSubstances',
  'exceedsEnergyLimit',
] as const satisfies readonly ScreeningCriterionName[];

export const exclusionReasonList = ['shutdown', 'merged', 'dataError', 'other'] as const satisfies readonly NonNullable<ReviewBody['reasonCode']>[];

export type Recommendation = ScreeningResultRow['recommendation'];
export type DecisionFilter = 'pending' | 'confirm' | 'exclude';

export interface ScreeningResultFilters {
  criterion?: ScreeningCriterionName | undefined;
  divisionCode?: string | undefined;
  keyIndustry?: string | undefined;
  recommendation?: Recommendation | undefined;
  decision?: DecisionFilter | undefined;
  q?: string | undefined;
}

/** `ScreeningRun.counts` as the server stores it (typed `unknown` in the contract: read defensively). */
export interface RunCounts {
  listed: number;
  mandatory: number;
  notDue: number;
  keyIndustry: number;
  byCriterion: Partial<Record<ScreeningCriterionName, number>>;
}

/** `ScreeningRun.diff` against the previous run of the same scope and year. */
export interface RunDiff {
  previousRunId: number | null;
  added: string[];
  dropped: string[];
  reasonsChanged: { uscc: string; before: string[]; after: string[] }[];
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function runCounts(run: ScreeningRun): RunCounts {
  const c = (run.counts ?? {}) as Record<string, unknown>;
  const by = (c.byCriterion ?? {}) as Record<string, unknown>;
  return {
    listed: num(c.listed),
    mandatory: num(c.mandatory),
    notDue: num(c.notDue),
    keyIndustry: num(c.keyIndustry),
    byCriterion: Object.fromEntries(criterionList.map((k) => [k, num(by[k])])),
  };
}

export function runDiff(run: ScreeningRun): RunDiff | null {
  if (!run.diff || typeof run.diff !== 'object') return null;
  const d = run.diff as Record<string, unknown>;
  return {
    previousRunId: typeof d.previousRunId === 'number' ? d.previousRunId : run.previousRunId,
    added: strings(d.added),
    dropped: strings(d.dropped),
    reasonsChanged: Array.isArray(d.reasonsChanged) ? (d.reasonsChanged as RunDiff['reasonsChanged']) : [],
  };
}

export const startRun = (body: { dataYear: number; cityCode?: string | undefined }) => api.post<ScreeningRun>('/screening/runs', body);
export const fetchRuns = (dataYear: number | undefined, signal?: AbortSignal) => api.get<ScreeningRun[]>('/screening/runs', { query: { dataYear }, signal });
export const fetchRun = (id: number, signal?: AbortSignal) => api.get<ScreeningRun>(`/screening/runs/${id}`, { signal });
export const fetchResults = (id: number, q: ScreeningResultFilters & { current: number; pageSize: number }, signal?: AbortSignal) =>
  api.get<Page<ScreeningResultRow>>(`/screening/runs/${id}/results`, { query: { ...q }, signal });
export const exportResults = (id: number, q: ScreeningResultFilters) => download(`/screening/runs/${id}/results.xlsx`, { ...q }, `screening-${id}.xlsx`);
export const postReview = (body: ReviewBody) => api.post<{ id: number }>('/screening/reviews', body);
