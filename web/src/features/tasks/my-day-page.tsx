import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Col, Empty, Row, Skeleton } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api.ts';
import { PageTitle } from '../../app/components/page-title.tsx';
import { QueryError } from '../../app/components/query-error.tsx';
import { type MessageKey, useT } from '../../app/i18n/index.tsx';
import { useCanWriteSales, useMe } from '../../app/session.tsx';
import type { Role } from '../../app/types.ts';
import { TaskFormDrawer } from './task-form-drawer.tsx';
import { TaskListItem } from './task-list-item.tsx';
import type { MyDay, Task } from './types.ts';

/** Roles that see a team: managers their subtree, director / sales ops / admin the org. */
export const TEAM_ROLES: readonly Role[] = ['manager', 'director', 'sales_ops', 'admin'];

/**
 * "My day": my open tasks overdue, due today and in the next 7 days (in the org's time zone), each
 * ticked off in place; managers also see their team's overdue tasks.
 */
export default function MyDayPage() {
  const canWrite = useCanWriteSales();
  const t = useT();
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const day = useQuery({
    queryKey: ['me-day'],
    queryFn: ({ signal }) => api<MyDay>('/me/day', { signal }),
  });
  const team = useQuery({
    queryKey: ['tasks', 'team-overdue'],
    queryFn: ({ signal }) => api<{ items: Task[] }>('/tasks/team-overdue', { signal }),
    enabled: TEAM_ROLES.includes(me.role),
  });

  const section = (titleKey: MessageKey, tasks: Task[] | undefined, testId: string, overdue = false) => (
    <Card
      size="small"
      title={
        <span>
          {t(titleKey)}{' '}
          <Badge
            count={tasks?.length ?? 0}
            showZero
            color={overdue ? '#f5222d' : '#8c8c8c'}
            overflowCount={999}
          />
        </span>
      }
      data-testid={testId}
    >
      {!tasks ? (
        <Skeleton active />
      ) : tasks.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myday.nothing')} />
      ) : (
        <div style={{ maxHeight: 480, overflowY: 'auto' }}>
          {tasks.map((task) => (
            <TaskListItem key={task.id} task={task} overdue={overdue} />
          ))}
        </div>
      )}
    </Card>
  );

  return (
    <>
      <PageTitle
        title={t('myday.title')}
        extra={
          canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="new-task"
            >
              {t('task.new')}
            </Button>
          )
        }
      />
      {day.isError && <QueryError error={day.error} onRetry={() => void day.refetch()} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8}>
          {section('myday.overdue', day.data?.overdue, 'myday-overdue', true)}
        </Col>
        <Col xs={24} lg={8}>
          {section('myday.today', day.data?.today, 'myday-today')}
        </Col>
        <Col xs={24} lg={8}>
          {section('myday.upcoming', day.data?.upcoming, 'myday-upcoming')}
        </Col>
        {TEAM_ROLES.includes(me.role) && (
          <Col span={24}>
            {team.isError ? (
              <QueryError error={team.error} onRetry={() => void team.refetch()} />
            ) : (
              section('myday.teamOverdue', team.data?.items, 'myday-team-overdue', true)
            )}
          </Col>
        )}
      </Row>
      <TaskFormDrawer open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
