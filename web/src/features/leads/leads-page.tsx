import { Badge, Select, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { CreateButton } from '../../app/components/create-button.tsx';
import { type ListColumn, ListPage } from '../../app/components/list-page.tsx';
import { PageTitle } from '../../app/components/page-title.tsx';
import { ENUM_COLORS, enumLabel, enumOptions } from '../../app/enums.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { useMe } from '../../app/session.tsx';
import { useVocabulary } from '../../app/vocabulary.ts';
import { LeadFormDrawer } from './lead-form-drawer.tsx';
import type { Lead } from './types.ts';

export function SlaBadge({ lead }: { lead: Lead }) {
  const { t } = useI18n();
  if (!lead.slaBreached) {
    return null;
  }
  return <Badge status="error" text={t('lead.slaOverdue')} data-testid="sla-badge" />;
}

export default function LeadsPage() {
  const { t, locale, formatDateTime } = useI18n();
  const vocab = useVocabulary();
  const me = useMe();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  const columns: ListColumn<Lead>[] = [
    {
      key: 'name',
      title: t('lead.name'),
      fixed: 'left',
      sort: 'name',
      render: (l) => <Link to={`/leads/${l.id}`}>{l.name}</Link>,
    },
    { key: 'company', title: t('lead.company'), render: (l) => l.company ?? t('common.none') },
    {
      key: 'grade',
      title: t('lead.grade'),
      render: (l) => <Tag color={ENUM_COLORS[l.grade]}>{l.grade}</Tag>,
    },
    { key: 'score', title: t('lead.score'), sort: 'score', render: (l) => l.score },
    {
      key: 'status',
      title: t('lead.status'),
      render: (l) => <Tag color={ENUM_COLORS[l.status]}>{enumLabel(t, 'leadStatus', l.status)}</Tag>,
    },
    { key: 'sla', title: t('lead.sla'), render: (l) => <SlaBadge lead={l} /> },
    {
      key: 'sourceChannel',
      title: t('lead.sourceChannel'),
      render: (l) => enumLabel(t, 'sourceChannel', l.sourceChannel),
    },
    { key: 'mobile', title: t('lead.mobile'), optional: true, render: (l) => l.mobile ?? t('common.none') },
    { key: 'region', title: t('lead.region'), optional: true, render: (l) => l.region ?? t('common.none') },
    {
      key: 'industry',
      title: t('lead.industry'),
      optional: true,
      render: (l) => vocab('industry', l.industry),
    },
    {
      key: 'budget',
      title: t('lead.budgetAmount'),
      optional: true,
      render: (l) => formatMoney(l.budgetAmount, locale, me.org.currency, { compact: true }),
    },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      sort: 'createdAt',
      render: (l) => formatDateTime(l.createdAt),
    },
  ];

  return (
    <>
      <PageTitle title={t('lead.title')} />
      <ListPage<Lead>
        entity="leads"
        path="/leads"
        columns={columns}
        defaultSort="-createdAt"
        testId="leads-table"
        emptyText={t('lead.empty')}
        exportPath="/exports/leads"
        renderFilters={(filters, set) => (
          <>
            <Select
              allowClear
              placeholder={t('lead.status')}
              value={filters.status as string | undefined}
              onChange={(v) => set('status', v)}
              options={enumOptions(t, 'leadStatus')}
              style={{ width: 120 }}
            />
            <Select
              allowClear
              placeholder={t('lead.grade')}
              value={filters.grade as string | undefined}
              onChange={(v) => set('grade', v)}
              options={enumOptions(t, 'grade')}
              style={{ width: 90 }}
            />
            <Select
              allowClear
              placeholder={t('lead.sourceChannel')}
              value={filters.sourceChannel as string | undefined}
              onChange={(v) => set('sourceChannel', v)}
              options={enumOptions(t, 'sourceChannel')}
              style={{ width: 130 }}
            />
            <Select
              allowClear
              placeholder={t('lead.sla')}
              value={filters.slaBreached as string | undefined}
              onChange={(v) => set('slaBreached', v)}
              options={[
                { value: 'true', label: t('lead.slaOverdue') },
                { value: 'false', label: t('lead.slaOk') },
              ]}
              style={{ width: 150 }}
            />
          </>
        )}
        actions={<CreateButton label={t('lead.new')} onClick={() => setCreating(true)} testId="new-lead" />}
      />
      <LeadFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(lead) => void navigate(`/leads/${lead.id}`)}
      />
    </>
  );
}
