/** ECharts with only what the console draws (bar, funnel and map), to keep the bundle small. */
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, MapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, FunnelChart, MapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };
