import type { DefinitionIssue } from '@cpaudit/contracts';
import type { IndicatorSystem } from './indicator-system.ts';

/** Weight sums must equal 1 within this tolerance (regulations.md §3: Σ w_i = 1, Σ_j ω_ij = 1). */
export const WEIGHT_SUM_TOLERANCE = 1e-6;

/**
 * Checks a parsed indicator-system definition (the `system.json` shape) for what the scoring
 * rules of regulations.md §3 need, and returns every problem with its location; `[]` means the
 * definition can be published and scored.
 *
 * Codes (`path` in brackets):
 * - `groupWeights` (`groups`): the group weights do not sum to 1 (±1e-6);
 * - `indicatorWeights` (`groups[i]`): a group's indicator weights do not sum to 1 (±1e-6);
 * - `emptyGroup` (`groups[i].indicators`): a group without indicators;
 * - `weightRange` (`…weight`): a weight outside (0, 1];
 * - `duplicateId` (`groups[i].indicators[j].id`): an indicator id used twice;
 * - `benchmarksMissing` / `benchmarksNotAllowed` (`…benchmarks`): a quantitative indicator
 *   without benchmarks, or a qualitative one with them;
 * - `benchmarkOrder` (`…benchmarks`): for `lower` the benchmarks must satisfy I ≤ II ≤ III, for
 *   `higher` I ≥ II ≥ III (level I is the strictest; levels nest).
 *
 * Pure; does not throw.
 */
export function validateIndicatorSystem(system: IndicatorSystem): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const near1 = (x: number): boolean => Math.abs(x - 1) <= WEIGHT_SUM_TOLERANCE;
  const fmt = (x: number): string => String(Math.round(x * 1e9) / 1e9);
  const groupSum = system.groups.reduce((s, g) => s + g.weight, 0);
  if (!near1(groupSum)) issues.push({ path: 'groups', code: 'groupWeights', message: `一级指标权重之和为 ${fmt(groupSum)}，应为 1 (group weights sum to ${fmt(groupSum)}, not 1)` });
  const seen = new Map<string, string>();
  system.groups.forEach((group, i) => {
    const gp = `groups[${i}]`;
    if (!(group.weight > 0 && group.weight <= 1)) issues.push({ path: `${gp}.weight`, code: 'weightRange', message: `${group.name}: 权重 ${group.weight} 应在 (0, 1] 内` });
    if (group.indicators.length === 0) {
      issues.push({ path: `${gp}.indicators`, code: 'emptyGroup', message: `${group.name}: 没有二级指标 (no indicators)` });
      return;
    }
    const sum = group.indicators.reduce((s, ind) => s + ind.weight, 0);
    if (!near1(sum)) issues.push({ path: gp, code: 'indicatorWeights', message: `${group.name}: 二级指标权重之和为 ${fmt(sum)}，应为 1 (indicator weights sum to ${fmt(sum)}, not 1)` });
    group.indicators.forEach((ind, j) => {
      const ip = `${gp}.indicators[${j}]`;
      if (!(ind.weight > 0 && ind.weight <= 1)) issues.push({ path: `${ip}.weight`, code: 'weightRange', message: `${ind.name}: 权重 ${ind.weight} 应在 (0, 1] 内` });
      const other = seen.get(ind.id);
      if (other !== undefined) issues.push({ path: `${ip}.id`, code: 'duplicateId', message: `指标编号 ${ind.id} 重复 (also at ${other})` });
      else seen.set(ind.id, ip);
      const b = ind.benchmarks;
      if (ind.direction === 'qualitative') {
        if (b !== undefined) issues.push({ path: `${ip}.benchmarks`, code: 'benchmarksNotAllowed', message: `${ind.name}: 定性指标不设数值基准值 (qualitative indicators have no numeric benchmarks)` });
        return;
      }
      if (b === undefined) {
        issues.push({ path: `${ip}.benchmarks`, code: 'benchmarksMissing', message: `${ind.name}: 缺少 I、II、III 级基准值 (benchmarks missing)` });
        return;
      }
      const ordered = ind.direction === 'lower' ? b.I <= b.II && b.II <= b.III : b.I >= b.II && b.II >= b.III;
      if (!ordered) {
        const rel = ind.direction === 'lower' ? 'I ≤ II ≤ III' : 'I ≥ II ≥ III';
        issues.push({ path: `${ip}.benchmarks`, code: 'benchmarkOrder', message: `${ind.name}: 基准值 I=${b.I}, II=${b.II}, III=${b.III} 不满足 ${rel} (direction ${ind.direction})` });
      }
    });
  });
  return issues;
}
