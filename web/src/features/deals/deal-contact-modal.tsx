import { App, Form, Input } from 'antd';
import { useEffect } from 'react';
import { api } from '../../app/api.ts';
import { blankToNull, FormModal, useFormErrors } from '../../app/components/form-drawer.tsx';
import { RemoteSelect } from '../../app/components/remote-select.tsx';
import { enumLabel } from '../../app/enums.ts';
import { useT } from '../../app/i18n/index.tsx';
import { ALL_SALES, useWrite } from '../../app/records.ts';
import type { Contact } from '../contacts/types.ts';

interface Values {
  contactId?: string;
  role?: string;
}

/**
 * Links a contact of the deal's customer to the deal, with the part they play in it (e.g. 技术评估);
 * linking one already linked changes their part.
 */
export function DealContactModal({
  deal,
  open,
  onClose,
}: {
  deal: { id: string; customerId: string };
  open: boolean;
  onClose(): void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const onError = useFormErrors(form);
  const save = useWrite(
    (body: object) => api(`/deals/${deal.id}/contacts`, { method: 'POST', body }),
    ALL_SALES,
  );
  useEffect(() => {
    if (open) {
      form.resetFields();
    }
  }, [open, form]);

  return (
    <FormModal<Values>
      open={open}
      title={t('deal.addContact')}
      form={form}
      onClose={onClose}
      onFinish={(values) =>
        save.mutate(
          { contactId: values.contactId, role: blankToNull(values.role) },
          {
            onSuccess: () => {
              void message.success(t('common.saved'));
              onClose();
            },
            onError,
          },
        )
      }
      saving={save.isPending}
      testId="deal-contact"
    >
      <Form.Item
        name="contactId"
        label={t('deal.contact')}
        rules={[{ required: true, message: t('validation.required') }]}
        extra={t('deal.contactHint')}
      >
        <RemoteSelect<Contact>
          path="/contacts"
          query={{ customerId: deal.customerId }}
          labelOf={(c) =>
            [c.name, c.title, c.decisionRole ? enumLabel(t, 'decisionRole', c.decisionRole) : null]
              .filter(Boolean)
              .join(' · ')
          }
          placeholder={t('deal.selectContact')}
          allowClear={false}
          autoFocus
          notFoundContent={t('deal.noContacts')}
          data-testid="deal-contact-select"
        />
      </Form.Item>
      <Form.Item name="role" label={t('deal.contactRole')}>
        <Input
          maxLength={100}
          placeholder={t('deal.contactRolePlaceholder')}
          data-testid="deal-contact-role"
        />
      </Form.Item>
    </FormModal>
  );
}
