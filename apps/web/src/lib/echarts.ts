/**
 * ECharts core with only what the console still draws with it: the stacked bars of the reductions
 * page (bar, grid, tooltip, legend, canvas). The home dashboard's map, funnel and bars are SVG
 * (lib/geo.ts, pages/home/components) so the dashboard does not load ECharts (bench web).
 */
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
