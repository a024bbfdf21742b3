import { useTranslation } from 'react-i18next';
import type { OverviewStats } from '@cpaudit/contracts';
import Chart from './Chart.tsx';

/** Vertical bars per division (the counties of a city, for city and county users). */
export default function DivisionBarChart({ rows }: { rows: OverviewStats['byDivision'] }) {
  const { t } = useTranslation();
  const option = {
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 8 ? 35 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: t('home.colCount'),
        data: rows.map((r) => r.count),
        itemStyle: { color: '#1677ff' },
        label: { show: true, position: 'top' },
        barMaxWidth: 36,
      },
    ],
  };
  return <Chart option={option} height={380} testId="chart-by-division" />;
}
