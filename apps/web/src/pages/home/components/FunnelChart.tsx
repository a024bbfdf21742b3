/**
 * The audit funnel (listed → disclosed → started → evaluated → accepted) as SVG: one trapezoid per
 * stage, its top width proportional to the stage's count (8 % at least), its bottom to the next
 * stage's; a click passes the stage key. Each stage is a `g[data-testid=funnel-stage-<stage>]`.
 */
export default function FunnelChart({ stages, onSelect }: { stages: { stage: string; name: string; value: number }[]; onSelect: (stage: string) => void }) {
  const W = 400;
  const H = 56;
  const max = Math.max(1, ...stages.map((s) => s.value));
  const width = (v: number) => Math.max(0.08, v / max) * W * 0.8;
  return (
    <div data-testid="dashboard-funnel">
      <svg viewBox={`0 0 ${W} ${stages.length * H}`} role="img" style={{ width: '100%', maxHeight: 320, display: 'block' }}>
        {stages.map((s, i) => {
          const top = width(s.value);
          const bottom = i + 1 < stages.length ? width(stages[i + 1]!.value) : top * 0.8;
          const y = i * H;
          const points = [[(W - top) / 2, y], [(W + top) / 2, y], [(W + bottom) / 2, y + H - 4], [(W - bottom) / 2, y + H - 4]].map((p) => p.join(',')).join(' ');
          return (
            <g key={s.stage} data-testid={`funnel-stage-${s.stage}`} style={{ cursor: 'pointer' }} onClick={() => onSelect(s.stage)}>
              <title>{`${s.name}：${s.value}`}</title>
              <polygon points={points} fill={FUNNEL_COLOURS[i % FUNNEL_COLOURS.length]} />
              <text x={W / 2} y={y + H / 2} fontSize={13} textAnchor="middle" dominantBaseline="middle" fill="#1f1f1f">
                {`${s.name} ${s.value}`}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

const FUNNEL_COLOURS = ['#5470c6', '#91cc75', '#fac858', '#ee6666', '#73c0de'];
