import { SearchOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Badge,
  Button,
  Card,
  DatePicker,
  Dropdown,
  Empty,
  Flex,
  Input,
  Switch,
  Tag,
  Typography,
  theme,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type DragEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, isApiError } from '../../app/api.ts';
import { PageTitle } from '../../app/components/page-title.tsx';
import { QueryError } from '../../app/components/query-error.tsx';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { useCanWriteSales, useMe } from '../../app/session.tsx';
import { UserSelect } from '../users/user-select.tsx';
import { ExitNeedsLine, type WithExitNeeds } from './exit-needs.tsx';
import { stageName } from './stages.ts';
import type { Deal, DealBoard, Stage } from './types.ts';

type Column = DealBoard['columns'][number];

const BOARD_KEY = ['pipeline', 'board'] as const;

/**
 * The pipeline as a kanban: one column per stage with count, amount and weighted amount; drag a card
 * (HTML5 drag and drop) — or use its "move to" menu from the keyboard — to move the deal. The board holds
 * each stage's 50 largest deals; filter by owner ("only mine"), close date, or find a card by name. The server checks the stage's exit rules: a refusal (422)
 * puts the card back with the reason; a stale version (412) reloads the board.
 */
/** The deals list showing what a board column holds: its stage's open deals, with the board's filters. */
function moreQuery(stageId: string, board: Record<string, string | undefined>): string {
  const params = new URLSearchParams({ status: 'open', stageId });
  for (const [key, value] of Object.entries(board)) {
    if (value) {
      params.set(key, value);
    }
  }
  return params.toString();
}

