import { InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Popconfirm,
  Progress,
  Result,
  Segmented,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { FIELDS } from '../../../../src/core/import/fields.ts';
import { api, type Page } from '../../app/api.ts';
import type { Schemas } from '../../app/api-types.ts';
import { PageTitle } from '../../app/components/page-title.tsx';
import { useShowError } from '../../app/errors.ts';
import { type MessageKey, useI18n } from '../../app/i18n/index.tsx';
import { formatMoney } from '../../app/money.ts';
import { FixLineModal } from './fix-line-modal.tsx';
import type { BankImportSummary, BankLine, LineFilter } from './types.ts';

type ImportJob = Schemas['Import'];
const RUNNING: ImportJob['status'][] = ['validating', 'importing'];
const MAX_BYTES = 20 * 1024 * 1024;
const FILTERS: LineFilter[] = [
  'all',
  'matched',
  'unmatched',
  'duplicate',
  'debit',
  'confirmed',
  'skipped',
  'recorded',
];
const PAGE = 50;

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * Bank-statement import (finance): upload → map columns → match (dry run, background job) → review
 * each line (confirm, fix, skip; or confirm all matched) → record the confirmed lines as receipts
 * (background job). Matching and the money rules live on the server; this page shows and decides.
 */
export default function BankImportPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null> | null>(null);
  const [filter, setFilter] = useState<LineFilter>('all');
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [fixing, setFixing] = useState<BankLine | null>(null);
  const [busy, setBusy] = useState(false);
  const money = (minor: number) => formatMoney(minor, locale);

  const summary = useQuery({
    queryKey: ['bank-imports', 'one', jobId],
    queryFn: ({ signal }) => api<BankImportSummary>(`/bank-imports/${jobId}`, { signal }),
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data && RUNNING.includes(q.state.data.import.status) ? 1000 : false),
  });
  const job = summary.data?.import;
  const cursor = cursors[cursors.length - 1];
  const lines = useQuery({
    queryKey: ['bank-imports', 'lines', jobId, filter, cursor, job?.status],
    queryFn: ({ signal }) =>
      api<Page<BankLine>>(`/bank-imports/${jobId}/lines`, {
        query: { filter, limit: PAGE, cursor },
        signal,
      }),
    enabled: !!jobId && (job?.status === 'validated' || job?.status === 'succeeded'),
  });
  const history = useQuery({
    queryKey: ['imports', 'list', 'bank'],
    queryFn: ({ signal }) => api<Page<ImportJob>>('/imports', { query: { limit: 50 }, signal }),
  });

  useEffect(() => {
    if (job && mapping === null) {
      setMapping(job.mapping);
    }
  }, [job, mapping]);

  const open = (id: string | null) => {
    setJobId(id);
    setMapping(null);
    setFilter('all');
    setCursors([undefined]);
  };
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['bank-imports'] });
    void client.invalidateQueries({ queryKey: ['imports', 'list'] });
  };
  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await work();
      refresh();
    } catch (error) {
      showError(error);
      refresh();
    } finally {
      setBusy(false);
    }
  };

  const upload = (file: File) =>
    act(async () => {
      const format = /\.xlsx$/i.test(file.name) ? 'xlsx' : /\.csv$/i.test(file.name) ? 'csv' : null;
      if (!format || file.size > MAX_BYTES) {
        void message.error(t(format ? 'import.tooLarge' : 'import.badFormat'));
        return;
      }
      const answer = await api<{ import: ImportJob }>('/bank-imports', {
        method: 'POST',
        body: { fileName: file.name, format, contentBase64: await readBase64(file) },
      });
      open(answer.import.id);
    });

  const dryRun = () =>
    act(async () => {
      if (!job || !mapping) {
        return;
      }
      if (JSON.stringify(mapping) !== JSON.stringify(job.mapping)) {
        await api(`/bank-imports/${job.id}`, { method: 'PATCH', body: { mapping }, version: job.version });
      }
      await api(`/bank-imports/${job.id}/validate`, { method: 'POST' });
    });

  const decide = (line: BankLine, body: { action: 'confirm' | 'skip' }) =>
    act(() =>
      api(`/bank-imports/${jobId}/lines/${line.id}/decision`, {
        method: 'POST',
        body,
        version: line.version,
      }),
    );

  const confirmMatched = () =>
    act(async () => {
      const r = await api<{ confirmed: number }>(`/bank-imports/${jobId}/confirm-matched`, {
        method: 'POST',
        body: {},
      });
      void message.success(t('bank.confirmedMatched', { count: r.confirmed }));
    });

  const commit = () => act(() => api(`/bank-imports/${jobId}/commit`, { method: 'POST' }));

  const fields = FIELDS.bank_statement;
  const mapped = new Set(Object.values(mapping ?? {}).filter(Boolean));
  const missing = fields.filter((f) => f.required && !mapped.has(f.key));
  const step = !job ? 0 : job.status === 'uploaded' ? 1 : job.status === 'succeeded' ? 3 : 2;
  const counts = summary.data?.counts;
  const running = job ? RUNNING.includes(job.status) : false;
  const reviewing = job?.status === 'validated';

  return (
    <>
      <PageTitle title={t('bank.title')} />
      <Card>
        <Steps
          current={step}
          style={{ marginBottom: 24 }}
          items={(['upload', 'mapping', 'review', 'done'] as const).map((s) => ({
            title: t(`bank.step.${s}`),
          }))}
        />
        {!job && (
          <Flex vertical gap={16} data-testid="bank-upload">
            <Typography.Paragraph type="secondary">{t('bank.intro')}</Typography.Paragraph>
            <Upload.Dragger
              accept=".csv,.xlsx"
              multiple={false}
              showUploadList={false}
              disabled={busy}
              beforeUpload={(file) => {
                void upload(file);
                return false;
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('bank.upload')}</p>
              <p className="ant-upload-hint">{t('bank.uploadHint')}</p>
            </Upload.Dragger>
          </Flex>
        )}

        {job && (
          <Flex vertical gap={16}>
            <Typography.Text strong>
              {job.fileName} · {job.totalRows}
            </Typography.Text>

            {job.status === 'uploaded' && mapping && (
              <>
                <Table
                  rowKey="header"
                  size="small"
                  pagination={false}
                  data-testid="bank-mapping"
                  dataSource={job.headers.map((header) => ({ header }))}
                  columns={[
                    { key: 'column', title: t('bank.column'), render: (_, r) => r.header },
                    {
                      key: 'field',
                      title: t('bank.field'),
                      render: (_, r) => (
                        <Select
                          style={{ width: 240 }}
                          aria-label={r.header}
                          value={mapping[r.header] ?? ''}
                          onChange={(value: string) => setMapping({ ...mapping, [r.header]: value || null })}
                          options={[
                            { value: '', label: t('bank.ignore') },
                            ...fields.map((f) => ({
                              value: f.key,
                              label: `${f.label[locale]}${f.required ? ' *' : ''}`,
                              disabled: mapped.has(f.key) && mapping[r.header] !== f.key,
                            })),
                          ]}
                        />
                      ),
                    },
                  ]}
                />
                {missing.length > 0 && (
                  <Alert
                    type="warning"
                    showIcon
                    title={t('bank.missingRequired', {
                      fields: missing.map((f) => f.label[locale]).join(', '),
                    })}
                  />
                )}
                <Space>
                  <Button onClick={() => open(null)}>{t('bank.again')}</Button>
                  <Button
                    type="primary"
                    loading={busy}
                    disabled={missing.length > 0}
                    onClick={() => void dryRun()}
                    data-testid="bank-dry-run"
                  >
                    {t('bank.runDryRun')}
                  </Button>
                </Space>
              </>
            )}

            {running && (
              <div data-testid="bank-progress">
                <Progress
                  percent={job.totalRows > 0 ? Math.round((job.processedRows / job.totalRows) * 100) : 0}
                  status="active"
                />
                <Typography.Text type="secondary">
                  {t('bank.progress', { done: job.processedRows, total: job.totalRows })}
                </Typography.Text>
              </div>
            )}

            {job.status === 'failed' && (
              <Result
                status="error"
                title={t('bank.failed', { message: job.error ?? '' })}
                extra={<Button onClick={() => open(null)}>{t('bank.again')}</Button>}
              />
            )}
            {job.status === 'succeeded' && counts && (
              <Result
                status="success"
                title={t('bank.finished', {
                  recorded: counts.recorded,
                  skipped: counts.skipped + counts.pending,
                })}
                extra={<Button onClick={() => open(null)}>{t('bank.again')}</Button>}
                data-testid="bank-result"
              />
            )}
            {job.error && reviewing && <Alert type="error" showIcon title={job.error} />}
            {reviewing && job.errorRows > 0 && (
              <Alert
                type="warning"
                showIcon
                title={t('bank.errorRows', { count: job.errorRows })}
                description={(job.report ?? [])
                  .slice(0, 20)
                  .map((r) => `#${r.row}: ${r.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`)
                  .join(' · ')}
              />
            )}

            {(reviewing || job.status === 'succeeded') && counts && (
              <>
                <Flex justify="space-between" wrap gap={8}>
                  <Segmented<LineFilter>
                    value={filter}
                    onChange={(f) => {
                      setFilter(f);
                      setCursors([undefined]);
                    }}
                    options={FILTERS.map((f) => ({
                      value: f,
                      label: `${t(`bank.filter.${f}` as MessageKey)} ${counts[f]}`,
                    }))}
                    data-testid="bank-filter"
                  />
                  {reviewing && (
                    <Space>
                      <Button
                        loading={busy}
                        onClick={() => void confirmMatched()}
                        data-testid="bank-confirm-matched"
                      >
                        {t('bank.confirmMatched')}
                      </Button>
                      <Popconfirm
                        title={t('bank.commitConfirm', {
                          count: counts.confirmed,
                          amount: money(summary.data?.confirmedAmount ?? 0),
                        })}
                        onConfirm={() => void commit()}
                        disabled={counts.confirmed === 0}
                      >
                        <Tooltip title={counts.confirmed === 0 ? t('bank.nothingConfirmed') : undefined}>
                          <Button
                            type="primary"
                            loading={busy}
                            disabled={counts.confirmed === 0}
                            data-testid="bank-commit"
                          >
                            {t('bank.commit')}
                          </Button>
                        </Tooltip>
                      </Popconfirm>
                    </Space>
                  )}
                </Flex>
                <LinesTable
                  lines={lines.data?.items ?? []}
                  loading={lines.isFetching}
                  editable={reviewing}
                  busy={busy}
                  onConfirm={(l) => void decide(l, { action: 'confirm' })}
                  onSkip={(l) => void decide(l, { action: 'skip' })}
                  onFix={setFixing}
                />
                <Space>
                  <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                    ‹
                  </Button>
                  <Button
                    disabled={!lines.data?.nextCursor}
                    onClick={() => setCursors([...cursors, Number(lines.data?.nextCursor)])}
                  >
                    ›
                  </Button>
                  <Typography.Text type="secondary">{lines.data?.total ?? 0}</Typography.Text>
                </Space>
              </>
            )}
          </Flex>
        )}
      </Card>

      <Card title={t('bank.history')} style={{ marginTop: 16 }} size="small">
        <Table<ImportJob>
          rowKey="id"
          size="small"
          pagination={false}
          loading={history.isLoading}
          dataSource={(history.data?.items ?? []).filter((j) => j.entity === 'bank_statement').slice(0, 10)}
          columns={[
            {
              key: 'file',
              title: t('import.file'),
              render: (_, j) => <Typography.Link onClick={() => open(j.id)}>{j.fileName}</Typography.Link>,
            },
            { key: 'rows', title: t('import.rows'), render: (_, j) => j.totalRows },
            { key: 'status', title: t('import.status'), render: (_, j) => <Tag>{j.status}</Tag> },
            { key: 'recorded', title: t('bank.filter.recorded'), render: (_, j) => j.insertedRows },
          ]}
        />
      </Card>

      {fixing && jobId && (
        <FixLineModal
          importId={jobId}
          line={fixing}
          onClose={() => setFixing(null)}
          onSaved={() => {
            setFixing(null);
            refresh();
          }}
        />
      )}
    </>
  );
}

