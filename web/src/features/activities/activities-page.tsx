import { Select, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { CreateButton } from '../../app/components/create-button.tsx';
import { type ListColumn, ListPage } from '../../app/components/list-page.tsx';
import { PageTitle } from '../../app/components/page-title.tsx';
import { enumLabel, enumOptions } from '../../app/enums.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { ActivityFormDrawer } from './activity-form-drawer.tsx';
import type { Activity } from './types.ts';

export default function ActivitiesPage() {
  const { t, formatDateTime } = useI18n();
  const [logging, setLogging] = useState(false);
  const columns: ListColumn<Activity>[] = [
    {
      key: 'occurredAt',
      title: t('activity.occurredAt'),
      fixed: 'left',
      sort: 'occurredAt',
      render: (a) => formatDateTime(a.occurredAt),
    },
    {
      key: 'type',
      title: t('activity.type'),
      render: (a) => <Tag>{enumLabel(t, 'activityType', a.type)}</Tag>,
    },
    { key: 'subject', title: t('activity.subject'), render: (a) => a.subject },
    {
      key: 'related',
      title: t('activity.related'),
      render: (a) => (
        <>
          {a.customerId && <Link to={`/customers/${a.customerId}`}>{t('customer.title')}</Link>}
          {a.dealId && (
            <>
              {' '}
              · <Link to={`/deals/${a.dealId}`}>{t('deal.title')}</Link>
            </>
          )}
          {a.leadId && (
            <>
              {' '}
              · <Link to={`/leads/${a.leadId}`}>{t('lead.title')}</Link>
            </>
          )}
        </>
      ),
    },
    { key: 'outcome', title: t('activity.outcome'), render: (a) => a.outcome ?? t('common.none') },
    {
      key: 'duration',
      title: t('activity.duration'),
      optional: true,
      render: (a) => a.durationMinutes ?? t('common.none'),
    },
    {
      key: 'nextStep',
      title: t('activity.nextStep'),
      optional: true,
      render: (a) => a.nextStep ?? t('common.none'),
    },
  ];
  return (
    <>
      <PageTitle title={t('activity.title')} />
      <ListPage<Activity>
        entity="activities"
        path="/activities"
        columns={columns}
        defaultSort="-occurredAt"
        testId="activities-table"
        emptyText={t('activity.empty')}
        exportPath="/exports/activities"
        renderFilters={(filters, set) => (
          <Select
            allowClear
            placeholder={t('activity.type')}
            value={filters.type as string | undefined}
            onChange={(v) => set('type', v)}
            options={enumOptions(t, 'activityType')}
            style={{ width: 120 }}
          />
        )}
        actions={<CreateButton label={t('activity.log')} onClick={() => setLogging(true)} />}
      />
      <ActivityFormDrawer open={logging} links={{}} onClose={() => setLogging(false)} />
    </>
  );
}
