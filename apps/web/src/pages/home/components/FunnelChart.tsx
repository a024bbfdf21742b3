import Chart from './Chart.tsx';

/** The audit funnel (listed → disclosed → started → evaluated → accepted); a click passes the stage key. */
export default function FunnelChart({ stages, onSelect }: { stages: { stage: string; name: string; value: number }[]; onSelect: (stage: string) => void }) {
  const option = {
    tooltip: { trigger: 'item', formatter: '{b}：{c}' },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        minSize: '8%',
        left: '10%',
        width: '80%',
        label: { show: true, position: 'inside', formatter: '{b} {c}' },
        data: stages.map((s) => ({ name: s.name, value: s.value, stage: s.stage })),
      },
    ],
  };
  return <Chart option={option} height={320} testId="dashboard-funnel" onEvents={{ click: (e: { data?: { stage?: string } }) => e.data?.stage && onSelect(e.data.stage) }} />;
}
