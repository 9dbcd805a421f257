import { App, Button, Descriptions, Drawer, Flex, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { QueryError } from '../../app/components/query-error.tsx';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import {
  useAllocateReceipt,
  useCanWriteMoney,
  useReceipt,
  useReverseReceipt,
  useUndoAllocation,
} from './api.ts';
import { ReasonModal } from './reason-modal.tsx';
import type { ReceiptDetail } from './types.ts';

/** One receipt: its allocations (undo each), allocate what is left (prepayment), reverse with a reason. */
export function ReceiptDetailDrawer({ id, onClose }: { id: string | undefined; onClose(): void }) {
  const { t, locale, formatDate, formatDateTime } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const receipt = useReceipt(id);
  const canWrite = useCanWriteMoney();
  const allocate = useAllocateReceipt();
  const undo = useUndoAllocation();
  const reverse = useReverseReceipt();
  const [undoing, setUndoing] = useState<string | null>(null);
  const [reversing, setReversing] = useState(false);
  const r = receipt.data;
  const money = (v: number) => formatMoney(v, locale, r?.currency ?? 'CNY');
  const live = r && r.kind === 'receipt' && !r.reversedAt;
  const done = () => void message.success(t('receipt.saved'));

  return (
    <Drawer open={!!id} onClose={onClose} title={t('receipt.detail')} size={760} data-testid="receipt-detail">
      {receipt.error && <QueryError error={receipt.error} onRetry={() => void receipt.refetch()} />}
      {r && (
        <>
          <Descriptions column={2} size="small" bordered>
            <Descriptions.Item label={t('receipt.customer')}>{r.customerName}</Descriptions.Item>
            <Descriptions.Item label={t('receipt.receivedOn')}>{formatDate(r.receivedOn)}</Descriptions.Item>
            <Descriptions.Item label={t('receipt.amount')}>{money(r.amount)}</Descriptions.Item>
            <Descriptions.Item label={t('receipt.method')}>
              {t(`receipt.method.${r.method}` as 'receipt.method.cash')}
              {r.billMaturityDate && ` · ${t('receipt.billMaturityDate')} ${formatDate(r.billMaturityDate)}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('receipt.allocated')}>{money(r.allocated)}</Descriptions.Item>
            <Descriptions.Item label={t('receipt.unallocated')}>{money(r.unallocated)}</Descriptions.Item>
            <Descriptions.Item label={t('receipt.payerName')}>{r.payerName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('receipt.bankReference')}>{r.bankReference ?? '—'}</Descriptions.Item>
            {r.notes && (
              <Descriptions.Item label={t('receipt.notes')} span={2}>
                {r.notes}
              </Descriptions.Item>
            )}
          </Descriptions>
          <StatusLine receipt={r} />
          {canWrite && live && (
            <Flex gap={8} style={{ margin: '12px 0' }}>
              {r.unallocated > 0 && (
                <Popconfirm
                  title={t('receipt.allocateRest')}
                  description={t('receipt.allocateRestExplain', { amount: money(r.unallocated) })}
                  onConfirm={() =>
                    allocate.mutate(
                      { id: r.id, version: r.version, body: { mode: 'auto' } },
                      { onSuccess: done, onError: showError },
                    )
                  }
                >
                  <Button loading={allocate.isPending} data-testid="allocate-rest">
                    {t('receipt.allocateRest')}
                  </Button>
                </Popconfirm>
              )}
              <Button danger onClick={() => setReversing(true)} data-testid="reverse-receipt">
                {t('receipt.reverse')}
              </Button>
            </Flex>
          )}
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('receipt.allocations')}
          </Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={r.allocations}
            columns={[
              {
                key: 'installment',
                title: t('receipt.installment'),
                render: (_, a) => `${a.contractNumber} · ${a.seq}${a.label ? ` ${a.label}` : ''}`,
              },
              { key: 'due', title: t('receipt.dueDate'), render: (_, a) => formatDate(a.dueDate) },
              {
                key: 'amount',
                title: t('receipt.amount'),
                align: 'right',
                render: (_, a) => money(a.amount),
              },
              {
                key: 'source',
                title: t('receipt.source'),
                render: (_, a) => t(`receipt.source.${a.source}` as 'receipt.source.manual'),
              },
              { key: 'at', title: '', render: (_, a) => formatDateTime(a.allocatedAt) },
              {
                key: 'actions',
                title: '',
                render: (_, a) =>
                  a.reversedAt ? (
                    <Tag>{t('receipt.undone')}</Tag>
                  ) : canWrite && live ? (
                    <Button size="small" onClick={() => setUndoing(a.id)} data-testid={`undo-${a.id}`}>
                      {t('receipt.undo')}
                    </Button>
                  ) : null,
              },
            ]}
          />
          <ReasonModal
            open={undoing !== null}
            title={t('receipt.undoTitle')}
            saving={undo.isPending}
            onCancel={() => setUndoing(null)}
            onConfirm={(reason) =>
              undo.mutate(
                { id: r.id, allocationId: undoing ?? '', version: r.version, reason },
                {
                  onSuccess: () => {
                    setUndoing(null);
                    done();
                  },
                  onError: showError,
                },
              )
            }
          />
          <ReasonModal
            open={reversing}
            title={t('receipt.reverseTitle')}
            explain={t('receipt.reverseExplain')}
            saving={reverse.isPending}
            onCancel={() => setReversing(false)}
            onConfirm={(reason) =>
              reverse.mutate(
                { id: r.id, version: r.version, reason },
                {
                  onSuccess: () => {
                    setReversing(false);
                    done();
                  },
                  onError: showError,
                },
              )
            }
          />
        </>
      )}
    </Drawer>
  );
}

function StatusLine({ receipt: r }: { receipt: ReceiptDetail }) {
  const { t, formatDate } = useI18n();
  if (r.kind === 'reversal') {
    return (
      <Space style={{ marginTop: 8 }}>
        <Tag color="red">{t('receipt.reversal')}</Tag>
        {r.related && t('receipt.reversalOf', { date: formatDate(r.related.receivedOn) })}
      </Space>
    );
  }
  if (r.reversedAt) {
    return (
      <Space style={{ marginTop: 8 }} wrap>
        <Tag color="red">{t('receipt.reversed')}</Tag>
        {t('receipt.reversedBy', { date: formatDate(r.reversedAt) })}
        {r.reversalReason && `· ${t('receipt.reversalReason')}: ${r.reversalReason}`}
      </Space>
    );
  }
  return null;
}
