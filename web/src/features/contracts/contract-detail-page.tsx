import { EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { DetailLayout } from '../../app/components/detail-layout.tsx';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { useRecord } from '../../app/records.ts';
import { useMe } from '../../app/session.tsx';
import { ContractFormDrawer } from './contract-form-drawer.tsx';
import { ContractStatusTag, contractAbilities } from './contract-rules.tsx';
import { CONTRACT_TABS } from './contract-tabs.tsx';
import type { ContractDetail } from './types.ts';

/** A contract: number, status, customer, deal, amount and dates; its tabs come from CONTRACT_TABS. */
export default function ContractDetailPage() {
  const { id = '' } = useParams();
  const { t, locale, formatDate, formatDateTime } = useI18n();
  const me = useMe();
  const record = useRecord<ContractDetail>('contracts', '/contracts', id);
  const [editing, setEditing] = useState(false);
  const c = record.data;
  const can = c ? contractAbilities(me.role, me.id, c) : null;
  return (
    <>
      <DetailLayout
        testId="contract-detail"
        backTo="/contracts"
        loading={record.isPending}
        error={record.error}
        onRetry={() => void record.refetch()}
        title={c && `${c.number} ${c.title}`}
        tags={
          c && (
            <>
              <ContractStatusTag status={c.status} t={t} />
              {c.revision > 1 && <Tag>{t('contract.revisionN', { n: c.revision })}</Tag>}
            </>
          )
        }
        actions={
          c &&
          can?.edit && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="contract-edit">
              {t('common.edit')}
            </Button>
          )
        }
        summary={
          c && (
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('contract.number')}>
                <Typography.Text copyable data-testid="contract-number">
                  {c.number}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('contract.customer')}>
                <Link to={`/customers/${c.customerId}`}>{c.customerName ?? t('common.view')}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('contract.deal')}>
                {c.dealId ? (
                  <Link to={`/deals/${c.dealId}`}>{c.dealName ?? t('common.view')}</Link>
                ) : (
                  t('common.none')
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('contract.amount')}>
                <span data-testid="contract-amount-value">{formatMoney(c.amount, locale, c.currency)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('contract.signDate')}>{formatDate(c.signDate)}</Descriptions.Item>
              <Descriptions.Item label={t('contract.dates')}>
                {c.startDate || c.endDate
                  ? `${formatDate(c.startDate)} – ${formatDate(c.endDate)}`
                  : t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('contract.owner')}>
                {c.ownerName ?? t('common.none')}
              </Descriptions.Item>
              {c.decisionComment && (
                <Descriptions.Item label={t('contract.decision')}>{c.decisionComment}</Descriptions.Item>
              )}
              {c.terminationReason && (
                <Descriptions.Item label={t('contract.terminationReason')}>
                  {c.terminationReason}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('common.updatedAt')}>
                {formatDateTime(c.updatedAt)}
              </Descriptions.Item>
            </Descriptions>
          )
        }
      >
        {c && (
          <Card>
            <Tabs
              items={CONTRACT_TABS.map((tab) => ({
                key: tab.key,
                label: t(tab.labelKey),
                children: tab.render(c),
              }))}
            />
          </Card>
        )}
      </DetailLayout>
      {c && (
        <ContractFormDrawer
          open={editing}
          mode={{ kind: 'edit', contract: c }}
          onClose={() => setEditing(false)}
        />
      )}
    </>
  );
}
