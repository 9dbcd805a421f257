import { App, Button, Card, Empty, Table, type TableProps, Tag, Typography } from 'antd';
import { QueryError } from '../../app/components/query-error.tsx';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { type UserSession, useEndSession, useMySessions } from './api.ts';

export function SessionsCard() {
  const { t, formatDateTime } = useI18n();
  const { message, modal } = App.useApp();
  const sessions = useMySessions();
  const end = useEndSession();
  const showError = useShowError();

  const confirmEnd = (session: UserSession) => {
    void modal.confirm({
      title: t('sessions.endConfirm'),
      okText: t('sessions.end'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        end.mutate(session.id, {
          onSuccess: () => void message.success(t('sessions.ended')),
          onError: showError,
        }),
    });
  };

  const columns: TableProps<UserSession>['columns'] = [
    {
      key: 'device',
      dataIndex: 'userAgent',
      title: t('sessions.device'),
      ellipsis: true,
      render: (agent: string | null) => agent ?? '—',
    },
    { key: 'ip', dataIndex: 'ip', title: t('sessions.ip'), render: (ip: string | null) => ip ?? '—' },
    {
      key: 'createdAt',
      dataIndex: 'createdAt',
      title: t('sessions.createdAt'),
      render: (at: string) => formatDateTime(at),
    },
    {
      key: 'lastSeenAt',
      dataIndex: 'lastSeenAt',
      title: t('sessions.lastSeen'),
      render: (at: string) => formatDateTime(at),
    },
    {
      key: 'expiresAt',
      dataIndex: 'expiresAt',
      title: t('sessions.expires'),
      render: (at: string) => formatDateTime(at),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      // The current session ends through "Log out" in the header.
      width: 140,
      render: (_: unknown, session: UserSession) =>
        session.current ? (
          <Tag color="green">{t('sessions.current')}</Tag>
        ) : (
          <Button type="link" danger size="small" onClick={() => confirmEnd(session)}>
            {t('sessions.end')}
          </Button>
        ),
    },
  ];

  return (
    <Card title={t('account.sessions')}>
      <Typography.Paragraph type="secondary">{t('account.sessionsIntro')}</Typography.Paragraph>
      {sessions.isError && <QueryError error={sessions.error} onRetry={() => void sessions.refetch()} />}
      <Table<UserSession>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={sessions.data ?? []}
        loading={sessions.isFetching}
        pagination={false}
        tableLayout="fixed"
        locale={{ emptyText: <Empty description={t('sessions.empty')} /> }}
        data-testid="sessions-table"
      />
    </Card>
  );
}