function LinesTable({
  lines,
  loading,
  editable,
  busy,
  onConfirm,
  onSkip,
  onFix,
}: {
  lines: BankLine[];
  loading: boolean;
  editable: boolean;
  busy: boolean;
  onConfirm(line: BankLine): void;
  onSkip(line: BankLine): void;
  onFix(line: BankLine): void;
}) {
  const { t, locale } = useI18n();
  const money = (minor: number) => formatMoney(minor, locale);
  return (
    <Table<BankLine>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={lines}
      pagination={false}
      data-testid="bank-lines"
      scroll={{ x: 1200 }}
      columns={[
        { key: 'row', title: t('bank.row'), width: 60, render: (_, l) => l.row },
        { key: 'date', title: t('bank.date'), width: 110, render: (_, l) => l.receivedOn },
        {
          key: 'amount',
          title: t('bank.amount'),
          width: 130,
          align: 'right',
          render: (_, l) => money(l.amount),
        },
        {
          key: 'payer',
          title: t('bank.payer'),
          render: (_, l) => (
            <>
              {l.payerName ?? '—'}
              {l.payerAccount && (
                <div>
                  <Typography.Text type="secondary">{l.payerAccount}</Typography.Text>
                </div>
              )}
            </>
          ),
        },
        {
          key: 'reference',
          title: t('bank.reference'),
          render: (_, l) => (
            <>
              {l.bankReference ?? '—'}
              {l.memo && (
                <div>
                  <Typography.Text type="secondary">{l.memo}</Typography.Text>
                </div>
              )}
            </>
          ),
        },
        {
          key: 'match',
          title: t('bank.match'),
          render: (_, l) => {
            if (!l.customer) {
              return <Typography.Text type="secondary">{t('bank.noMatch')}</Typography.Text>;
            }
            const allocated = l.allocations.reduce((s, a) => s + a.amount, 0);
            return (
              <>
                <Typography.Text strong>{l.customer.name}</Typography.Text>
                {l.allocations.map((a) => (
                  <div key={a.installmentId}>
                    {a.contractNumber} #{a.seq} · {money(a.amount)}
                  </div>
                ))}
                {l.amount > allocated && l.flag === null && (
                  <Typography.Text type="secondary">
                    {t('bank.prepayment', { amount: money(l.amount - allocated) })}
                  </Typography.Text>
                )}
              </>
            );
          },
        },
        {
          key: 'score',
          title: t('bank.score'),
          width: 110,
          render: (_, l) => (
            <Tooltip title={l.matchReason}>
              <Tag
                color={
                  l.matchScore >= 90
                    ? 'green'
                    : l.matchScore >= 70
                      ? 'blue'
                      : l.matchScore > 0
                        ? 'orange'
                        : 'default'
                }
              >
                {t(`bank.kind.${l.matchKind}` as MessageKey)} {l.matchScore}
              </Tag>
            </Tooltip>
          ),
        },
        {
          key: 'reason',
          title: t('bank.reason'),
          render: (_, l) => <Typography.Text type="secondary">{l.matchReason}</Typography.Text>,
        },
        {
          key: 'decision',
          title: t('bank.decision'),
          width: 200,
          render: (_, l) => (
            <Space size={4} wrap>
              <Tag
                color={l.decision === 'confirmed' ? 'green' : l.decision === 'recorded' ? 'blue' : undefined}
              >
                {l.flag
                  ? t(`bank.filter.${l.flag}` as MessageKey)
                  : t(`bank.decision.${l.decision}` as MessageKey)}
              </Tag>
              {editable && l.flag === null && (
                <>
                  {l.customer && l.decision !== 'confirmed' && (
                    <Button size="small" type="link" disabled={busy} onClick={() => onConfirm(l)}>
                      {t('bank.confirm')}
                    </Button>
                  )}
                  <Button size="small" type="link" disabled={busy} onClick={() => onFix(l)}>
                    {t('bank.fix')}
                  </Button>
                  {l.decision !== 'skipped' && (
                    <Button size="small" type="link" disabled={busy} onClick={() => onSkip(l)}>
                      {t('bank.skip')}
                    </Button>
                  )}
                </>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