export default function PipelinePage() {
  const canWrite = useCanWriteSales();
  const { t, locale, formatDate } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const { token } = theme.useToken();
  const seesOthers = me.role !== 'rep';
  const [mine, setMine] = useState(me.role === 'rep');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [close, setClose] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [find, setFind] = useState('');
  const [over, setOver] = useState<string | null>(null);
  const [moving, setMoving] = useState<string | null>(null);
  const query = {
    ownerId: mine ? me.id : (ownerId ?? undefined),
    closeFrom: close?.[0]?.format('YYYY-MM-DD'),
    closeTo: close?.[1]?.format('YYYY-MM-DD'),
  };
  const key = [...BOARD_KEY, query];
  const board = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<{ columns: Column[] }>('/deals/board', { query, signal }),
  });
  const money = (minor: number) => formatMoney(minor, locale, me.org.currency, { compact: true });
  const needle = find.trim().toLowerCase();
  const shown = (deal: Deal) => !needle || deal.name.toLowerCase().includes(needle);

  const move = async (dealId: string, target: Column) => {
    const snapshot = client.getQueryData<{ columns: Column[] }>(key);
    const from = snapshot?.columns.find((c) => c.deals.some((d) => d.id === dealId));
    const deal = from?.deals.find((d) => d.id === dealId);
    if (!snapshot || !from || !deal || from.stage.id === target.stage.id) {
      return;
    }
    // Optimistic: the card moves at once and comes back if the server refuses.
    client.setQueryData(key, { columns: moveCard(snapshot.columns, deal, from.stage.id, target.stage.id) });
    setMoving(deal.id);
    try {
      await api<Deal>(`/deals/${deal.id}/move`, {
        method: 'POST',
        body: { stageId: target.stage.id },
        version: deal.version,
      });
      void message.success(t('deal.moved', { stage: stageName(target.stage, locale) }));
    } catch (error) {
      client.setQueryData(key, snapshot);
      if (isApiError(error) && error.status === 422) {
        void message.error(t('deal.moveRefused', { message: error.message }));
      } else if (isApiError(error) && error.status === 412) {
        void message.warning(t('pipeline.conflict'));
      } else {
        showError(error);
      }
    } finally {
      setMoving(null);
      await Promise.all([
        client.invalidateQueries({ queryKey: BOARD_KEY }),
        client.invalidateQueries({ queryKey: ['deals'] }),
        client.invalidateQueries({ queryKey: ['timeline'] }),
      ]);
    }
  };

  const onDrop = (event: DragEvent, target: Column) => {
    event.preventDefault();
    setOver(null);
    const dealId = event.dataTransfer.getData('text/plain');
    if (dealId) {
      void move(dealId, target);
    }
  };

  const columns = board.data?.columns ?? [];

  return (
    <>
      <PageTitle title={t('pipeline.title')} />
      <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
        <Input
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('pipeline.find')}
          value={find}
          onChange={(event) => setFind(event.target.value)}
          style={{ width: 240 }}
          aria-label={t('pipeline.find')}
          data-testid="pipeline-find"
        />
        <Flex gap={8} align="center">
          <Switch
            checked={mine}
            onChange={setMine}
            data-testid="pipeline-mine"
            aria-label={t('pipeline.mine')}
          />
          <Typography.Text>{t('pipeline.mine')}</Typography.Text>
        </Flex>
        {seesOthers && !mine && (
          <UserSelect
            value={ownerId}
            onChange={setOwnerId}
            placeholder={t('pipeline.owner')}
            style={{ width: 240 }}
            data-testid="pipeline-owner"
          />
        )}
        <DatePicker.RangePicker
          value={close}
          onChange={(range) => setClose(range ? [range[0], range[1]] : null)}
          placeholder={[t('pipeline.closeFrom'), t('pipeline.closeTo')]}
          allowEmpty={[true, true]}
        />
      </Flex>
      {canWrite && <Typography.Paragraph type="secondary">{t('pipeline.hint')}</Typography.Paragraph>}
      {board.isError && <QueryError error={board.error} onRetry={() => void board.refetch()} />}
      <div
        style={{ display: 'flex', gap: 12, overflowX: 'auto', paddingBottom: 12 }}
        data-testid="pipeline-board"
        data-loading={board.isFetching ? 'true' : 'false'}
      >
        {columns.map((column) => {
          const cards = column.deals.filter(shown);
          const hiddenHere = column.count - column.deals.length;
          return (
            <section
              key={column.stage.id}
              aria-label={stageName(column.stage, locale)}
              data-testid={`stage-${column.stage.key}`}
              onDragOver={(event) => {
                event.preventDefault();
                event.dataTransfer.dropEffect = 'move';
                setOver(column.stage.id);
              }}
              onDragLeave={() => setOver((current) => (current === column.stage.id ? null : current))}
              onDrop={(event) => onDrop(event, column)}
              style={{
                flex: '0 0 250px',
                display: 'flex',
                flexDirection: 'column',
                // Columns scroll inside, so every column (a drop target) stays in view while dragging.
                height: 'calc(100vh - 290px)',
                minHeight: 420,
                background: over === column.stage.id ? token.colorPrimaryBg : token.colorFillQuaternary,
                border: `1px dashed ${over === column.stage.id ? token.colorPrimary : 'transparent'}`,
                borderRadius: 8,
                padding: 8,
              }}
            >
              <div style={{ padding: '4px 4px 8px' }}>
                <Flex justify="space-between" align="center">
                  <Typography.Text strong>{stageName(column.stage, locale)}</Typography.Text>
                  <Badge
                    count={column.count}
                    showZero
                    overflowCount={9999}
                    color={token.colorTextTertiary}
                    data-testid="stage-count"
                  />
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('pipeline.amount')} {money(column.amount)} · {t('pipeline.weighted')}{' '}
                  {money(column.weightedAmount)}
                </Typography.Text>
              </div>
              <Flex vertical gap={8} style={{ overflowY: 'auto', flex: 1, padding: 2 }}>
                {cards.map((deal) => (
                  <Card
                    key={deal.id}
                    size="small"
                    draggable={canWrite && moving !== deal.id}
                    onDragStart={(event) => {
                      event.dataTransfer.setData('text/plain', deal.id);
                      event.dataTransfer.effectAllowed = 'move';
                    }}
                    style={{ cursor: 'grab', opacity: moving === deal.id ? 0.5 : 1, flex: '0 0 auto' }}
                    data-testid="deal-card"
                    data-deal={deal.name}
                  >
                    <Flex justify="space-between" align="start" gap={4}>
                      <Link to={`/deals/${deal.id}`} draggable={false}>
                        {deal.name}
                      </Link>
                      {canWrite && (
                        <Dropdown
                          trigger={['click']}
                          menu={{
                            items: columns
                              .filter((c) => c.stage.id !== column.stage.id)
                              .map((c) => ({ key: c.stage.id, label: stageName(c.stage, locale) })),
                            onClick: ({ key: stageId }) => {
                              const target = columns.find((c) => c.stage.id === stageId);
                              if (target) {
                                void move(deal.id, target);
                              }
                            },
                          }}
                        >
                          <Button
                            type="text"
                            size="small"
                            icon={<SwapOutlined />}
                            aria-label={t('pipeline.moveTo')}
                            title={t('pipeline.moveTo')}
                            data-testid="deal-card-move"
                          />
                        </Dropdown>
                      )}
                    </Flex>
                    <Flex justify="space-between" style={{ marginTop: 4 }}>
                      <Typography.Text>{formatMoney(deal.amount, locale, me.org.currency)}</Typography.Text>
                      {deal.stale && <Tag color="warning">{t('deal.stale')}</Tag>}
                    </Flex>
                    {deal.expectedCloseDate && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDate(deal.expectedCloseDate)}
                      </Typography.Text>
                    )}
                    <ExitNeedsLine needs={(deal as typeof deal & WithExitNeeds).exitNeeds} />
                  </Card>
                ))}
                {hiddenHere > 0 && (
                  <Link
                    to={`/deals?${moreQuery(column.stage.id, query)}`}
                    style={{ textAlign: 'center', fontSize: 12 }}
                    draggable={false}
                  >
                    {t('pipeline.more', { count: hiddenHere })}
                  </Link>
                )}
                {column.count === 0 && (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pipeline.dropHere')} />
                )}
              </Flex>
            </section>
          );
        })}
      </div>
    </>
  );
}

function moveCard(columns: Column[], deal: Deal, fromId: string, toId: string): Column[] {
  const probability = (stage: Stage) =>
    Math.round((deal.amount * (deal.probabilityBp ?? stage.probabilityBp)) / 10_000);
  return columns.map((column) => {
    if (column.stage.id === fromId) {
      return {
        ...column,
        count: column.count - 1,
        amount: column.amount - deal.amount,
        weightedAmount: column.weightedAmount - probability(column.stage),
        deals: column.deals.filter((d) => d.id !== deal.id),
      };
    }
    if (column.stage.id === toId) {
      return {
        ...column,
        count: column.count + 1,
        amount: column.amount + deal.amount,
        weightedAmount: column.weightedAmount + probability(column.stage),
        deals: [{ ...deal, stageId: toId }, ...column.deals],
      };
    }
    return column;
  });
}
