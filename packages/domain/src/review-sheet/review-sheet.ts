/**
 * Scoring sheets (评分表) for the evaluation (评估) and the acceptance (验收), and the panel
 * result computed from the experts' sheets (issue 6 item 8).
 *
 * **Configurable local practice, not national rule.** The national 《清洁生产审核评估与验收指南》
 * (环办科技〔2018〕5号) tables were not retrieved (regulations.md §2, §8 item 1). The defaults
 * follow common provincial practice: 100 points; a veto item (否定项) or a mean below 70 fails;
 * 70 to below 90 passes with revisions (补充完善后通过); 90 and above passes
 * (forms-and-procedures.md §1.1–§1.3: evaluation skeleton, Beijing acceptance veto items).
 */
import type { PanelOutcome } from '../workflow/audit-workflow.ts';

/** One scored item: `key`, Chinese `title`, `maxPoints` (points, > 0, at most 2 decimals). */
export interface SheetItem {
  key: string;
  title: string;
  maxPoints: number;
}

/** One veto item (否定项): ticked by an expert, it fails the review whatever the points. */
export interface VetoItem {
  key: string;
  title: string;
}

/**
 * A scoring-sheet template: `kind`, `version`, `items` (their `maxPoints` sum to `totalPoints`),
 * `vetoItems`, the bands `passWithRevisionsFrom` (default 70) and `passFrom` (default 90), and
 * `vetoRule`: `'any'` (one expert ticking a veto item fails the review, the default) or
 * `'majority'` (more than half the sheets tick the same veto item).
 */
export interface SheetTemplate {
  kind: 'evaluation' | 'acceptance';
  version: string;
  localPractice: true;
  totalPoints: number;
  items: readonly SheetItem[];
  vetoItems: readonly VetoItem[];
  passWithRevisionsFrom: number;
  passFrom: number;
  vetoRule: 'any' | 'majority';
}

/** One expert's filled sheet: points per item key, and the veto item keys ticked. */
export interface ExpertSheet {
  expertId: number;
  scores: Readonly<Record<string, number>>;
  vetoes: readonly string[];
}

/**
 * Default evaluation sheet (评估评分表), 100 points over the audit phases
 * (forms-and-procedures.md §1.2 skeleton; every value a placeholder for the official Guangxi sheet).
 */
export const DEFAULT_EVALUATION_TEMPLATE: SheetTemplate = {
  kind: 'evaluation',
  version: 'default-1',
  localPractice: true,
  totalPoints: 100,
  items: [
    { key: 'preparation', title: '审核准备', maxPoints: 5 },
    { key: 'preAssessment', title: '预审核', maxPoints: 25 },
    { key: 'assessment', title: '审核', maxPoints: 20 },
    { key: 'optionGeneration', title: '方案产生和筛选', maxPoints: 15 },
    { key: 'feasibility', title: '可行性分析', maxPoints: 20 },
    { key: 'implementationPlan', title: '方案实施计划与持续清洁生产', maxPoints: 5 },
    { key: 'reportQuality', title: '报告规范性', maxPoints: 10 },
  ],
  vetoItems: [
    { key: 'consultantUnqualified', title: '咨询服务机构不符合《清洁生产审核办法》第十六条要求' },
    { key: 'focusOrTargetsWrong', title: '审核重点或清洁生产目标设置错误或重大遗漏' },
    { key: 'noMeasuredBalance', title: '未开展实测物料平衡' },
    { key: 'optionsCannotMeetTargets', title: '中/高费方案不能支撑清洁生产目标' },
    { key: 'fabricatedData', title: '数据弄虚作假' },
  ],
  passWithRevisionsFrom: 70,
  passFrom: 90,
  vetoRule: 'any',
};

/**
 * Default acceptance sheet (验收打分表), 100 points, veto items after the Beijing acceptance table 1
 * (forms-and-procedures.md §1.3).
 */
export const DEFAULT_ACCEPTANCE_TEMPLATE: SheetTemplate = {
  kind: 'acceptance',
  version: 'default-1',
  localPractice: true,
  totalPoints: 100,
  items: [
    { key: 'reportQuality', title: '验收报告规范性', maxPoints: 10 },
    { key: 'optionsImplemented', title: '中/高费方案实施情况', maxPoints: 30 },
    { key: 'targetsMet', title: '清洁生产目标完成情况', maxPoints: 30 },
    { key: 'cpLevel', title: '清洁生产水平（评价指标体系）', maxPoints: 15 },
    { key: 'continuingCp', title: '持续清洁生产机制', maxPoints: 15 },
  ],
  vetoItems: [
    { key: 'consultantUnqualified', title: '企业不具备自行审核能力或咨询服务机构不符合要求' },
    { key: 'focusOrTargetsWrong', title: '审核重点或清洁生产目标错误或重大遗漏' },
    { key: 'eliminatedEquipment', title: '使用国家明令淘汰的工艺设备或生产淘汰产品' },
    { key: 'phaseOutNotPlanned', title: '限期淘汰设备未识别或未列入整改计划' },
    { key: 'complianceTooLate', title: '承诺达标时间超过两年' },
    { key: 'dischargeExceeded', title: '污染物超标、超总量排放或能耗超限额' },
  ],
  passWithRevisionsFrom: 70,
  passFrom: 90,
  vetoRule: 'any',
};

/** A sheet that does not fit its template; `path` locates the field (e.g. `sheets[1].scores.assessment`). */
export class ReviewSheetError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'ReviewSheetError';
  }
}

