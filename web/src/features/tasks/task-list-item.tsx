import { FlagOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../../app/api.ts';
import { ENUM_COLORS, enumLabel } from '../../app/enums.ts';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { ALL_SALES, useWrite } from '../../app/records.ts';
import { useCanWriteSales } from '../../app/session.tsx';
import { RELATED_PATHS, type Task } from './types.ts';

const PRIORITY_COLORS: Record<string, string> = {
  urgent: 'red',
  high: 'orange',
  normal: 'blue',
  low: 'default',
};

/** A link to the record a task belongs to (contacts open their customer's page from the list). */
export function RelatedLink({ task }: { task: Task }) {
  const { t } = useI18n();
  if (!task.relatedType || !task.relatedId) {
    return null;
  }
  const label = t(`task.relatedType.${task.relatedType}`);
  const page = RELATED_PATHS[task.relatedType].page;
  return page ? <Link to={`${page}/${task.relatedId}`}>{label}</Link> : <span>{label}</span>;
}

/** A task's title as a link-styled button that opens its form (keyboard: Tab, then Enter). */
export function TaskTitleLink({ task, onOpen }: { task: Task; onOpen(task: Task): void }) {
  const { t } = useI18n();
  return (
    // A button (not an anchor without href), so Tab reaches it and Enter opens the form.
    <Button
      type="link"
      onClick={() => onOpen(task)}
      aria-label={t('task.open', { title: task.title })}
      style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}
      data-testid="task-open"
    >
      {task.title}
    </Button>
  );
}

/** "Mark done": PATCH with the task's version; a stale version reloads the lists (412). */
export function useMarkDone() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const write = useWrite(
    (task: Task) =>
      api<Task>(`/tasks/${task.id}`, { method: 'PATCH', body: { status: 'done' }, version: task.version }),
    [...ALL_SALES, 'me-day'],
  );
  return {
    pending: write.isPending ? write.variables?.id : undefined,
    markDone: (task: Task) =>
      write.mutate(task, {
        onSuccess: () => void message.success(t('task.done')),
        onError: showError,
      }),
  };
}

/** One task in the "my day" lists: tick to complete, due time, priority, milestone and related record. */
export function TaskListItem({
  task,
  overdue,
  assignee,
  onOpen,
}: {
  task: Task;
  overdue?: boolean;
  /** Shown when the list holds several people's tasks (the team's). */
  assignee?: string | undefined;
  /** Opens the task's form (its title becomes a link). */
  onOpen?: ((task: Task) => void) | undefined;
}) {
  const { t, formatDateTime } = useI18n();
  const { markDone, pending } = useMarkDone();
  const canWrite = useCanWriteSales();
  const done = task.status !== 'open';
  return (
    <Flex gap={12} align="start" style={{ padding: '8px 0' }} data-testid="task-item" data-task={task.title}>
      <Checkbox
        checked={done}
        disabled={done || !canWrite || pending === task.id}
        onChange={() => markDone(task)}
        aria-label={t('task.markDone')}
        data-testid="task-done"
      />
      <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
        <Typography.Text delete={done} strong={task.priority === 'urgent' || task.priority === 'high'}>
          {task.milestone && (
            <FlagOutlined style={{ color: '#d4380d', marginInlineEnd: 6 }} title={t('task.milestone')} />
          )}
          {onOpen ? <TaskTitleLink task={task} onOpen={onOpen} /> : task.title}
        </Typography.Text>
        <Flex gap={8} wrap align="center">
          <Typography.Text type={overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
            {formatDateTime(task.dueAt)}
          </Typography.Text>
          <Tag color={PRIORITY_COLORS[task.priority] ?? ENUM_COLORS[task.priority]}>
            {enumLabel(t, 'taskPriority', task.priority)}
          </Tag>
          <RelatedLink task={task} />
          {assignee && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {assignee}
            </Typography.Text>
          )}
        </Flex>
      </Flex>
    </Flex>
  );
}
