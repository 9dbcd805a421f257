import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Col, Empty, Flex, Row, Skeleton, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../app/api.ts';
import { CreateButton } from '../../app/components/create-button.tsx';
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
  const t = useT();
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Task | undefined>(undefined);
  const canWrite = useCanWriteSales();
  const day = useQuery({
    queryKey: ['me-day'],
    queryFn: ({ signal }) => api<MyDay>('/me/day', { signal }),
  });
  const team = useQuery({
    queryKey: ['tasks', 'team-overdue'],
    queryFn: ({ signal }) =>
      api<{
        items: Task[];
        total: number;
        assignees: { assigneeId: string; name: string; overdue: number }[];
      }>('/tasks/team-overdue', { signal }),
    enabled: TEAM_ROLES.includes(me.role),
  });

  const names = new Map((team.data?.assignees ?? []).map((a) => [a.assigneeId, a.name]));
  const section = (
    titleKey: MessageKey,
    tasks: Task[] | undefined,
    testId: string,
    overdue = false,
    { total, header, team: ofTeam = false }: { total?: number; header?: ReactNode; team?: boolean } = {},
  ) => (
    <Card
      size="small"
      title={
        <span>
          {t(titleKey)}{' '}
          <Badge
            count={total ?? tasks?.length ?? 0}
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
        <>
          {header}
          <div style={{ maxHeight: 480, overflowY: 'auto' }}>
            {tasks.map((task) => (
              <TaskListItem
                key={task.id}
                task={task}
                overdue={overdue}
                assignee={ofTeam ? names.get(task.assigneeId) : undefined}
                onOpen={canWrite ? setEditing : undefined}
              />
            ))}
          </div>
        </>
      )}
    </Card>
  );

  // The team's overdue tasks: who has how many (all of them), then the oldest, with a way to all.
  const teamHeader = team.data && (
    <Flex vertical gap={8} style={{ marginBottom: 8 }}>
      <Flex wrap gap={6} data-testid="myday-team-assignees">
        {team.data.assignees.map((a) => (
          <Tag key={a.assigneeId} color="red">
            {a.name} · {a.overdue}
          </Tag>
        ))}
      </Flex>
      {team.data.total > team.data.items.length && (
        <Typography.Text type="secondary">
          {t('myday.teamShown', { shown: team.data.items.length, total: team.data.total })}{' '}
          <Link to={`/tasks?status=open&dueTo=${encodeURIComponent(new Date().toISOString())}`}>
            {t('myday.teamAll')}
          </Link>
        </Typography.Text>
      )}
    </Flex>
  );

  return (
    <>
      <PageTitle
        title={t('myday.title')}
        extra={<CreateButton label={t('task.new')} onClick={() => setCreating(true)} testId="new-task" />}
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
              section('myday.teamOverdue', team.data?.items, 'myday-team-overdue', true, {
                total: team.data?.total,
                header: teamHeader,
                team: true,
              })
            )}
          </Col>
        )}
      </Row>
      <TaskFormDrawer open={creating} onClose={() => setCreating(false)} />
      <TaskFormDrawer open={!!editing} task={editing} onClose={() => setEditing(undefined)} />
    </>
  );
}
