import {
  CalendarOutlined,
  CheckSquareOutlined,
  EditOutlined,
  NodeIndexOutlined,
  PlusCircleOutlined,
} from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Timeline as AntTimeline, Button, Empty, Flex, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api.ts';
import type { Schemas } from '../api-types.ts';
import { enumLabel } from '../enums.ts';
import { hasMessage, type TFunction, useI18n } from '../i18n/index.tsx';
import { QueryError } from './query-error.tsx';

export type TimelineItem = Schemas['TimelineItem'];

type TimelinePage = Schemas['CustomerTimeline'];

export const TIMELINE_KEY = 'timeline';

/** The 360° timeline of a record: activities, stage changes, tasks and edits, newest first, paged. */
export function RecordTimeline({ path, testId = 'timeline' }: { path: string; testId?: string }) {
  const { t, formatDateTime, locale } = useI18n();
  const result = useInfiniteQuery({
    queryKey: [TIMELINE_KEY, path],
    queryFn: ({ pageParam, signal }) =>
      api<TimelinePage>(path, { query: { cursor: pageParam ?? undefined, limit: 30 }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  if (result.isError) {
    return <QueryError error={result.error} onRetry={() => void result.refetch()} />;
  }
  const items = result.data?.pages.flatMap((page) => page.items) ?? [];
  if (!result.isPending && items.length === 0) {
    return <Empty description={t('timeline.empty')} />;
  }
  return (
    <div data-testid={testId}>
      <AntTimeline
        pending={result.isPending ? t('common.loading') : undefined}
        items={items.map((item) => ({
          key: `${item.kind}-${item.id}`,
          dot: iconOf(item.kind),
          color: colorOf(item.kind),
          children: (
            <div data-testid={`timeline-item-${item.kind}`}>
              <Flex gap={8} wrap align="baseline">
                <Typography.Text strong>{headline(item, t, locale)}</Typography.Text>
                {item.dealId && item.kind !== 'stage_change' && (
                  <Link to={`/deals/${item.dealId}`}>{t('deal.title')}</Link>
                )}
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(item.at)}
              </Typography.Text>
              {item.detail && (
                <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>
                  {item.detail}
                </Typography.Paragraph>
              )}
            </div>
          ),
        }))}
      />
      {result.hasNextPage && (
        <Button onClick={() => void result.fetchNextPage()} loading={result.isFetchingNextPage}>
          {t('common.more')}
        </Button>
      )}
    </div>
  );
}

function headline(item: TimelineItem, t: TFunction, locale: string): ReactNode {
  const data = item.data ?? {};
  switch (item.kind) {
    case 'activity':
      return (
        <>
          <Tag>{enumLabel(t, 'activityType', String(data.type ?? ''))}</Tag>
          {item.title}
        </>
      );
    case 'stage_change': {
      const to = locale === 'en' ? (data.toStageEn ?? data.toStage) : data.toStage;
      const deal = String(data.dealName ?? '');
      const label = t('timeline.stage_change', { deal, stage: String(to ?? '') });
      return item.dealId ? <Link to={`/deals/${item.dealId}`}>{label}</Link> : label;
    }
    case 'task':
      return (
        <>
          {t('timeline.task', { title: item.title })}{' '}
          {typeof data.status === 'string' && <Tag>{enumLabel(t, 'taskStatus', data.status)}</Tag>}
        </>
      );
    case 'created':
      return t('timeline.recordCreated');
    case 'note': {
      // An edit of the record: the names of the fields it changed, as the record's form calls them.
      const fields = Object.keys((data.changes as Record<string, unknown> | undefined) ?? {}).map((f) => {
        const key = `customer.${f}`;
        return hasMessage(key) ? t(key) : f;
      });
      return t('timeline.changed', { fields: fields.join(locale === 'en' ? ', ' : '、') });
    }
    default:
      return item.title;
  }
}

function iconOf(kind: string): ReactNode {
  switch (kind) {
    case 'activity':
      return <CalendarOutlined />;
    case 'stage_change':
      return <NodeIndexOutlined />;
    case 'task':
      return <CheckSquareOutlined />;
    case 'created':
      return <PlusCircleOutlined />;
    default:
      return <EditOutlined />;
  }
}

function colorOf(kind: string): string {
  switch (kind) {
    case 'activity':
      return 'blue';
    case 'stage_change':
      return 'purple';
    case 'task':
      return 'orange';
    case 'created':
      return 'green';
    default:
      return 'gray';
  }
}
