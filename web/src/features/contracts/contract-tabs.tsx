import { useQuery } from '@tanstack/react-query';
import { App, Button, Descriptions, Empty, List, Space, Table, Timeline, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { api } from '../../app/api.ts';
import { useShowError } from '../../app/errors.ts';
import { hasMessage, type MessageKey, useI18n } from '../../app/i18n/index.tsx';
import { formatMoney, formatPercentBp } from '../../app/money.ts';
import { useWrite } from '../../app/records.ts';
import { useMe } from '../../app/session.tsx';
import AttachmentsPanel from '../attachments/attachments-panel.tsx';
import ContractOrdersPanel from '../orders/contract-orders-panel.tsx';
import ContractPlanPanel from '../receipts/contract-plan-panel.tsx';
import ContractReceiptsPanel from '../receipts/contract-receipts-panel.tsx';
import { ContractActionModal, type DialogStep } from './contract-action-modal.tsx';
import { contractAbilities, statusLabel } from './contract-rules.tsx';
import type { ContractDetail, ContractRevision } from './types.ts';

/**
 * The tabs of the contract page, as data: each with its key, label and what it shows for a contract.
 * Other areas' panels (payment plan, receipts, orders, attachments) are added here as entries, e.g.
 * `{ key: 'plan', labelKey: '…', render: (c) => <ContractPlanPanel contractId={c.id} /> }`.
 */
export interface ContractTab {
  key: string;
  labelKey: MessageKey;
  render(contract: ContractDetail): ReactNode;
}

export const CONTRACT_TABS: ContractTab[] = [
  { key: 'overview', labelKey: 'contract.overview', render: (c) => <OverviewTab contract={c} /> },
  { key: 'plan', labelKey: 'contract.tabPlan', render: (c) => <ContractPlanPanel contractId={c.id} /> },
  {
    key: 'receipts',
    labelKey: 'contract.tabReceipts',
    render: (c) => <ContractReceiptsPanel contractId={c.id} />,
  },
  { key: 'orders', labelKey: 'contract.tabOrders', render: (c) => <ContractOrdersPanel contractId={c.id} /> },
  {
    key: 'attachments',
    labelKey: 'contract.tabAttachments',
    render: (c) => <AttachmentsPanel entityType="contract" entityId={c.id} />,
  },
  { key: 'approval', labelKey: 'contract.approval', render: (c) => <ApprovalTab contract={c} /> },
  { key: 'revisions', labelKey: 'contract.revisions', render: (c) => <RevisionsTab contract={c} /> },
];

function OverviewTab({ contract: c }: { contract: ContractDetail }) {
  const { t, locale } = useI18n();
  const money = (minor: number) => formatMoney(minor, locale, c.currency);
  return (
    <>
      <Descriptions column={2} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('contract.paymentTerms')}>
          {c.paymentTerms ?? t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('contract.creditDays')}>
          {c.creditDays ?? t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('contract.creditLimit')}>
          {c.credit.creditLimit === null ? t('contract.noLimit') : money(c.credit.creditLimit)}
        </Descriptions.Item>
        <Descriptions.Item label={t('contract.openReceivables')}>
          {money(c.credit.openReceivables)}
        </Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={c.lines}
        locale={{ emptyText: <Empty description={t('contract.noLines')} /> }}
        data-testid="contract-lines"
        columns={[
          { key: 'description', title: t('contract.description'), dataIndex: 'description' },
          { key: 'quantity', title: t('contract.quantity'), dataIndex: 'quantity', align: 'right' },
          {
            key: 'unitPrice',
            title: t('contract.unitPrice'),
            align: 'right',
            render: (_: unknown, l) => money(l.unitPrice),
          },
          {
            key: 'discount',
            title: t('contract.discount'),
            align: 'right',
            render: (_: unknown, l) => formatPercentBp(l.discountBp),
          },
          {
            key: 'amount',
            title: t('contract.lineAmount'),
            align: 'right',
            render: (_: unknown, l) => money(l.amount),
          },
        ]}
        summary={() =>
          c.lines.length > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}>
                <Typography.Text strong>{t('contract.amount')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Typography.Text strong>{money(c.amount)}</Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </>
  );
}

/** The approval trail and the workflow buttons this user may press in this state. */
function ApprovalTab({ contract: c }: { contract: ContractDetail }) {
  const { t, locale, formatDateTime } = useI18n();
  const me = useMe();
  const { modal, message } = App.useApp();
  const showError = useShowError();
  const [dialog, setDialog] = useState<DialogStep | null>(null);
  const can = contractAbilities(me.role, me.id, c);
  const plain = useWrite(
    (step: 'submit' | 'activate' | 'complete') =>
      api<ContractDetail>(`/contracts/${c.id}/${step}`, { method: 'POST', body: {}, version: c.version }),
    ['contracts', 'deals'],
  );
  const confirm = (step: 'submit' | 'activate' | 'complete', text: MessageKey) =>
    modal.confirm({
      title: t(text),
      okText: t(`contract.${step}`),
      cancelText: t('common.cancel'),
      onOk: () =>
        plain.mutateAsync(step).then(
          () => void message.success(t('common.saved')),
          (error: unknown) => showError(error),
        ),
    });
  const money = (minor: number) => formatMoney(minor, locale, c.currency);
  const after = c.credit.openReceivables + c.amount;
  const overLimit = c.credit.creditLimit !== null && after > c.credit.creditLimit && !c.creditApprovedAt;
  return (
    <>
      <Space wrap style={{ marginBottom: 16 }} data-testid="contract-actions">
        {can.submit && (
          <Button
            type="primary"
            onClick={() => confirm('submit', 'contract.confirmSubmit')}
            data-testid="contract-submit"
          >
            {t('contract.submit')}
          </Button>
        )}
        {can.approve && (
          <Button type="primary" onClick={() => setDialog('approve')} data-testid="contract-approve">
            {t('contract.approve')}
          </Button>
        )}
        {can.reject && (
          <Button danger onClick={() => setDialog('reject')} data-testid="contract-reject">
            {t('contract.reject')}
          </Button>
        )}
        {can.activate && (
          <Button
            type="primary"
            onClick={() => confirm('activate', 'contract.confirmActivate')}
            data-testid="contract-activate"
          >
            {t('contract.activate')}
          </Button>
        )}
        {can.approveCredit && overLimit && (
          <Button onClick={() => setDialog('approve-credit')} data-testid="contract-approve-credit">
            {t('contract.approveCredit')}
          </Button>
        )}
        {can.complete && (
          <Button
            onClick={() => confirm('complete', 'contract.confirmComplete')}
            data-testid="contract-complete"
          >
            {t('contract.complete')}
          </Button>
        )}
        {can.terminate && (
          <Button danger onClick={() => setDialog('terminate')} data-testid="contract-terminate">
            {t('contract.terminate')}
          </Button>
        )}
      </Space>
      {overLimit && ['draft', 'submitted', 'approved', 'rejected'].includes(c.status) && (
        <Typography.Paragraph type="warning" data-testid="contract-credit-warning">
          {t('contract.creditExceeded', { after: money(after), limit: money(c.credit.creditLimit ?? 0) })}
        </Typography.Paragraph>
      )}
      {c.creditApprovedAt && (
        <Typography.Paragraph type="success">
          {t('contract.creditApproved', {
            name: c.creditApprovedByName ?? t('common.none'),
            at: formatDateTime(c.creditApprovedAt),
          })}
        </Typography.Paragraph>
      )}
      {c.events.length === 0 ? (
        <Empty description={t('contract.noEvents')} />
      ) : (
        <Timeline
          data-testid="contract-trail"
          items={c.events.map((e) => ({
            key: e.id,
            color:
              e.action === 'reject' || e.action === 'terminate'
                ? 'red'
                : e.action === 'approve'
                  ? 'green'
                  : 'blue',
            children: (
              <>
                <Typography.Text strong>
                  {hasMessage(`contract.action.${e.action}`)
                    ? t(`contract.action.${e.action}` as MessageKey)
                    : e.action}
                </Typography.Text>{' '}
                {e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus && (
                  <Typography.Text type="secondary">
                    {statusLabel(t, e.fromStatus)} → {statusLabel(t, e.toStatus)}
                  </Typography.Text>
                )}
                <div>
                  <Typography.Text type="secondary">
                    {e.byName ?? t('common.none')} · {formatDateTime(e.at)}
                  </Typography.Text>
                </div>
                {e.comment && <div>{e.comment}</div>}
              </>
            ),
          }))}
        />
      )}
      <ContractActionModal contract={c} step={dialog} onClose={() => setDialog(null)} />
    </>
  );
}

function RevisionsTab({ contract: c }: { contract: ContractDetail }) {
  const { t, locale, formatDateTime } = useI18n();
  const revisions = useQuery({
    queryKey: ['contracts', 'revisions', c.id, c.version],
    queryFn: ({ signal }) => api<{ items: ContractRevision[] }>(`/contracts/${c.id}/revisions`, { signal }),
  });
  const show = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') {
      return t('common.none');
    }
    if (field === 'amount' && typeof value === 'number') {
      return formatMoney(value, locale, c.currency);
    }
    if (field === 'lines' && Array.isArray(value)) {
      const total = (value as { amount: number }[]).reduce((s, l) => s + l.amount, 0);
      return `${value.length} · ${formatMoney(total, locale, c.currency)}`;
    }
    return String(value);
  };
  const label = (field: string) =>
    hasMessage(`contract.field.${field}`) ? t(`contract.field.${field}` as MessageKey) : field;
  return (
    <List
      loading={revisions.isPending}
      dataSource={revisions.data?.items ?? []}
      locale={{ emptyText: <Empty description={t('contract.noRevisions')} /> }}
      data-testid="contract-revisions"
      renderItem={(r) => (
        <List.Item key={r.id}>
          <List.Item.Meta
            title={
              <>
                {t('contract.revisionN', { n: r.revision })} · {r.changedByName ?? t('common.none')} ·{' '}
                {formatDateTime(r.changedAt)}
              </>
            }
            description={
              <>
                <div>
                  {t('contract.reason')}: {r.reason ?? t('common.none')}
                </div>
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {Object.entries(r.changes).map(([field, change]) => (
                    <li key={field}>
                      {label(field)}: {show(field, change.from)} → {show(field, change.to)}
                    </li>
                  ))}
                </ul>
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
