import { useQuery } from '@tanstack/react-query';
import { Flex, InputNumber, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../app/api.ts';
import { PageTitle } from '../../app/components/page-title.tsx';
import { QueryError } from '../../app/components/query-error.tsx';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { useMe } from '../../app/session.tsx';
import type { Renewals } from './types.ts';

type Item = Renewals['items'][number];

/** Active contracts ending soon (within the org's renewal lead days by default) and their renewal deals. */
export default function RenewalsPage() {
  const { t, locale, formatDate } = useI18n();
  const me = useMe();
  const [days, setDays] = useState<number | null>(null);
  const renewals = useQuery({
    queryKey: ['renewals', days],
    queryFn: ({ signal }) => api<Renewals>('/renewals', { query: { days: days ?? undefined }, signal }),
  });
  const shownDays = renewals.data?.days ?? days;
  return (
    <>
      <PageTitle title={t('renewal.title')} />
      <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
        <Typography.Text>{t('renewal.within')}</Typography.Text>
        <InputNumber
          min={1}
          max={730}
          value={shownDays ?? undefined}
          onChange={(v) => setDays(typeof v === 'number' ? v : null)}
          aria-label={t('renewal.within')}
          data-testid="renewals-days"
        />
      </Flex>
      {renewals.isError && <QueryError error={renewals.error} onRetry={() => void renewals.refetch()} />}
      <Table<Item>
        rowKey={(i) => i.contract.id}
        loading={renewals.isFetching}
        dataSource={renewals.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('renewal.empty') }}
        data-testid="renewals-table"
        columns={[
          {
            key: 'contract',
            title: t('renewal.contract'),
            render: (_, i) => (
              <>
                <div>{i.contract.title}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {i.contract.number}
                </Typography.Text>
              </>
            ),
          },
          {
            key: 'customer',
            title: t('order.customer'),
            render: (_, i) => (
              <Link to={`/customers/${i.contract.customerId}`}>{i.contract.customerName}</Link>
            ),
          },
          {
            key: 'owner',
            title: t('order.owner'),
            render: (_, i) => i.contract.ownerName ?? t('common.none'),
          },
          {
            key: 'amount',
            title: t('order.amount'),
            align: 'right',
            render: (_, i) => formatMoney(i.contract.amount, locale, i.contract.currency || me.org.currency),
          },
          {
            key: 'end',
            title: t('renewal.endDate'),
            render: (_, i) => (i.contract.endDate ? formatDate(i.contract.endDate) : t('common.none')),
          },
          {
            key: 'left',
            title: t('renewal.daysLeft'),
            align: 'right',
            render: (_, i) => (
              <Typography.Text type={i.daysLeft <= 30 ? 'danger' : undefined}>{i.daysLeft}</Typography.Text>
            ),
          },
          {
            key: 'deal',
            title: t('renewal.deal'),
            render: (_, i) =>
              i.renewalDeal ? (
                <Flex gap={4} wrap>
                  <Link to={`/deals/${i.renewalDeal.id}`}>{i.renewalDeal.name}</Link>
                  {i.renewalDeal.stage && (
                    <Tag>{locale === 'zh-CN' ? i.renewalDeal.stage.nameZh : i.renewalDeal.stage.nameEn}</Tag>
                  )}
                  {i.renewalDeal.status !== 'open' && <Tag>{i.renewalDeal.status}</Tag>}
                </Flex>
              ) : (
                <Typography.Text type="secondary">{t('renewal.noDeal')}</Typography.Text>
              ),
          },
        ]}
      />
    </>
  );
}
