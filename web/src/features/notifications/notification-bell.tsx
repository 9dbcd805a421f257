import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Empty, Flex, List, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../app/api.ts';
import type { Schemas } from '../../app/api-types.ts';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { collectionNoticeText } from '../receivables/collection-notice.ts';

type Notification = Schemas['Notification'];

const KEY = ['notifications'] as const;

/**
 * The bell in the header: unread count (polled every 60 s), the latest notifications (task reminders
 * and the like) unread first; opening one marks it read and follows its link.
 */
export function NotificationBell() {
  const { t, formatDateTime, formatDate, locale } = useI18n();
  const navigate = useNavigate();
  const client = useQueryClient();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const list = useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) =>
      api<{ items: Notification[]; unreadCount: number }>('/notifications', { signal }),
    refetchInterval: 60_000,
  });
  const refresh = () => client.invalidateQueries({ queryKey: KEY });
  const readOne = useMutation({
    mutationFn: (id: string) => api<Notification>(`/notifications/${id}/read`, { method: 'POST' }),
    onSuccess: refresh,
    onError: showError,
  });
  const readAll = useMutation({
    mutationFn: () => api<{ updated: number }>('/notifications/read-all', { method: 'POST' }),
    onSuccess: refresh,
    onError: showError,
  });
  const unread = list.data?.unreadCount ?? 0;

  const onOpenItem = (item: Notification) => {
    if (!item.readAt) {
      readOne.mutate(item.id);
    }
    if (item.link?.startsWith('/')) {
      setOpen(false);
      void navigate(item.link);
    }
  };

  const content = (
    <div style={{ width: 360 }} data-testid="notifications">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('notify.title')}</Typography.Text>
        <Button
          size="small"
          type="link"
          disabled={unread === 0}
          loading={readAll.isPending}
          onClick={() => readAll.mutate()}
          data-testid="notifications-read-all"
        >
          {t('notify.markAllRead')}
        </Button>
      </Flex>
      {(list.data?.items.length ?? 0) === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notify.empty')} />
      ) : (
        <List
          size="small"
          style={{ maxHeight: 420, overflowY: 'auto' }}
          dataSource={list.data?.items ?? []}
          renderItem={(item) => (
            <List.Item
              style={{ paddingInline: 4 }}
              actions={
                item.readAt
                  ? []
                  : [
                      <Button key="read" size="small" type="link" onClick={() => readOne.mutate(item.id)}>
                        {t('notify.markRead')}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                title={
                  <Typography.Link strong={!item.readAt} onClick={() => onOpenItem(item)}>
                    {item.title}
                  </Typography.Link>
                }
                description={
                  <>
                    {item.body && (
                      <div>
                        {item.kind === 'task_reminder'
                          ? t('notify.taskDue', { time: formatDateTime(item.body) })
                          : item.kind === 'order_delay'
                            ? t('order.notifyDelay', { date: formatDate(item.body) })
                            : (collectionNoticeText(item, t, locale, formatDate) ?? item.body)}
                      </div>
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(item.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
      arrow={false}
    >
      <Button
        type="text"
        aria-label={t('notify.title')}
        data-testid="notification-bell"
        icon={
          <Badge count={unread} size="small" overflowCount={99} data-testid="notification-count">
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        }
      />
    </Popover>
  );
}
