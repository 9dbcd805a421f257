import { Input, Select, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { CreateButton } from '../../app/components/create-button.tsx';
import { type ListColumn, ListPage } from '../../app/components/list-page.tsx';
import { PageTitle } from '../../app/components/page-title.tsx';
import { ENUM_COLORS, enumLabel, enumOptions } from '../../app/enums.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { useVocabulary } from '../../app/vocabulary.ts';
import { CustomerFormDrawer } from './customer-form-drawer.tsx';
import type { Customer } from './types.ts';

export default function CustomersPage() {
  const { t, formatDateTime } = useI18n();
  const vocab = useVocabulary();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  const columns: ListColumn<Customer>[] = [
    {
      key: 'name',
      title: t('customer.name'),
      fixed: 'left',
      sort: 'name',
      render: (c) => (
        <>
          <Link to={`/customers/${c.id}`}>{c.name}</Link>
          {c.creditRisk && (
            <Tag color="red" style={{ marginInlineStart: 8 }} data-testid="credit-risk-tag">
              {t('receivables.creditRisk')}
            </Tag>
          )}
        </>
      ),
    },
    {
      key: 'tier',
      title: t('customer.tier'),
      render: (c) => <Tag color={ENUM_COLORS[c.tier]}>{enumLabel(t, 'tier', c.tier)}</Tag>,
    },
    {
      key: 'lifecycle',
      title: t('customer.lifecycle'),
      render: (c) => enumLabel(t, 'lifecycle', c.lifecycle),
    },
    { key: 'industry', title: t('customer.industry'), render: (c) => vocab('industry', c.industry) },
    {
      key: 'region',
      title: t('customer.region'),
      render: (c) => [c.region, c.city].filter(Boolean).join(' · ') || t('common.none'),
    },
    { key: 'channel', title: t('customer.channel'), render: (c) => enumLabel(t, 'channel', c.channel) },
    { key: 'owner', title: t('common.owner'), render: (c) => c.ownerName ?? t('common.none') },
    {
      key: 'creditCode',
      title: t('customer.creditCode'),
      optional: true,
      render: (c) => c.creditCode ?? t('common.none'),
    },
    { key: 'size', title: t('customer.size'), optional: true, render: (c) => enumLabel(t, 'size', c.size) },
    {
      key: 'tags',
      title: t('customer.tags'),
      optional: true,
      render: (c) => c.tags.map((tag) => <Tag key={tag}>{vocab('tag', tag)}</Tag>),
    },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      sort: 'createdAt',
      optional: true,
      render: (c) => formatDateTime(c.createdAt),
    },
    {
      key: 'updatedAt',
      title: t('common.updatedAt'),
      sort: 'updatedAt',
      render: (c) => formatDateTime(c.updatedAt),
    },
  ];

  return (
    <>
      <PageTitle title={t('customer.title')} />
      <ListPage<Customer>
        entity="customers"
        path="/customers"
        columns={columns}
        defaultSort="name"
        testId="customers-table"
        emptyText={t('customer.empty')}
        searchPlaceholder={t('customer.searchPlaceholder')}
        exportPath="/exports/customers"
        renderFilters={(filters, set) => (
          <>
            <Select
              allowClear
              placeholder={t('customer.tier')}
              value={filters.tier as string | undefined}
              onChange={(v) => set('tier', v)}
              options={enumOptions(t, 'tier')}
              style={{ width: 130 }}
            />
            <Select
              allowClear
              placeholder={t('customer.lifecycle')}
              value={filters.lifecycle as string | undefined}
              onChange={(v) => set('lifecycle', v)}
              options={enumOptions(t, 'lifecycle')}
              style={{ width: 140 }}
            />
            <Select
              allowClear
              placeholder={t('customer.channel')}
              value={filters.channel as string | undefined}
              onChange={(v) => set('channel', v)}
              options={enumOptions(t, 'channel')}
              style={{ width: 120 }}
            />
            <Input
              allowClear
              placeholder={t('customer.industry')}
              value={(filters.industry as string | undefined) ?? ''}
              onChange={(e) => set('industry', e.target.value || undefined)}
              style={{ width: 120 }}
            />
            <Input
              allowClear
              placeholder={t('customer.region')}
              value={(filters.region as string | undefined) ?? ''}
              onChange={(e) => set('region', e.target.value || undefined)}
              style={{ width: 110 }}
            />
          </>
        )}
        actions={
          <CreateButton label={t('customer.new')} onClick={() => setCreating(true)} testId="new-customer" />
        }
      />
      <CustomerFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(customer) => {
          setCreating(false);
          void navigate(`/customers/${customer.id}`);
        }}
      />
    </>
  );
}
