import type { OverviewStats } from '@cpaudit/contracts';
import Bars from './Bars.tsx';

/** Horizontal bars: enterprises per key industry, largest at the top. */
export default function IndustryChart({ rows }: { rows: OverviewStats['byKeyIndustry'] }) {
  const sorted = [...rows].sort((a, b) => b.count - a.count);
  return <Bars items={sorted.map((r) => ({ key: r.key, label: r.nameZh, value: r.count }))} colour="#1f7a4d" testId="chart-by-industry" />;
}
