import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Flex, Row, Segmented, Skeleton, Statistic, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, download, type Page } from '../../app/api.ts';
import { Chart, type ChartOption } from '../../app/components/chart.tsx';
import { CursorPager, useCursorPages } from '../../app/components/cursor-pager.tsx';
import { PageTitle } from '../../app/components/page-title.tsx';
import { QueryError } from '../../app/components/query-error.tsx';
import { useShowError } from '../../app/errors.ts';
import { type MessageKey, useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { InstallmentsTable } from './installments-table.tsx';
import {
  type AgingBucket,
  type AgingReport,
  BUCKET_COLORS,
  BUCKETS,
  type ReceivableInstallment,
  type ReceivablesSummary,
} from './types.ts';

type Group = 'unit' | 'owner' | 'customer';
const FILTER_OF: Record<Group, string> = { unit: 'unitId', owner: 'ownerId', customer: 'customerId' };

/** A drill-down: the installments behind one bar segment (group and bucket), or all of them. */
interface Drill {
  groupId?: string;
  groupName?: string;
  bucket?: AgingBucket;
}

/**
 * Receivables aging (应收账龄): a stacked bar per unit, owner or customer by aging bucket, each
 * segment drilling down to its installments below (same filters), exported as XLSX; DSO and
 * collection-rate cards for the last 90 days.
 */
export default function ReceivablesPage() {
  const { t, locale, formatDate, formatNumber } = useI18n();
  const showError = useShowError();
  const [group, setGroup] = useState<Group>('unit');
  const [drill, setDrill] = useState<Drill>({});
  const [exporting, setExporting] = useState(false);

  const aging = useQuery({
    queryKey: ['receivables', 'aging', group],
    queryFn: ({ signal }) => api<AgingReport>('/receivables/aging', { query: { groupBy: group }, signal }),
  });
  const summary = useQuery({
    queryKey: ['receivables', 'summary'],
    queryFn: ({ signal }) => api<ReceivablesSummary>('/receivables/summary', { signal }),
  });
  const drillQuery = {
    bucket: drill.bucket,
    ...(drill.groupId ? { [FILTER_OF[group]]: drill.groupId } : {}),
    asOf: aging.data?.asOf,
  };
  const pages = useCursorPages(JSON.stringify(drillQuery));
  const list = useQuery({
    queryKey: ['receivables', 'installments', drillQuery, pages.cursor],
    queryFn: ({ signal }) =>
      api<Page<ReceivableInstallment>>('/receivables/installments', {
        query: { ...drillQuery, cursor: pages.cursor, limit: 50 },
        signal,
      }),
    enabled: Boolean(aging.data),
  });

  const rows = aging.data?.rows ?? [];
  const names = rows.map((r) => r.name ?? t('receivables.noGroupName'));
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: number) => formatMoney(Math.round(v * 100), locale),
      },
      legend: { top: 0 },
      grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 8 ? 30 : 0 } },
      yAxis: {
        type: 'value',
        axisLabel: {
          formatter: (v: number) => formatMoney(Math.round(v * 100), locale, 'CNY', { compact: true }),
        },
      },
      series: BUCKETS.map((b) => ({
        id: b,
        name: t(`receivables.bucket.${b}` as MessageKey),
        type: 'bar',
        stack: 'aging',
        itemStyle: { color: BUCKET_COLORS[b] },
        emphasis: { focus: 'series' },
        data: rows.map((r) => r.buckets[b].amount / 100),
      })),
    }),
    [rows, names, locale, t],
  );

  const onExport = async () => {
    setExporting(true);
    try {
      await download('/receivables/installments/export', { ...drillQuery, lang: locale }, 'receivables.xlsx');
    } catch (error) {
      showError(error);
    } finally {
      setExporting(false);
    }
  };

  const s = summary.data;
  const money = (n: number | undefined) => formatMoney(n, locale);
  const bucketLabel = drill.bucket
    ? t(`receivables.bucket.${drill.bucket}` as MessageKey)
    : t('receivables.total');
  return (
    <>
      <PageTitle
        title={t('receivables.title')}
        extra={
          <Segmented
            value={group}
            onChange={(v) => {
              setGroup(v as Group);
              setDrill({});
            }}
            options={(['unit', 'owner', 'customer'] as const).map((g) => ({
              value: g,
              label: t(`receivables.group.${g}`),
            }))}
            data-testid="receivables-group"
          />
        }
      />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {summary.error ? (
          <Col span={24}>
            <QueryError error={summary.error} onRetry={() => void summary.refetch()} />
          </Col>
        ) : (
          <>
            <Col xs={24} sm={12} lg={6}>
              <Card size="small" loading={!s}>
                <Statistic title={t('receivables.outstandingNow')} value={money(s?.outstandingNow)} />
              </Card>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Card size="small" loading={!s}>
                <Statistic
                  title={t('receivables.overdueNow')}
                  value={money(s?.overdueNow)}
                  valueStyle={{ color: '#cf1322' }}
                />
              </Card>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Card size="small" loading={!s} data-testid="receivables-dso">
                <Statistic
                  title={t('receivables.dso')}
                  value={
                    s?.dso === null || s?.dso === undefined ? '—' : t('receivables.dsoDays', { days: s.dso })
                  }
                />
                {s && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('receivables.period', {
                      days: s.days,
                      from: formatDate(s.from),
                      to: formatDate(s.to),
                    })}
                  </Typography.Text>
                )}
              </Card>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Card size="small" loading={!s} data-testid="receivables-collection-rate">
                <Statistic
                  title={t('receivables.collectionRate')}
                  value={
                    s?.collectionRateBp === null || s?.collectionRateBp === undefined
                      ? '—'
                      : `${formatNumber(Math.round(s.collectionRateBp / 10) / 10)}%`
                  }
                />
                {s && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('receivables.periodHelp', {
                      due: money(s.dueInPeriod),
                      collected: money(s.collectedInPeriod),
                    })}
                  </Typography.Text>
                )}
              </Card>
            </Col>
          </>
        )}
      </Row>
      <Card size="small" style={{ marginBottom: 16 }}>
        {aging.error ? (
          <QueryError error={aging.error} onRetry={() => void aging.refetch()} />
        ) : !aging.data ? (
          <Skeleton active />
        ) : (
          <>
            <Flex gap={24} wrap style={{ marginBottom: 8 }} data-testid="receivables-totals">
              {BUCKETS.map((b) => (
                <Typography.Text key={b}>
                  <span style={{ color: BUCKET_COLORS[b] }}>■</span>{' '}
                  {t(`receivables.bucket.${b}` as MessageKey)}:{' '}
                  <strong>{money(aging.data.totals.buckets[b].amount)}</strong> (
                  {aging.data.totals.buckets[b].count})
                </Typography.Text>
              ))}
              <Typography.Text>
                {t('receivables.total')}: <strong>{money(aging.data.totals.total.amount)}</strong>
              </Typography.Text>
            </Flex>
            <Chart
              option={option}
              height={Math.max(320, Math.min(520, 200 + rows.length * 8))}
              testId="receivables-chart"
              onClick={(e) => {
                const row = rows[e.dataIndex];
                if (row && e.seriesId) {
                  setDrill({
                    groupId: row.id ?? undefined,
                    groupName: row.name ?? undefined,
                    bucket: e.seriesId as AgingBucket,
                  });
                }
              }}
            />
          </>
        )}
      </Card>
      <Card
        size="small"
        title={
          drill.groupId || drill.bucket
            ? t('receivables.drillTitle', {
                group: drill.groupName ?? t('receivables.total'),
                bucket: bucketLabel,
              })
            : t('receivables.drillAll')
        }
        extra={
          <Flex gap={8}>
            {(drill.groupId || drill.bucket) && (
              <Button size="small" onClick={() => setDrill({})}>
                {t('receivables.clearDrill')}
              </Button>
            )}
            <Button
              size="small"
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={() => void onExport()}
              data-testid="receivables-export"
            >
              {t('receivables.export')}
            </Button>
          </Flex>
        }
      >
        {list.error ? (
          <QueryError error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <>
            <InstallmentsTable
              items={list.data?.items ?? []}
              loading={list.isLoading}
              testId="receivables-installments"
            />
            <CursorPager
              total={list.data?.total}
              totalCapped={list.data?.totalCapped}
              page={pages.page}
              nextCursor={list.data?.nextCursor}
              onNext={pages.next}
              onPrev={pages.prev}
              loading={list.isFetching}
            />
          </>
        )}
      </Card>
    </>
  );
}
