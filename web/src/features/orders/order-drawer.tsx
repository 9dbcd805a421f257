import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Flex,
  Input,
  Modal,
  Select,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, isApiError } from '../../app/api.ts';
import { QueryError } from '../../app/components/query-error.tsx';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { useMe } from '../../app/session.tsx';
import { CANCELLABLE, canWriteMoney, nextSteps, STATUS_COLORS, statusKey } from './order-status.ts';
import type { Order, OrderDetail } from './types.ts';

export const ORDERS_KEY = ['orders'] as const;

/**
 * One order: its lines, its steps (who/when) and the buttons that move it forward (skipping is
 * allowed; the server records each skipped step) or cancel it before shipping with a reason.
 * Delivered and accepted ask for the actual date (today by default).
 */
export function OrderDrawer({ orderId, onClose }: { orderId: string | null; onClose(): void }) {
  const { t, locale, formatDate, formatDateTime } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [target, setTarget] = useState<string | null>(null);
  const [date, setDate] = useState<Dayjs | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const detail = useQuery({
    queryKey: [...ORDERS_KEY, 'detail', orderId],
    queryFn: ({ signal }) => api<OrderDetail>(`/orders/${orderId}`, { signal }),
    enabled: orderId !== null,
  });
  const d = detail.data;
  const canWrite = canWriteMoney(me.role);
  const money = (minor: number) => formatMoney(minor, locale, me.org.currency);

  const advance = async (order: Order, toStatus: string) => {
    setBusy(true);
    try {
      await api<Order>(`/orders/${order.id}/advance`, {
        method: 'POST',
        body: {
          toStatus,
          ...(date && (toStatus === 'delivered' || toStatus === 'accepted')
            ? { date: date.format('YYYY-MM-DD') }
            : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        },
        version: order.version,
      });
      void message.success(
        toStatus === 'cancelled'
          ? t('order.cancelled')
          : t('order.advanced', { status: t(statusKey(toStatus)) }),
      );
      setTarget(null);
      setNote('');
      setDate(null);
    } catch (error) {
      if (isApiError(error) && error.status === 412) {
        void message.warning(t('order.conflict'));
        setTarget(null);
      } else {
        showError(error);
      }
    } finally {
      setBusy(false);
      await client.invalidateQueries({ queryKey: ORDERS_KEY });
    }
  };

  const needsDate = target === 'delivered' || target === 'accepted';
  return (
    <Drawer
      open={orderId !== null}
      onClose={onClose}
      width={640}
      title={d ? `${d.order.number} · ${d.customer.name}` : t('order.title')}
      data-testid="order-drawer"
    >
      {detail.isError && <QueryError error={detail.error} onRetry={() => void detail.refetch()} />}
      {d && (
        <Flex vertical gap={16}>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('order.customer')}>
              <Link to={`/customers/${d.customer.id}`}>{d.customer.name}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('order.contract')}>
              {d.contract.number} {d.contract.title}
            </Descriptions.Item>
            <Descriptions.Item label={t('order.statusLabel')}>
              <Tag color={STATUS_COLORS[d.order.status]} data-testid="order-status">
                {t(statusKey(d.order.status))}
              </Tag>
              {d.order.late && <Tag color="error">{t('order.late')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('order.amount')}>{money(d.order.amount)}</Descriptions.Item>
            <Descriptions.Item label={t('order.promisedDate')}>
              <Typography.Text type={d.order.late ? 'danger' : undefined}>
                {d.order.promisedDate ? formatDate(d.order.promisedDate) : t('common.none')}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('order.deliveredOn')}>
              {d.order.deliveredOn ? formatDate(d.order.deliveredOn) : t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('order.acceptedOn')}>
              {d.order.acceptedOn ? formatDate(d.order.acceptedOn) : t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('order.notes')}>
              {d.order.notes ?? t('common.none')}
            </Descriptions.Item>
          </Descriptions>
          {canWrite && (nextSteps(d.order.status).length > 0 || CANCELLABLE.includes(d.order.status)) && (
            <Flex gap={8} wrap data-testid="order-advance">
              {nextSteps(d.order.status).map((s, i) => (
                <Button
                  key={s}
                  type={i === 0 ? 'primary' : 'default'}
                  size="small"
                  onClick={() => setTarget(s)}
                  data-testid={`advance-${s}`}
                >
                  {t(statusKey(s))}
                </Button>
              ))}
              {CANCELLABLE.includes(d.order.status) && (
                <Button
                  danger
                  size="small"
                  onClick={() => setTarget('cancelled')}
                  data-testid="advance-cancelled"
                >
                  {t('order.cancel')}
                </Button>
              )}
            </Flex>
          )}
          <div>
            <Typography.Title level={5}>{t('order.lines')}</Typography.Title>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.lines}
              columns={[
                { key: 'description', title: t('order.line'), dataIndex: 'description' },
                {
                  key: 'quantity',
                  title: t('order.quantity'),
                  render: (_, l) => `${l.quantity} / ${l.lineQuantity}`,
                },
                {
                  key: 'amount',
                  title: t('order.amount'),
                  align: 'right',
                  render: (_, l) => money(l.amount),
                },
              ]}
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('order.events')}</Typography.Title>
            <Timeline
              data-testid="order-events"
              items={d.events.map((e) => ({
                key: e.id,
                color: e.toStatus === 'cancelled' ? 'red' : 'blue',
                children: (
                  <>
                    <Typography.Text strong>{t(statusKey(e.toStatus))}</Typography.Text>{' '}
                    <Typography.Text type="secondary">
                      {t('order.by', { name: e.byName ?? '—', time: formatDateTime(e.at) })}
                    </Typography.Text>
                    {e.note && <div>{e.note}</div>}
                  </>
                ),
              }))}
            />
          </div>
        </Flex>
      )}
      <Modal
        open={target !== null && d !== undefined}
        title={
          target === 'cancelled'
            ? t('order.cancel')
            : `${t('order.advanceTo')} ${target ? t(statusKey(target)) : ''}`
        }
        okText={target === 'cancelled' ? t('order.cancel') : t('order.advance')}
        okButtonProps={{
          danger: target === 'cancelled',
          loading: busy,
          disabled: target === 'cancelled' && !note.trim(),
        }}
        onOk={() => d && target && void advance(d.order, target)}
        onCancel={() => setTarget(null)}
        destroyOnHidden
      >
        <Flex vertical gap={8}>
          {needsDate && (
            <DatePicker
              value={date}
              onChange={setDate}
              placeholder={t('order.date')}
              style={{ width: 200 }}
            />
          )}
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={target === 'cancelled' ? t('order.cancelReason') : t('order.note')}
            rows={3}
            maxLength={1000}
            data-testid="advance-note"
          />
        </Flex>
      </Modal>
    </Drawer>
  );
}

/** A status picker for lists (filters). */
export function OrderStatusSelect(props: { value?: string | null; onChange(v: string | null): void }) {
  const { t } = useI18n();
  return (
    <Select
      allowClear
      value={props.value ?? undefined}
      onChange={(v) => props.onChange(v ?? null)}
      placeholder={t('order.statusLabel')}
      style={{ width: 180 }}
      options={Object.keys(STATUS_COLORS).map((s) => ({ value: s, label: t(statusKey(s)) }))}
    />
  );
}
