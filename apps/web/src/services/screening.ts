/** The screening API (issue 4): runs, results with evidence, review decisions. */
import type {
  CompareRuleSetsSchema,
  ReviewBody,
  RuleSetComparisonSchema,
  RuleSetDraftSchema,
  RuleSetSummarySchema,
  ScreeningCriterionName,
  ScreeningResultRow,
  ScreeningRun,
} from '@cpaudit/contracts';
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
/** 批量确认: confirms several candidates at once, all or nothing (already confirmed ones come back as `unchanged`). */
export const confirmBatch = (body: { dataYear: number; enterpriseIds: number[] }) => api.post<{ confirmed: number[]; unchanged: number[] }>('/screening/reviews/confirm-batch', body);

// ---- Rule-set versions (draft, compare, publish) ----

export type RuleSetSummary = (typeof RuleSetSummarySchema)['_output'];
/** The request body as sent (`_input`: the lists' defaults are applied by the server). */
export type RuleSetDraft = (typeof RuleSetDraftSchema)['_input'];
export type CompareRuleSets = (typeof CompareRuleSetsSchema)['_output'];
export type RuleSetComparison = (typeof RuleSetComparisonSchema)['_output'];
export interface DraftSubstance {
  nameZh: string;
  casNumbers: string[];
}

export const fetchRuleSets = (signal?: AbortSignal) => api.get<RuleSetSummary[]>('/screening/rule-sets', { signal });
export const createRuleSet = (body: RuleSetDraft) => api.post<{ version: string }>('/screening/rule-sets', body);
export const publishRuleSet = (version: string) => api.post<void>(`/screening/rule-sets/${encodeURIComponent(version)}/publish`);
export const compareRuleSets = (body: CompareRuleSets) => api.post<RuleSetComparison>('/screening/compare', body);

/** CAS registry number as the contract accepts it, e.g. `67-66-3`. */
const CAS = /^\d{2,7}-\d{2}-\d$/;

export interface SubstanceLineError {
  /** 1-based line number in the textarea. */
  line: number;
  kind: 'noName' | 'badCas' | 'tooManyCas' | 'nameTooLong' | 'duplicate';
  value: string;
}

/**
 * Parses the substances textarea: one substance a line, `名称,CAS号[;CAS号]` (the comma may be full-width; CAS numbers
 * separated by `;`, `；` or `、`; a line without a comma is a name without CAS number). Blank lines are skipped.
 */
export function parseSubstances(text: string): { substances: DraftSubstance[]; errors: SubstanceLineError[] } {
  const substances: DraftSubstance[] = [];
  const errors: SubstanceLineError[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const s = raw.trim();
    if (!s) return;
    const comma = s.search(/[,，]/);
    const name = (comma < 0 ? s : s.slice(0, comma)).trim();
    const casPart = comma < 0 ? '' : s.slice(comma + 1);
    const casNumbers = casPart
      .split(/[;；、,，\s]+/)
      .map((c) => c.trim())
      .filter(Boolean);
    if (!name) {
      errors.push({ line, kind: 'noName', value: s });
      return;
    }
    if (name.length > 200) {
      errors.push({ line, kind: 'nameTooLong', value: name.slice(0, 20) });
      return;
    }
    const bad = casNumbers.filter((c) => !CAS.test(c));
    if (bad.length) {
      errors.push({ line, kind: 'badCas', value: bad.join(';') });
      return;
    }
    if (casNumbers.length > 20) {
      errors.push({ line, kind: 'tooManyCas', value: String(casNumbers.length) });
      return;
    }
    if (seen.has(name)) {
      errors.push({ line, kind: 'duplicate', value: name });
      return;
    }
    seen.add(name);
    substances.push({ nameZh: name, casNumbers: [...new Set(casNumbers)] });
  });
  return { substances, errors };
}
