import { CalendarOutlined, EditOutlined, MergeCellsOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Modal, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '../../app/api.ts';
import { DetailLayout } from '../../app/components/detail-layout.tsx';
import { useFormErrors } from '../../app/components/form-drawer.tsx';
import { type ListColumn, ListPage } from '../../app/components/list-page.tsx';
import { RemoteSelect } from '../../app/components/remote-select.tsx';
import { RecordTimeline } from '../../app/components/timeline.tsx';
import { ENUM_COLORS, enumLabel } from '../../app/enums.ts';
import { clearServerErrors } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { ALL_SALES, useRecord, useWrite } from '../../app/records.ts';
import { useCanWriteSales, useMe } from '../../app/session.tsx';
import { useVocabulary } from '../../app/vocabulary.ts';
import { ActivityFormDrawer } from '../activities/activity-form-drawer.tsx';
import { ContactFormDrawer } from '../contacts/contact-form-drawer.tsx';
import type { Contact } from '../contacts/types.ts';
import { CustomerCreditCard } from '../contracts/customer-credit-card.tsx';
import { DealFormDrawer } from '../deals/deal-form-drawer.tsx';
import { stageName, useStages } from '../deals/stages.ts';
import type { Deal } from '../deals/types.ts';
import { SuggestionsCard } from '../orders/suggestions-card.tsx';
import { useReveal } from '../privacy/reveal-button.tsx';
import { CustomerFormDrawer } from './customer-form-drawer.tsx';
import { RelationshipMapView } from './relationship-map.tsx';
import type { Customer } from './types.ts';

export default function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { t, locale, formatDate, formatDateTime } = useI18n();
  const vocab = useVocabulary();
  const me = useMe();
  const record = useRecord<Customer>('customers', '/customers', id);
  const stages = useStages();
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  const [logging, setLogging] = useState(false);
  const [contactOpen, setContactOpen] = useState<{ contact?: Contact } | null>(null);
  const [dealOpen, setDealOpen] = useState(false);
  const customer = record.data;
  const stageById = new Map((stages.data ?? []).map((s) => [s.id, s]));
  // A merged customer is a read-only tombstone that points at the customer it became.
  const merged = customer?.mergedIntoId ?? null;
  const canWrite = useCanWriteSales() && !merged;

  const personal = useReveal('contact');
  const contactColumns: ListColumn<Contact>[] = [
    {
      key: 'name',
      title: t('contact.name'),
      fixed: 'left',
      sort: 'name',
      render: (c) => (
        <Typography.Link onClick={() => setContactOpen({ contact: c })}>{c.name}</Typography.Link>
      ),
    },
    { key: 'title', title: t('contact.jobTitle'), render: (c) => c.title ?? t('common.none') },
    {
      key: 'mobile',
      title: t('contact.mobile'),
      render: (c) => (
        <>
          {personal.valuesOf(c).mobile ?? t('common.none')} {personal.buttonFor(c)}
        </>
      ),
    },
    {
      key: 'decisionRole',
      title: t('contact.decisionRole'),
      render: (c) => enumLabel(t, 'decisionRole', c.decisionRole),
    },
    {
      key: 'attitude',
      title: t('contact.attitude'),
      render: (c) =>
        c.attitude ? (
          <Tag color={ENUM_COLORS[c.attitude]}>{enumLabel(t, 'attitude', c.attitude)}</Tag>
        ) : (
          t('common.none')
        ),
    },
  ];
  const dealColumns: ListColumn<Deal>[] = [
    {
      key: 'name',
      title: t('deal.name'),
      fixed: 'left',
      render: (d) => <Link to={`/deals/${d.id}`}>{d.name}</Link>,
    },
    { key: 'stage', title: t('deal.stage'), render: (d) => stageName(stageById.get(d.stageId), locale) },
    { key: 'amount', title: t('deal.amount'), render: (d) => formatMoney(d.amount, locale, me.org.currency) },
    {
      key: 'status',
      title: t('deal.status'),
      render: (d) => <Tag color={ENUM_COLORS[d.status]}>{enumLabel(t, 'dealStatus', d.status)}</Tag>,
    },
    {
      key: 'expectedCloseDate',
      title: t('deal.expectedCloseDate'),
      render: (d) => formatDate(d.expectedCloseDate),
    },
  ];

  return (
    <>
      <DetailLayout
        testId="customer-detail"
        backTo="/customers"
        loading={record.isPending}
        error={record.error}
        onRetry={() => void record.refetch()}
        title={customer?.name}
        tags={
          customer && (
            <>
              {merged && <Tag color="default">{t('customer.mergedTag')}</Tag>}
              {customer.creditRisk && (
                <Tag color="red" data-testid="credit-risk-tag">
                  {t('receivables.creditRisk')}
                </Tag>
              )}
              <Tag color={ENUM_COLORS[customer.tier]}>{enumLabel(t, 'tier', customer.tier)}</Tag>
              <Tag>{enumLabel(t, 'lifecycle', customer.lifecycle)}</Tag>
            </>
          )
        }
        actions={
          canWrite && (
            <>
              <Button icon={<CalendarOutlined />} onClick={() => setLogging(true)} data-testid="log-activity">
                {t('activity.log')}
              </Button>
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="edit-customer">
                {t('common.edit')}
              </Button>
              <Button icon={<MergeCellsOutlined />} onClick={() => setMerging(true)}>
                {t('customer.merge')}
              </Button>
            </>
          )
        }
        summary={
          customer && (
            <>
              {merged && (
                <Alert
                  type="warning"
                  showIcon
                  style={{ marginBottom: 12 }}
                  data-testid="customer-merged"
                  title={
                    <>
                      {t('customer.mergedNotice')}{' '}
                      <Link to={`/customers/${merged}`}>{t('customer.openMerged')}</Link>
                    </>
                  }
                />
              )}
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('customer.creditCode')}>
                  {customer.creditCode ?? t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.industry')}>
                  {vocab('industry', customer.industry)}
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.size')}>
                  {enumLabel(t, 'size', customer.size)}
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.region')}>
                  {[customer.region, customer.city].filter(Boolean).join(' · ') || t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.channel')}>
                  {enumLabel(t, 'channel', customer.channel)}
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.source')}>
                  {vocab('customerSource', customer.source)}
                </Descriptions.Item>
                <Descriptions.Item label={t('common.owner')}>
                  {customer.ownerName ?? t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.tags')}>
                  {customer.tags.length
                    ? customer.tags.map((tag) => <Tag key={tag}>{vocab('tag', tag)}</Tag>)
                    : t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.budgetCycle')}>
                  {customer.budgetCycle ?? t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.decisionProcess')}>
                  {customer.decisionProcess ?? t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.painPoints')}>
                  {customer.painPoints ?? t('common.none')}
                </Descriptions.Item>
                <Descriptions.Item label={t('common.updatedAt')}>
                  {formatDateTime(customer.updatedAt)}
                </Descriptions.Item>
              </Descriptions>
            </>
          )
        }
      >
        {customer && <CustomerCreditCard customerId={customer.id} />}
        <Card>
          <Tabs
            defaultActiveKey="timeline"
            items={[
              {
                key: 'timeline',
                label: t('customer.timeline'),
                children: <RecordTimeline path={`/customers/${id}/timeline`} />,
              },
              {
                key: 'contacts',
                label: t('customer.contacts'),
                children: (
                  <ListPage<Contact>
                    embedded
                    entity="contacts"
                    path={`/customers/${id}/contacts`}
                    columns={contactColumns}
                    defaultSort="name"
                    emptyText={t('contact.empty')}
                    testId="customer-contacts"
                    actions={
                      canWrite && (
                        <Button icon={<PlusOutlined />} onClick={() => setContactOpen({})}>
                          {t('contact.new')}
                        </Button>
                      )
                    }
                  />
                ),
              },
              {
                key: 'deals',
                label: t('customer.deals'),
                children: (
                  <ListPage<Deal>
                    embedded
                    entity="deals"
                    path="/deals"
                    fixedQuery={{ customerId: id }}
                    columns={dealColumns}
                    defaultSort="-createdAt"
                    emptyText={t('deal.empty')}
                    testId="customer-deals"
                    actions={
                      canWrite && (
                        <Button icon={<PlusOutlined />} onClick={() => setDealOpen(true)}>
                          {t('deal.new')}
                        </Button>
                      )
                    }
                  />
                ),
              },
              { key: 'map', label: t('customer.map'), children: <RelationshipMapView customerId={id} /> },
            ]}
          />
        </Card>
        <SuggestionsCard customerId={id} />
      </DetailLayout>
      {customer && (
        <>
          <CustomerFormDrawer
            open={editing}
            customer={customer}
            onClose={() => setEditing(false)}
            onSaved={() => setEditing(false)}
          />
          <MergeModal open={merging} customer={customer} onClose={() => setMerging(false)} />
          <ActivityFormDrawer
            open={logging}
            links={{ customerId: customer.id }}
            onClose={() => setLogging(false)}
          />
          <ContactFormDrawer
            open={contactOpen !== null}
            contact={contactOpen?.contact}
            customerId={customer.id}
            onClose={() => setContactOpen(null)}
          />
          <DealFormDrawer
            open={dealOpen}
            customerId={customer.id}
            customerName={customer.name}
            onClose={() => setDealOpen(false)}
          />
        </>
      )}
    </>
  );
}

function MergeModal({ open, customer, onClose }: { open: boolean; customer: Customer; onClose(): void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ intoId: string }>();
  const onError = useFormErrors(form);
  const merge = useWrite(
    (intoId: string) =>
      api<{ customer: Customer }>(`/customers/${customer.id}/merge`, {
        method: 'POST',
        body: { intoId },
        version: customer.version,
      }),
    ALL_SALES,
  );
  return (
    <Modal
      open={open}
      title={t('customer.merge')}
      onCancel={onClose}
      okText={t('customer.merge')}
      okButtonProps={{ danger: true, loading: merge.isPending }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('customer.mergeHint')}</Typography.Paragraph>
      <Form
        form={form}
        onValuesChange={(changed) => clearServerErrors(form, changed)}
        layout="vertical"
        onFinish={({ intoId }) =>
          merge.mutate(intoId, {
            onSuccess: (result) => {
              void message.success(t('customer.merged', { name: result.customer.name }));
              onClose();
              void navigate(`/customers/${result.customer.id}`);
            },
            onError,
          })
        }
      >
        <Form.Item
          name="intoId"
          label={t('customer.mergeInto')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <RemoteSelect<Customer>
            path="/customers"
            labelOf={(c) => c.name}
            placeholder={t('customer.select')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
