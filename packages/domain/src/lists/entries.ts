/**
 * Building a city's list draft for list year L (issue 5 §1): mandatory entries from the city's
 * confirmed screening candidates of data year L-1 (Order 38 art. 8) and from audits rolled over from
 * earlier years; voluntary entries from enterprises that applied (Order 38 art. 7) or that the city
 * added. Sorting and the 审核依据 labels of the official forms 附件2/附件3.
 */
import type { ScreeningCriterion } from '../screening/types.ts';
import { DEFAULT_WORKFLOW_CONFIG, type AuditState, type AuditType } from '../workflow/audit-workflow.ts';

/** Where an entry comes from: a confirmed screening candidate, a rolled-over audit, an application, or added by the city. */
export type EntrySource = 'screening' | 'rolledOver' | 'applied' | 'cityAdded';

/** An entry proposed for a draft: `criteria` are the screening criteria (empty for voluntary). */
export interface DraftEntryInput {
  enterpriseId: number;
  auditType: AuditType;
  source: EntrySource;
  criteria: readonly string[];
}

/**
 * One earlier audit of an enterprise, as far as rolling over is concerned: its list year, type,
 * workflow state ({@link AuditState}), `reportDue` ('YYYY-MM-DD', the art. 17 deadline; null for
 * voluntary audits), `acceptanceApplicationDue` (null until the evaluation passed) and the number
 * of failed acceptances so far.
 */
export interface EarlierAudit {
  enterpriseId: number;
  listYear: number;
  auditType: AuditType;
  state: AuditState | string;
  reportDue: string | null;
  acceptanceApplicationDue?: string | null;
  acceptanceFailures?: number;
  criteria: readonly string[];
}

/** States in which the audit report has not been submitted yet (art. 17 still pending). */
const BEFORE_REPORT: ReadonlySet<string> = new Set(['listed', 'disclosed', 'started']);
/** States waiting for the application for acceptance. */
const BEFORE_ACCEPTANCE_APPLICATION: ReadonlySet<string> = new Set(['evaluationPassed', 'implementing']);

/**
 * Whether an earlier mandatory audit rolls over into the list of `listYear` (issue 5 §1, issue 6
 * item 1), in the workflow's states (packages/domain/src/workflow):
 * - it is `rolledOver` (the region moved it after too many failed acceptances);
 * - it is `acceptanceFailed` with `acceptanceFailures ≥ maxAcceptanceFailures` (default
 *   {@link DEFAULT_WORKFLOW_CONFIG}.maxAcceptanceFailures = 2; local practice, Shenzhen 2024 /
 *   Qingyuan 2019, regulations.md §1 "Penalties");
 * - it is overdue without acceptance before 1 January of `listYear`: the report (Order 38 art. 17)
 *   was due and is not submitted, or the application for acceptance was due and not made.
 * `accepted` audits and voluntary audits never roll over; an audit of `listYear` or later neither.
 */
export function rollsOver(a: EarlierAudit, listYear: number, maxAcceptanceFailures: number = DEFAULT_WORKFLOW_CONFIG.maxAcceptanceFailures): boolean {
  if (a.auditType !== 'mandatory' || a.listYear >= listYear) return false;
  if (a.state === 'rolledOver') return true;
  if (a.state === 'acceptanceFailed') return (a.acceptanceFailures ?? 0) >= maxAcceptanceFailures;
  const yearStart = `${listYear}-01-01`;
  if (BEFORE_REPORT.has(a.state)) return a.reportDue !== null && a.reportDue < yearStart;
  if (BEFORE_ACCEPTANCE_APPLICATION.has(a.state)) return a.acceptanceApplicationDue != null && a.acceptanceApplicationDue < yearStart;
  return false;
}

/**
 * The entries of a draft, one per enterprise, from the three sources in precedence order:
 * confirmed screening candidates, then rolled-over audits (their latest audit only, and only if it
 * {@link rollsOver}), then voluntary applications and city additions. An enterprise already on a
 * mandatory entry is not also voluntary; enterprises in `alreadyListed` (on a published list of the
 * same year, or on another round's draft) are left out.
 * @returns entries in input order within each source, each enterprise once
 */