/** Points in hundredths, exactly (scores have at most 2 decimals). */
function hundredths(points: number, path: string): number {
  const h = Math.round(points * 100);
  if (!Number.isFinite(points) || Math.abs(h - points * 100) > 1e-6) throw new ReviewSheetError(path, `points must have at most 2 decimals, got ${points}`);
  return h;
}

/**
 * Checks a template: unique item and veto keys, positive points that sum to `totalPoints`,
 * `0 < passWithRevisionsFrom ≤ passFrom ≤ totalPoints`.
 * @throws ReviewSheetError naming the field
 */
export function validateTemplate(t: SheetTemplate): void {
  const keys = new Set<string>();
  let sum = 0;
  t.items.forEach((item, i) => {
    if (keys.has(item.key)) throw new ReviewSheetError(`items[${i}].key`, `duplicate key ${item.key}`);
    keys.add(item.key);
    if (!(item.maxPoints > 0)) throw new ReviewSheetError(`items[${i}].maxPoints`, 'must be positive');
    sum += hundredths(item.maxPoints, `items[${i}].maxPoints`);
  });
  if (sum !== hundredths(t.totalPoints, 'totalPoints')) throw new ReviewSheetError('items', `max points sum to ${sum / 100}, not ${t.totalPoints}`);
  const vetoKeys = new Set<string>();
  t.vetoItems.forEach((v, i) => {
    if (vetoKeys.has(v.key)) throw new ReviewSheetError(`vetoItems[${i}].key`, `duplicate key ${v.key}`);
    vetoKeys.add(v.key);
  });
  if (!(t.passWithRevisionsFrom > 0 && t.passWithRevisionsFrom <= t.passFrom && t.passFrom <= t.totalPoints)) {
    throw new ReviewSheetError('passFrom', 'bands must satisfy 0 < passWithRevisionsFrom ≤ passFrom ≤ totalPoints');
  }
}

/**
 * The total of one sheet (points): every item scored, each between 0 and its maximum.
 * @throws ReviewSheetError for a missing, unknown or out-of-range item, or an unknown veto key
 */
export function sheetTotal(template: SheetTemplate, sheet: ExpertSheet, path = 'sheet'): number {
  return sheetHundredths(template, sheet, path) / 100;
}

function sheetHundredths(template: SheetTemplate, sheet: ExpertSheet, path: string): number {
  const known = new Set(template.items.map((i) => i.key));
  for (const key of Object.keys(sheet.scores)) if (!known.has(key)) throw new ReviewSheetError(`${path}.scores.${key}`, 'not an item of the template');
  const vetoKeys = new Set(template.vetoItems.map((v) => v.key));
  for (const key of sheet.vetoes) if (!vetoKeys.has(key)) throw new ReviewSheetError(`${path}.vetoes`, `unknown veto item ${key}`);
  let total = 0;
  for (const item of template.items) {
    const p = sheet.scores[item.key];
    const where = `${path}.scores.${item.key}`;
    if (p === undefined) throw new ReviewSheetError(where, 'not scored');
    const h = hundredths(p, where);
    if (h < 0 || h > hundredths(item.maxPoints, where)) throw new ReviewSheetError(where, `must be between 0 and ${item.maxPoints}, got ${p}`);
    total += h;
  }
  return total;
}

/**
 * The panel result: `mean` of the sheet totals (points, rounded to 2 decimals for display; the
 * band is decided on the exact mean), the veto items that apply under `vetoRule`, and the
 * `outcome`: `fail` when a veto applies or mean < `passWithRevisionsFrom`; `passWithRevisions`
 * when mean < `passFrom`; otherwise `pass`.
 *
 * Example (defaults): totals 90, 90, 89.97 → mean 89.99 → `passWithRevisions`; 90, 90, 90 → `pass`.
 */
export interface PanelResult {
  sheets: { expertId: number; total: number }[];
  mean: number;
  vetoes: string[];
  outcome: PanelOutcome;
}

/**
 * Computes the {@link PanelResult} from the experts' sheets (one per expert).
 * @throws ReviewSheetError when there is no sheet, an expert has two sheets, or a sheet does not fit the template
 */
export function panelResult(template: SheetTemplate, sheets: readonly ExpertSheet[]): PanelResult {
  validateTemplate(template);
  if (sheets.length === 0) throw new ReviewSheetError('sheets', 'no sheet');
  const seen = new Set<number>();
  const totals = sheets.map((s, i) => {
    if (seen.has(s.expertId)) throw new ReviewSheetError(`sheets[${i}].expertId`, `expert ${s.expertId} has two sheets`);
    seen.add(s.expertId);
    return sheetHundredths(template, s, `sheets[${i}]`);
  });
  const sum = totals.reduce((a, b) => a + b, 0);
  const n = sheets.length;
  const vetoes = template.vetoItems
    .map((v) => v.key)
    .filter((key) => {
      const count = sheets.filter((s) => s.vetoes.includes(key)).length;
      return template.vetoRule === 'any' ? count > 0 : count * 2 > n;
    });
  // Compare sum / n with the band exactly: sum ≥ band × n (all in hundredths).
  const atLeast = (band: number): boolean => sum >= Math.round(band * 100) * n;
  const outcome: PanelOutcome = vetoes.length > 0 || !atLeast(template.passWithRevisionsFrom) ? 'fail' : atLeast(template.passFrom) ? 'pass' : 'passWithRevisions';
  return {
    sheets: sheets.map((s, i) => ({ expertId: s.expertId, total: totals[i]! / 100 })),
    mean: Math.round(sum / n) / 100,
    vetoes,
    outcome,
  };
}
