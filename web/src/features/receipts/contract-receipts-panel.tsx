import { Table, Tag } from 'antd';
import { useState } from 'react';
import { QueryError } from '../../app/components/query-error.tsx';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { useContractReceipts } from './api.ts';
import { ReceiptDetailDrawer } from './receipt-detail-drawer.tsx';
import type { ContractReceipt } from './types.ts';

/** The receipts allocated to one contract (for the contract page's tab): which installment got how much. */
export default function ContractReceiptsPanel({ contractId }: { contractId: string }) {
  const { t, locale, formatDate } = useI18n();
  const list = useContractReceipts(contractId);
  const [openId, setOpenId] = useState<string | undefined>(undefined);
  const money = (v: number) => formatMoney(v, locale);
  if (list.error) {
    return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  }
  return (
    <>
      <Table<ContractReceipt>
        rowKey="allocationId"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('plan.receiptsEmpty') }}
        onRow={(r) => ({ onClick: () => setOpenId(r.receiptId), style: { cursor: 'pointer' } })}
        data-testid="contract-receipts"
        columns={[
          { key: 'receivedOn', title: t('receipt.receivedOn'), render: (_, r) => formatDate(r.receivedOn) },
          {
            key: 'method',
            title: t('receipt.method'),
            render: (_, r) => t(`receipt.method.${r.method}` as 'receipt.method.cash'),
          },
          { key: 'payer', title: t('receipt.payerName'), render: (_, r) => r.payerName ?? '—' },
          { key: 'reference', title: t('receipt.bankReference'), render: (_, r) => r.bankReference ?? '—' },
          {
            key: 'installment',
            title: t('receipt.installment'),
            render: (_, r) => `${r.seq}${r.label ? ` ${r.label}` : ''}`,
          },
          {
            key: 'amount',
            title: t('receipt.allocate'),
            align: 'right',
            render: (_, r) => (
              <span style={{ textDecoration: r.reversedAt ? 'line-through' : undefined }}>
                {money(r.amount)}
              </span>
            ),
          },
          {
            key: 'receiptAmount',
            title: t('receipt.amount'),
            align: 'right',
            render: (_, r) => money(r.receiptAmount),
          },
          {
            key: 'state',
            title: '',
            render: (_, r) => (r.reversedAt ? <Tag>{t('receipt.undone')}</Tag> : null),
          },
        ]}
      />
      <ReceiptDetailDrawer id={openId} onClose={() => setOpenId(undefined)} />
    </>
  );
}