export function buildDraftEntries(input: {
  listYear: number;
  confirmedCandidates: readonly { enterpriseId: number; criteria: readonly string[] }[];
  earlierAudits: readonly EarlierAudit[];
  voluntary: readonly { enterpriseId: number; source: 'applied' | 'cityAdded' }[];
  alreadyListed?: ReadonlySet<number>;
}): DraftEntryInput[] {
  const out: DraftEntryInput[] = [];
  const seen = new Set<number>(input.alreadyListed ?? []);
  for (const c of input.confirmedCandidates) {
    if (seen.has(c.enterpriseId)) continue;
    seen.add(c.enterpriseId);
    out.push({ enterpriseId: c.enterpriseId, auditType: 'mandatory', source: 'screening', criteria: [...c.criteria] });
  }
  const latest = new Map<number, EarlierAudit>();
  for (const a of input.earlierAudits) {
    if (a.auditType !== 'mandatory' || a.listYear >= input.listYear) continue;
    const prev = latest.get(a.enterpriseId);
    if (!prev || prev.listYear < a.listYear) latest.set(a.enterpriseId, a);
  }
  for (const a of latest.values()) {
    if (seen.has(a.enterpriseId) || !rollsOver(a, input.listYear)) continue;
    seen.add(a.enterpriseId);
    out.push({ enterpriseId: a.enterpriseId, auditType: 'mandatory', source: 'rolledOver', criteria: [...a.criteria] });
  }
  for (const v of input.voluntary) {
    if (seen.has(v.enterpriseId)) continue;
    seen.add(v.enterpriseId);
    out.push({ enterpriseId: v.enterpriseId, auditType: 'voluntary', source: v.source, criteria: [] });
  }
  return out;
}

/** The 审核依据 group of each criterion: 双超 (art. 8 (一)), 高耗能 (art. 8 (二)), 双有 (art. 8 (三)). */
export const CRITERION_BASIS: Record<ScreeningCriterion, '双超' | '双有' | '高耗能'> = {
  exceedsStandard: '双超',
  exceedsQuota: '双超',
  usesHazardousMaterials: '双有',
  dischargesHazardousSubstances: '双有',
  exceedsEnergyLimit: '高耗能',
};

const BASIS_ORDER = ['双超', '双有', '高耗能'] as const;

/**
 * The 审核依据 cell of 附件2/附件3: `自愿` for a voluntary entry; otherwise the groups of its
 * criteria in the order 双超, 双有, 高耗能, joined by `、` (e.g. `['exceedsEnergyLimit','exceedsQuota']`
 * → `双超、高耗能`). Unknown criteria are ignored; a mandatory entry without known criteria (a roll-over
 * whose reasons were not recorded) → `''`.
 */
export function basisLabel(auditType: AuditType, criteria: readonly string[]): string {
  if (auditType === 'voluntary') return '自愿';
  const groups = new Set(criteria.map((c) => CRITERION_BASIS[c as ScreeningCriterion]).filter(Boolean));
  return BASIS_ORDER.filter((g) => groups.has(g)).join('、');
}

/** 审核类型 cell: 强制性 / 自愿性. */
export function auditTypeLabel(t: AuditType): string {
  return t === 'mandatory' ? '强制性' : '自愿性';
}

/**
 * Order of published list rows (issue 5 contract): city code, then unified social credit code,
 * both by code-unit comparison (codes are ASCII digits and upper-case letters).
 */
export function compareListRows(a: { cityCode: string; uscc: string }, b: { cityCode: string; uscc: string }): number {
  if (a.cityCode !== b.cityCode) return a.cityCode < b.cityCode ? -1 : 1;
  return a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0;
}

/**
 * Rows grouped by city in division-code order (附件2/附件3 layout), each group sorted by
 * {@link compareListRows}; `total` is the number of rows.
 */
export function groupByCity<T extends { cityCode: string; uscc: string }>(rows: readonly T[]): { groups: { cityCode: string; rows: T[] }[]; total: number } {
  const sorted = [...rows].sort(compareListRows);
  const groups: { cityCode: string; rows: T[] }[] = [];
  for (const r of sorted) {
    const last = groups[groups.length - 1];
    if (last && last.cityCode === r.cityCode) last.rows.push(r);
    else groups.push({ cityCode: r.cityCode, rows: [r] });
  }
  return { groups, total: sorted.length };
}
