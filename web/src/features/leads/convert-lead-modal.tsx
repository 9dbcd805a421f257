import { App, Button, DatePicker, Divider, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, isApiError } from '../../app/api.ts';
import { blankToNull, useFormErrors } from '../../app/components/form-drawer.tsx';
import { RemoteSelect } from '../../app/components/remote-select.tsx';
import { clearServerErrors } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { toMajor, toMinor } from '../../app/money.ts';
import { ALL_SALES, useWrite } from '../../app/records.ts';
import { useDuplicatesDialog } from '../customers/duplicate-candidates.tsx';
import type { Customer, DuplicateCandidate } from '../customers/types.ts';
import { stageName, useStages } from '../deals/stages.ts';
import type { LeadConversion as Conversion, Lead } from './types.ts';

interface Values {
  customerMode: 'new' | 'existing';
  existingId?: string;
  customerName?: string;
  contactName?: string;
  contactTitle?: string;
  dealName: string;
  amount?: number | null;
  expectedCloseDate?: Dayjs | null;
  stageKey?: string;
}

/**
 * Converts a lead into customer (new or existing) + contact + deal in one server transaction; on
 * success the new deal opens. A working lead is converted with `force` (the server decides).
 */
export function ConvertLeadModal({ open, lead, onClose }: { open: boolean; lead: Lead; onClose(): void }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const duplicatesDialog = useDuplicatesDialog();
  const [form] = Form.useForm<Values>();
  const onError = useFormErrors(form);
  const stages = useStages();
  const mode = Form.useWatch('customerMode', form);
  const convert = useWrite(
    (body: object) =>
      api<Conversion>(`/leads/${lead.id}/convert`, { method: 'POST', body, version: lead.version }),
    ALL_SALES,
  );

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({
        customerMode: 'new',
        customerName: lead.company ?? lead.name,
        contactName: lead.name,
        contactTitle: lead.title ?? '',
        dealName: `${lead.company ?? lead.name}`,
        amount: toMajor(lead.budgetAmount),
      });
    }
  }, [open, lead, form]);

  /**
   * A new customer that collides with existing ones: list them; the user converts into one they can
   * see, or (same name only) creates another anyway.
   */
  const showDuplicates = (candidates: DuplicateCandidate[], byCode: boolean, values: Values) =>
    duplicatesDialog({
      candidates,
      byCode,
      text: t('lead.convertDuplicateText'),
      actionOf: (candidate, close) => (
        <Button
          size="small"
          onClick={() => {
            close();
            form.setFieldsValue({ customerMode: 'existing', existingId: candidate.id });
          }}
          data-testid="convert-use-candidate"
        >
          {t('lead.convertUseThis')}
        </Button>
      ),
      createAnyway: () => onFinish(values, true),
      createAnywayId: 'convert-create-anyway',
    });

  const onFinish = (values: Values, allowSameName = false) => {
    convert.mutate(
      {
        customer:
          values.customerMode === 'existing'
            ? { existingId: values.existingId }
            : { name: (values.customerName ?? '').trim(), ...(allowSameName ? { allowSameName } : {}) },
        contact: {
          name: blankToNull(values.contactName) ?? undefined,
          title: blankToNull(values.contactTitle),
        },
        deal: {
          name: values.dealName.trim(),
          amount: toMinor(values.amount) ?? 0,
          expectedCloseDate: values.expectedCloseDate ? values.expectedCloseDate.format('YYYY-MM-DD') : null,
          ...(values.stageKey ? { stageKey: values.stageKey } : {}),
        },
        force: lead.status !== 'qualified',
      },
      {
        onSuccess: (result) => {
          void message.success(t('lead.converted'));
          onClose();
          void navigate(result.dealId ? `/deals/${result.dealId}` : `/customers/${result.customerId}`);
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 409 && error.candidates.length > 0) {
            showDuplicates(
              error.candidates as DuplicateCandidate[],
              error.details.some((d) => d.path === 'customer.creditCode'),
              values,
            );
            return;
          }
          onError(error);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('lead.convertTitle', { name: lead.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('lead.convert')}
      okButtonProps={{ loading: convert.isPending, id: 'convert-submit' }}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={560}
    >
      <Form<Values>
        form={form}
        onValuesChange={(changed) => clearServerErrors(form, changed)}
        layout="vertical"
        onFinish={(values) => onFinish(values)}
        data-testid="convert-form"
      >
        <Divider titlePlacement="start">{t('lead.convertCustomer')}</Divider>
        <Form.Item name="customerMode">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'new', label: t('lead.convertNew') },
              { value: 'existing', label: t('lead.convertExisting') },
            ]}
          />
        </Form.Item>
        {mode === 'existing' ? (
          <Form.Item
            name="existingId"
            label={t('lead.convertExisting')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <RemoteSelect<Customer>
              path="/customers"
              labelOf={(c) => c.name}
              placeholder={t('customer.select')}
              data-testid="convert-existing"
            />
          </Form.Item>
        ) : (
          <Form.Item
            name="customerName"
            label={t('lead.convertNewName')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
          >
            <Input maxLength={200} data-testid="convert-customer-name" />
          </Form.Item>
        )}
        <Divider titlePlacement="start">{t('lead.convertContact')}</Divider>
        <Form.Item name="contactName" label={t('lead.convertContactName')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="contactTitle" label={t('contact.jobTitle')}>
          <Input maxLength={100} />
        </Form.Item>
        <Divider titlePlacement="start">{t('lead.convertDeal')}</Divider>
        <Form.Item
          name="dealName"
          label={t('lead.convertDealName')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input autoFocus maxLength={200} data-testid="convert-deal-name" />
        </Form.Item>
        <Form.Item name="amount" label={t('deal.amountYuan')}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="convert-amount" />
        </Form.Item>
        <Form.Item name="expectedCloseDate" label={t('deal.expectedCloseDate')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="stageKey" label={t('deal.stage')}>
          <Select
            allowClear
            options={(stages.data ?? []).map((s) => ({ value: s.key, label: stageName(s, locale) }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
