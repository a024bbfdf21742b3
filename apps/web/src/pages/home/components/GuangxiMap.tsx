import { useState } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OverviewStats } from '@cpaudit/contracts';
import guangxi from '../../../assets/maps/guangxi.json';
import { colourAt, projectFeatures } from '../../../lib/geo.ts';

// Vendored from echarts@4.9.0, see src/assets/maps/README.md (development placeholder, no 审图号).
// Drawn as SVG (lib/geo.ts) rather than with ECharts: the dashboard then loads ~200 KB less JS.
const MAP = projectFeatures(guangxi);
const COLOURS = ['#e8f5e9', '#81c784', '#2e7d32', '#1b5e20'] as const;
const HOVER = '#ffd54f';

/**
 * Map the overview's cities onto the map's features: by GB/T 2260 code (feature `id`), else by name.
 * Cities absent from the overview are drawn with 0.
 */
export function cityCountsForMap(rows: OverviewStats['byDivision']): { name: string; value: number; code: string }[] {
  const byCode = new Map(rows.map((r) => [r.divisionCode, r.count]));
  const byName = new Map(rows.map((r) => [r.name, r.count]));
  return MAP.shapes.map((f) => ({
    name: f.name,
    code: f.code,
    value: byCode.get(f.code) ?? byName.get(f.name) ?? 0,
  }));
}

/**
 * The 14 cities coloured by `rows[].count` (enterprises, or the dashboard's chosen measure named
 * `seriesName`), light (0) to dark (the largest value); a city's name and value show on hover
 * (SVG title) and `onSelect` receives the clicked city's 6-digit code. Each city is a
 * `path[data-code]`, the legend gives the scale's ends.
 */
export default function GuangxiMap({ rows, seriesName, onSelect, testId = 'map-by-division' }: { rows: OverviewStats['byDivision']; seriesName?: string; onSelect?: (code: string) => void; testId?: string }) {
  const { t } = useTranslation();
  const [hover, setHover] = useState<string | null>(null);
  const data = cityCountsForMap(rows);
  const max = Math.max(1, ...data.map((d) => d.value));
  const name = seriesName ?? t('home.colCount');
  const legendY = MAP.height + 16;
  return (
    <>
      <div data-testid={testId}>
        <svg viewBox={`0 0 ${MAP.width} ${legendY + 24}`} role="img" aria-label={name} style={{ width: '100%', maxHeight: 440, display: 'block' }}>
          <defs>
            <linearGradient id="gx-legend">
              {COLOURS.map((c, i) => <stop key={c} offset={i / (COLOURS.length - 1)} stopColor={c} />)}
            </linearGradient>
          </defs>
          {data.map((d, i) => {
            const shape = MAP.shapes[i]!;
            return (
              <path
                key={d.code}
                d={shape.path}
                data-code={d.code}
                data-value={d.value}
                fill={hover === d.code ? HOVER : colourAt(COLOURS, d.value / max)}
                stroke="#fff"
                strokeWidth={1}
                style={{ cursor: onSelect ? 'pointer' : 'default' }}
                onMouseEnter={() => setHover(d.code)}
                onMouseLeave={() => setHover(null)}
                onClick={onSelect ? () => onSelect(d.code) : undefined}
              >
                <title>{`${d.name}：${d.value}`}</title>
              </path>
            );
          })}
          {MAP.shapes.map((s) => (
            <text key={s.code} x={s.labelX} y={s.labelY} fontSize={11} textAnchor="middle" pointerEvents="none" fill="#1f1f1f">
              {s.name}
            </text>
          ))}
          <rect x={8} y={legendY} width={120} height={10} fill="url(#gx-legend)" />
          <text x={8} y={legendY - 3} fontSize={10}>{name}</text>
          <text x={8} y={legendY + 22} fontSize={10}>0</text>
          <text x={128} y={legendY + 22} fontSize={10} textAnchor="end">{max}</text>
        </svg>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('home.mapCaveat')}
      </Typography.Text>
    </>
  );
}
