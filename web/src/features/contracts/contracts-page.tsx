import { DatePicker, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { CreateButton } from '../../app/components/create-button.tsx';
import { type ListColumn, ListPage } from '../../app/components/list-page.tsx';
import { PageTitle } from '../../app/components/page-title.tsx';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { useMe } from '../../app/session.tsx';
import { UserSelect } from '../users/user-select.tsx';
import { ContractFormDrawer } from './contract-form-drawer.tsx';
import { ContractStatusTag, statusOptions } from './contract-rules.tsx';
import type { Contract } from './types.ts';

/** The contracts in my scope: filter by status, owner and sign date, search number/title/customer. */
export default function ContractsPage() {
  const { t, locale, formatDate, formatDateTime } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const day = (v: unknown) => (typeof v === 'string' && v ? dayjs(v) : null);
  const finance = me.role === 'finance' || me.role === 'admin';

  const columns: ListColumn<Contract>[] = [
    {
      key: 'number',
      title: t('contract.number'),
      fixed: 'left',
      sort: 'number',
      render: (c) => <Link to={`/contracts/${c.id}`}>{c.number}</Link>,
    },
    { key: 'title', title: t('contract.name'), render: (c) => c.title },
    {
      key: 'customer',
      title: t('contract.customer'),
      render: (c) => <Link to={`/customers/${c.customerId}`}>{c.customerName}</Link>,
    },
    {
      key: 'status',
      title: t('contract.status'),
      render: (c) => <ContractStatusTag status={c.status} t={t} />,
    },
    {
      key: 'amount',
      title: t('contract.amount'),
      sort: 'amount',
      render: (c) => formatMoney(c.amount, locale, c.currency),
    },
    {
      key: 'signDate',
      title: t('contract.signDate'),
      sort: 'signDate',
      render: (c) => formatDate(c.signDate),
    },
    {
      key: 'endDate',
      title: t('contract.endDate'),
      sort: 'endDate',
      optional: true,
      render: (c) => formatDate(c.endDate),
    },
    { key: 'owner', title: t('contract.owner'), render: (c) => c.ownerName ?? t('common.none') },
    {
      key: 'deal',
      title: t('contract.deal'),
      optional: true,
      render: (c) => (c.dealId ? <Link to={`/deals/${c.dealId}`}>{c.dealName}</Link> : t('common.none')),
    },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      sort: 'createdAt',
      optional: true,
      render: (c) => formatDateTime(c.createdAt),
    },
  ];

  return (
    <>
      <PageTitle title={t('contract.title')} />
      <ListPage<Contract>
        entity="contracts"
        path="/contracts"
        columns={columns}
        defaultSort="-createdAt"
        testId="contracts-table"
        emptyText={t('contract.empty')}
        exportPath="/exports/contracts"
        renderFilters={(filters, set) => (
          <>
            <Select
              allowClear
              placeholder={t('contract.status')}
              value={filters.status as string | undefined}
              onChange={(v) => set('status', v)}
              options={statusOptions(t)}
              style={{ width: 120 }}
              data-testid="contracts-status"
            />
            {me.role !== 'rep' && (
              <UserSelect
                value={(filters.ownerId as string | undefined) ?? null}
                onChange={(v) => set('ownerId', v ?? undefined)}
                placeholder={t('contract.owner')}
                style={{ width: 200 }}
              />
            )}
            <DatePicker.RangePicker
              value={[day(filters.signFrom), day(filters.signTo)]}
              onChange={(range) => {
                set('signFrom', range?.[0]?.format('YYYY-MM-DD'));
                set('signTo', range?.[1]?.format('YYYY-MM-DD'));
              }}
              placeholder={[t('contract.signFrom'), t('contract.signTo')]}
              allowEmpty={[true, true]}
            />
          </>
        )}
        actions={
          finance && (
            <CreateButton label={t('contract.new')} onClick={() => setCreating(true)} testId="new-contract" />
          )
        }
      />
      <ContractFormDrawer
        open={creating}
        mode={{ kind: 'new' }}
        onClose={() => setCreating(false)}
        onSaved={(c) => void navigate(`/contracts/${c.id}`)}
      />
    </>
  );
}
