/** ECharts with only what the console draws (bar and map), to keep the bundle small. */
import * as echarts from 'echarts/core';
import { BarChart, MapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, MapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };
