/**
 * Horizontal SVG bars (one row per item: label, bar proportional to the largest value, value),
 * in the given order; replaces the ECharts bar charts of the home page (bench web: less JS).
 */
export default function Bars({ items, colour, testId }: { items: { key: string; label: string; value: number }[]; colour: string; testId: string }) {
  const ROW = 28;
  const LABEL = 150;
  const W = 600;
  const max = Math.max(1, ...items.map((i) => i.value));
  return (
    <div data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${Math.max(1, items.length) * ROW + 8}`} role="img" style={{ width: '100%', display: 'block' }}>
        {items.map((it, i) => {
          const y = 4 + i * ROW;
          const w = ((W - LABEL - 60) * it.value) / max;
          return (
            <g key={it.key} data-key={it.key} data-value={it.value}>
              <title>{`${it.label}：${it.value}`}</title>
              <text x={LABEL - 8} y={y + ROW / 2} fontSize={12} textAnchor="end" dominantBaseline="middle">
                {it.label.length > 12 ? `${it.label.slice(0, 11)}…` : it.label}
              </text>
              <rect x={LABEL} y={y + 4} width={w} height={ROW - 10} fill={colour} rx={2} />
              <text x={LABEL + w + 6} y={y + ROW / 2} fontSize={12} dominantBaseline="middle">{it.value}</text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
