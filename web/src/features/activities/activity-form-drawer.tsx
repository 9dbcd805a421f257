import { App, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { api } from '../../app/api.ts';
import { blankToNull, FormDrawer, useFormErrors } from '../../app/components/form-drawer.tsx';
import { enumOptions } from '../../app/enums.ts';
import { useT } from '../../app/i18n/index.tsx';
import { ALL_SALES, useWrite } from '../../app/records.ts';
import type { Activity, ActivityLinks } from './types.ts';

interface Values {
  type: string;
  subject: string;
  occurredAt: Dayjs;
  durationMinutes?: number | null;
  outcome?: string;
  nextStep?: string;
  notes?: string;
}

/** Logs a visit, call, meeting… linked to the record it was opened from. */
export function ActivityFormDrawer({
  open,
  links,
  defaultType = 'visit',
  onClose,
}: {
  open: boolean;
  links: ActivityLinks;
  defaultType?: string;
  onClose(): void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const onError = useFormErrors(form);
  const save = useWrite((body: object) => api<Activity>('/activities', { method: 'POST', body }), ALL_SALES);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ type: defaultType, occurredAt: dayjs() });
    }
  }, [open, form, defaultType]);

  const onFinish = (values: Values) => {
    const related = Object.fromEntries(Object.entries(links).filter(([, v]) => v));
    save.mutate(
      {
        type: values.type,
        subject: values.subject.trim(),
        occurredAt: values.occurredAt.toISOString(),
        durationMinutes: values.durationMinutes ?? null,
        outcome: blankToNull(values.outcome),
        nextStep: blankToNull(values.nextStep),
        notes: blankToNull(values.notes),
        ...related,
      },
      {
        onSuccess: () => {
          void message.success(t('activity.logged'));
          onClose();
        },
        onError,
      },
    );
  };

  return (
    <FormDrawer<Values>
      open={open}
      title={t('activity.log')}
      form={form}
      onClose={onClose}
      onFinish={onFinish}
      saving={save.isPending}
      testId="activity-drawer"
    >
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item
            name="type"
            label={t('activity.type')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Select options={enumOptions(t, 'activityType')} data-testid="activity-type" />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item
            name="occurredAt"
            label={t('activity.occurredAt')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <DatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="subject"
        label={t('activity.subject')}
        rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
      >
        <Input autoFocus maxLength={200} data-testid="activity-subject" />
      </Form.Item>
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item name="durationMinutes" label={t('activity.duration')}>
            <InputNumber min={0} max={24 * 60} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={14}>
          <Form.Item name="outcome" label={t('activity.outcome')}>
            <Input maxLength={500} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="nextStep" label={t('activity.nextStep')}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="notes" label={t('activity.notes')}>
        <Input.TextArea rows={4} maxLength={5000} />
      </Form.Item>
    </FormDrawer>
  );
}
