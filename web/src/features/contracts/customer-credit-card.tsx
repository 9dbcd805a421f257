import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Form, InputNumber } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../app/api.ts';
import { FormModal, useFormErrors } from '../../app/components/form-drawer.tsx';
import { useI18n } from '../../app/i18n/index.tsx';
import { formatMoney, toMajor, toMinor } from '../../app/money.ts';
import { useWrite } from '../../app/records.ts';
import { useMe } from '../../app/session.tsx';
import type { CustomerCredit } from './types.ts';

/** The customer page's credit terms: limit, credit days and open receivables; finance edits them. */
export function CustomerCreditCard({ customerId }: { customerId: string }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const credit = useQuery({
    queryKey: ['customers', 'credit', customerId],
    queryFn: ({ signal }) => api<CustomerCredit>(`/customers/${customerId}/credit`, { signal }),
  });
  const c = credit.data;
  const money = (minor: number) => formatMoney(minor, locale, me.org.currency);
  const canEdit = me.role === 'finance' || me.role === 'admin';
  return (
    <Card
      size="small"
      title={t('contract.customerCredit')}
      style={{ marginBottom: 16 }}
      loading={credit.isPending}
      data-testid="customer-credit"
      extra={
        canEdit &&
        c && (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing(true)}
            data-testid="customer-credit-edit"
          >
            {t('contract.editCredit')}
          </Button>
        )
      }
    >
      {c && (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('contract.creditLimit')}>
            <span data-testid="customer-credit-limit">
              {c.creditLimit === null ? t('contract.noLimit') : money(c.creditLimit)}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('contract.creditDays')}>
            {c.effectiveCreditDays} {c.creditDays === null && t('contract.defaultCreditDays')}
          </Descriptions.Item>
          <Descriptions.Item label={t('contract.openReceivables')}>
            {money(c.openReceivables)}
          </Descriptions.Item>
        </Descriptions>
      )}
      {c && <CreditModal credit={c} open={editing} onClose={() => setEditing(false)} />}
    </Card>
  );
}

interface Values {
  creditLimit?: number | null;
  creditDays?: number | null;
}

function CreditModal({ credit, open, onClose }: { credit: CustomerCredit; open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const onError = useFormErrors(form, { onStale: onClose });
  const save = useWrite(
    (body: { creditLimit: number | null; creditDays: number | null }) =>
      api<CustomerCredit>(`/customers/${credit.customerId}/credit`, {
        method: 'PUT',
        body,
        version: credit.version,
      }),
    ['customers', 'contracts'],
  );
  useEffect(() => {
    if (open) {
      form.setFieldsValue({ creditLimit: toMajor(credit.creditLimit), creditDays: credit.creditDays });
    }
  }, [open, credit, form]);
  return (
    <FormModal<Values>
      open={open}
      title={t('contract.editCredit')}
      form={form}
      onClose={onClose}
      saving={save.isPending}
      testId="customer-credit"
      onFinish={(v) =>
        save.mutate(
          { creditLimit: toMinor(v.creditLimit ?? null), creditDays: v.creditDays ?? null },
          { onSuccess: onClose, onError },
        )
      }
    >
      <Form.Item name="creditLimit" label={t('contract.creditLimit')} extra={t('contract.creditLimitHint')}>
        <InputNumber
          autoFocus
          min={0}
          precision={2}
          style={{ width: 240 }}
          data-testid="customer-credit-limit-input"
        />
      </Form.Item>
      <Form.Item name="creditDays" label={t('contract.creditDays')} extra={t('contract.creditDaysHint')}>
        <InputNumber min={0} max={3650} precision={0} style={{ width: 240 }} />
      </Form.Item>
    </FormModal>
  );
}
