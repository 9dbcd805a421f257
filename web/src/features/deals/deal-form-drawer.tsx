import { Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { api } from '../../app/api.ts';
import { blankToNull, changedFields, FormDrawer, useFormErrors } from '../../app/components/form-drawer.tsx';
import { RemoteSelect } from '../../app/components/remote-select.tsx';
import { enumOptions } from '../../app/enums.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { toMajor, toMinor } from '../../app/money.ts';
import { ALL_SALES, useWrite } from '../../app/records.ts';
import type { Customer } from '../customers/types.ts';
import { stageName, useStages } from './stages.ts';
import type { Deal } from './types.ts';

interface Values {
  name: string;
  customerId: string;
  stageId?: string;
  amount?: number | null;
  expectedCloseDate?: Dayjs | null;
  probability?: number | null;
  forecastCategory?: string;
  competitors?: string[];
  nextStep?: string;
}

interface Props {
  open: boolean;
  deal?: Deal;
  customerId?: string;
  customerName?: string;
  onClose(): void;
  onSaved?(deal: Deal): void;
}

export function DealFormDrawer({ open, deal, customerId, customerName, onClose, onSaved }: Props) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<Values>();
  const onError = useFormErrors(form, { onStale: onClose });
  const stages = useStages();
  // A won or lost deal keeps its numbers until it is reopened (the server refuses them by name).
  const frozen = !!deal && deal.status !== 'open';
  const frozenHint = frozen ? t('deal.frozenHint') : undefined;
  const fromLines = deal?.amountSource === 'line_items';
  const save = useWrite(
    (body: Partial<Deal>) =>
      deal
        ? api<Deal>(`/deals/${deal.id}`, { method: 'PATCH', body, version: deal.version })
        : api<Deal>('/deals', { method: 'POST', body }),
    ALL_SALES,
  );

  useEffect(() => {
    if (!open) {
      return;
    }
    form.resetFields();
    if (deal) {
      form.setFieldsValue({
        name: deal.name,
        customerId: deal.customerId,
        amount: toMajor(deal.amount),
        expectedCloseDate: deal.expectedCloseDate ? dayjs(deal.expectedCloseDate) : null,
        probability: deal.probabilityBp === null ? null : deal.probabilityBp / 100,
        forecastCategory: deal.forecastCategory,
        competitors: deal.competitors,
        nextStep: deal.nextStep ?? '',
      });
    } else {
      form.setFieldsValue({ customerId, competitors: [] });
    }
  }, [open, deal, customerId, form]);

  const onFinish = (values: Values) => {
    const body: Partial<Deal> = {
      name: values.name.trim(),
      customerId: values.customerId,
      amount: toMinor(values.amount) ?? 0,
      expectedCloseDate: values.expectedCloseDate ? values.expectedCloseDate.format('YYYY-MM-DD') : null,
      probabilityBp:
        values.probability === null || values.probability === undefined
          ? null
          : Math.round(values.probability * 100),
      competitors: values.competitors ?? [],
      nextStep: blankToNull(values.nextStep),
    };
    if (values.forecastCategory) {
      body.forecastCategory = values.forecastCategory;
    }
    if (!deal && values.stageId) {
      body.stageId = values.stageId;
    }
    const payload = deal ? changedFields(deal, body) : body;
    if (deal && Object.keys(payload).length === 0) {
      onClose();
      return;
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
      title={deal ? t('deal.edit') : t('deal.new')}
      form={form}
      onClose={onClose}
      onFinish={onFinish}
      saving={save.isPending}
      testId="deal-drawer"
      width={600}
    >
      <Form.Item
        name="name"
        label={t('deal.name')}
        rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
      >
        <Input autoFocus maxLength={200} data-testid="deal-name" />
      </Form.Item>
      <Form.Item
        name="customerId"
        label={t('deal.customer')}
        rules={[{ required: true, message: t('validation.required') }]}
      >
        <RemoteSelect<Customer>
          path="/customers"
          labelOf={(c) => c.name}
          initialLabel={customerName}
          placeholder={t('customer.select')}
          // A deal stays with its customer; it is chosen when the deal is created.
          disabled={!!customerId || !!deal}
        />
      </Form.Item>
      <Row gutter={12}>
        {!deal && (
          <Col span={12}>
            <Form.Item name="stageId" label={t('deal.stage')}>
              <Select
                allowClear
                options={(stages.data ?? []).map((s) => ({ value: s.id, label: stageName(s, locale) }))}
              />
            </Form.Item>
          </Col>
        )}
        <Col span={12}>
          <Form.Item
            name="amount"
            label={t('deal.amountYuan')}
            extra={frozenHint ?? (fromLines ? t('deal.amountFromLines') : undefined)}
          >
            <InputNumber
              min={0}
              precision={2}
              style={{ width: '100%' }}
              disabled={frozen || fromLines}
              data-testid="deal-amount"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="expectedCloseDate" label={t('deal.expectedCloseDate')} extra={frozenHint}>
            <DatePicker style={{ width: '100%' }} disabled={frozen} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="probability" label={t('deal.probability')} extra={frozenHint}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} disabled={frozen} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="forecastCategory" label={t('deal.forecastCategory')} extra={frozenHint}>
            <Select allowClear options={enumOptions(t, 'forecastCategory')} disabled={frozen} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="competitors" label={t('deal.competitors')}>
        <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，']} />
      </Form.Item>
      <Form.Item name="nextStep" label={t('deal.nextStep')}>
        <Input maxLength={500} />
      </Form.Item>
    </FormDrawer>
  );
}
