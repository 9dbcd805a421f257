import { Col, Divider, Form, Input, InputNumber, Row, Segmented, Select } from 'antd';
import { useEffect } from 'react';
import { api } from '../../app/api.ts';
import { blankToNull, FormDrawer, useFormErrors } from '../../app/components/form-drawer.tsx';
import { enumOptions } from '../../app/enums.ts';
import { useT } from '../../app/i18n/index.tsx';
import { toMajor, toMinor } from '../../app/money.ts';
import { useWrite } from '../../app/records.ts';
import { ConsentFields, type ConsentValues, consentBody, consentValues } from '../privacy/consent-fields.tsx';
import type { Lead } from './types.ts';

interface Values extends ConsentValues {
  name: string;
  company?: string;
  title?: string;
  mobile?: string;
  email?: string;
  wechat?: string;
  sourceChannel: string;
  region?: string;
  city?: string;
  industry?: string;
  bantBudget: string;
  bantAuthority: string;
  bantNeed: string;
  bantTimeline: string;
  budgetAmount?: number | null;
  notes?: string;
}

const BANT_FIELDS = [
  ['bantBudget', 'lead.bantBudget'],
  ['bantAuthority', 'lead.bantAuthority'],
  ['bantNeed', 'lead.bantNeed'],
  ['bantTimeline', 'lead.bantTimeline'],
] as const;

function bodyOf(values: Values) {
  return {
    name: values.name.trim(),
    company: blankToNull(values.company),
    title: blankToNull(values.title),
    mobile: blankToNull(values.mobile),
    email: blankToNull(values.email),
    wechat: blankToNull(values.wechat),
    sourceChannel: values.sourceChannel,
    region: blankToNull(values.region),
    city: blankToNull(values.city),
    industry: blankToNull(values.industry),
    bantBudget: values.bantBudget,
    bantAuthority: values.bantAuthority,
    bantNeed: values.bantNeed,
    bantTimeline: values.bantTimeline,
    budgetAmount: toMinor(values.budgetAmount),
    notes: blankToNull(values.notes),
  };
}

function valuesOf(lead: Lead): Values {
  return {
    name: lead.name,
    company: lead.company ?? '',
    title: lead.title ?? '',
    mobile: lead.mobile ?? '',
    email: lead.email ?? '',
    wechat: lead.wechat ?? '',
    sourceChannel: lead.sourceChannel,
    region: lead.region ?? '',
    city: lead.city ?? '',
    industry: lead.industry ?? '',
    bantBudget: lead.bant.budget,
    bantAuthority: lead.bant.authority,
    bantNeed: lead.bant.need,
    bantTimeline: lead.bant.timeline,
    budgetAmount: toMajor(lead.budgetAmount),
    notes: lead.notes ?? '',
    ...consentValues(lead),
  };
}

/** Create or edit a lead, BANT included; the server scores it. */
export function LeadFormDrawer({
  open,
  lead,
  onClose,
  onSaved,
}: {
  open: boolean;
  lead?: Lead;
  onClose(): void;
  onSaved?(lead: Lead): void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const onError = useFormErrors(form, { onStale: onClose });
  const save = useWrite(
    (body: object) =>
      lead
        ? api<Lead>(`/leads/${lead.id}`, { method: 'PATCH', body, version: lead.version })
        : api<Lead>('/leads', { method: 'POST', body }),
    ['leads'],
  );

  useEffect(() => {
    if (!open) {
      return;
    }
    form.resetFields();
    form.setFieldsValue(
      lead
        ? valuesOf(lead)
        : {
            sourceChannel: 'other',
            bantBudget: 'none',
            bantAuthority: 'none',
            bantNeed: 'none',
            bantTimeline: 'none',
          },
    );
  }, [open, lead, form]);

  const onFinish = (values: Values) => {
    const body = bodyOf(values);
    let payload: object = { ...body, ...consentBody(values, undefined) };
    if (lead) {
      const before = bodyOf(valuesOf(lead));
      payload = Object.fromEntries(
        Object.entries(body).filter(([k, v]) => before[k as keyof typeof before] !== v),
      );
      // Only changed fields go out, so a masked value shown in the form is never sent back.
      payload = { ...payload, ...consentBody(values, lead) };
      if (Object.keys(payload).length === 0) {
        onClose();
        return;
      }
    }
    save.mutate(payload, {
      onSuccess: (saved) => {
        onSaved?.(saved);
        onClose();
      },
      onError,
    });
  };

  return (
    <FormDrawer<Values>
      open={open}
      title={lead ? t('lead.edit') : t('lead.new')}
      form={form}
      onClose={onClose}
      onFinish={onFinish}
      saving={save.isPending}
      testId="lead-drawer"
      width={640}
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            name="name"
            label={t('lead.name')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
          >
            <Input autoFocus maxLength={100} data-testid="lead-name" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="company" label={t('lead.company')}>
            <Input maxLength={200} data-testid="lead-company" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="title" label={t('lead.jobTitle')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="sourceChannel" label={t('lead.sourceChannel')}>
            <Select options={enumOptions(t, 'sourceChannel')} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="mobile" label={t('lead.mobile')}>
            <Input maxLength={32} data-testid="lead-mobile" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="email"
            label={t('lead.email')}
            rules={[{ type: 'email', message: t('validation.email') }]}
          >
            <Input maxLength={254} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="wechat" label={t('lead.wechat')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="industry" label={t('lead.industry')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="region" label={t('lead.region')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="city" label={t('lead.city')}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start">{t('lead.bant')}</Divider>
      <Row gutter={12}>
        {BANT_FIELDS.map(([name, label]) => (
          <Col span={12} key={name}>
            <Form.Item name={name} label={t(label)}>
              <Segmented block options={enumOptions(t, 'bant')} data-testid={`lead-${name}`} />
            </Form.Item>
          </Col>
        ))}
        <Col span={12}>
          <Form.Item name="budgetAmount" label={t('lead.budgetAmount')}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <ConsentFields />
      </Row>
      <Form.Item name="notes" label={t('common.notes')}>
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
    </FormDrawer>
  );
}
