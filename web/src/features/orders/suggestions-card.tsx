import { useQuery } from '@tanstack/react-query';
import { Card, Table, Typography } from 'antd';
import { api } from '../../app/api.ts';
import { QueryError } from '../../app/components/query-error.tsx';
import { useI18n } from '../../app/i18n/index.tsx';
import type { CrossSellSuggestions } from './types.ts';

type Item = CrossSellSuggestions['items'][number];

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Cross-sell suggestions on the customer page, each with the figures behind it. */
export function SuggestionsCard({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const s = useQuery({
    queryKey: ['customers', customerId, 'suggestions'],
    queryFn: ({ signal }) => api<CrossSellSuggestions>(`/customers/${customerId}/suggestions`, { signal }),
  });
  return (
    <Card title={t('suggest.title')} style={{ marginTop: 16 }} data-testid="customer-suggestions">
      {s.isError && <QueryError error={s.error} onRetry={() => void s.refetch()} />}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('suggest.explain', { total: s.data?.totalDeals ?? 0 })}
      </Typography.Paragraph>
      <Table<Item>
        size="small"
        rowKey="productId"
        loading={s.isFetching}
        pagination={false}
        dataSource={s.data?.items ?? []}
        locale={{ emptyText: t('suggest.empty') }}
        columns={[
          { key: 'product', title: t('suggest.product'), render: (_, i) => <strong>{i.productName}</strong> },
          { key: 'because', title: t('suggest.because'), render: (_, i) => i.antecedentName },
          {
            key: 'support',
            title: t('suggest.support'),
            align: 'right',
            render: (_, i) => percent(i.support),
          },
          {
            key: 'confidence',
            title: t('suggest.confidence'),
            align: 'right',
            render: (_, i) => percent(i.confidence),
          },
          { key: 'lift', title: t('suggest.lift'), align: 'right', render: (_, i) => i.lift.toFixed(2) },
          {
            key: 'deals',
            title: t('suggest.deals'),
            align: 'right',
            render: (_, i) => `${i.deals} / ${i.antecedentDeals}`,
          },
        ]}
      />
    </Card>
  );
}
