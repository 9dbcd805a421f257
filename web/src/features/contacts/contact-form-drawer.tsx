import { Col, Form, Input, Row, Select } from 'antd';
import { useEffect } from 'react';
import { api } from '../../app/api.ts';
import { blankToNull, changedFields, FormDrawer, useFormErrors } from '../../app/components/form-drawer.tsx';
import { RemoteSelect } from '../../app/components/remote-select.tsx';
import { enumOptions } from '../../app/enums.ts';
import { useT } from '../../app/i18n/index.tsx';
import { useWrite } from '../../app/records.ts';
import type { Customer } from '../customers/types.ts';
import { ConsentFields, type ConsentValues, consentBody, consentValues } from '../privacy/consent-fields.tsx';
import { EraseButton } from '../privacy/erase-button.tsx';
import type { Contact } from './types.ts';

interface Values extends ConsentValues {
  customerId?: string;
  name: string;
  title?: string;
  mobile?: string;
  email?: string;
  wechat?: string;
  decisionRole?: Contact['decisionRole'];
  attitude?: Contact['attitude'];
  reportsToId?: string | null;
}

interface Props {
  open: boolean;
  contact?: Contact;
  /** Fixed customer (opened from a customer page). */
  customerId?: string;
  onClose(): void;
  onSaved?(contact: Contact): void;
}

export function ContactFormDrawer({ open, contact, customerId, onClose, onSaved }: Props) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const onError = useFormErrors(form, { onStale: onClose });
  const chosenCustomer = Form.useWatch('customerId', form) ?? customerId ?? contact?.customerId;
  const save = useWrite(
    (body: Partial<Contact>) =>
      contact
        ? api<Contact>(`/contacts/${contact.id}`, { method: 'PATCH', body, version: contact.version })
        : api<Contact>('/contacts', { method: 'POST', body }),
    ['contacts', 'customers'],
  );

  useEffect(() => {
    if (!open) {
      return;
    }
    form.resetFields();
    if (contact) {
      form.setFieldsValue({
        ...contact,
        title: contact.title ?? '',
        mobile: contact.mobile ?? '',
        email: contact.email ?? '',
        wechat: contact.wechat ?? '',
        ...consentValues(contact),
      });
    } else if (customerId) {
      form.setFieldsValue({ customerId });
    }
  }, [open, contact, customerId, form]);

  const onFinish = (values: Values) => {
    const body: Partial<Contact> = {
      name: values.name.trim(),
      title: blankToNull(values.title),
      mobile: blankToNull(values.mobile),
      email: blankToNull(values.email),
      wechat: blankToNull(values.wechat),
      decisionRole: values.decisionRole ?? null,
      attitude: values.attitude ?? null,
      reportsToId: values.reportsToId ?? null,
    };
    // Only changed fields go out, so a masked value shown in the form is never sent back.
    const payload = contact
      ? { ...changedFields(contact, body), ...consentBody(values, contact) }
      : { ...body, ...consentBody(values, undefined), customerId: values.customerId ?? customerId };
    if (contact && Object.keys(payload).length === 0) {
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
      title={contact ? t('contact.edit') : t('contact.new')}
      form={form}
      onClose={onClose}
      onFinish={onFinish}
      saving={save.isPending}
      testId="contact-drawer"
    >
      {!contact && !customerId && (
        <Form.Item
          name="customerId"
          label={t('contact.customer')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <RemoteSelect<Customer>
            path="/customers"
            labelOf={(c) => c.name}
            placeholder={t('customer.select')}
            data-testid="contact-customer"
          />
        </Form.Item>
      )}
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            name="name"
            label={t('contact.name')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
          >
            <Input autoFocus maxLength={100} data-testid="contact-name" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="title" label={t('contact.jobTitle')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="mobile" label={t('contact.mobile')}>
            <Input maxLength={32} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="email"
            label={t('contact.email')}
            rules={[{ type: 'email', message: t('validation.email') }]}
          >
            <Input maxLength={254} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="wechat" label={t('contact.wechat')}>
            <Input maxLength={64} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="reportsToId" label={t('contact.reportsTo')}>
            <RemoteSelect<Contact>
              path="/contacts"
              query={{ customerId: chosenCustomer }}
              labelOf={(c) => (c.title ? `${c.name} · ${c.title}` : c.name)}
              disabled={!chosenCustomer}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="decisionRole" label={t('contact.decisionRole')}>
            <Select allowClear options={enumOptions(t, 'decisionRole')} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="attitude" label={t('contact.attitude')}>
            <Select allowClear options={enumOptions(t, 'attitude')} />
          </Form.Item>
        </Col>
        <ConsentFields />
      </Row>
      {contact && <EraseButton entity="contact" record={contact} onErased={onClose} />}
    </FormDrawer>
  );
}
