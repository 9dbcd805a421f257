import { DatePicker, Select, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { CreateButton } from '../../app/components/create-button.tsx';
import { type ListColumn, ListPage } from '../../app/components/list-page.tsx';
import { PageTitle } from '../../app/components/page-title.tsx';
import { ENUM_COLORS, enumLabel, enumOptions } from '../../app/enums.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { currencySymbol, formatMoney, formatPercentBp } from '../../app/money.ts';
import { useMe } from '../../app/session.tsx';
import { UserSelect } from '../users/user-select.tsx';
import { AmountRangeFilter } from './amount-range-filter.tsx';
import { DealFormDrawer } from './deal-form-drawer.tsx';
import { stageName, useStages } from './stages.ts';
import type { Deal } from './types.ts';

export default function DealsPage() {
  const { t, locale, formatDate, formatDateTime } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const stages = useStages();
  const [creating, setCreating] = useState(false);
  const stageById = new Map((stages.data ?? []).map((s) => [s.id, s]));
  const seesOthers = me.role !== 'rep';
  const day = (v: unknown) => (typeof v === 'string' && v ? dayjs(v) : null);
  // A stage id from a hand-edited URL (or a deleted stage) is named as unknown, never shown raw.
  const unknownStage = (id: unknown) =>
    typeof id === 'string' && id !== '' && stages.isSuccess && !stageById.has(id);
  const stageOptions = (selected: unknown) => [
    ...(stages.data ?? []).map((s) => ({ value: s.id, label: stageName(s, locale) })),
    ...(unknownStage(selected) ? [{ value: selected as string, label: t('deal.unknownStage') }] : []),
  ];

  const columns: ListColumn<Deal>[] = [
    {
      key: 'name',
      title: t('deal.name'),
      fixed: 'left',
      sort: 'name',
      render: (d) => <Link to={`/deals/${d.id}`}>{d.name}</Link>,
    },
    {
      key: 'stage',
      title: t('deal.stage'),
      render: (d) => (
        <>
          {stageName(stageById.get(d.stageId), locale)}{' '}
          {d.stale && d.status === 'open' && <Tag color="warning">{t('deal.stale')}</Tag>}
        </>
      ),
    },
    {
      key: 'amount',
      title: t('deal.amount'),
      sort: 'amount',
      render: (d) => formatMoney(d.amount, locale, me.org.currency),
    },
    {
      key: 'probability',
      title: t('deal.probability'),
      render: (d) => formatPercentBp(d.probabilityBp ?? stageById.get(d.stageId)?.probabilityBp),
    },
    {
      key: 'status',
      title: t('deal.status'),
      render: (d) => <Tag color={ENUM_COLORS[d.status]}>{enumLabel(t, 'dealStatus', d.status)}</Tag>,
    },
    {
      key: 'forecastCategory',
      title: t('deal.forecastCategory'),
      render: (d) => enumLabel(t, 'forecastCategory', d.forecastCategory),
    },
    {
      key: 'expectedCloseDate',
      title: t('deal.expectedCloseDate'),
      sort: 'expectedCloseDate',
      render: (d) => formatDate(d.expectedCloseDate),
    },
    {
      key: 'nextStep',
      title: t('deal.nextStep'),
      optional: true,
      render: (d) => d.nextStep ?? t('common.none'),
    },
    {
      key: 'competitors',
      title: t('deal.competitors'),
      optional: true,
      render: (d) => d.competitors.join(', ') || t('common.none'),
    },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      sort: 'createdAt',
      optional: true,
      render: (d) => formatDateTime(d.createdAt),
    },
  ];

  return (
    <>
      <PageTitle title={t('deal.title')} />
      <ListPage<Deal>
        entity="deals"
        path="/deals"
        columns={columns}
        defaultSort="-createdAt"
        testId="deals-table"
        emptyText={t('deal.empty')}
        exportPath="/exports/deals"
        renderFilters={(filters, set) => (
          <>
            <Select
              allowClear
              placeholder={t('deal.status')}
              value={filters.status as string | undefined}
              onChange={(v) => set('status', v)}
              options={enumOptions(t, 'dealStatus')}
              style={{ width: 110 }}
            />
            <Select
              allowClear
              placeholder={t('deal.allStages')}
              // Until the stages are known, an id could only show raw.
              value={stages.isSuccess ? (filters.stageId as string | undefined) : undefined}
              onChange={(v) => set('stageId', v)}
              options={stageOptions(filters.stageId)}
              status={unknownStage(filters.stageId) ? 'error' : undefined}
              style={{ width: 140 }}
              data-testid="deals-stage"
            />
            <Select
              allowClear
              placeholder={t('deal.forecastCategory')}
              value={filters.forecastCategory as string | undefined}
              onChange={(v) => set('forecastCategory', v)}
              options={enumOptions(t, 'forecastCategory')}
              style={{ width: 130 }}
            />
            <Select
              allowClear
              placeholder={t('deal.stale')}
              value={filters.stale as string | undefined}
              onChange={(v) => set('stale', v)}
              options={[{ value: 'true', label: t('deal.stale') }]}
              style={{ width: 100 }}
            />
            {seesOthers && (
              <UserSelect
                value={(filters.ownerId as string | undefined) ?? null}
                onChange={(v) => set('ownerId', v ?? undefined)}
                placeholder={t('pipeline.owner')}
                style={{ width: 200 }}
                data-testid="deals-owner"
              />
            )}
            <DatePicker.RangePicker
              value={[day(filters.closeFrom), day(filters.closeTo)]}
              onChange={(range) => {
                set('closeFrom', range?.[0]?.format('YYYY-MM-DD'));
                set('closeTo', range?.[1]?.format('YYYY-MM-DD'));
              }}
              placeholder={[t('pipeline.closeFrom'), t('pipeline.closeTo')]}
              allowEmpty={[true, true]}
            />
            <AmountRangeFilter
              min={filters.minAmount}
              max={filters.maxAmount}
              currencySymbol={currencySymbol(locale, me.org.currency)}
              onChange={({ minAmount, maxAmount }) => {
                set('minAmount', minAmount);
                set('maxAmount', maxAmount);
              }}
            />
          </>
        )}
        actions={<CreateButton label={t('deal.new')} onClick={() => setCreating(true)} testId="new-deal" />}
      />
      <DealFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(deal) => void navigate(`/deals/${deal.id}`)}
      />
    </>
  );
}
