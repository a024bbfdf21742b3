import ReactEChartsCore from 'echarts-for-react/esm/core';
import { echarts } from '../../../lib/echarts.ts';

/** An ECharts canvas; wrapped in a div carrying the test id (the canvas itself has no readable text). */
export default function Chart({ option, height, testId, onEvents }: { option: object; height: number; testId: string; onEvents?: Record<string, (e: never) => void> }) {
  return (
    <div data-testid={testId}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge lazyUpdate style={{ height, width: '100%' }} {...(onEvents ? { onEvents: onEvents as Record<string, (e: unknown) => void> } : {})} />
    </div>
  );
}
