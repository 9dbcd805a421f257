import { useQuery } from '@tanstack/react-query';
import { Empty, Flex, Skeleton, Space, Typography } from 'antd';
import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';
import { api } from '../../app/api.ts';
import { QueryError } from '../../app/components/query-error.tsx';
import { ENUMS, enumLabel } from '../../app/enums.ts';
import { type TFunction, useT } from '../../app/i18n/index.tsx';
import type { RelationshipMap } from './types.ts';

const ATTITUDE_COLORS: Record<string, string> = {
  supporter: '#52c41a',
  neutral: '#8c8c8c',
  opponent: '#f5222d',
};
const UNKNOWN_COLOR = '#1f5fbf';
const ROLE_SYMBOLS: Record<string, string> = {
  decision_maker: 'diamond',
  influencer: 'triangle',
  user: 'circle',
  gatekeeper: 'rect',
  champion: 'roundRect',
};
const ROLE_GLYPHS: Record<string, string> = {
  decision_maker: '◆',
  influencer: '▲',
  user: '●',
  gatekeeper: '■',
  champion: '▢',
};

/**
 * The key-account relationship map as an ECharts force graph: one node per contact, an arrow from a
 * contact to the person they report to; colour (and legend category) by attitude, symbol by decision
 * role, bigger symbols for decision makers. Nodes can be dragged; the chart follows its container's size.
 */
export function RelationshipMapView({ customerId }: { customerId: string }) {
  const t = useT();
  const result = useQuery({
    queryKey: ['customers', 'map', customerId],
    queryFn: ({ signal }) => api<RelationshipMap>(`/customers/${customerId}/relationship-map`, { signal }),
  });

  if (result.isError) {
    return <QueryError error={result.error} onRetry={() => void result.refetch()} />;
  }
  if (!result.data) {
    return <Skeleton active />;
  }
  if (result.data.nodes.length === 0) {
    return <Empty description={t('map.empty')} />;
  }
  return (
    <div data-testid="relationship-map">
      <MapChart map={result.data} t={t} />
      <Flex gap={24} wrap style={{ marginTop: 8 }}>
        <Space size={12} wrap>
          <Typography.Text type="secondary">{t('map.legendRole')}</Typography.Text>
          {ENUMS.decisionRole.map((r) => (
            <Space key={r} size={4}>
              <span aria-hidden style={{ color: '#595959' }}>
                {ROLE_GLYPHS[r]}
              </span>
              {enumLabel(t, 'decisionRole', r)}
            </Space>
          ))}
        </Space>
      </Flex>
    </div>
  );
}

function MapChart({ map, t }: { map: RelationshipMap; t: TFunction }) {
  const element = useRef<HTMLDivElement>(null);
  const height = Math.min(640, Math.max(320, 120 + map.nodes.length * 24));

  useEffect(() => {
    const container = element.current;
    if (!container) {
      return;
    }
    const chart = echarts.init(container, undefined, { renderer: 'canvas' });
    chart.setOption(chartOption(map, t));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [map, t]);

  return (
    <div
      ref={element}
      role="img"
      aria-label={t('customer.map')}
      data-testid="map-chart"
      data-nodes={map.nodes.length}
      style={{ width: '100%', height }}
    />
  );
}

function chartOption(map: RelationshipMap, t: TFunction): echarts.EChartsOption {
  const attitudes = [...ENUMS.attitude, 'unknown'] as const;
  const categories = attitudes.map((a) => ({
    name: a === 'unknown' ? t('map.attitudeUnknown') : enumLabel(t, 'attitude', a),
    itemStyle: { color: ATTITUDE_COLORS[a] ?? UNKNOWN_COLOR },
  }));
  const ids = new Set(map.nodes.map((n) => n.id));
  const names = new Map(map.nodes.map((n) => [n.id, n.name]));
  const describe = (n: RelationshipMap['nodes'][number]) =>
    [
      n.title,
      n.decisionRole ? enumLabel(t, 'decisionRole', n.decisionRole) : null,
      n.attitude ? enumLabel(t, 'attitude', n.attitude) : null,
    ]
      .filter(Boolean)
      .join(' · ');
  return {
    tooltip: {
      formatter: (params) => {
        const p = params as { dataType?: string; data: { tip?: string } };
        return escapeHtml(p.data.tip ?? '');
      },
    },
    legend: [{ data: categories.map((c) => c.name), top: 0, left: 0, selectedMode: 'multiple' }],
    animationDurationUpdate: 300,
    series: [
      {
        type: 'graph',
        layout: 'force',
        roam: true,
        draggable: true,
        top: 40,
        categories,
        force: { repulsion: 320, edgeLength: [80, 140], gravity: 0.08 },
        label: { show: true, position: 'bottom', fontSize: 12, color: '#262626' },
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 8,
        lineStyle: { color: '#bfbfbf', width: 1.5, curveness: 0.1 },
        emphasis: { focus: 'adjacency', lineStyle: { width: 3 } },
        data: map.nodes.map((n) => {
          const attitude = n.attitude && ATTITUDE_COLORS[n.attitude] ? n.attitude : 'unknown';
          return {
            id: n.id,
            name: n.name,
            category: attitudes.indexOf(attitude as (typeof attitudes)[number]),
            symbol: ROLE_SYMBOLS[n.decisionRole ?? ''] ?? 'circle',
            symbolSize: n.decisionRole === 'decision_maker' ? 34 : 24,
            tip: [n.name, describe(n)].filter(Boolean).join('\n'),
          };
        }),
        links: map.edges
          .filter((e) => ids.has(e.from) && ids.has(e.to))
          .map((e) => ({
            source: e.from,
            target: e.to,
            tip: `${names.get(e.from) ?? ''} ${t('map.reportsTo')} ${names.get(e.to) ?? ''}`,
          })),
      },
    ],
  };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '<br/>');
}
