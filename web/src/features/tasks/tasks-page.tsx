import { FlagOutlined } from '@ant-design/icons';
import { Checkbox, Select, Tag } from 'antd';
import { useState } from 'react';
import { CreateButton } from '../../app/components/create-button.tsx';
import { type ListColumn, ListPage } from '../../app/components/list-page.tsx';
import { PageTitle } from '../../app/components/page-title.tsx';
import { enumLabel, enumOptions } from '../../app/enums.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { useCanWriteSales, useMe } from '../../app/session.tsx';
import { UserSelect } from '../users/user-select.tsx';
import { TaskFormDrawer } from './task-form-drawer.tsx';
import { RelatedLink, TaskTitleLink, useMarkDone } from './task-list-item.tsx';
import { RELATED_TYPES, type Task } from './types.ts';

/** Every task in my scope (the assignee owns a task): filter by status, priority, assignee, type. */
export default function TasksPage() {
  const { t, formatDateTime } = useI18n();
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Task | undefined>(undefined);
  const canWrite = useCanWriteSales();
  const { markDone, pending } = useMarkDone();
  const now = Date.now();

  const columns: ListColumn<Task>[] = [
    {
      key: 'done',
      title: '',
      fixed: 'left',
      width: 48,
      render: (task) => (
        <Checkbox
          checked={task.status !== 'open'}
          disabled={task.status !== 'open' || !canWrite || pending === task.id}
          onChange={() => markDone(task)}
          aria-label={t('task.markDone')}
        />
      ),
    },
    {
      key: 'title',
      title: t('task.taskTitle'),
      sort: 'title',
      render: (task) => (
        <span>
          {task.milestone && <FlagOutlined style={{ color: '#d4380d', marginInlineEnd: 6 }} />}
          {canWrite ? <TaskTitleLink task={task} onOpen={setEditing} /> : task.title}
        </span>
      ),
    },
    {
      key: 'dueAt',
      title: t('task.dueAt'),
      sort: 'dueAt',
      render: (task) => (
        <span
          style={{ color: task.status === 'open' && Date.parse(task.dueAt) < now ? '#cf1322' : undefined }}
        >
          {formatDateTime(task.dueAt)}
        </span>
      ),
    },
    {
      key: 'priority',
      title: t('task.priority'),
      render: (task) => <Tag>{enumLabel(t, 'taskPriority', task.priority)}</Tag>,
    },
    { key: 'status', title: t('task.status'), render: (task) => enumLabel(t, 'taskStatus', task.status) },
    { key: 'related', title: t('task.related'), render: (task) => <RelatedLink task={task} /> },
    {
      key: 'remindAt',
      title: t('task.remindAt'),
      optional: true,
      render: (task) => formatDateTime(task.remindAt),
    },
    {
      key: 'createdAt',
      title: t('common.createdAt'),
      sort: 'createdAt',
      optional: true,
      render: (task) => formatDateTime(task.createdAt),
    },
  ];

  return (
    <>
      <PageTitle title={t('task.title')} />
      <ListPage<Task>
        entity="tasks"
        path="/tasks"
        columns={columns}
        defaultSort="dueAt"
        searchable={false}
        defaultFilters={{ status: 'open' }}
        emptyText={t('task.empty')}
        testId="tasks"
        actions={<CreateButton label={t('task.new')} onClick={() => setCreating(true)} testId="new-task" />}
        renderFilters={(filters, set) => (
          <>
            <Select
              allowClear
              placeholder={t('task.status')}
              style={{ width: 140 }}
              value={filters.status as string | undefined}
              onChange={(v) => set('status', v)}
              options={enumOptions(t, 'taskStatus')}
            />
            <Select
              allowClear
              placeholder={t('task.priority')}
              style={{ width: 140 }}
              value={filters.priority as string | undefined}
              onChange={(v) => set('priority', v)}
              options={enumOptions(t, 'taskPriority')}
            />
            <Select
              allowClear
              placeholder={t('task.related')}
              style={{ width: 160 }}
              value={filters.relatedType as string | undefined}
              onChange={(v) => set('relatedType', v)}
              options={RELATED_TYPES.map((type) => ({ value: type, label: t(`task.relatedType.${type}`) }))}
            />
            <Checkbox
              checked={filters.milestone === true}
              onChange={(event) => set('milestone', event.target.checked ? true : undefined)}
            >
              {t('task.milestone')}
            </Checkbox>
            {me.role !== 'rep' && (
              <UserSelect
                value={(filters.assigneeId as string | undefined) ?? null}
                onChange={(v) => set('assigneeId', v ?? undefined)}
                placeholder={t('task.assignee')}
                style={{ width: 220 }}
              />
            )}
          </>
        )}
      />
      <TaskFormDrawer open={creating} onClose={() => setCreating(false)} />
      <TaskFormDrawer open={!!editing} task={editing} onClose={() => setEditing(undefined)} />
    </>
  );
}
