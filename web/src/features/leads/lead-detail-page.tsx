import { CalendarOutlined, EditOutlined, SwapOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Dropdown, Input, Progress, Tag } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../app/api.ts';
import { DetailLayout } from '../../app/components/detail-layout.tsx';
import { type ListColumn, ListPage } from '../../app/components/list-page.tsx';
import { ENUM_COLORS, enumLabel } from '../../app/enums.ts';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import type { MessageKey } from '../../app/i18n/zh-CN.ts';
import { formatMoney } from '../../app/money.ts';
import { useRecord, useWrite } from '../../app/records.ts';
import { useCanWriteSales, useMe } from '../../app/session.tsx';
import { useVocabulary } from '../../app/vocabulary.ts';
import { ActivityFormDrawer } from '../activities/activity-form-drawer.tsx';
import type { Activity } from '../activities/types.ts';
import { EraseButton } from '../privacy/erase-button.tsx';
import { useReveal } from '../privacy/reveal-button.tsx';
import { ConvertLeadModal } from './convert-lead-modal.tsx';
import { LeadFormDrawer } from './lead-form-drawer.tsx';
import { SlaBadge } from './leads-page.tsx';
import type { Lead } from './types.ts';

export default function LeadDetailPage() {
  const { id = '' } = useParams();
  const { t, locale, formatDateTime } = useI18n();
  const vocab = useVocabulary();
  const me = useMe();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const record = useRecord<Lead>('leads', '/leads', id);
  const [editing, setEditing] = useState(false);
  const [converting, setConverting] = useState(false);
  const [logging, setLogging] = useState(false);
  const lead = record.data;
  const canWrite = useCanWriteSales();
  const personal = useReveal('lead');
  const setStatus = useWrite(
    ({ status, reason }: { status: string; reason?: string }) =>
      api<Lead>(`/leads/${id}/status`, { method: 'POST', body: { status, reason }, version: lead?.version }),
    ['leads'],
  );

  const changeStatus = (status: string) => {
    if (status === 'disqualified') {
      let reason = '';
      void modal.confirm({
        title: t('lead.disqualify'),
        content: (
          <Input.TextArea
            autoFocus
            rows={3}
            maxLength={500}
            placeholder={t('lead.disqualifyReason')}
            onChange={(e) => {
              reason = e.target.value;
            }}
            data-testid="disqualify-reason"
          />
        ),
        cancelText: t('common.cancel'),
        onOk: () =>
          setStatus
            .mutateAsync({ status, reason: reason.trim() })
            .then(() => void message.success(t('lead.statusChanged')))
            .catch(showError),
      });
      return;
    }
    setStatus.mutate(
      { status },
      { onSuccess: () => void message.success(t('lead.statusChanged')), onError: showError },
    );
  };

  const activityColumns: ListColumn<Activity>[] = [
    { key: 'occurredAt', title: t('activity.occurredAt'), render: (a) => formatDateTime(a.occurredAt) },
    {
      key: 'type',
      title: t('activity.type'),
      render: (a) => <Tag>{enumLabel(t, 'activityType', a.type)}</Tag>,
    },
    { key: 'subject', title: t('activity.subject'), render: (a) => a.subject },
  ];

  const statusItems = lead
    ? [
        lead.status === 'new' && { key: 'working', label: t('lead.startWorking') },
        lead.status === 'working' && { key: 'qualified', label: t('lead.qualify') },
        (lead.status === 'qualified' || lead.status === 'disqualified') && {
          key: 'working',
          label: t('lead.reopen'),
        },
        lead.status !== 'converted' &&
          lead.status !== 'disqualified' && {
            key: 'disqualified',
            label: t('lead.disqualify'),
            danger: true,
          },
      ].filter((item): item is { key: string; label: string; danger?: boolean } => !!item)
    : [];

  return (
    <>
      <DetailLayout
        testId="lead-detail"
        backTo="/leads"
        loading={record.isPending}
        error={record.error}
        onRetry={() => void record.refetch()}
        title={lead?.erasedAt ? t('privacy.erasedPerson') : lead?.name}
        subtitle={lead?.company}
        tags={
          lead && (
            <>
              <Tag color={ENUM_COLORS[lead.status]} data-testid="lead-status">
                {enumLabel(t, 'leadStatus', lead.status)}
              </Tag>
              <Tag color={ENUM_COLORS[lead.grade]}>{`${t('lead.grade')} ${lead.grade}`}</Tag>
              <SlaBadge lead={lead} />
            </>
          )
        }
        actions={
          lead && (
            <>
              <EraseButton entity="lead" record={lead} onErased={() => void record.refetch()} />
              {canWrite && lead.status !== 'converted' && (
                <>
                  <Button
                    icon={<CalendarOutlined />}
                    onClick={() => setLogging(true)}
                    data-testid="log-activity"
                  >
                    {t('activity.log')}
                  </Button>
                  <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                    {t('common.edit')}
                  </Button>
                  {statusItems.length > 0 && (
                    <Dropdown
                      trigger={['click']}
                      menu={{
                        items: statusItems.map((i) => ({ ...i, 'data-testid': `status-${i.key}` })),
                        onClick: ({ key }) => changeStatus(key),
                      }}
                    >
                      <Button loading={setStatus.isPending} data-testid="lead-status-menu">
                        {t('lead.status')}
                      </Button>
                    </Dropdown>
                  )}
                  {/* Qualified leads convert; a working one too (the server asks for force); new ones must be worked first. */}
                  {(lead.status === 'qualified' || lead.status === 'working') && (
                    <Button
                      type="primary"
                      icon={<SwapOutlined />}
                      onClick={() => setConverting(true)}
                      data-testid="convert-lead"
                    >
                      {t('lead.convert')}
                    </Button>
                  )}
                </>
              )}
            </>
          )
        }
        summary={
          lead && (
            <>
              <Progress percent={lead.score} format={(p) => `${p}`} strokeColor="#1f5fbf" />
              <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
                <Descriptions.Item label={t('lead.bantBudget')}>
                  {enumLabel(t, 'bant', lead.bant.budget)}
                </Descriptions.Item>
                <Descriptions.Item label={t('lead.bantAuthority')}>
                  {enumLabel(t, 'bant', lead.bant.authority)}
                </Descriptions.Item>
                <Descriptions.Item label={t('lead.bantNeed')}>
                  {enumLabel(t, 'bant', lead.bant.need)}
                </Descriptions.Item>
                <Descriptions.Item label={t('lead.bantTimeline')}>
                  {enumLabel(t, 'bant', lead.bant.timeline)}
                </Descriptions.Item>
                <Descriptions.Item label={t('lead.budgetAmount')}>
                  {formatMoney(lead.budgetAmount, locale, me.org.currency)}
                </Descriptions.Item>
                <Descriptions.Item label={t('lead.sourceChannel')}>
                  {enumLabel(t, 'sourceChannel', lead.sourceChannel)}
                </Descriptions.Item>
                <Descriptions.Item label={t('lead.jobTitle')}>
                  {lead.title ?? t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('lead.mobile')}>
                  {personal.valuesOf(lead).mobile ?? t('common.none')} {personal.buttonFor(lead)}
                </Descriptions.Item>
                <Descriptions.Item label={t('lead.email')}>
                  {personal.valuesOf(lead).email ?? t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('lead.wechat')}>
                  {personal.valuesOf(lead).wechat ?? t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('privacy.consent')}>
                  {lead.marketingConsent === null
                    ? t('privacy.consentUnknown')
                    : `${t(lead.marketingConsent ? 'privacy.consentYes' : 'privacy.consentNo')}${
                        lead.marketingConsentChannel
                          ? ` · ${t(`privacy.channel.${lead.marketingConsentChannel}` as MessageKey)}`
                          : ''
                      } · ${formatDateTime(lead.marketingConsentAt)}`}
                </Descriptions.Item>
                <Descriptions.Item label={t('lead.region')}>
                  {[lead.region, lead.city].filter(Boolean).join(' · ') || t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('lead.industry')}>
                  {vocab('industry', lead.industry)}
                </Descriptions.Item>
                <Descriptions.Item label={t('lead.firstContactedAt')}>
                  {formatDateTime(lead.firstContactedAt)}
                </Descriptions.Item>
                {lead.disqualifyReason && (
                  <Descriptions.Item label={t('lead.disqualifyReason')}>
                    {vocab('disqualifyReason', lead.disqualifyReason)}
                  </Descriptions.Item>
                )}
                {lead.convertedCustomerId && (
                  <Descriptions.Item label={t('lead.convertedTo')}>
                    <Link to={`/customers/${lead.convertedCustomerId}`}>{t('customer.title')}</Link>
                    {lead.convertedDealId && (
                      <>
                        {' · '}
                        <Link to={`/deals/${lead.convertedDealId}`}>{t('deal.title')}</Link>
                      </>
                    )}
                  </Descriptions.Item>
                )}
                <Descriptions.Item label={t('common.notes')}>
                  {lead.notes ?? t('common.none')}
                </Descriptions.Item>
              </Descriptions>
            </>
          )
        }
      >
        <Card title={t('activity.title')}>
          <ListPage<Activity>
            embedded
            entity="activities"
            path="/activities"
            fixedQuery={{ leadId: id }}
            columns={activityColumns}
            defaultSort="-occurredAt"
            emptyText={t('activity.empty')}
            testId="lead-activities"
          />
        </Card>
      </DetailLayout>
      {lead && (
        <>
          <LeadFormDrawer open={editing} lead={lead} onClose={() => setEditing(false)} />
          <ConvertLeadModal open={converting} lead={lead} onClose={() => setConverting(false)} />
          <ActivityFormDrawer
            open={logging}
            links={{ leadId: lead.id }}
            defaultType="call"
            onClose={() => setLogging(false)}
          />
        </>
      )}
    </>
  );
}
