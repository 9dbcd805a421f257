import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { api, isApiError } from '../../app/api.ts';
import { PageTitle } from '../../app/components/page-title.tsx';
import { clearServerErrors, setServerErrors, useShowError } from '../../app/errors.ts';
import { useT } from '../../app/i18n/index.tsx';
import type { MessageKey } from '../../app/i18n/zh-CN.ts';
import { useWrite } from '../../app/records.ts';
import {
  type CollectionSettings,
  type CollectionSettingsPatch,
  LADDER_STEPS,
  type LadderStep,
} from './types.ts';

interface FormValues {
  contractNumberPrefix: string;
  orderNumberPrefix: string;
  reminderDaysBefore: (number | null)[];
  overdueLadder: { day: number | null; step: LadderStep }[];
  renewalLeadDays: number | null;
  defaultCreditDays: number | null;
}

const PREFIX = /^[A-Za-z0-9]{1,8}$/;

/** A server path such as `overdueLadder.1.day` as the form field name ['overdueLadder', 1, 'day']. */
const fieldName = (path: string) =>
  path
    .split('.')
    .filter((p) => p !== 'body')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/**
 * Admin and finance: contract/order number prefixes, reminder days, the overdue ladder, renewal lead
 * days and default credit days. Plain inputs in tab order; each rule is checked here and again by the
 * server, whose messages land under the field they name.
 */
