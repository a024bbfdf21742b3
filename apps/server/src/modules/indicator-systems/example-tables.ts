/**
 * The partial indicator tables shipped in `refdata/indicator-tables/` turned into definitions
 * (the `system.json` shape) marked incomplete, with their known gaps as issues. Only the
 * electroplating table 1 (综合电镀) is shipped: it is the one with weights and benchmarks for
 * whole groups (refdata/indicator-tables/README.md). The antimony mining table is not shipped:
 * its limiting marks are unknown (`is_limiting = unknown`), so a definition would state limiting
 * flags nobody has seen. Completing a table = importing a corrected JSON as a new version
 * (console editor or `POST /api/v1/indicator-systems/:id/definitions`), then publishing it.
 */
import type { DefinitionIssue, IndicatorSystemJson } from '@cpaudit/contracts';

type Row = Record<string, string>;

/** The catalogue title of the electroplating system (refdata/cp_indicator_systems.csv). */
export const ELECTROPLATING_CATALOGUE_TITLE = '电镀行业清洁生产评价指标体系';
export const ELECTROPLATING_TABLE_FILE = 'indicator-tables/electroplating_2015_comprehensive.csv';

const IDS: Record<string, string> = {
  采用清洁生产工艺: 'clean_process',
  清洁生产过程控制: 'process_control',
  电镀生产线要求: 'plating_line',
  有节水设施: 'water_saving',
  单位产品每次清洗取水量: 'rinse_water',
  锌利用率: 'zn_utilisation',
  铜利用率: 'cu_utilisation',
  镍利用率: 'ni_utilisation',
  装饰铬利用率: 'deco_cr_utilisation',
  硬铬利用率: 'hard_cr_utilisation',
  金利用率: 'au_utilisation',
  '银利用率（含氰镀银）': 'ag_utilisation',
};

const bench = (s: string | undefined): number | null => {
  const m = /^[≤≥<>]?=?\s*(-?\d+(\.\d+)?)$/.exec((s ?? '').trim());
  return m ? Number(m[1]) : null;
};
/** Numeric benchmarks of a row, or nothing when a level is missing (the definition then has a benchmarksMissing issue). */
function benchmarksOf(r: Row): { benchmarks?: { I: number; II: number; III: number } } {
  const [I, II, III] = [bench(r.benchmark_I), bench(r.benchmark_II), bench(r.benchmark_III)];
  return I !== null && II !== null && III !== null ? { benchmarks: { I, II, III } } : {};
}
const text = (s: string | undefined): string | null => (s && s.trim() ? s.trim() : null);

/**
 * Converts rows of an indicator-table CSV (columns of refdata/indicator-tables/README.md) into a
 * definition and the list of its known gaps. Rows with `status = gap` become issues (code
 * `sourceGap`); a weight `0.8/n` is shared equally among the n rows of the group that carry it
 * (the metal-utilisation rule of the electroplating table), with a note.
 */
export function definitionFromTableRows(rows: readonly Row[], meta: { id: string; name: string }): { definition: IndicatorSystemJson; gaps: DefinitionIssue[] } {
  const groups: IndicatorSystemJson['groups'] = [];
  const gaps: DefinitionIssue[] = [];
  let n = 0;
  for (const r of rows) {
    const groupName = r.level1_indicator!;
    let gi = groups.findIndex((g) => g.name === groupName);
    if (r.status === 'gap') {
      const where = gi >= 0 ? `groups[${gi}]` : 'groups';
      gaps.push({ path: where, code: 'sourceGap', message: `${groupName}：${r.level2_indicator} 未采集 (missing in the source) — ${r.notes ?? ''}`.trim() });
      continue;
    }
    if (gi < 0) {
      groups.push({ name: groupName, weight: Number(r.level1_weight), indicators: [] });
      gi = groups.length - 1;
    }
    const group = groups[gi]!;
    const weightText = r.level2_weight ?? '';
    const shared = /^(\d+(\.\d+)?)\/n$/.exec(weightText);
    const sharers = shared ? rows.filter((x) => x.level1_indicator === groupName && x.level2_weight === weightText).length : 0;
    const weight = shared ? Number(shared[1]) / sharers : Number(weightText);
    const direction = r.direction as 'lower' | 'higher' | 'qualitative';
    const name = r.level2_indicator!;
    const notes = [r.notes, shared ? `权重 ${weightText}：按本表 ${sharers} 项金属利用率平均分配 (0.8/${sharers})；只考核实际镀种时，不适用的金属填“不适用”` : null].filter(Boolean).join('；');
    group.indicators.push({
      id: IDS[name] ?? `i${++n}`,
      name,
      unit: text(r.unit),
      weight,
      direction,
      ...(direction === 'qualitative'
        ? { requirements: { I: text(r.benchmark_I), II: text(r.benchmark_II), III: text(r.benchmark_III) } }
        : benchmarksOf(r)),
      limiting: r.is_limiting === 'yes',
      ...(notes ? { note: notes.slice(0, 500) } : {}),
    });
  }
  return { definition: { id: meta.id, name: meta.name, levelRule: 'classic-2013', groups }, gaps };
}
