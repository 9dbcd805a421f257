import { Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router-dom';
import { type MessageKey, useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { BUCKET_COLORS, type ReceivableInstallment } from './types.ts';

/** Open installments with their contract, customer, owner, days overdue and last reminder. */
export function InstallmentsTable({
  items,
  loading,
  testId,
  showOwner = true,
}: {
  items: ReceivableInstallment[];
  loading?: boolean;
  testId: string;
  showOwner?: boolean;
}) {
  const { t, locale, formatDate } = useI18n();
  const money = (x: ReceivableInstallment, n: number) => formatMoney(n, locale, x.currency);
  const columns: ColumnsType<ReceivableInstallment> = [
    {
      key: 'contract',
      title: t('receivables.contract'),
      render: (_, x) => <Link to={`/contracts/${x.contractId}`}>{x.contractNumber}</Link>,
    },
    { key: 'seq', title: t('receivables.installment'), render: (_, x) => x.label ?? `#${x.seq}` },
    {
      key: 'customer',
      title: t('receivables.customer'),
      render: (_, x) => <Link to={`/customers/${x.customerId}`}>{x.customerName}</Link>,
    },
    ...(showOwner
      ? [
          {
            key: 'owner',
            title: t('receivables.owner'),
            render: (_: unknown, x: ReceivableInstallment) => x.ownerName,
          },
        ]
      : []),
    { key: 'due', title: t('receivables.dueDate'), render: (_, x) => formatDate(x.dueDate) },
    { key: 'amount', title: t('receivables.amount'), align: 'right', render: (_, x) => money(x, x.amount) },
    {
      key: 'collected',
      title: t('receivables.collected'),
      align: 'right',
      render: (_, x) => money(x, x.collected),
    },
    {
      key: 'outstanding',
      title: t('receivables.outstanding'),
      align: 'right',
      render: (_, x) => <strong>{money(x, x.outstanding)}</strong>,
    },
    {
      key: 'bucket',
      title: t('receivables.bucket'),
      render: (_, x) => (
        <>
          <Tag color={BUCKET_COLORS[x.bucket]}>{t(`receivables.bucket.${x.bucket}` as MessageKey)}</Tag>
          {x.badDebtRiskAt && <Tag color="red">{t('receivables.badDebtRisk')}</Tag>}
        </>
      ),
    },
    {
      key: 'days',
      title: t('receivables.daysOverdue'),
      align: 'right',
      render: (_, x) => (x.daysOverdue ? x.daysOverdue : '—'),
    },
    {
      key: 'last',
      title: t('receivables.lastEvent'),
      render: (_, x) =>
        x.lastEvent ? (
          <Tooltip title={formatDate(x.lastEvent.runOn)}>
            {t(`receivables.event.${x.lastEvent.kind}` as MessageKey, { mark: x.lastEvent.mark })}
          </Tooltip>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <Table
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('receivables.empty') }}
      data-testid={testId}
    />
  );
}
