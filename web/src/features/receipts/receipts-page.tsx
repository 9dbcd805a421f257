import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, DatePicker, Flex, Input, Select, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, type Page } from '../../app/api.ts';
import { CursorPager, useCursorPages } from '../../app/components/cursor-pager.tsx';
import { PageTitle } from '../../app/components/page-title.tsx';
import { QueryError } from '../../app/components/query-error.tsx';
import { RemoteSelect } from '../../app/components/remote-select.tsx';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { useDebounced } from '../../app/use-debounced.ts';
import { useCanWriteMoney } from './api.ts';
import { ReceiptDetailDrawer } from './receipt-detail-drawer.tsx';
import { ReceiptEntryDrawer } from './receipt-entry-drawer.tsx';
import { RECEIPT_METHODS, type Receipt, type ReceiptMethod } from './types.ts';

interface Filters {
  customerId?: string;
  method?: ReceiptMethod;
  range?: [Dayjs | null, Dayjs | null] | null;
  q: string;
  unallocated: boolean;
}

/** Receipts (回款) in my scope: filter by customer, date, method, payer/reference; finance records new ones. */
export default function ReceiptsPage() {
  const { t, locale, formatDate } = useI18n();
  const canWrite = useCanWriteMoney();
  const [filters, setFilters] = useState<Filters>({ q: '', unallocated: false });
  const [entering, setEntering] = useState(false);
  const [openId, setOpenId] = useState<string | undefined>(undefined);
  const q = useDebounced(filters.q.trim());
  const query = {
    customerId: filters.customerId,
    method: filters.method,
    from: filters.range?.[0]?.format('YYYY-MM-DD'),
    to: filters.range?.[1]?.format('YYYY-MM-DD'),
    q: q || undefined,
    unallocated: filters.unallocated ? true : undefined,
  };
  const pages = useCursorPages(JSON.stringify(query));
  const list = useQuery({
    queryKey: ['receipts', query, pages.cursor],
    queryFn: ({ signal }) =>
      api<Page<Receipt>>('/receipts', { query: { ...query, cursor: pages.cursor, limit: 50 }, signal }),
    placeholderData: keepPreviousData,
  });
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const money = (r: Receipt, v: number) => formatMoney(v, locale, r.currency);

  return (
    <>
      <PageTitle
        title={t('receipt.title')}
        extra={
          canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEntering(true)}
              data-testid="new-receipt"
            >
              {t('receipt.new')}
            </Button>
          )
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <RemoteSelect<{ id: string; name: string }>
            path="/customers"
            labelOf={(c) => c.name}
            placeholder={t('receipt.customer')}
            style={{ width: 220 }}
            value={filters.customerId}
            onChange={(v) => set({ customerId: v ?? undefined })}
          />
          <DatePicker.RangePicker
            value={filters.range ?? null}
            onChange={(range) => set({ range: range as Filters['range'] })}
            placeholder={[t('receipt.dateRange'), t('receipt.dateRange')]}
          />
          <Select
            allowClear
            placeholder={t('receipt.method')}
            style={{ width: 150 }}
            value={filters.method}
            onChange={(v) => set({ method: v })}
            options={RECEIPT_METHODS.map((m) => ({ value: m, label: t(`receipt.method.${m}`) }))}
          />
          <Input.Search
            allowClear
            placeholder={t('receipt.search')}
            style={{ width: 240 }}
            value={filters.q}
            onChange={(e) => set({ q: e.target.value })}
          />
          <Checkbox checked={filters.unallocated} onChange={(e) => set({ unallocated: e.target.checked })}>
            {t('receipt.onlyUnallocated')}
          </Checkbox>
        </Flex>
        {list.error && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
        <Table<Receipt>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('receipt.empty') }}
          onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
          data-testid="receipts"
          columns={[
            { key: 'receivedOn', title: t('receipt.receivedOn'), render: (_, r) => formatDate(r.receivedOn) },
            { key: 'customer', title: t('receipt.customer'), render: (_, r) => r.customerName },
            {
              key: 'amount',
              title: t('receipt.amount'),
              align: 'right',
              render: (_, r) => money(r, r.amount),
            },
            {
              key: 'method',
              title: t('receipt.method'),
              render: (_, r) => t(`receipt.method.${r.method}` as 'receipt.method.cash'),
            },
            {
              key: 'allocated',
              title: t('receipt.allocated'),
              align: 'right',
              render: (_, r) => money(r, r.allocated),
            },
            {
              key: 'unallocated',
              title: t('receipt.unallocated'),
              align: 'right',
              render: (_, r) => (r.unallocated > 0 ? money(r, r.unallocated) : '—'),
            },
            { key: 'payer', title: t('receipt.payerName'), render: (_, r) => r.payerName ?? '—' },
            { key: 'reference', title: t('receipt.bankReference'), render: (_, r) => r.bankReference ?? '—' },
            {
              key: 'contracts',
              title: t('receipt.contracts'),
              render: (_, r) => (r.contractNumbers ?? []).join(', '),
            },
            {
              key: 'status',
              title: '',
              render: (_, r) =>
                r.kind === 'reversal' ? (
                  <Tag color="red">{t('receipt.reversal')}</Tag>
                ) : r.reversedAt ? (
                  <Tag>{t('receipt.reversed')}</Tag>
                ) : null,
            },
          ]}
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
      </Card>
      <ReceiptEntryDrawer
        open={entering}
        onClose={() => setEntering(false)}
        onRecorded={(r) => setOpenId(r.id)}
      />
      <ReceiptDetailDrawer id={openId} onClose={() => setOpenId(undefined)} />
    </>
  );
}
