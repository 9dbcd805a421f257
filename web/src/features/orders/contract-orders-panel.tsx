import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Drawer, Flex, Input, InputNumber, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../app/api.ts';
import { QueryError } from '../../app/components/query-error.tsx';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { useMe } from '../../app/session.tsx';
import { ORDERS_KEY, OrderDrawer } from './order-drawer.tsx';
import { canWriteMoney, STATUS_COLORS, statusKey } from './order-status.ts';
import type { ContractOrderLines, Order } from './types.ts';

/**
 * A contract's orders, for the contract page: the list (status, promised vs actual dates) and a
 * "New order" drawer choosing lines and quantities (at most what is left of each line).
 */
export default function ContractOrdersPanel({ contractId }: { contractId: string }) {
  const { t, locale, formatDate } = useI18n();
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const orders = useQuery({
    queryKey: [...ORDERS_KEY, 'contract', contractId],
    queryFn: ({ signal }) =>
      api<{ items: Order[] }>('/orders', { query: { contractId, limit: 200, sort: 'createdAt' }, signal }),
  });
  const lines = useQuery({
    queryKey: [...ORDERS_KEY, 'contract-lines', contractId],
    queryFn: ({ signal }) => api<ContractOrderLines>(`/contracts/${contractId}/order-lines`, { signal }),
  });
  const anyLeft = (lines.data?.lines ?? []).some((l) => l.left > 0);
  const canCreate = canWriteMoney(me.role) && lines.data?.contractStatus === 'active' && anyLeft;
  return (
    <div data-testid="contract-orders">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('order.panelTitle')}
        </Typography.Title>
        {canCreate && (
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="order-new">
            {t('order.new')}
          </Button>
        )}
      </Flex>
      {orders.isError && <QueryError error={orders.error} onRetry={() => void orders.refetch()} />}
      <Table<Order>
        size="small"
        rowKey="id"
        loading={orders.isFetching}
        dataSource={orders.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('order.empty') }}
        columns={[
          {
            key: 'number',
            title: t('order.number'),
            render: (_, o) => <Typography.Link onClick={() => setOpenId(o.id)}>{o.number}</Typography.Link>,
          },
          {
            key: 'status',
            title: t('order.statusLabel'),
            render: (_, o) => <Tag color={STATUS_COLORS[o.status]}>{t(statusKey(o.status))}</Tag>,
          },
          {
            key: 'amount',
            title: t('order.amount'),
            align: 'right',
            render: (_, o) => formatMoney(o.amount, locale, me.org.currency),
          },
          {
            key: 'promised',
            title: t('order.promisedDate'),
            render: (_, o) =>
              o.promisedDate ? (
                <Typography.Text type={o.late ? 'danger' : undefined}>
                  {formatDate(o.promisedDate)}
                </Typography.Text>
              ) : (
                t('common.none')
              ),
          },
          {
            key: 'delivered',
            title: t('order.deliveredOn'),
            render: (_, o) => (o.deliveredOn ? formatDate(o.deliveredOn) : t('common.none')),
          },
          {
            key: 'accepted',
            title: t('order.acceptedOn'),
            render: (_, o) => (o.acceptedOn ? formatDate(o.acceptedOn) : t('common.none')),
          },
        ]}
      />
      {lines.data && (
        <NewOrderDrawer
          open={creating}
          data={lines.data}
          onClose={() => setCreating(false)}
          contractId={contractId}
        />
      )}
      <OrderDrawer orderId={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}

function NewOrderDrawer({
  open,
  data,
  contractId,
  onClose,
}: {
  open: boolean;
  data: ContractOrderLines;
  contractId: string;
  onClose(): void;
}) {
  const { t, locale } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [quantities, setQuantities] = useState<Record<string, number | null>>({});
  const [promised, setPromised] = useState<Dayjs | null>(null);
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const chosen = data.lines
    .map((l) => ({ contractLineId: l.id, quantity: quantities[l.id] ?? 0 }))
    .filter((l) => l.quantity > 0);
  const submit = async () => {
    if (chosen.length === 0) {
      void message.warning(t('order.chooseLines'));
      return;
    }
    setBusy(true);
    try {
      const order = await api<Order>(`/contracts/${contractId}/orders`, {
        method: 'POST',
        body: {
          lines: chosen,
          ...(promised ? { promisedDate: promised.format('YYYY-MM-DD') } : {}),
          ...(notes.trim() ? { notes: notes.trim() } : {}),
        },
      });
      void message.success(t('order.created', { number: order.number }));
      setQuantities({});
      setPromised(null);
      setNotes('');
      onClose();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: ORDERS_KEY });
    }
  };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={640}
      title={t('order.new')}
      data-testid="order-new-drawer"
      extra={
        <Flex gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="order-new-submit">
            {t('common.create')}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={data.lines}
          columns={[
            { key: 'description', title: t('order.line'), dataIndex: 'description' },
            {
              key: 'amount',
              title: t('order.amount'),
              align: 'right',
              render: (_, l) => formatMoney(l.amount, locale, me.org.currency),
            },
            { key: 'ordered', title: t('order.ordered'), render: (_, l) => `${l.ordered} / ${l.quantity}` },
            {
              key: 'quantity',
              title: t('order.quantity'),
              render: (_, l) =>
                l.left > 0 ? (
                  <InputNumber
                    min={0}
                    max={l.left}
                    precision={0}
                    value={quantities[l.id] ?? null}
                    onChange={(v) =>
                      setQuantities((q) => ({ ...q, [l.id]: typeof v === 'number' ? v : null }))
                    }
                    placeholder={`≤ ${l.left}`}
                    aria-label={`${t('order.quantity')} ${l.description}`}
                    data-testid="order-line-quantity"
                  />
                ) : (
                  <Typography.Text type="secondary">{t('order.noneLeft')}</Typography.Text>
                ),
            },
          ]}
        />
        <DatePicker
          value={promised}
          onChange={setPromised}
          placeholder={t('order.promisedDate')}
          style={{ width: 220 }}
        />
        <Input.TextArea
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          placeholder={t('order.notes')}
          rows={3}
          maxLength={1000}
        />
      </Flex>
    </Drawer>
  );
}
