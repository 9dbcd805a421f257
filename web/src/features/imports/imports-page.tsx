import { InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Progress,
  Radio,
  Result,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { EXPORT_ENTITIES, FIELDS, type ImportEntity } from '../../../../src/core/import/fields.ts';
import { api, type Page } from '../../app/api.ts';
import type { Schemas } from '../../app/api-types.ts';
import { PageTitle } from '../../app/components/page-title.tsx';
import { enumLabel } from '../../app/enums.ts';
import { useShowError } from '../../app/errors.ts';
import { type MessageKey, useI18n } from '../../app/i18n/index.tsx';
import { ALL_SALES } from '../../app/records.ts';
import { EncodingChoice } from './encoding-choice.tsx';

type ImportJob = Schemas['Import'];
type Status = ImportJob['status'];
type Mode = ImportJob['mode'];
type Duplicates = ImportJob['duplicatePolicy'];

const RUNNING: Status[] = ['validating', 'importing'];
const MAX_BYTES = 20 * 1024 * 1024;

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
 * The import wizard: upload a CSV or XLSX file → check the detected encoding (a CSV's; chosen by
 * the user when detection is unsure) and the guessed column mapping → choose what
 * happens to bad rows and duplicates → dry run (every bad row and why, nothing written) → import,
 * both as background jobs whose progress is polled. A failed import writes nothing.
 */
export default function ImportsPage() {
  const { t, locale, formatDateTime } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [entity, setEntity] = useState<ImportEntity>('customers');
  const [jobId, setJobId] = useState<string | null>(null);
  const [draft, setDraft] = useState<Pick<ImportJob, 'mapping' | 'mode' | 'duplicatePolicy'> | null>(null);
  const [busy, setBusy] = useState(false);

  const job = useQuery({
    queryKey: ['imports', 'one', jobId],
    queryFn: ({ signal }) =>
      api<{ import: ImportJob }>(`/imports/${jobId}`, { signal }).then((a) => a.import),
    enabled: !!jobId,
    refetchInterval: (query) =>
      query.state.data && RUNNING.includes(query.state.data.status) ? 1000 : false,
  });
  const history = useQuery({
    queryKey: ['imports', 'list'],
    queryFn: ({ signal }) => api<Page<ImportJob>>('/imports', { query: { limit: 10 }, signal }),
  });
  const current = job.data;

  // A fresh job (or one reopened from the history) seeds the editable mapping and options.
  useEffect(() => {
    if (current && draft === null) {
      setDraft({ mapping: current.mapping, mode: current.mode, duplicatePolicy: current.duplicatePolicy });
    }
  }, [current, draft]);

  // Each status change refreshes the history; a finished import also the lists it wrote to.
  const status = current?.status;
  useEffect(() => {
    if (!status) {
      return;
    }
    void client.invalidateQueries({ queryKey: ['imports', 'list'] });
    if (status === 'succeeded') {
      for (const key of ALL_SALES) {
        void client.invalidateQueries({ queryKey: [key] });
      }
    }
  }, [status, client]);

  const open = (id: string | null) => {
    setDraft(null);
    setJobId(id);
  };

  const upload = async (file: File) => {
    const format = /\.xlsx$/i.test(file.name) ? 'xlsx' : /\.csv$/i.test(file.name) ? 'csv' : null;
    if (!format) {
      void message.error(t('import.badFormat'));
      return;
    }
    if (file.size > MAX_BYTES) {
      void message.error(t('import.tooLarge'));
      return;
    }
    setBusy(true);
    try {
      const contentBase64 = await readBase64(file);
      const answer = await api<{ import: ImportJob }>('/imports', {
        method: 'POST',
        body: { entity, fileName: file.name, format, contentBase64 },
      });
      client.setQueryData(['imports', 'one', answer.import.id], answer.import);
      open(answer.import.id);
      void client.invalidateQueries({ queryKey: ['imports', 'list'] });
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  /** Saves the mapping and options (If-Match), then starts the dry run or the import. */
  const run = async (kind: 'validate' | 'commit') => {
    if (!current || !draft) {
      return;
    }
    setBusy(true);
    try {
      let version = current.version;
      const changed =
        JSON.stringify(draft.mapping) !== JSON.stringify(current.mapping) ||
        draft.mode !== current.mode ||
        draft.duplicatePolicy !== current.duplicatePolicy;
      if (changed) {
        const saved = await api<{ import: ImportJob }>(`/imports/${current.id}`, {
          method: 'PATCH',
          body: draft,
          version,
        });
        version = saved.import.version;
      }
      const started = await api<{ import: ImportJob }>(`/imports/${current.id}/${kind}`, { method: 'POST' });
      client.setQueryData(['imports', 'one', current.id], started.import);
      void client.invalidateQueries({ queryKey: ['imports', 'one', current.id] });
    } catch (error) {
      showError(error);
      void job.refetch();
    } finally {
      setBusy(false);
    }
  };

  const fields = FIELDS[current?.entity ?? entity];
  const fieldLabel = (key: string) => {
    const spec = fields.find((f) => f.key === key);
    return spec ? spec.label[locale] : key;
  };
  const mappedKeys = new Set(Object.values(draft?.mapping ?? {}).filter(Boolean));
  const missingRequired = fields.filter((f) => f.required && !mappedKeys.has(f.key));
  const encodingWaits = !!current?.encoding?.unsure && !current.encoding.chosen;
  /** A new encoding re-reads the file: new headers, a new guessed mapping, so the draft starts again. */
  const encodingChanged = (next: ImportJob) => {
    client.setQueryData(['imports', 'one', next.id], next);
    setDraft(null);
  };
  const step = !current
    ? 0
    : current.status === 'uploaded'
      ? 1
      : current.status === 'validating' || current.status === 'validated'
        ? 2
        : 3;
  const running = current ? RUNNING.includes(current.status) : false;
  const percent =
    current && current.totalRows > 0 ? Math.round((current.processedRows / current.totalRows) * 100) : 0;

  return (
    <>
      <PageTitle title={t('import.title')} />
      <Card>
        <Steps
          current={step}
          style={{ marginBottom: 24 }}
          items={[
            { title: t('import.step.upload') },
            { title: t('import.step.mapping') },
            { title: t('import.step.dryRun') },
            { title: t('import.step.commit') },
          ]}
        />

        {!current && (
          <Flex vertical gap={16} data-testid="import-upload">
            <Space>
              <Typography.Text>{t('import.entity')}</Typography.Text>
              <Select<ImportEntity>
                value={entity}
                onChange={setEntity}
                style={{ width: 200 }}
                // Bank statements have their own page (finance): features/bank-import.
                options={EXPORT_ENTITIES.map((e) => ({
                  value: e,
                  label: t(`import.entity.${e}` as MessageKey),
                }))}
                data-testid="import-entity"
              />
            </Space>
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
              <p className="ant-upload-text">{t('import.upload')}</p>
              <p className="ant-upload-hint">{t('import.uploadHint')}</p>
            </Upload.Dragger>
            <Typography.Text type="secondary">
              {t('import.fieldsHint', {
                fields: fields
                  .map((f) => `${f.label[locale]}${f.required ? '*' : ''}`)
                  .join(locale === 'en' ? ', ' : '、'),
              })}
            </Typography.Text>
          </Flex>
        )}

        {current && draft && (
          <Flex vertical gap={16}>
            <Descriptions size="small" column={4}>
              <Descriptions.Item label={t('import.file')}>{current.fileName}</Descriptions.Item>
              <Descriptions.Item label={t('import.entity')}>
                {t(`import.entity.${current.entity}` as MessageKey)}
              </Descriptions.Item>
              <Descriptions.Item label={t('import.rows')}>{current.totalRows}</Descriptions.Item>
              <Descriptions.Item label={t('import.status')}>
                <Tag data-testid="import-status">{enumLabel(t, 'importStatus', current.status)}</Tag>
              </Descriptions.Item>
            </Descriptions>

            {step === 1 && (
              <>
                <EncodingChoice job={current} onChanged={encodingChanged} />
                <Table
                  rowKey="header"
                  size="small"
                  pagination={false}
                  data-testid="import-mapping"
                  dataSource={current.headers.map((header) => ({ header }))}
                  columns={[
                    { key: 'column', title: t('import.column'), render: (_, r) => r.header },
                    {
                      key: 'field',
                      title: t('import.field'),
                      render: (_, r) => (
                        <Select
                          style={{ width: 260 }}
                          value={draft.mapping[r.header] ?? ''}
                          aria-label={r.header}
                          onChange={(value: string) =>
                            setDraft({ ...draft, mapping: { ...draft.mapping, [r.header]: value || null } })
                          }
                          options={[
                            { value: '', label: t('import.ignore') },
                            ...fields.map((f) => ({
                              value: f.key,
                              label: `${f.label[locale]}${f.required ? ' *' : ''}`,
                              disabled: mappedKeys.has(f.key) && draft.mapping[r.header] !== f.key,
                            })),
                          ]}
                        />
                      ),
                    },
                  ]}
                />
                {missingRequired.length > 0 && (
                  <Alert
                    type="warning"
                    showIcon
                    title={t('import.missingRequired', {
                      fields: missingRequired.map((f) => f.label[locale]).join(', '),
                    })}
                  />
                )}
                <Options draft={draft} onChange={setDraft} />
                <Space>
                  <Button onClick={() => open(null)}>{t('import.again')}</Button>
                  <Button
                    type="primary"
                    loading={busy}
                    disabled={missingRequired.length > 0 || encodingWaits}
                    onClick={() => void run('validate')}
                    data-testid="import-validate"
                  >
                    {t('import.runDryRun')}
                  </Button>
                </Space>
              </>
            )}

            {running && (
              <div data-testid="import-progress">
                <Progress percent={percent} status="active" />
                <Typography.Text type="secondary">
                  {t('import.progress', { done: current.processedRows, total: current.totalRows })}
                </Typography.Text>
              </div>
            )}

            {current.status === 'validated' && (
              <>
                <Alert
                  type={current.errorRows > 0 ? 'warning' : 'success'}
                  showIcon
                  title={
                    current.errorRows > 0
                      ? t('import.dryRunReport', { total: current.totalRows, bad: current.errorRows })
                      : t('import.noProblems')
                  }
                  data-testid="import-dry-run"
                />
                <Report job={current} fieldLabel={fieldLabel} />
                <Options draft={draft} onChange={setDraft} />
                {current.errorRows > 0 && draft.mode === 'all_or_nothing' && (
                  <Alert type="info" showIcon title={t('import.allOrNothingWarning')} />
                )}
                <Space>
                  <Button onClick={() => open(null)}>{t('import.again')}</Button>
                  <Button loading={busy} onClick={() => void run('validate')}>
                    {t('import.runDryRun')}
                  </Button>
                  <Button
                    type="primary"
                    loading={busy}
                    onClick={() => void run('commit')}
                    data-testid="import-commit"
                  >
                    {t('import.commit')}
                  </Button>
                </Space>
              </>
            )}

            {current.status === 'succeeded' && (
              <Result
                status={current.errorRows > 0 ? 'warning' : 'success'}
                title={t('import.finished', {
                  inserted: current.insertedRows,
                  updated: current.updatedRows,
                  skipped: current.skippedRows,
                  errors: current.errorRows,
                })}
                extra={<Button onClick={() => open(null)}>{t('import.again')}</Button>}
                data-testid="import-result"
              >
                {current.errorRows > 0 && <Report job={current} fieldLabel={fieldLabel} />}
              </Result>
            )}

            {current.status === 'failed' && (
              <Result
                status="error"
                title={t('import.failed', { message: current.error ?? '' })}
                extra={
                  <Space>
                    <Button onClick={() => open(null)}>{t('import.again')}</Button>
                    <Button type="primary" loading={busy} onClick={() => void run('validate')}>
                      {t('import.runDryRun')}
                    </Button>
                  </Space>
                }
                data-testid="import-result"
              >
                <Report job={current} fieldLabel={fieldLabel} />
              </Result>
            )}
          </Flex>
        )}
      </Card>

      <Card title={t('import.history')} style={{ marginTop: 16 }} size="small">
        <Table<ImportJob>
          rowKey="id"
          size="small"
          loading={history.isLoading}
          dataSource={history.data?.items ?? []}
          pagination={false}
          columns={[
            {
              key: 'file',
              title: t('import.file'),
              render: (_, j) => <Typography.Link onClick={() => open(j.id)}>{j.fileName}</Typography.Link>,
            },
            {
              key: 'entity',
              title: t('import.entity'),
              render: (_, j) => t(`import.entity.${j.entity}` as MessageKey),
            },
            {
              key: 'status',
              title: t('import.status'),
              render: (_, j) => <Tag>{enumLabel(t, 'importStatus', j.status)}</Tag>,
            },
            { key: 'rows', title: t('import.rows'), render: (_, j) => j.totalRows },
            {
              key: 'result',
              title: t('import.resultColumn'),
              render: (_, j) =>
                j.status === 'succeeded'
                  ? t('import.resultShort', {
                      inserted: j.insertedRows,
                      updated: j.updatedRows,
                      skipped: j.skippedRows,
                    })
                  : j.errorRows > 0
                    ? t('import.badRows', { count: j.errorRows })
                    : '—',
            },
            { key: 'createdAt', title: t('common.createdAt'), render: (_, j) => formatDateTime(j.createdAt) },
          ]}
        />
      </Card>
    </>
  );
}

function Options({
  draft,
  onChange,
}: {
  draft: Pick<ImportJob, 'mapping' | 'mode' | 'duplicatePolicy'>;
  onChange(next: Pick<ImportJob, 'mapping' | 'mode' | 'duplicatePolicy'>): void;
}) {
  const { t } = useI18n();
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label={t('import.mode')}>
        <Radio.Group
          value={draft.mode}
          onChange={(e) => onChange({ ...draft, mode: e.target.value as Mode })}
          options={(['all_or_nothing', 'skip_bad'] as const).map((m) => ({
            value: m,
            label: t(`import.mode.${m}`),
          }))}
          data-testid="import-mode"
        />
      </Descriptions.Item>
      <Descriptions.Item label={t('import.duplicates')}>
        <Radio.Group
          value={draft.duplicatePolicy}
          onChange={(e) => onChange({ ...draft, duplicatePolicy: e.target.value as Duplicates })}
          options={(['skip', 'update', 'create'] as const).map((d) => ({
            value: d,
            label: t(`import.dup.${d}`),
          }))}
          data-testid="import-duplicates"
        />
      </Descriptions.Item>
    </Descriptions>
  );
}

function Report({ job, fieldLabel }: { job: ImportJob; fieldLabel(key: string): string }) {
  const { t } = useI18n();
  const rows = job.report ?? [];
  if (rows.length === 0) {
    return null;
  }
  return (
    <Table
      rowKey="row"
      size="small"
      data-testid="import-report"
      dataSource={rows}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        { key: 'row', title: t('import.row'), width: 80, render: (_, r) => r.row },
        {
          key: 'problems',
          title: t('import.problems'),
          render: (_, r) => (
            <ul style={{ margin: 0, paddingInlineStart: 16 }}>
              {r.errors.map((e) => (
                <li key={`${e.path}:${e.message}`}>
                  {e.path ? <Typography.Text strong>{fieldLabel(e.path)}: </Typography.Text> : null}
                  {e.message}
                </li>
              ))}
            </ul>
          ),
        },
      ]}
    />
  );
}
