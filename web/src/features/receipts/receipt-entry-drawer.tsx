import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, isApiError } from '../../app/api.ts';
import { FormDrawer, useFormErrors } from '../../app/components/form-drawer.tsx';
import { RemoteSelect } from '../../app/components/remote-select.tsx';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney, toMinor } from '../../app/money.ts';
import { useDebounced } from '../../app/use-debounced.ts';
import { useRecordReceipt } from './api.ts';
import { type AllocationPreview, RECEIPT_METHODS, type ReceiptDetail, type ReceiptMethod } from './types.ts';

interface Values {
  customerId?: string;
  receivedOn?: Dayjs;
  amount?: number;
  method: ReceiptMethod;
  billMaturityDate?: Dayjs;
  payerName?: string;
  bankReference?: string;
  notes?: string;
  mode: 'auto' | 'manual';
}

const day = (d: Dayjs | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** The live allocation preview of the entry drawer: what each installment would get, what is left. */
function usePreview(customerId: string | undefined, amount: number | null) {
  const key = useDebounced({ customerId, amount });
  return useQuery({
    queryKey: ['receipt-preview', key.customerId, key.amount],
    queryFn: ({ signal }) =>
      api<AllocationPreview>('/receipts/preview-allocation', {
        method: 'POST',
        body: { customerId: key.customerId, amount: key.amount, allocation: { mode: 'auto' } },
        signal,
      }),
    enabled: !!key.customerId && !!key.amount && key.amount > 0,
    retry: false,
  });
}

/** Finance records a receipt: customer, amount, method (acceptance bill with its maturity), allocation previewed as typed. */
export function ReceiptEntryDrawer({
  open,
  onClose,
  onRecorded,
}: {
  open: boolean;
  onClose(): void;
  onRecorded?(receipt: ReceiptDetail): void;
}) {
  const { t, locale, formatDate } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const record = useRecordReceipt();
  const onError = useFormErrors(form);
  // One key per opened drawer: a retried submit answers the first receipt instead of a second one.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [manual, setManual] = useState<Record<string, number | null>>({});
  const [partsError, setPartsError] = useState<string | null>(null);
  const customerId = Form.useWatch('customerId', form);
  const amountYuan = Form.useWatch('amount', form);
  const method = Form.useWatch('method', form);
  const mode = Form.useWatch('mode', form) ?? 'auto';
  const amount = toMinor(amountYuan);
  const preview = usePreview(customerId, amount);
  const currency = preview.data?.currency ?? 'CNY';
  const money = (v: number) => formatMoney(v, locale, currency);

  const rows = preview.data?.installments ?? [];
  const manualTotal = rows.reduce((s, r) => s + (toMinor(manual[r.id] ?? null) ?? 0), 0);
  const allocated = mode === 'manual' ? manualTotal : (preview.data?.allocated ?? 0);
  const prepayment = amount === null ? 0 : amount - allocated;

  const close = () => {
    form.resetFields();
    setManual({});
    setPartsError(null);
    setIdempotencyKey(crypto.randomUUID());
    onClose();
  };

  const submit = (v: Values) => {
    setPartsError(null);
    const parts = rows
      .map((r) => ({ installmentId: r.id, amount: toMinor(manual[r.id] ?? null) ?? 0 }))
      .filter((p) => p.amount > 0);
    record.mutate(
      {
        key: idempotencyKey,
        body: {
          customerId: v.customerId ?? '',
          receivedOn: day(v.receivedOn) ?? '',
          amount: toMinor(v.amount) ?? 0,
          method: v.method,
          billMaturityDate: v.method === 'acceptance_bill' ? (day(v.billMaturityDate) ?? null) : null,
          payerName: v.payerName?.trim() || null,
          bankReference: v.bankReference?.trim() || null,
          notes: v.notes?.trim() || null,
          allocation: v.mode === 'manual' ? { mode: 'manual', parts } : { mode: 'auto' },
        },
      },
      {
        onSuccess: (receipt) => {
          void message.success(t('receipt.recorded'));
          close();
          onRecorded?.(receipt);
        },
        onError: (error) => {
          // Errors about a manual part are shown above the preview table.
          if (isApiError(error) && error.details.some((d) => d.path.startsWith('allocation'))) {
            setPartsError(error.details.map((d) => d.message).join('; ') || error.message);
            return;
          }
          onError(error);
        },
      },
    );
  };

  const columns = [
    {
      key: 'installment',
      title: t('receipt.installment'),
      render: (_: unknown, r: (typeof rows)[number]) =>
        `${r.contractNumber} · ${r.seq}${r.label ? ` ${r.label}` : ''}`,
    },
    {
      key: 'due',
      title: t('receipt.dueDate'),
      render: (_: unknown, r: (typeof rows)[number]) => formatDate(r.dueDate),
    },
    {
      key: 'outstanding',
      title: t('receipt.outstanding'),
      align: 'right' as const,
      render: (_: unknown, r: (typeof rows)[number]) => money(r.outstanding),
    },
    {
      key: 'allocate',
      title: t('receipt.allocate'),
      align: 'right' as const,
      render: (_: unknown, r: (typeof rows)[number]) =>
        mode === 'manual' ? (
          <InputNumber
            size="small"
            min={0}
            max={r.outstanding / 100}
            precision={2}
            value={manual[r.id] ?? null}
            onChange={(v) => setManual((m) => ({ ...m, [r.id]: v }))}
            data-testid={`manual-${r.id}`}
          />
        ) : (
          money(r.allocate)
        ),
    },
  ];

  return (
    <FormDrawer<Values>
      open={open}
      title={t('receipt.new')}
      form={form}
      onClose={close}
      onFinish={submit}
      saving={record.isPending}
      testId="receipt-entry"
      width={760}
    >
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            name="customerId"
            label={t('receipt.customer')}
            rules={[{ required: true, message: t('receipt.required') }]}
          >
            <RemoteSelect<{ id: string; name: string }> path="/customers" labelOf={(c) => c.name} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            name="receivedOn"
            label={t('receipt.receivedOn')}
            initialValue={dayjs()}
            rules={[{ required: true, message: t('receipt.required') }]}
          >
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item
            name="amount"
            label={t('receipt.amount')}
            rules={[{ required: true, message: t('receipt.required') }]}
          >
            <InputNumber min={0.01} precision={2} style={{ width: '100%' }} data-testid="receipt-amount" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="method" label={t('receipt.method')} initialValue="bank_transfer">
            <Select options={RECEIPT_METHODS.map((m) => ({ value: m, label: t(`receipt.method.${m}`) }))} />
          </Form.Item>
        </Col>
        {method === 'acceptance_bill' && (
          <Col span={8}>
            <Form.Item
              name="billMaturityDate"
              label={t('receipt.billMaturityDate')}
              rules={[{ required: true, message: t('receipt.required') }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        <Col span={8}>
          <Form.Item name="payerName" label={t('receipt.payerName')}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="bankReference" label={t('receipt.bankReference')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="notes" label={t('receipt.notes')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item name="mode" label={t('receipt.allocationMode')} initialValue="auto">
        <Radio.Group
          options={[
            { value: 'auto', label: t('receipt.mode.auto') },
            { value: 'manual', label: t('receipt.mode.manual') },
          ]}
        />
      </Form.Item>
      <Typography.Title level={5}>{t('receipt.preview')}</Typography.Title>
      {partsError && <Alert type="error" showIcon title={partsError} style={{ marginBottom: 8 }} />}
      {preview.error && (
        <Alert type="error" showIcon title={preview.error.message} style={{ marginBottom: 8 }} />
      )}
      {!preview.data ? (
        <Typography.Paragraph type="secondary">{t('receipt.previewHint')}</Typography.Paragraph>
      ) : rows.length === 0 ? (
        <Alert type="info" showIcon title={t('receipt.noOpenInstallments')} style={{ marginBottom: 8 }} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={rows}
          columns={columns}
          data-testid="receipt-preview"
          style={{ marginBottom: 8 }}
        />
      )}
      {preview.data && (
        <Typography.Paragraph data-testid="receipt-prepayment">
          {t('receipt.allocated')}: {money(allocated)} · {t('receipt.prepayment')}:{' '}
          <Typography.Text type={prepayment < 0 ? 'danger' : undefined}>{money(prepayment)}</Typography.Text>
          {prepayment < 0 && amount !== null && (
            <Typography.Text type="danger">
              {' '}
              ({t('receipt.manualOver', { amount: money(amount) })})
            </Typography.Text>
          )}
        </Typography.Paragraph>
      )}
    </FormDrawer>
  );
}
