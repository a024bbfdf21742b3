import { useTranslation } from 'react-i18next';
import type { OverviewStats } from '@cpaudit/contracts';
import Chart from './Chart.tsx';

/** Horizontal bars: enterprises per key industry, largest at the top. */
export default function IndustryChart({ rows }: { rows: OverviewStats['byKeyIndustry'] }) {
  const { t } = useTranslation();
  const sorted = [...rows].sort((a, b) => a.count - b.count);
  const option = {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map((r) => r.nameZh), axisLabel: { width: 140, overflow: 'truncate' } },
    series: [
      {
        type: 'bar',
        name: t('home.colCount'),
        data: sorted.map((r) => r.count),
        itemStyle: { color: '#1f7a4d' },
        label: { show: true, position: 'right' },
        barMaxWidth: 22,
      },
    ],
  };
  return <Chart option={option} height={Math.max(260, rows.length * 30 + 40)} testId="chart-by-industry" />;
}
