import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Table, Tabs } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, type Page } from '../../app/api.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { useMe } from '../../app/session.tsx';
import ContractOrdersPanel from '../orders/contract-orders-panel.tsx';
import ContractPlanPanel from '../receipts/contract-plan-panel.tsx';
import ContractReceiptsPanel from '../receipts/contract-receipts-panel.tsx';
import { ContractFormDrawer } from './contract-form-drawer.tsx';
import { ContractStatusTag, canDraftContracts } from './contract-rules.tsx';
import type { Contract } from './types.ts';

/**
 * The deal page's "Contracts" card: the deal's contracts, and "Create contract" once the deal is won.
 * Each row opens to the contract's payment plan, receipts and orders (the first one open by default),
 * so the deal page shows where the money stands without leaving it.
 */
export function DealContractsCard({ deal }: { deal: { id: string; name: string; status: string } }) {
  const { t, locale, formatDate } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const list = useQuery({
    queryKey: ['contracts', 'of-deal', deal.id],
    queryFn: ({ signal }) =>
      api<Page<Contract>>('/contracts', { query: { dealId: deal.id, limit: 50 }, signal }),
  });
  const canCreate = deal.status === 'won' && canDraftContracts(me.role);
  return (
    <Card
      size="small"
      title={t('contract.dealContracts')}
      style={{ marginBottom: 16 }}
      data-testid="deal-contracts"
      extra={
        canCreate && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="deal-create-contract"
          >
            {t('contract.create')}
          </Button>
        )
      }
    >
      <Table
        // Remounted once the list arrives, so the first contract opens by default.
        key={list.data ? 'loaded' : 'loading'}
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        expandable={{
          defaultExpandedRowKeys: list.data?.items[0] ? [list.data.items[0].id] : [],
          expandedRowRender: (c) => (
            <Tabs
              size="small"
              data-testid="deal-contract-money"
              items={[
                {
                  key: 'plan',
                  label: t('contract.tabPlan'),
                  children: <ContractPlanPanel contractId={c.id} />,
                },
                {
                  key: 'receipts',
                  label: t('contract.tabReceipts'),
                  children: <ContractReceiptsPanel contractId={c.id} />,
                },
                {
                  key: 'orders',
                  label: t('contract.tabOrders'),
                  children: <ContractOrdersPanel contractId={c.id} />,
                },
              ]}
            />
          ),
        }}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contract.noDealContracts')} />
          ),
        }}
        columns={[
          {
            key: 'number',
            title: t('contract.number'),
            render: (_: unknown, c) => <Link to={`/contracts/${c.id}`}>{c.number}</Link>,
          },
          {
            key: 'status',
            title: t('contract.status'),
            render: (_: unknown, c) => <ContractStatusTag status={c.status} t={t} />,
          },
          {
            key: 'amount',
            title: t('contract.amount'),
            render: (_: unknown, c) => formatMoney(c.amount, locale, c.currency),
          },
          {
            key: 'signDate',
            title: t('contract.signDate'),
            render: (_: unknown, c) => formatDate(c.signDate),
          },
        ]}
      />
      <ContractFormDrawer
        open={creating}
        mode={{ kind: 'deal', dealId: deal.id, dealName: deal.name }}
        onClose={() => setCreating(false)}
        onSaved={(c) => void navigate(`/contracts/${c.id}`)}
      />
    </Card>
  );
}
