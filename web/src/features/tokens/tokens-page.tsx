import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Table,
  type TableProps,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { PageTitle } from '../../app/components/page-title.tsx';
import { QueryError } from '../../app/components/query-error.tsx';
import { applyFieldErrors, clearServerErrors, useShowError } from '../../app/errors.ts';
import { useI18n, useT } from '../../app/i18n/index.tsx';
import {
  type ApiToken,
  type TokenStatus,
  tokenStatus,
  useCreateToken,
  useRevokeToken,
  useTokens,
} from './api.ts';

const STATUS_COLOR: Record<TokenStatus, string> = { active: 'green', expired: 'orange', revoked: 'default' };

export default function TokensPage() {
  const { t, formatDateTime } = useI18n();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const now = new Date();

  const confirmRevoke = (token: ApiToken) => {
    void modal.confirm({
      title: t('tokens.revokeConfirm', { name: token.name }),
      okText: t('tokens.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        revoke.mutate(token, {
          onSuccess: () => void message.success(t('tokens.revoked')),
          onError: showError,
        }),
    });
  };

  const columns: TableProps<ApiToken>['columns'] = [
    { key: 'name', dataIndex: 'name', title: t('tokens.name') },
    {
      key: 'prefix',
      dataIndex: 'prefix',
      title: t('tokens.prefix'),
      render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text>,
    },
    {
      key: 'createdAt',
      dataIndex: 'createdAt',
      title: t('tokens.createdAt'),
      render: (at: string) => formatDateTime(at),
    },
    {
      key: 'lastUsedAt',
      dataIndex: 'lastUsedAt',
      title: t('tokens.lastUsed'),
      render: (at: string | null) => (at ? formatDateTime(at) : t('common.never')),
    },
    {
      key: 'expiresAt',
      dataIndex: 'expiresAt',
      title: t('tokens.expires'),
      render: (at: string | null) => (at ? formatDateTime(at) : t('common.never')),
    },
    {
      key: 'status',
      title: t('tokens.status'),
      render: (_: unknown, token: ApiToken) => {
        const status = tokenStatus(token, now);
        return <Tag color={STATUS_COLOR[status]}>{t(`tokens.status.${status}`)}</Tag>;
      },
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_: unknown, token: ApiToken) =>
        token.revokedAt ? null : (
          <Button type="link" danger size="small" onClick={() => confirmRevoke(token)}>
            {t('tokens.revoke')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <PageTitle
        title={t('tokens.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="new-token"
          >
            {t('tokens.new')}
          </Button>
        }
      />
      <Card>
        <Typography.Paragraph type="secondary">{t('tokens.intro')}</Typography.Paragraph>
        {tokens.isError && <QueryError error={tokens.error} onRetry={() => void tokens.refetch()} />}
        <Table<ApiToken>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={tokens.data ?? []}
          loading={tokens.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={t('tokens.empty')} /> }}
          data-testid="tokens-table"
        />
      </Card>
      <CreateTokenModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(name, secret) => {
          setCreating(false);
          setCreated({ name, secret });
        }}
      />
      <Modal
        open={!!created}
        title={created ? t('tokens.secretTitle', { name: created.name }) : ''}
        onCancel={() => setCreated(null)}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('common.close')}
          </Button>
        }
        mask={{ closable: false }}
        destroyOnHidden
      >
        <Alert type="warning" showIcon title={t('tokens.secretWarning')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph
          code
          copyable={{ text: created?.secret, tooltips: [t('tokens.copy'), t('tokens.copied')] }}
          style={{ wordBreak: 'break-all' }}
          data-testid="token-secret"
        >
          {created?.secret}
        </Typography.Paragraph>
      </Modal>
    </>
  );
}

interface CreateValues {
  name: string;
  expiresInDays?: number | null;
}

function CreateTokenModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose(): void;
  onCreated(name: string, secret: string): void;
}) {
  const t = useT();
  const [form] = Form.useForm<CreateValues>();
  const create = useCreateToken();
  const showError = useShowError();

  const onFinish = (values: CreateValues) => {
    create.mutate(
      { name: values.name.trim(), expiresInDays: values.expiresInDays ?? undefined },
      {
        onSuccess: (answer) => onCreated(answer.token.name, answer.secret),
        onError: (error) => {
          if (!applyFieldErrors(form, error, ['name', 'expiresInDays'])) {
            showError(error);
          }
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('tokens.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'token-submit' }}
      destroyOnHidden
      afterOpenChange={(isOpen) => isOpen || form.resetFields()}
    >
      <Form<CreateValues>
        form={form}
        onValuesChange={(changed) => clearServerErrors(form, changed)}
        layout="vertical"
        onFinish={onFinish}
        initialValues={{ expiresInDays: 90 }}
      >
        <Form.Item
          name="name"
          label={t('tokens.name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input autoFocus maxLength={100} data-testid="token-name" />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')} extra={t('tokens.expiresHelp')}>
          <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
