import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

// Tree-shaken ECharts: only the charts and components registered here are bundled. Add a chart type
// here when a page needs one.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DatasetComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/** What a click on a data element (a bar segment, a point) reports. */
export interface ChartClick {
  seriesIndex?: number;
  seriesId?: string;
  seriesName?: string;
  dataIndex: number;
  name: string;
  value: unknown;
}

interface ChartProps {
  option: ChartOption;
  height?: number;
  style?: CSSProperties;
  onClick?: (e: ChartClick) => void;
  testId?: string;
}

/**
 * A small ECharts wrapper: one instance per element, the option replaced on change (notMerge, so a
 * series that went away disappears), resized with its box, clicks on data passed to `onClick`.
 */
export function Chart({ option, height = 360, style, onClick, testId }: ChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    if (!ref.current) {
      return;
    }
    const instance = echarts.init(ref.current);
    chart.current = instance;
    instance.on('click', (e) => clickRef.current?.(e as unknown as ChartClick));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={ref} style={{ width: '100%', height, ...style }} data-testid={testId} />;
}
