import { App, Checkbox, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { api } from '../../app/api.ts';
import { blankToNull, FormDrawer, useFormErrors } from '../../app/components/form-drawer.tsx';
import { RemoteSelect } from '../../app/components/remote-select.tsx';
import { enumOptions } from '../../app/enums.ts';
import { useT } from '../../app/i18n/index.tsx';
import { ALL_SALES, useWrite } from '../../app/records.ts';
import { useMe } from '../../app/session.tsx';
import { UserSelect } from '../users/user-select.tsx';
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
 * Creates a task: title, due time, priority, milestone, an optional reminder (delivered as an in-app
 * notification) and the record it belongs to. Reps assign to themselves; managers may pick a member.
 */
export function TaskFormDrawer({
  open,
  onClose,
  related,
}: {
  open: boolean;
  onClose(): void;
  /** Opened from a record: the task is linked to it and the picker is hidden. */
  related?: { type: RelatedType; id: string };
}) {
  const t = useT();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const onError = useFormErrors(form);
  const relatedType = Form.useWatch('relatedType', form);
  const save = useWrite((body: object) => api<Task>('/tasks', { method: 'POST', body }), ALL_SALES);
  const canAssign = me.role !== 'rep';

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({
        dueAt: dayjs().add(1, 'day').hour(10).minute(0).second(0),
        priority: 'normal',
        milestone: false,
        relatedType: related?.type ?? null,
      });
    }
  }, [open, form, related]);

  const onFinish = (values: Values) => {
    const type = related?.type ?? values.relatedType ?? null;
    const id = related?.id ?? values.relatedId ?? null;
    save.mutate(
      {
        title: values.title.trim(),
        dueAt: values.dueAt.toISOString(),
        priority: values.priority,
        milestone: values.milestone,
        remindAt: values.remindAt ? values.remindAt.toISOString() : null,
        relatedType: type && id ? type : null,
        relatedId: type && id ? id : null,
        notes: blankToNull(values.notes),
        ...(canAssign && values.assigneeId ? { assigneeId: values.assigneeId } : {}),
      },
      {
        onSuccess: () => {
          void message.success(t('common.created'));
          onClose();
        },
        onError,
      },
    );
  };

  return (
    <FormDrawer<Values>
      open={open}
      title={t('task.new')}
      form={form}
      onClose={onClose}
      onFinish={onFinish}
      saving={save.isPending}
      testId="task-drawer"
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
          <Form.Item name="remindAt" label={t('task.remindAt')} extra={t('task.remindHint')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="milestone" valuePropName="checked" label=" ">
            <Checkbox data-testid="task-milestone">{t('task.milestone')}</Checkbox>
          </Form.Item>
        </Col>
      </Row>
      {!related && (
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
        <Form.Item name="assigneeId" label={t('task.assignee')} extra={t('task.assigneeHint')}>
          <UserSelect />
        </Form.Item>
      )}
      <Form.Item name="notes" label={t('common.notes')}>
        <Input.TextArea rows={3} maxLength={10_000} />
      </Form.Item>
    </FormDrawer>
  );
}
