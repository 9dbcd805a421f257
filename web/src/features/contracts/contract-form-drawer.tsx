import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, DatePicker, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { api } from '../../app/api.ts';
import { blankToNull, FormDrawer, useFormErrors } from '../../app/components/form-drawer.tsx';
import { RemoteSelect } from '../../app/components/remote-select.tsx';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney, toMajor, toMinor } from '../../app/money.ts';
import { useWrite } from '../../app/records.ts';
import { useMe } from '../../app/session.tsx';
import type { Customer } from '../customers/types.ts';
import { statusLabel } from './contract-rules.tsx';
import type { ContractDetail } from './types.ts';

interface LineValues {
  productId?: string | null;
  description?: string;
  quantity?: number | null;
  unitPrice?: number | null;
  discount?: number | null;
}

interface Values {
  customerId?: string;
  title?: string;
  amount?: number | null;
  signDate?: Dayjs | null;
  startDate?: Dayjs | null;
  endDate?: Dayjs | null;
  paymentTerms?: string;
  creditDays?: number | null;
  lines?: LineValues[];
  revisionReason?: string;
}

type Mode =
  | { kind: 'new'; customerId?: string; customerName?: string }
  | { kind: 'deal'; dealId: string; dealName: string }
  | { kind: 'edit'; contract: ContractDetail };

interface Props {
  open: boolean;
  mode: Mode;
  onClose(): void;
  onSaved?(contract: ContractDetail): void;
}

const day = (v: string | null | undefined) => (v ? dayjs(v) : null);
const iso = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);

/** Line amount as the server computes it: quantity × unit price less the discount, rounded once. */
function lineMinor(l: LineValues): number {
  const unit = toMinor(l.unitPrice) ?? 0;
  const bp = Math.round((l.discount ?? 0) * 100);
  return Math.round(((l.quantity ?? 0) * unit * (10_000 - bp)) / 10_000);
}

/**
 * Creates a contract (for a customer, or from a won deal: its customer, owner, amount and lines carry
 * over) or edits one; an approved or active contract asks for the reason of the change (a new revision).
 */
