import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OverviewStats } from '@cpaudit/contracts';
import { echarts } from '../../../lib/echarts.ts';
import guangxi from '../../../assets/maps/guangxi.json';
import Chart from './Chart.tsx';

// Vendored from echarts@4.9.0, see src/assets/maps/README.md (development placeholder, no 审图号).
interface MapFeature {
  id: string;
  properties: { name: string };
}
const features = (guangxi as unknown as { features: MapFeature[] }).features;
const MAP_NAME = 'guangxi';
if (!echarts.getMap(MAP_NAME)) {
  echarts.registerMap(MAP_NAME, guangxi as unknown as Parameters<typeof echarts.registerMap>[1]);
}

/**
 * Map the overview's cities onto the map's features: by GB/T 2260 code (feature `id`), else by name.
 * Cities absent from the overview are drawn with 0.
 */
export function cityCountsForMap(rows: OverviewStats['byDivision']): { name: string; value: number; code: string }[] {
  const byCode = new Map(rows.map((r) => [r.divisionCode, r.count]));
  const byName = new Map(rows.map((r) => [r.name, r.count]));
  return features.map((f) => ({
    name: f.properties.name,
    code: f.id,
    value: byCode.get(f.id) ?? byName.get(f.properties.name) ?? 0,
  }));
}

/**
 * The 14 cities coloured by `rows[].count` (enterprises, or the dashboard's chosen measure named
 * `seriesName`); `onSelect` receives the clicked city's 6-digit code.
 */
export default function GuangxiMap({ rows, seriesName, onSelect, testId = 'map-by-division' }: { rows: OverviewStats['byDivision']; seriesName?: string; onSelect?: (code: string) => void; testId?: string }) {
  const { t } = useTranslation();
  const data = cityCountsForMap(rows);
  const max = Math.max(1, ...data.map((d) => d.value));
  const option = {
    tooltip: { trigger: 'item', formatter: '{b}：{c}' },
    visualMap: {
      min: 0,
      max,
      left: 8,
      bottom: 8,
      calculable: true,
      inRange: { color: ['#e8f5e9', '#81c784', '#2e7d32', '#1b5e20'] },
    },
    series: [
      {
        type: 'map',
        map: MAP_NAME,
        name: seriesName ?? t('home.colCount'),
        roam: false,
        label: { show: true, fontSize: 11 },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffd54f' } },
        data,
      },
    ],
  };
  return (
    <>
      <Chart option={option} height={440} testId={testId} onEvents={onSelect ? { click: (e: { data?: { code?: string } }) => e.data?.code && onSelect(e.data.code) } : undefined} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('home.mapCaveat')}
      </Typography.Text>
    </>
  );
}
