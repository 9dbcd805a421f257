import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api.ts';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';

export const TEXT_ENCODINGS = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

export interface ImportEncoding {
  used: TextEncoding;
  detected: TextEncoding;
  unsure: boolean;
  chosen: boolean;
  candidates: TextEncoding[];
}

/** Encoding names as people meet them in Excel's and editors' save dialogs. */
const ENCODING_NAMES: Record<TextEncoding, string> = {
  'utf-8': 'UTF-8',
  gb18030: 'GBK / GB18030',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
};

interface Preview {
  encoding: TextEncoding;
  rows: string[][];
  unreadable: number;
}

/**
 * The mapping step's encoding line for a CSV upload: which encoding the file is read in (detected or
 * chosen) with a select to change it. When detection was unsure, the first rows decoded in each
 * candidate encoding side by side, to choose the one whose text reads right; the choice goes to the
 * API (PATCH encoding), which reads the file again and guesses the mapping again.
 */
export function EncodingChoice<J extends { id: string; version: number; encoding: ImportEncoding | null }>({
  job,
  onChanged,
}: {
  job: J;
  onChanged(job: J): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [busy, setBusy] = useState(false);
  const encoding = job.encoding;
  const previews = useQuery({
    queryKey: ['imports', 'encodings', job.id],
    queryFn: ({ signal }) =>
      api<{ items: Preview[] }>(`/imports/${job.id}/encodings`, { signal }).then((a) => a.items),
    enabled: !!encoding?.unsure,
  });
  if (!encoding) {
    return null;
  }

  const choose = async (next: TextEncoding) => {
    setBusy(true);
    try {
      const saved = await api<{ import: J }>(`/imports/${job.id}`, {
        method: 'PATCH',
        body: { encoding: next },
        version: job.version,
      });
      onChanged(saved.import);
      void message.success(t('import.encoding.changed', { encoding: ENCODING_NAMES[next] }));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  const waiting = encoding.unsure && !encoding.chosen;
  return (
    <Flex vertical gap={12} data-testid="import-encoding">
      <Space wrap>
        <Typography.Text>{t('import.encoding')}</Typography.Text>
        <Select<TextEncoding>
          value={encoding.used}
          disabled={busy}
          style={{ width: 200 }}
          onChange={(value) => void choose(value)}
          options={TEXT_ENCODINGS.map((e) => ({ value: e, label: ENCODING_NAMES[e] }))}
          aria-label={t('import.encoding')}
          data-testid="import-encoding-select"
        />
        {waiting ? (
          <Tag color="warning">{t('import.encoding.chooseFirst')}</Tag>
        ) : (
          <Tag color={encoding.chosen ? 'blue' : 'default'}>
            {encoding.chosen ? t('import.encoding.chosen') : t('import.encoding.detected')}
          </Tag>
        )}
      </Space>
      {encoding.unsure && (
        <>
          <Alert type="warning" showIcon title={t('import.encoding.unsure')} />
          <Flex gap={16} wrap>
            {(previews.data ?? []).map((p) => {
              const inUse = p.encoding === encoding.used && encoding.chosen;
              const [header = [], ...rows] = p.rows;
              return (
                <Card
                  key={p.encoding}
                  size="small"
                  style={{ flex: '1 1 420px', minWidth: 0 }}
                  title={ENCODING_NAMES[p.encoding]}
                  data-testid={`import-encoding-${p.encoding}`}
                  extra={
                    inUse ? (
                      <Tag color="blue">{t('import.encoding.inUse')}</Tag>
                    ) : (
                      <Button
                        size="small"
                        type="primary"
                        loading={busy}
                        onClick={() => void choose(p.encoding)}
                      >
                        {t('import.encoding.use')}
                      </Button>
                    )
                  }
                >
                  <Table
                    size="small"
                    pagination={false}
                    scroll={{ x: 'max-content' }}
                    rowKey={(r) => String(r.key)}
                    dataSource={rows.map((cells, i) => ({ key: i, cells }))}
                    columns={header.map((h, c) => ({
                      key: String(c),
                      title: h,
                      render: (_: unknown, r: { cells: string[] }) => r.cells[c] ?? '',
                    }))}
                  />
                  {p.unreadable > 0 && (
                    <Typography.Text type="danger">
                      {t('import.encoding.unreadable', { count: p.unreadable })}
                    </Typography.Text>
                  )}
                </Card>
              );
            })}
          </Flex>
        </>
      )}
    </Flex>
  );
}
