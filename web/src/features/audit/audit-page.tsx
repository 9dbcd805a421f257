import { Card, DatePicker, Empty, Flex, Input, Select, Table, type TableProps, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { CursorPager, useCursorPages } from '../../app/components/cursor-pager.tsx';
import { PageTitle } from '../../app/components/page-title.tsx';
import { QueryError } from '../../app/components/query-error.tsx';
import { type TFunction, useI18n } from '../../app/i18n/index.tsx';
import { useDebounced } from '../../app/use-debounced.ts';
import { UserSelect } from '../users/user-select.tsx';
import { type AuditEntry, type FieldChange, KNOWN_ACTIONS, useAuditLog } from './api.ts';

const PAGE_SIZE = 50;
const ACTION_COLOR: Record<string, string> = {
  create: 'green',
  update: 'blue',
  delete: 'red',
  login_failure: 'orange',
  export: 'purple',
  reveal: 'gold',
  erase: 'magenta',
};

function actionLabel(action: string, t: TFunction): string {
  return (KNOWN_ACTIONS as readonly string[]).includes(action)
    ? t(`audit.action.${action as (typeof KNOWN_ACTIONS)[number]}`)
    : action;
}

function showValue(value: unknown): string {
  if (value === null || value === undefined) {
    return '—';
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function ChangesTable({ changes }: { changes: Record<string, FieldChange> }) {
  const { t } = useI18n();
  const rows = Object.entries(changes).map(([field, change]) => ({ field, ...change }));
  return (
    <Table
      rowKey="field"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid="audit-changes"
      columns={[
        {
          key: 'field',
          dataIndex: 'field',
          title: t('audit.field'),
          render: (f: string) => <code>{f}</code>,
        },
        {
          key: 'before',
          dataIndex: 'before',
          title: t('audit.before'),
          render: (v: unknown) => showValue(v),
        },
        { key: 'after', dataIndex: 'after', title: t('audit.after'), render: (v: unknown) => showValue(v) },
      ]}
    />
  );
}

export default function AuditPage() {
  const { t, formatDateTime } = useI18n();
  const [action, setAction] = useState<string>();
  const [entityInput, setEntityInput] = useState('');
  const [actorId, setActorId] = useState<string | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [sort, setSort] = useState<'-at' | 'at'>('-at');
  const entity = useDebounced(entityInput.trim());

  const query = {
    action,
    entity: entity || undefined,
    actorId: actorId ?? undefined,
    from: range?.[0]?.startOf('day').toISOString(),
    to: range?.[1]?.endOf('day').toISOString(),
    sort,
  };
  const pages = useCursorPages(JSON.stringify(query));
  const log = useAuditLog({ ...query, cursor: pages.cursor, limit: PAGE_SIZE });

  const columns: TableProps<AuditEntry>['columns'] = [
    {
      key: 'at',
      dataIndex: 'at',
      title: t('audit.at'),
      sorter: true,
      sortOrder: sort === 'at' ? 'ascend' : 'descend',
      sortDirections: ['descend', 'ascend', 'descend'],
      render: (at: string) => formatDateTime(at),
    },
    {
      key: 'actor',
      dataIndex: 'actorName',
      title: t('audit.actor'),
      render: (name: string | null) => name ?? '—',
    },
    {
      key: 'action',
      dataIndex: 'action',
      title: t('audit.action'),
      render: (value: string) => <Tag color={ACTION_COLOR[value]}>{actionLabel(value, t)}</Tag>,
    },
    { key: 'entity', dataIndex: 'entity', title: t('audit.entity') },
    {
      key: 'entityId',
      dataIndex: 'entityId',
      title: t('audit.entityId'),
      render: (id: string | null) =>
        id ? (
          <Typography.Text code copyable={{ text: id }}>
            {id.slice(0, 8)}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { key: 'ip', dataIndex: 'ip', title: t('audit.ip'), render: (ip: string | null) => ip ?? '—' },
  ];

  return (
    <>
      <PageTitle title={t('audit.title')} />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            placeholder={t('audit.anyAction')}
            value={action}
            onChange={setAction}
            options={KNOWN_ACTIONS.map((value) => ({ value, label: actionLabel(value, t) }))}
            style={{ width: 160 }}
            aria-label={t('audit.action')}
            data-testid="audit-action"
          />
          <Input
            allowClear
            placeholder={`${t('audit.entity')} (${t('audit.entityPlaceholder')})`}
            value={entityInput}
            onChange={(event) => setEntityInput(event.target.value)}
            style={{ width: 200 }}
            aria-label={t('audit.entity')}
            data-testid="audit-entity"
          />
          <UserSelect
            value={actorId}
            onChange={setActorId}
            placeholder={t('audit.actor')}
            style={{ width: 240 }}
            data-testid="audit-actor"
          />
          <DatePicker.RangePicker
            value={range}
            onChange={(next) => setRange(next)}
            allowEmpty={[true, true]}
            aria-label={t('audit.range')}
          />
        </Flex>
        {log.isError && <QueryError error={log.error} onRetry={() => void log.refetch()} />}
        <Table<AuditEntry>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={log.data?.items ?? []}
          loading={log.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onChange={(_p, _f, sorter) => {
            const single = Array.isArray(sorter) ? sorter[0] : sorter;
            setSort(single?.order === 'ascend' ? 'at' : '-at');
          }}
          expandable={{
            rowExpandable: (entry) => !!entry.changes && Object.keys(entry.changes).length > 0,
            expandedRowRender: (entry) =>
              entry.changes ? <ChangesTable changes={entry.changes} /> : t('audit.noChanges'),
          }}
          locale={{ emptyText: <Empty description={t('audit.empty')} /> }}
          data-testid="audit-table"
        />
        <CursorPager
          total={log.data?.total}
          totalCapped={log.data?.totalCapped}
          page={pages.page}
          nextCursor={log.data?.nextCursor}
          onNext={pages.next}
          onPrev={pages.prev}
          loading={log.isFetching}
        />
      </Card>
    </>
  );
}
