import type { OverviewStats } from '@cpaudit/contracts';
import Bars from './Bars.tsx';

/** Bars per division (the counties of a city, for city and county users), in the overview's order. */
export default function DivisionBarChart({ rows }: { rows: OverviewStats['byDivision'] }) {
  return <Bars items={rows.map((r) => ({ key: r.divisionCode, label: r.name, value: r.count }))} colour="#1677ff" testId="chart-by-division" />;
}
