import {
  DownloadOutlined,
  FileExcelOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  FilePptOutlined,
  FileWordOutlined,
  InboxOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Progress, Space, Table, Typography, Upload } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { api, uploadFile } from '../../app/api.ts';
import { ConfirmDeleteButton } from '../../app/components/confirm-delete.tsx';
import { describeError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { ACCEPT, type Attachment, type AttachmentList, MAX_ATTACHMENT_BYTES } from './types.ts';

function typeIcon(mimeType: string): ReactNode {
  if (mimeType === 'application/pdf') {
    return <FilePdfOutlined style={{ color: '#cf1322' }} />;
  }
  if (mimeType.startsWith('image/')) {
    return <FileImageOutlined style={{ color: '#1677ff' }} />;
  }
  if (mimeType.includes('word')) {
    return <FileWordOutlined style={{ color: '#2f54eb' }} />;
  }
  if (mimeType.includes('excel') || mimeType.includes('spreadsheet')) {
    return <FileExcelOutlined style={{ color: '#389e0d' }} />;
  }
  if (mimeType.includes('powerpoint') || mimeType.includes('presentation')) {
    return <FilePptOutlined style={{ color: '#d46b08' }} />;
  }
  return <FileOutlined />;
}

interface InFlight {
  uid: string;
  name: string;
  percent: number;
}

/**
 * The files attached to a record (a contract): list with type, size and who/when; upload by click or
 * drag and drop with progress (size checked here first, type checked by the server from the content);
 * download; remove with a confirmation and an undo.
 */
export default function AttachmentsPanel({
  entityType,
  entityId,
}: {
  entityType: 'contract';
  entityId: string;
}) {
  const { t, formatDateTime, formatNumber } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const base = `/${entityType}s/${encodeURIComponent(entityId)}/attachments`;
  const queryKey = ['attachments', entityType, entityId];
  const list = useQuery({
    queryKey,
    queryFn: ({ signal }) => api<AttachmentList>(base, { signal }),
  });
  const [uploads, setUploads] = useState<InFlight[]>([]);
  const refresh = () => client.invalidateQueries({ queryKey });

  const size = (bytes: number) =>
    bytes < 1024
      ? `${formatNumber(bytes)} B`
      : bytes < 1024 * 1024
        ? `${formatNumber(Math.round(bytes / 102.4) / 10)} KB`
        : `${formatNumber(Math.round(bytes / (1024 * 102.4)) / 10)} MB`;

  const restore = async (a: Attachment) => {
    try {
      await api(`/attachments/${a.id}/restore`, { method: 'POST' });
      void message.success(t('attachments.restored', { name: a.fileName }));
    } catch (error) {
      void message.error(describeError(error, t));
    }
    await refresh();
  };

  const remove = async (a: Attachment) => {
    try {
      await api(`/attachments/${a.id}`, { method: 'DELETE' });
      const key = `removed-${a.id}`;
      void message.open({
        key,
        type: 'success',
        duration: 8,
        content: (
          <Space>
            {t('attachments.removed', { name: a.fileName })}
            <Button
              size="small"
              type="link"
              onClick={() => {
                message.destroy(key);
                void restore(a);
              }}
              data-testid="attachment-undo"
            >
              {t('attachments.undo')}
            </Button>
          </Space>
        ),
      });
    } catch (error) {
      void message.error(describeError(error, t));
    }
    await refresh();
  };

  const canChange = list.data?.canChange ?? false;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="attachments-panel">
      {canChange ? (
        <div data-testid="attachment-upload">
          <Upload.Dragger
            multiple
            accept={ACCEPT}
            showUploadList={false}
            beforeUpload={(file) => {
              if (file.size > MAX_ATTACHMENT_BYTES) {
                void message.error(t('attachments.tooLarge', { name: file.name }));
                return Upload.LIST_IGNORE;
              }
              return true;
            }}
            customRequest={({ file, onSuccess, onError }) => {
              const f = file as File & { uid: string };
              setUploads((u) => [...u, { uid: f.uid, name: f.name, percent: 0 }]);
              uploadFile<{ attachment: Attachment }>(base, f, {
                query: { fileName: f.name },
                onProgress: (percent) =>
                  setUploads((u) => u.map((x) => (x.uid === f.uid ? { ...x, percent } : x))),
              })
                .then((answer) => {
                  onSuccess?.(answer);
                  void message.success(t('attachments.uploaded', { name: f.name }));
                })
                .catch((error: unknown) => {
                  onError?.(error as Error);
                  void message.error(
                    t('attachments.uploadFailed', { name: f.name, reason: describeError(error, t) }),
                    6,
                  );
                })
                .finally(() => {
                  setUploads((u) => u.filter((x) => x.uid !== f.uid));
                  void refresh();
                });
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('attachments.drop')}</p>
            <p className="ant-upload-hint">{t('attachments.hint')}</p>
          </Upload.Dragger>
        </div>
      ) : null}
      {uploads.map((u) => (
        <div key={u.uid}>
          <Typography.Text>{u.name}</Typography.Text>
          <Progress percent={u.percent} size="small" />
        </div>
      ))}
      <Table<Attachment>
        rowKey="id"
        size="small"
        loading={list.isPending}
        pagination={false}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: list.error ? describeError(list.error, t) : t('attachments.empty') }}
        columns={[
          {
            title: t('attachments.name'),
            dataIndex: 'fileName',
            render: (_: unknown, a) => (
              <Space>
                {typeIcon(a.mimeType)}
                <a href={a.contentUrl} download={a.fileName} data-testid="attachment-link">
                  {a.fileName}
                </a>
              </Space>
            ),
          },
          { title: t('attachments.size'), dataIndex: 'size', width: 110, render: (v: number) => size(v) },
          {
            title: t('attachments.uploadedBy'),
            dataIndex: 'uploadedAt',
            render: (_: unknown, a) => (
              <Space direction="vertical" size={0}>
                <span>{a.uploadedByName ?? '—'}</span>
                <Typography.Text type="secondary">{formatDateTime(a.uploadedAt)}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 110,
            render: (_: unknown, a) => (
              <Space>
                <Button
                  size="small"
                  type="text"
                  icon={<DownloadOutlined />}
                  href={a.contentUrl}
                  download={a.fileName}
                  aria-label={t('attachments.download')}
                />
                {canChange ? (
                  <ConfirmDeleteButton
                    confirm={t('attachments.removeConfirm', { name: a.fileName })}
                    label={t('attachments.remove')}
                    onConfirm={() => void remove(a)}
                    testId="attachment-remove"
                  />
                ) : null}
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
