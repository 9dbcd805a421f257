import { Col, Form, Input, Row, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { api, isApiError } from '../../app/api.ts';
import { blankToNull, changedFields, FormDrawer, useFormErrors } from '../../app/components/form-drawer.tsx';
import { enumOptions } from '../../app/enums.ts';
import { useT } from '../../app/i18n/index.tsx';
import { useWrite } from '../../app/records.ts';
import { useDuplicatesDialog } from './duplicate-candidates.tsx';
import type { Customer, DuplicateCandidate } from './types.ts';

interface Values {
  name: string;
  creditCode?: string;
  industry?: string;
  size?: Customer['size'];
  region?: string;
  city?: string;
  channel: Customer['channel'];
  source?: string;
  tier: Customer['tier'];
  lifecycle: Customer['lifecycle'];
  tags?: string[];
  budgetCycle?: string;
  decisionProcess?: string;
  painPoints?: string;
}

type Body = Omit<Partial<Customer>, 'id'>;

function toBody(values: Values): Body {
  return {
    name: values.name.trim(),
    creditCode: blankToNull(values.creditCode),
    industry: blankToNull(values.industry),
    size: values.size ?? null,
    region: blankToNull(values.region),
    city: blankToNull(values.city),
    channel: values.channel,
    source: blankToNull(values.source),
    tier: values.tier,
    lifecycle: values.lifecycle,
    tags: values.tags ?? [],
    budgetCycle: blankToNull(values.budgetCycle),
    decisionProcess: blankToNull(values.decisionProcess),
    painPoints: blankToNull(values.painPoints),
  };
}

interface Props {
  open: boolean;
  customer?: Customer;
  onClose(): void;
  onSaved(customer: Customer): void;
}

/** Create or edit a customer; a 409 duplicate lists the candidates and, for name-only matches, offers "create anyway". */
export function CustomerFormDrawer({ open, customer, onClose, onSaved }: Props) {
  const t = useT();
  const duplicatesDialog = useDuplicatesDialog();
  const [form] = Form.useForm<Values>();
  const onError = useFormErrors(form, { onStale: onClose });
  const save = useWrite(
    ({ body, force }: { body: Body; force?: boolean }) =>
      customer
        ? api<Customer>(`/customers/${customer.id}`, { method: 'PATCH', body, version: customer.version })
        : api<Customer>('/customers', { method: 'POST', body, query: { force: force ? 'true' : undefined } }),
    ['customers'],
  );

  useEffect(() => {
    if (!open) {
      return;
    }
    form.resetFields();
    form.setFieldsValue(
      customer
        ? {
            ...customer,
            creditCode: customer.creditCode ?? '',
            industry: customer.industry ?? '',
            region: customer.region ?? '',
            city: customer.city ?? '',
            source: customer.source ?? '',
            budgetCycle: customer.budgetCycle ?? '',
            decisionProcess: customer.decisionProcess ?? '',
            painPoints: customer.painPoints ?? '',
          }
        : { channel: 'direct', tier: 'normal', lifecycle: 'prospect', tags: [] },
    );
  }, [open, customer, form]);

  const submit = (body: Body, force = false) =>
    save.mutate(
      { body, force },
      {
        onSuccess: onSaved,
        onError: (error) => {
          if (isApiError(error) && error.status === 409 && error.candidates.length > 0) {
            showDuplicates(
              error.candidates as DuplicateCandidate[],
              error.details.some((d) => d.path === 'creditCode'),
              body,
            );
            return;
          }
          onError(error);
        },
      },
    );

  const showDuplicates = (candidates: DuplicateCandidate[], byCode: boolean, body: Body) =>
    duplicatesDialog({
      candidates,
      byCode,
      text: t('customer.duplicateText'),
      actionOf: (candidate, close) => (
        <Link to={`/customers/${candidate.id}`} onClick={close}>
          {t('customer.open')}
        </Link>
      ),
      // Creating only: a rename that collides has no "anyway".
      createAnyway: customer ? undefined : () => submit(body, true),
      createAnywayId: 'create-anyway',
    });

  const onFinish = (values: Values) => {
    const body = toBody(values);
    if (customer) {
      const changes = changedFields(customer, body);
      if (Object.keys(changes).length === 0) {
        onClose();
        return;
      }
      submit(changes);
    } else {
      submit(body);
    }
  };

  return (
    <FormDrawer<Values>
      open={open}
      title={customer ? t('customer.edit') : t('customer.new')}
      form={form}
      onClose={onClose}
      onFinish={onFinish}
      saving={save.isPending}
      submitLabel={customer ? t('common.save') : t('common.create')}
      testId="customer-drawer"
      width={640}
    >
      <Form.Item
        name="name"
        label={t('customer.name')}
        rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
      >
        <Input autoFocus maxLength={200} data-testid="customer-name" />
      </Form.Item>
      <Form.Item name="creditCode" label={t('customer.creditCode')}>
        <Input maxLength={40} data-testid="customer-credit-code" />
      </Form.Item>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="tier" label={t('customer.tier')}>
            <Select options={enumOptions(t, 'tier')} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="lifecycle" label={t('customer.lifecycle')}>
            <Select options={enumOptions(t, 'lifecycle')} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="channel" label={t('customer.channel')}>
            <Select options={enumOptions(t, 'channel')} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="industry" label={t('customer.industry')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="size" label={t('customer.size')}>
            <Select allowClear options={enumOptions(t, 'size')} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="source" label={t('customer.source')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="region" label={t('customer.region')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="city" label={t('customer.city')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="tags" label={t('customer.tags')}>
        <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} />
      </Form.Item>
      <Typography.Title level={5}>{t('customer.portrait')}</Typography.Title>
      <Form.Item name="budgetCycle" label={t('customer.budgetCycle')}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="decisionProcess" label={t('customer.decisionProcess')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="painPoints" label={t('customer.painPoints')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </FormDrawer>
  );
}