export default function CollectionSettingsPage() {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<FormValues>();
  const record = useQuery({
    queryKey: ['collection-settings'],
    queryFn: ({ signal }) => api<CollectionSettings>('/collection-settings', { signal }),
  });
  useEffect(() => {
    if (record.data) {
      form.setFieldsValue(record.data);
    }
  }, [record.data, form]);
  const save = useWrite(
    (body: CollectionSettingsPatch) =>
      api<CollectionSettings>('/collection-settings', {
        method: 'PATCH',
        body,
        version: record.data?.version,
      }),
    ['collection-settings'],
  );
  const year = new Date().getFullYear();
  const contractPrefix = Form.useWatch('contractNumberPrefix', form) ?? 'HT';
  const orderPrefix = Form.useWatch('orderNumberPrefix', form) ?? 'DD';

  const submit = (values: FormValues) => {
    const body: CollectionSettingsPatch = {
      contractNumberPrefix: values.contractNumberPrefix,
      orderNumberPrefix: values.orderNumberPrefix,
      reminderDaysBefore: values.reminderDaysBefore.map(Number),
      overdueLadder: values.overdueLadder.map((r) => ({ day: Number(r.day), step: r.step })),
      renewalLeadDays: Number(values.renewalLeadDays),
      defaultCreditDays: Number(values.defaultCreditDays),
    };
    save.mutate(body, {
      onSuccess: () => void message.success(t('collectionSettings.saved')),
      onError: (error) => {
        if (isApiError(error) && error.status === 400 && error.details.length > 0) {
          setServerErrors(
            form,
            error.details.map((d) => ({ name: fieldName(d.path), message: d.message })),
          );
          return;
        }
        showError(error);
      },
    });
  };

  const dayRule = (min: number, max: number, key: MessageKey) => ({
    validator: (_: unknown, v: number | null) =>
      v !== null && v !== undefined && Number.isInteger(v) && v >= min && v <= max
        ? Promise.resolve()
        : Promise.reject(new Error(t(key))),
  });

  return (
    <>
      <PageTitle title={t('collectionSettings.title')} />
      <Card loading={record.isPending} style={{ maxWidth: 760 }}>
        <Typography.Paragraph>{t('collectionSettings.explain')}</Typography.Paragraph>
        <Form<FormValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          onValuesChange={(changed) => clearServerErrors(form, changed)}
          data-testid="collection-settings-form"
        >
          <Typography.Title level={5}>{t('collectionSettings.numbering')}</Typography.Title>
          <Space wrap align="start" size="large">
            <Form.Item
              name="contractNumberPrefix"
              label={t('collectionSettings.contractNumberPrefix')}
              extra={t('collectionSettings.prefixExample', { example: `${contractPrefix}${year}-0001` })}
              rules={[{ required: true, pattern: PREFIX, message: t('collectionSettings.prefixRule') }]}
            >
              <Input maxLength={8} style={{ width: 160 }} data-testid="contract-prefix" />
            </Form.Item>
            <Form.Item
              name="orderNumberPrefix"
              label={t('collectionSettings.orderNumberPrefix')}
              extra={t('collectionSettings.prefixExample', { example: `${orderPrefix}${year}-0001` })}
              rules={[{ required: true, pattern: PREFIX, message: t('collectionSettings.prefixRule') }]}
            >
              <Input maxLength={8} style={{ width: 160 }} data-testid="order-prefix" />
            </Form.Item>
          </Space>

          <Typography.Title level={5}>{t('collectionSettings.reminders')}</Typography.Title>
          <Form.List
            name="reminderDaysBefore"
            rules={[
              {
                validator: (_, days: (number | null)[] | undefined) => {
                  const list = days ?? [];
                  if (list.length < 1 || list.length > 5) {
                    return Promise.reject(new Error(t('collectionSettings.reminderCountRule')));
                  }
                  if (new Set(list).size !== list.length) {
                    return Promise.reject(new Error(t('collectionSettings.reminderDistinctRule')));
                  }
                  return Promise.resolve();
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <Form.Item label={t('collectionSettings.reminderDaysBefore')}>
                <Space wrap>
                  {fields.map((field) => (
                    <Space.Compact key={field.key}>
                      <Form.Item
                        name={field.name}
                        noStyle
                        rules={[dayRule(1, 60, 'collectionSettings.reminderDayRule')]}
                      >
                        <InputNumber
                          precision={0}
                          style={{ width: 90 }}
                          aria-label={t('collectionSettings.reminderDaysBefore')}
                          data-testid={`reminder-${field.name}`}
                        />
                      </Form.Item>
                      <Button
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(field.name)}
                        aria-label={t('collectionSettings.removeRow')}
                      />
                    </Space.Compact>
                  ))}
                  {fields.length < 5 ? (
                    <Button icon={<PlusOutlined />} onClick={() => add(null)} data-testid="add-reminder">
                      {t('collectionSettings.addReminder')}
                    </Button>
                  ) : null}
                </Space>
                <Form.ErrorList errors={errors} />
              </Form.Item>
            )}
          </Form.List>

          <Typography.Title level={5}>{t('collectionSettings.ladder')}</Typography.Title>
          <Typography.Paragraph type="secondary">
            {t('collectionSettings.ladderExplain')}
          </Typography.Paragraph>
          <Form.List
            name="overdueLadder"
            rules={[
              {
                validator: (_, rungs: FormValues['overdueLadder'] | undefined) =>
                  (rungs?.length ?? 0) >= 1 && (rungs?.length ?? 0) <= 10
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('collectionSettings.ladderCountRule'))),
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, index) => (
                  <Space key={field.key} align="start" data-testid={`rung-${index}`}>
                    <Form.Item
                      name={[field.name, 'day']}
                      label={index === 0 ? t('collectionSettings.day') : undefined}
                      dependencies={index > 0 ? [['overdueLadder', index - 1, 'day']] : []}
                      rules={[
                        dayRule(1, 365, 'collectionSettings.ladderDayRule'),
                        {
                          validator: (_, v: number | null) => {
                            const before = form.getFieldValue(['overdueLadder', index - 1, 'day']) as
                              | number
                              | null
                              | undefined;
                            return index === 0 || v === null || before == null || v > before
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('collectionSettings.ladderIncreasingRule')));
                          },
                        },
                      ]}
                    >
                      <InputNumber
                        precision={0}
                        addonAfter={t('collectionSettings.days')}
                        style={{ width: 150 }}
                        aria-label={t('collectionSettings.day')}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'step']}
                      label={index === 0 ? t('collectionSettings.step') : undefined}
                      dependencies={[['overdueLadder']]}
                      rules={[
                        { required: true },
                        {
                          validator: (_, v: LadderStep) => {
                            const count =
                              (form.getFieldValue('overdueLadder') as unknown[] | undefined)?.length ?? 0;
                            return v === 'bad_debt' && index !== count - 1
                              ? Promise.reject(new Error(t('collectionSettings.ladderBadDebtRule')))
                              : Promise.resolve();
                          },
                        },
                      ]}
                    >
                      <Select
                        style={{ width: 180 }}
                        aria-label={t('collectionSettings.step')}
                        options={LADDER_STEPS.map((s) => ({
                          value: s,
                          label: t(`collectionSettings.step.${s}` as MessageKey),
                        }))}
                      />
                    </Form.Item>
                    <Button
                      style={{ marginTop: index === 0 ? 30 : 0 }}
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('collectionSettings.removeRow')}
                    />
                  </Space>
                ))}
                {fields.length < 10 ? (
                  <Form.Item>
                    <Button
                      icon={<PlusOutlined />}
                      onClick={() => add({ day: null, step: 'owner' })}
                      data-testid="add-rung"
                    >
                      {t('collectionSettings.addRung')}
                    </Button>
                  </Form.Item>
                ) : null}
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>

          <Space wrap align="start" size="large">
            <Form.Item
              name="renewalLeadDays"
              label={t('collectionSettings.renewalLeadDays')}
              rules={[dayRule(30, 180, 'collectionSettings.renewalRule')]}
            >
              <InputNumber
                precision={0}
                addonAfter={t('collectionSettings.days')}
                data-testid="renewal-days"
              />
            </Form.Item>
            <Form.Item
              name="defaultCreditDays"
              label={t('collectionSettings.defaultCreditDays')}
              rules={[dayRule(0, 365, 'collectionSettings.creditRule')]}
            >
              <InputNumber
                precision={0}
                addonAfter={t('collectionSettings.days')}
                data-testid="credit-days"
              />
            </Form.Item>
          </Space>
          <Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              loading={save.isPending}
              data-testid="collection-settings-save"
            >
              {t('common.save')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </>
  );
}
