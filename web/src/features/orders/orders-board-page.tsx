import { useQuery } from '@tanstack/react-query';
import { Badge, Card, DatePicker, Empty, Flex, Switch, Tag, Typography, theme } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from '../../app/api.ts';
import { PageTitle } from '../../app/components/page-title.tsx';
import { QueryError } from '../../app/components/query-error.tsx';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { useMe } from '../../app/session.tsx';
import { UserSelect } from '../users/user-select.tsx';
import { ORDERS_KEY, OrderDrawer } from './order-drawer.tsx';
import { STATUS_COLORS, statusKey } from './order-status.ts';
import type { OrderBoard } from './types.ts';

/**
 * The orders board: one column per state with its count and amount, cards with number, customer,
 * amount and promised date (red when late). A card opens the order drawer (also from a delay
 * notification's link, `?order=<id>`).
 */
export default function OrdersBoardPage() {
  const { t, locale, formatDate } = useI18n();
  const me = useMe();
  const { token } = theme.useToken();
  const [params, setParams] = useSearchParams();
  const [mine, setMine] = useState(me.role === 'rep');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [overdue, setOverdue] = useState(false);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const query = {
    ownerId: mine ? me.id : (ownerId ?? undefined),
    overdue: overdue ? 'true' : undefined,
    promisedFrom: range?.[0]?.format('YYYY-MM-DD'),
    promisedTo: range?.[1]?.format('YYYY-MM-DD'),
  };
  const board = useQuery({
    queryKey: [...ORDERS_KEY, 'board', query],
    queryFn: ({ signal }) => api<OrderBoard>('/orders/board', { query, signal }),
  });
  const openId = params.get('order');
  const open = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) {
      next.set('order', id);
    } else {
      next.delete('order');
    }
    setParams(next, { replace: true });
  };
  const money = (minor: number) => formatMoney(minor, locale, me.org.currency, { compact: true });

  return (
    <>
      <PageTitle title={t('order.title')} />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Flex gap={8} align="center">
          <Switch checked={mine} onChange={setMine} aria-label={t('order.mine')} />
          <Typography.Text>{t('order.mine')}</Typography.Text>
        </Flex>
        {me.role !== 'rep' && !mine && (
          <UserSelect
            value={ownerId}
            onChange={setOwnerId}
            placeholder={t('order.owner')}
            style={{ width: 220 }}
          />
        )}
        <Flex gap={8} align="center">
          <Switch
            checked={overdue}
            onChange={setOverdue}
            aria-label={t('order.overdueOnly')}
            data-testid="orders-overdue"
          />
          <Typography.Text>{t('order.overdueOnly')}</Typography.Text>
        </Flex>
        <DatePicker.RangePicker
          value={range}
          onChange={(r) => setRange(r ? [r[0], r[1]] : null)}
          allowEmpty={[true, true]}
          placeholder={[t('order.promisedRange'), t('order.promisedRange')]}
        />
      </Flex>
      {board.isError && <QueryError error={board.error} onRetry={() => void board.refetch()} />}
      <div
        style={{ display: 'flex', gap: 12, overflowX: 'auto', paddingBottom: 12 }}
        data-testid="orders-board"
        data-loading={board.isFetching ? 'true' : 'false'}
      >
        {(board.data?.columns ?? []).map((column) => (
          <section
            key={column.status}
            aria-label={t(statusKey(column.status))}
            data-testid={`orders-column-${column.status}`}
            style={{
              flex: '0 0 230px',
              display: 'flex',
              flexDirection: 'column',
              height: 'calc(100vh - 260px)',
              minHeight: 400,
              background: token.colorFillQuaternary,
              borderRadius: 8,
              padding: 8,
            }}
          >
            <div style={{ padding: '4px 4px 8px' }}>
              <Flex justify="space-between" align="center">
                <Tag color={STATUS_COLORS[column.status]}>{t(statusKey(column.status))}</Tag>
                <Badge count={column.count} showZero overflowCount={9999} color={token.colorTextTertiary} />
              </Flex>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {money(column.amount)}
              </Typography.Text>
            </div>
            <Flex vertical gap={8} style={{ overflowY: 'auto', flex: 1, padding: 2 }}>
              {column.orders.map((o) => (
                <Card
                  key={o.id}
                  size="small"
                  hoverable
                  onClick={() => open(o.id)}
                  style={{ flex: '0 0 auto' }}
                  data-testid="order-card"
                  data-order={o.number}
                >
                  <Typography.Text strong>{o.number}</Typography.Text>
                  <div>
                    <Typography.Text ellipsis style={{ maxWidth: 200 }}>
                      {o.customerName}
                    </Typography.Text>
                  </div>
                  <Flex justify="space-between" style={{ marginTop: 4 }}>
                    <Typography.Text>{formatMoney(o.amount, locale, me.org.currency)}</Typography.Text>
                    {o.promisedDate && (
                      <Typography.Text type={o.late ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                        {formatDate(o.promisedDate)}
                      </Typography.Text>
                    )}
                  </Flex>
                  {o.late && <Tag color="error">{t('order.late')}</Tag>}
                </Card>
              ))}
              {column.count > column.orders.length && (
                <Typography.Text type="secondary" style={{ textAlign: 'center', fontSize: 12 }}>
                  {t('order.more', { count: column.count - column.orders.length })}
                </Typography.Text>
              )}
              {column.count === 0 && (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('order.empty')} />
              )}
            </Flex>
          </section>
        ))}
      </div>
      <OrderDrawer orderId={openId} onClose={() => open(null)} />
    </>
  );
}
