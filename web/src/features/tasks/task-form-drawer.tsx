import { App, Button, Checkbox, Col, DatePicker, Form, Input, Popconfirm, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { api } from '../../app/api.ts';
import { blankToNull, changedFields, FormDrawer, useFormErrors } from '../../app/components/form-drawer.tsx';
import { RemoteSelect } from '../../app/components/remote-select.tsx';
import { enumOptions } from '../../app/enums.ts';
import { useShowError } from '../../app/errors.ts';
import { useT } from '../../app/i18n/index.tsx';
import { ALL_SALES, useWrite } from '../../app/records.ts';
import { useMe } from '../../app/session.tsx';
import { UserSelect } from '../users/user-select.tsx';
import { RelatedLink } from './task-list-item.tsx';
import { RELATED_PATHS, RELATED_TYPES, type RelatedType, type Task } from './types.ts';

interface Values {
  title: string;
  dueAt: Dayjs;
  priority: string;
  milestone: boolean;
  remindAt?: Dayjs | null;
  relatedType?: RelatedType | null;
  relatedId?: string | null;
  assigneeId?: string | null;
  notes?: string;
}

/**
 * Creates or changes a task: title, due time, priority, milestone, an optional reminder (delivered as
 * an in-app notification) and the record it belongs to (fixed once created). Reps assign to
 * themselves; managers may pick a member. An open task can be deleted from its form.
 */
export function TaskFormDrawer({
  open,
  onClose,
  related,
  task,
}: {
  open: boolean;
  onClose(): void;
  /** Opened from a record: the task is linked to it and the picker is hidden. */
  related?: { type: RelatedType; id: string };
  /** The task to change; a new task when absent. */
  task?: Task | undefined;
}) {
  const t = useT();
  const me = useMe();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const onError = useFormErrors(form, { onStale: onClose });
  const relatedType = Form.useWatch('relatedType', form);
  const entities = [...ALL_SALES, 'me-day'];
  const save = useWrite(
    (body: object) =>
      task
        ? api<Task>(`/tasks/${task.id}`, { method: 'PATCH', body, version: task.version })
        : api<Task>('/tasks', { method: 'POST', body }),
    entities,
  );
  const remove = useWrite(
    () => api(`/tasks/${task?.id}`, { method: 'DELETE', version: task?.version }),
    entities,
  );
  const canAssign = me.role !== 'rep';

  useEffect(() => {
    if (!open) {
      return;
    }
    form.resetFields();
    if (task) {
      form.setFieldsValue({
        title: task.title,
        dueAt: dayjs(task.dueAt),
        priority: task.priority,
        milestone: task.milestone,
        remindAt: task.remindAt ? dayjs(task.remindAt) : null,
        assigneeId: task.assigneeId,
        notes: task.notes ?? '',
      });
    } else {
      form.setFieldsValue({
        dueAt: dayjs().add(1, 'day').hour(10).minute(0).second(0),
        priority: 'normal',
        milestone: false,
        relatedType: related?.type ?? null,
      });
    }
  }, [open, form, related, task]);

  const onFinish = (values: Values) => {
    const fields = {
      title: values.title.trim(),
      dueAt: values.dueAt.toISOString(),
      priority: values.priority,
      milestone: values.milestone,
      remindAt: values.remindAt ? values.remindAt.toISOString() : null,
      notes: blankToNull(values.notes),
      ...(canAssign && values.assigneeId ? { assigneeId: values.assigneeId } : {}),
    };
    const done = () => {
      void message.success(t(task ? 'common.saved' : 'common.created'));
      onClose();
    };
    if (task) {
      // Only what changed: an untouched due time keeps its seconds, an untouched reminder stays armed.
      const changed = changedFields(task, {
        ...fields,
        dueAt: values.dueAt.isSame(dayjs(task.dueAt), 'minute') ? task.dueAt : fields.dueAt,
        remindAt:
          values.remindAt && task.remindAt && values.remindAt.isSame(dayjs(task.remindAt), 'minute')
            ? task.remindAt
            : fields.remindAt,
      });
      if (Object.keys(changed).length === 0) {
        onClose();
        return;
      }
      save.mutate(changed, { onSuccess: done, onError });
      return;
    }
    const type = related?.type ?? values.relatedType ?? null;
    const id = related?.id ?? values.relatedId ?? null;
    save.mutate(
      { ...fields, relatedType: type && id ? type : null, relatedId: type && id ? id : null },
      { onSuccess: done, onError },
    );
  };

  return (
    <FormDrawer<Values>
      open={open}
      title={task ? t('task.edit') : t('task.new')}
      form={form}
      onClose={onClose}
      onFinish={onFinish}
      saving={save.isPending}
      testId="task-drawer"
      footerExtra={
        task && (
          <Popconfirm
            title={t('task.deleteConfirm')}
            onConfirm={() =>
              remove.mutate(undefined, {
                onSuccess: () => {
                  void message.success(t('task.deleted'));
                  onClose();
                },
                onError: showError,
              })
            }
          >
            <Button danger loading={remove.isPending} data-testid="task-delete">
              {t('common.delete')}
            </Button>
          </Popconfirm>
        )
      }
    >
      <Form.Item
        name="title"
        label={t('task.taskTitle')}
        rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
      >
        <Input autoFocus maxLength={200} data-testid="task-title" />
      </Form.Item>
      <Row gutter={12}>
        <Col span={14}>
          <Form.Item
            name="dueAt"
            label={t('task.dueAt')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="priority" label={t('task.priority')}>
            <Select options={enumOptions(t, 'taskPriority')} data-testid="task-priority" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={14}>
          <Form.Item
            name="remindAt"
            label={t('task.remindAt')}
            extra={t('task.remindHint')}
            dependencies={['dueAt']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | null | undefined) => {
                  const due = getFieldValue('dueAt') as Dayjs | undefined;
                  return value && due && value.isAfter(due)
                    ? Promise.reject(new Error(t('task.remindAfterDue')))
                    : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="milestone" valuePropName="checked" label=" ">
            <Checkbox data-testid="task-milestone">{t('task.milestone')}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
      {task?.relatedType && (
        <Form.Item label={t('task.related')}>
          <RelatedLink task={task} />
        </Form.Item>
      )}
      {!related && !task && (
        <Row gutter={12}>
          <Col span={9}>
            <Form.Item name="relatedType" label={t('task.related')}>
              <Select
                allowClear
                placeholder={t('common.none')}
                options={RELATED_TYPES.map((type) => ({ value: type, label: t(`task.relatedType.${type}`) }))}
                onChange={() => form.setFieldValue('relatedId', null)}
              />
            </Form.Item>
          </Col>
          <Col span={15}>
            <Form.Item name="relatedId" label=" ">
              <RemoteSelect<{ id: string; name: string }>
                key={relatedType ?? 'none'}
                disabled={!relatedType}
                path={RELATED_PATHS[relatedType ?? 'customer'].api}
                labelOf={(item) => item.name}
                placeholder={t('task.pickRecord')}
              />
            </Form.Item>
          </Col>
        </Row>
      )}
      {canAssign && (
        <Form.Item
          name="assigneeId"
          label={t('task.assignee')}
          extra={task ? undefined : t('task.assigneeHint')}
          // A task always has an assignee: when changing one, clearing it is not a choice.
          rules={task ? [{ required: true, message: t('validation.required') }] : []}
        >
          <UserSelect />
        </Form.Item>
      )}
      <Form.Item name="notes" label={t('common.notes')}>
        <Input.TextArea rows={3} maxLength={10_000} />
      </Form.Item>
    </FormDrawer>
  );
}