export function ContractFormDrawer({ open, mode, onClose, onSaved }: Props) {
  const { t, locale } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const onError = useFormErrors(form, { onStale: onClose });
  const contract = mode.kind === 'edit' ? mode.contract : undefined;
  const revising = !!contract && (contract.status === 'approved' || contract.status === 'active');
  const fromDeal = mode.kind === 'deal';
  const lines = Form.useWatch('lines', form) ?? [];
  const linesTotal = lines.reduce((s, l) => s + (l ? lineMinor(l) : 0), 0);

  const save = useWrite(
    (body: Record<string, unknown>) => {
      if (mode.kind === 'edit') {
        return api<ContractDetail>(`/contracts/${mode.contract.id}`, {
          method: 'PATCH',
          body,
          version: mode.contract.version,
        });
      }
      if (mode.kind === 'deal') {
        return api<ContractDetail>(`/deals/${mode.dealId}/contract`, { method: 'POST', body });
      }
      return api<ContractDetail>('/contracts', { method: 'POST', body });
    },
    ['contracts', 'deals', 'customers'],
  );

  const modeKey =
    mode.kind === 'edit'
      ? `edit:${mode.contract.id}:${mode.contract.version}`
      : mode.kind === 'deal'
        ? `deal:${mode.dealId}`
        : `new:${mode.customerId ?? ''}`;
  // Filled when the drawer opens (or the record it edits changes), not on every render of the parent,
  // which passes a fresh `mode` object each time.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by modeKey on purpose (see above)
  useEffect(() => {
    if (!open) {
      return;
    }
    form.resetFields();
    if (contract) {
      form.setFieldsValue({
        title: contract.title,
        amount: toMajor(contract.amount),
        signDate: day(contract.signDate),
        startDate: day(contract.startDate),
        endDate: day(contract.endDate),
        paymentTerms: contract.paymentTerms ?? '',
        creditDays: contract.creditDays,
        lines: contract.lines.map((l) => ({
          productId: l.productId,
          description: l.description,
          quantity: l.quantity,
          unitPrice: toMajor(l.unitPrice),
          discount: l.discountBp / 100,
        })),
      });
    } else if (mode.kind === 'new') {
      form.setFieldsValue({ customerId: mode.customerId, lines: [] });
    } else if (mode.kind === 'deal') {
      form.setFieldsValue({ title: mode.dealName });
    }
  }, [open, modeKey, form]);

  const onFinish = (v: Values) => {
    const terms = {
      signDate: iso(v.signDate),
      startDate: iso(v.startDate),
      endDate: iso(v.endDate),
      paymentTerms: blankToNull(v.paymentTerms),
      creditDays: v.creditDays ?? null,
    };
    const lineBody = (v.lines ?? []).map((l) => ({
      ...(l.productId ? { productId: l.productId } : {}),
      description: l.description?.trim() ?? '',
      quantity: l.quantity ?? 0,
      unitPrice: toMinor(l.unitPrice) ?? 0,
      discountBp: Math.round((l.discount ?? 0) * 100),
    }));
    let body: Record<string, unknown>;
    if (mode.kind === 'deal') {
      body = { title: v.title?.trim() || undefined, ...terms };
    } else if (mode.kind === 'new') {
      body = {
        customerId: v.customerId,
        title: v.title?.trim(),
        amount: toMinor(v.amount) ?? 0,
        ...terms,
        ...(lineBody.length > 0 ? { lines: lineBody } : {}),
      };
    } else {
      const c = mode.contract;
      const next: Record<string, unknown> = {
        title: v.title?.trim(),
        amount: toMinor(v.amount) ?? 0,
        ...terms,
      };
      body = Object.fromEntries(
        Object.entries(next).filter(
          ([k, value]) =>
            JSON.stringify((c as Record<string, unknown>)[k] ?? null) !== JSON.stringify(value ?? null),
        ),
      );
      const oldLines = c.lines.map((l) => ({
        ...(l.productId ? { productId: l.productId } : {}),
        description: l.description,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        discountBp: l.discountBp,
      }));
      if (JSON.stringify(oldLines) !== JSON.stringify(lineBody)) {
        body.lines = lineBody;
      }
      if (Object.keys(body).length === 0) {
        onClose();
        return;
      }
      if (revising) {
        body.revisionReason = v.revisionReason?.trim();
      }
    }
    save.mutate(body, {
      onSuccess: (saved) => {
        onSaved?.(saved);
        onClose();
      },
      onError,
    });
  };

  const required = { required: true, whitespace: true, message: t('validation.required') };
  const money = (minor: number) => formatMoney(minor, locale, me.org.currency);

  return (
    <FormDrawer<Values>
      open={open}
      title={contract ? t('contract.edit') : fromDeal ? t('contract.createFromDeal') : t('contract.new')}
      form={form}
      onClose={onClose}
      onFinish={onFinish}
      saving={save.isPending}
      testId="contract-drawer"
      width={720}
    >
      {fromDeal && (
        <Alert type="info" showIcon message={t('contract.createFromDealHint')} style={{ marginBottom: 16 }} />
      )}
      {revising && contract && (
        <Alert
          type="warning"
          showIcon
          message={t('contract.revisionReasonHint', { status: statusLabel(t, contract.status) })}
          style={{ marginBottom: 16 }}
        />
      )}
      {mode.kind === 'new' && (
        <Form.Item
          name="customerId"
          label={t('contract.customer')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <RemoteSelect<Customer>
            path="/customers"
            labelOf={(c) => c.name}
            initialLabel={mode.customerName}
            placeholder={t('customer.select')}
            disabled={!!mode.customerId}
            data-testid="contract-customer"
          />
        </Form.Item>
      )}
      <Form.Item name="title" label={t('contract.name')} rules={fromDeal ? [] : [required]}>
        <Input autoFocus maxLength={200} data-testid="contract-title" />
      </Form.Item>
      {!fromDeal && (
        <Form.Item
          name="amount"
          label={t('contract.amount')}
          extra={
            lines.length > 0
              ? `${t('contract.amountFromLines')} ${t('contract.linesTotal', { amount: money(linesTotal) })}`
              : undefined
          }
          rules={[
            { required: true, message: t('validation.required') },
            { type: 'number', min: 0.01, message: t('contract.amountPositive') },
          ]}
        >
          <InputNumber min={0} precision={2} style={{ width: 240 }} data-testid="contract-amount" />
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="signDate" label={t('contract.signDate')}>
            <DatePicker style={{ width: '100%' }} data-testid="contract-sign-date" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="startDate" label={t('contract.startDate')}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="endDate"
            label={t('contract.endDate')}
            dependencies={['startDate']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: Dayjs | null) => {
                  const start = getFieldValue('startDate') as Dayjs | null;
                  return value && start && value.isBefore(start, 'day')
                    ? Promise.reject(new Error(t('contract.endBeforeStart')))
                    : Promise.resolve();
                },
              }),
            ]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={16}>
          <Form.Item name="paymentTerms" label={t('contract.paymentTerms')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="creditDays" label={t('contract.creditDays')}>
            <InputNumber min={0} max={3650} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {!fromDeal && (
        <>
          <Typography.Title level={5}>{t('contract.lines')}</Typography.Title>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline" wrap style={{ display: 'flex', marginBottom: 4 }}>
                    <Form.Item name={[field.name, 'productId']} hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[field.name, 'description']} rules={[required]} style={{ width: 240 }}>
                      <Input
                        placeholder={t('contract.description')}
                        maxLength={500}
                        aria-label={t('contract.description')}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'quantity']}
                      rules={[{ required: true, message: t('validation.required') }]}
                    >
                      <InputNumber
                        min={1}
                        precision={0}
                        placeholder={t('contract.quantity')}
                        aria-label={t('contract.quantity')}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'unitPrice']}
                      rules={[{ required: true, message: t('validation.required') }]}
                    >
                      <InputNumber
                        min={0}
                        precision={2}
                        placeholder={t('contract.unitPrice')}
                        aria-label={t('contract.unitPrice')}
                        style={{ width: 130 }}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'discount']}>
                      <InputNumber
                        min={0}
                        max={100}
                        precision={2}
                        placeholder={t('contract.discount')}
                        aria-label={t('contract.discount')}
                      />
                    </Form.Item>
                    <Typography.Text type="secondary">
                      {money(lineMinor(lines[field.name] ?? {}))}
                    </Typography.Text>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t('common.delete')}
                      onClick={() => remove(field.name)}
                    />
                  </Space>
                ))}
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ quantity: 1, discount: 0 })}
                  style={{ marginBottom: 16 }}
                  data-testid="contract-add-line"
                >
                  {t('contract.addLine')}
                </Button>
              </>
            )}
          </Form.List>
        </>
      )}
      {revising && (
        <Form.Item name="revisionReason" label={t('contract.revisionReason')} rules={[required]}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="contract-revision-reason" />
        </Form.Item>
      )}
    </FormDrawer>
  );
}
