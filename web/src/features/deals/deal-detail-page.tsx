import {
  CalendarOutlined,
  CheckOutlined,
  CloseOutlined,
  EditOutlined,
  PlusOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import { App, Button, Card, Descriptions, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../app/api.ts';
import { ConfirmDeleteButton } from '../../app/components/confirm-delete.tsx';
import { DetailLayout } from '../../app/components/detail-layout.tsx';
import { type ListColumn, ListPage } from '../../app/components/list-page.tsx';
import { ENUM_COLORS, enumLabel } from '../../app/enums.ts';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney, formatPercentBp } from '../../app/money.ts';
import { ALL_SALES, useRecord, useWrite } from '../../app/records.ts';
import { useCanWriteSales, useMe } from '../../app/session.tsx';
import { useVocabulary } from '../../app/vocabulary.ts';
import { ActivityFormDrawer } from '../activities/activity-form-drawer.tsx';
import type { Activity } from '../activities/types.ts';
import { DealContractsCard } from '../contracts/deal-contracts-card.tsx';
import type { Customer } from '../customers/types.ts';
import { CloseDealModal } from './close-deal-modal.tsx';
import { DealContactModal } from './deal-contact-modal.tsx';
import { DealFormDrawer } from './deal-form-drawer.tsx';
import { DealLineModal } from './deal-line-modal.tsx';
import { ExitNeedsChecklist, type WithExitNeeds } from './exit-needs.tsx';
import { stageName, useStages } from './stages.ts';
import type { Deal, DealContact, DealDetail, DealLine } from './types.ts';

export default function DealDetailPage() {
  const { id = '' } = useParams();
  const { t, locale, formatDate, formatDateTime } = useI18n();
  const vocab = useVocabulary();
  const me = useMe();
  const showError = useShowError();
  const record = useRecord<DealDetail>('deals', '/deals', id);
  const customer = useRecord<Customer>('customers', '/customers', record.data?.customerId);
  const stages = useStages();
  const [editing, setEditing] = useState(false);
  const [logging, setLogging] = useState(false);
  const [closing, setClosing] = useState<'won' | 'lost' | null>(null);
  /** The line item dialog: a new line (null) or the line to change; closed when undefined. */
  const [lineEditing, setLineEditing] = useState<DealLine | null | undefined>(undefined);
  const [addingContact, setAddingContact] = useState(false);
  const { message } = App.useApp();
  const deal = record.data;
  const stageById = new Map((stages.data ?? []).map((s) => [s.id, s]));
  const money = (minor: number | null | undefined) => formatMoney(minor, locale, me.org.currency);
  const canWrite = useCanWriteSales();
  const reopen = useWrite(
    () => api<Deal>(`/deals/${id}/reopen`, { method: 'POST', version: deal?.version }),
    ALL_SALES,
  );
  const removeLine = useWrite(
    (line: DealLine) =>
      api(`/deals/${id}/line-items/${line.id}`, { method: 'DELETE', version: deal?.version }),
    ALL_SALES,
  );
  const removeContact = useWrite(
    (contact: DealContact) => api(`/deals/${id}/contacts/${contact.contactId}`, { method: 'DELETE' }),
    ALL_SALES,
  );
  const saved = () => void message.success(t('common.saved'));
  // Line items are fixed on a won or lost deal (as its amount) until it is reopened.
  const canEditLines = canWrite && deal?.status === 'open';
  const probability = deal ? (deal.probabilityBp ?? stageById.get(deal.stageId)?.probabilityBp ?? 0) : 0;

  const activityColumns: ListColumn<Activity>[] = [
    { key: 'occurredAt', title: t('activity.occurredAt'), render: (a) => formatDateTime(a.occurredAt) },
    {
      key: 'type',
      title: t('activity.type'),
      render: (a) => <Tag>{enumLabel(t, 'activityType', a.type)}</Tag>,
    },
    { key: 'subject', title: t('activity.subject'), render: (a) => a.subject },
    { key: 'outcome', title: t('activity.outcome'), render: (a) => a.outcome ?? t('common.none') },
  ];

  return (
    <>
      <DetailLayout
        testId="deal-detail"
        backTo="/deals"
        loading={record.isPending}
        error={record.error}
        onRetry={() => void record.refetch()}
        title={deal?.name}
        tags={
          deal && (
            <>
              <Tag color="blue" data-testid="deal-stage">
                {stageName(stageById.get(deal.stageId), locale)}
              </Tag>
              <Tag color={ENUM_COLORS[deal.status]}>{enumLabel(t, 'dealStatus', deal.status)}</Tag>
              {deal.stale && deal.status === 'open' && <Tag color="warning">{t('deal.stale')}</Tag>}
            </>
          )
        }
        actions={
          deal &&
          canWrite && (
            <>
              <Button icon={<CalendarOutlined />} onClick={() => setLogging(true)} data-testid="log-activity">
                {t('activity.log')}
              </Button>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
              {deal.status === 'open' ? (
                <Space.Compact>
                  <Button icon={<CheckOutlined />} onClick={() => setClosing('won')} data-testid="deal-won">
                    {t('deal.markWon')}
                  </Button>
                  <Button
                    danger
                    icon={<CloseOutlined />}
                    onClick={() => setClosing('lost')}
                    data-testid="deal-lost"
                  >
                    {t('deal.markLost')}
                  </Button>
                </Space.Compact>
              ) : (
                <Button
                  icon={<RollbackOutlined />}
                  loading={reopen.isPending}
                  onClick={() => reopen.mutate(undefined, { onError: showError })}
                >
                  {t('deal.reopen')}
                </Button>
              )}
            </>
          )
        }
        summary={
          deal && (
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('deal.customer')}>
                {customer.isError ? (
                  // Someone else's customer (a deal of mine on it): the deal is mine, the customer is not.
                  <Typography.Text type="secondary">{t('deal.customerNotVisible')}</Typography.Text>
                ) : (
                  <Link to={`/customers/${deal.customerId}`} data-testid="deal-customer-link">
                    {customer.data?.name ?? '…'}
                  </Link>
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('deal.amount')}>{money(deal.amount)}</Descriptions.Item>
              <Descriptions.Item label={t('deal.probability')}>
                {formatPercentBp(probability)}
              </Descriptions.Item>
              <Descriptions.Item label={t('deal.weighted')}>
                {money(Math.round((deal.amount * probability) / 10_000))}
              </Descriptions.Item>
              <Descriptions.Item label={t('deal.forecastCategory')}>
                {enumLabel(t, 'forecastCategory', deal.forecastCategory)}
              </Descriptions.Item>
              {deal.status === 'open' && (stageById.get(deal.stageId)?.exitCriteria.length ?? 0) > 0 && (
                <Descriptions.Item label={t('deal.exitRules')}>
                  <ExitNeedsChecklist
                    criteria={stageById.get(deal.stageId)?.exitCriteria ?? []}
                    needs={(deal as typeof deal & WithExitNeeds).exitNeeds}
                  />
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('deal.expectedCloseDate')}>
                {formatDate(deal.expectedCloseDate)}
              </Descriptions.Item>
              <Descriptions.Item label={t('deal.nextStep')}>
                {deal.nextStep ?? t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('deal.competitors')}>
                {deal.competitors.join(', ') || t('common.none')}
              </Descriptions.Item>
              {deal.closeReason && (
                <Descriptions.Item label={t('deal.closeReason')}>
                  {vocab('closeReason', deal.closeReason)}
                </Descriptions.Item>
              )}
              {deal.winningCompetitor && (
                <Descriptions.Item label={t('deal.winningCompetitor')}>
                  {deal.winningCompetitor}
                </Descriptions.Item>
              )}
              {deal.leadId && (
                <Descriptions.Item label={t('lead.title')}>
                  <Link to={`/leads/${deal.leadId}`}>{t('common.view')}</Link>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('common.updatedAt')}>
                {formatDateTime(deal.updatedAt)}
              </Descriptions.Item>
            </Descriptions>
          )
        }
      >
        {deal && <DealContractsCard deal={deal} />}
        {deal && (
          <Card>
            <Tabs
              items={[
                {
                  key: 'activities',
                  label: t('activity.title'),
                  children: (
                    <ListPage<Activity>
                      embedded
                      entity="activities"
                      path="/activities"
                      fixedQuery={{ dealId: id }}
                      columns={activityColumns}
                      defaultSort="-occurredAt"
                      emptyText={t('activity.empty')}
                      testId="deal-activities"
                    />
                  ),
                },
                {
                  key: 'history',
                  label: t('deal.stageHistory'),
                  children: (
                    <Table
                      rowKey="id"
                      size="small"
                      pagination={false}
                      data-testid="stage-history"
                      dataSource={[...deal.stageHistory].sort((a, b) =>
                        b.enteredAt.localeCompare(a.enteredAt),
                      )}
                      columns={[
                        {
                          key: 'stage',
                          title: t('deal.stage'),
                          render: (_: unknown, h) => stageName(stageById.get(h.stageId), locale),
                        },
                        {
                          key: 'from',
                          title: t('deal.from'),
                          render: (_: unknown, h) =>
                            h.fromStageId
                              ? stageName(stageById.get(h.fromStageId), locale)
                              : t('common.none'),
                        },
                        {
                          key: 'enteredAt',
                          title: t('deal.enteredAt'),
                          render: (_: unknown, h) => formatDateTime(h.enteredAt),
                        },
                        {
                          key: 'leftAt',
                          title: t('deal.leftAt'),
                          render: (_: unknown, h) => formatDateTime(h.leftAt),
                        },
                      ]}
                    />
                  ),
                },
                {
                  key: 'lines',
                  label: t('deal.lineItems'),
                  children: (
                    <>
                      {canEditLines && (
                        <Button
                          icon={<PlusOutlined />}
                          onClick={() => setLineEditing(null)}
                          style={{ marginBottom: 12 }}
                          data-testid="deal-add-line"
                        >
                          {t('deal.addLine')}
                        </Button>
                      )}
                      <Table
                        rowKey="id"
                        size="small"
                        pagination={false}
                        dataSource={deal.lineItems}
                        locale={{ emptyText: t('deal.noLines') }}
                        data-testid="deal-lines"
                        columns={[
                          {
                            key: 'product',
                            title: t('deal.product'),
                            render: (_: unknown, l) =>
                              l.productSku ? `${l.productName} (${l.productSku})` : l.productName,
                          },
                          { key: 'quantity', title: t('deal.quantity'), dataIndex: 'quantity' },
                          {
                            key: 'unitPrice',
                            title: t('deal.unitPrice'),
                            render: (_: unknown, l) => money(l.unitPrice),
                          },
                          {
                            key: 'discount',
                            title: t('deal.discount'),
                            render: (_: unknown, l) => formatPercentBp(l.discountBp),
                          },
                          {
                            key: 'amount',
                            title: t('deal.lineAmount'),
                            render: (_: unknown, l) => money(l.amount),
                          },
                          ...(canEditLines
                            ? [
                                {
                                  key: 'actions',
                                  title: t('common.actions'),
                                  render: (_: unknown, l: DealLine) => (
                                    <Space size={0}>
                                      <Button
                                        size="small"
                                        type="text"
                                        icon={<EditOutlined />}
                                        aria-label={t('deal.editLine')}
                                        onClick={() => setLineEditing(l)}
                                      />
                                      <ConfirmDeleteButton
                                        confirm={
                                          deal.lineItems.length === 1
                                            ? t('deal.removeLastLineConfirm')
                                            : t('deal.removeLineConfirm')
                                        }
                                        onConfirm={() =>
                                          removeLine.mutate(l, { onSuccess: saved, onError: showError })
                                        }
                                      />
                                    </Space>
                                  ),
                                },
                              ]
                            : []),
                        ]}
                      />
                    </>
                  ),
                },
                {
                  key: 'contacts',
                  label: t('deal.contacts'),
                  children: (
                    <>
                      {canWrite && (
                        <Button
                          icon={<PlusOutlined />}
                          onClick={() => setAddingContact(true)}
                          style={{ marginBottom: 12 }}
                          data-testid="deal-add-contact"
                        >
                          {t('deal.addContact')}
                        </Button>
                      )}
                      <Table
                        rowKey="contactId"
                        size="small"
                        pagination={false}
                        dataSource={deal.contacts}
                        locale={{ emptyText: t('deal.noDealContacts') }}
                        data-testid="deal-contacts"
                        columns={[
                          { key: 'name', title: t('contact.name'), dataIndex: 'name' },
                          {
                            key: 'title',
                            title: t('contact.jobTitle'),
                            render: (_: unknown, c) => c.title ?? t('common.none'),
                          },
                          {
                            key: 'decisionRole',
                            title: t('contact.decisionRole'),
                            render: (_: unknown, c) => enumLabel(t, 'decisionRole', c.decisionRole),
                          },
                          {
                            key: 'role',
                            title: t('deal.contactRole'),
                            render: (_: unknown, c) => vocab('dealContactRole', c.role),
                          },
                          ...(canWrite
                            ? [
                                {
                                  key: 'actions',
                                  title: t('common.actions'),
                                  render: (_: unknown, c: DealContact) => (
                                    <ConfirmDeleteButton
                                      confirm={t('deal.removeContactConfirm')}
                                      onConfirm={() =>
                                        removeContact.mutate(c, { onSuccess: saved, onError: showError })
                                      }
                                      label={t('deal.removeContact')}
                                    />
                                  ),
                                },
                              ]
                            : []),
                        ]}
                      />
                    </>
                  ),
                },
              ]}
            />
          </Card>
        )}
      </DetailLayout>
      {deal && (
        <>
          <DealFormDrawer
            open={editing}
            deal={deal}
            customerName={customer.data?.name}
            onClose={() => setEditing(false)}
          />
          <ActivityFormDrawer
            open={logging}
            links={{ dealId: deal.id, customerId: deal.customerId }}
            onClose={() => setLogging(false)}
          />
          <CloseDealModal deal={deal} outcome={closing} onClose={() => setClosing(null)} />
          <DealLineModal
            deal={deal}
            line={lineEditing ?? undefined}
            open={lineEditing !== undefined}
            onClose={() => setLineEditing(undefined)}
          />
          <DealContactModal deal={deal} open={addingContact} onClose={() => setAddingContact(false)} />
        </>
      )}
    </>
  );
}
