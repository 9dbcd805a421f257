import { Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { CreateButton } from '../../app/components/create-button.tsx';
import { type ListColumn, ListPage } from '../../app/components/list-page.tsx';
import { PageTitle } from '../../app/components/page-title.tsx';
import { ENUM_COLORS, enumLabel, enumOptions } from '../../app/enums.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { useReveal } from '../privacy/reveal-button.tsx';
import { ContactFormDrawer } from './contact-form-drawer.tsx';
import type { Contact } from './types.ts';

export default function ContactsPage() {
  const { t, formatDateTime } = useI18n();
  const [editing, setEditing] = useState<{ contact?: Contact } | null>(null);
  const personal = useReveal('contact');
  const columns: ListColumn<Contact>[] = [
    {
      key: 'name',
      title: t('contact.name'),
      fixed: 'left',
      sort: 'name',
      render: (c) => (
        <Typography.Link onClick={() => setEditing({ contact: c })}>
          {c.erasedAt ? t('privacy.erasedPerson') : c.name}
        </Typography.Link>
      ),
    },
    {
      key: 'customer',
      title: t('contact.customer'),
      render: (c) => <Link to={`/customers/${c.customerId}`}>{t('common.view')}</Link>,
    },
    { key: 'title', title: t('contact.jobTitle'), render: (c) => c.title ?? t('common.none') },
    {
      key: 'mobile',
      title: t('contact.mobile'),
      render: (c) => (
        <>
          {personal.valuesOf(c).mobile ?? t('common.none')} {personal.buttonFor(c)}
        </>
      ),
    },
    {
      key: 'email',
      title: t('contact.email'),
      optional: true,
      render: (c) => personal.valuesOf(c).email ?? t('common.none'),
    },
    {
      key: 'wechat',
      title: t('contact.wechat'),
      optional: true,
      render: (c) => personal.valuesOf(c).wechat ?? t('common.none'),
    },
    {
      key: 'decisionRole',
      title: t('contact.decisionRole'),
      render: (c) => enumLabel(t, 'decisionRole', c.decisionRole),
    },
    {
      key: 'attitude',
      title: t('contact.attitude'),
      render: (c) =>
        c.attitude ? (
          <Tag color={ENUM_COLORS[c.attitude]}>{enumLabel(t, 'attitude', c.attitude)}</Tag>
        ) : (
          t('common.none')
        ),
    },
    {
      key: 'updatedAt',
      title: t('common.updatedAt'),
      sort: 'updatedAt',
      optional: true,
      render: (c) => formatDateTime(c.updatedAt),
    },
  ];
  return (
    <>
      <PageTitle title={t('contact.title')} />
      <ListPage<Contact>
        entity="contacts"
        path="/contacts"
        columns={columns}
        defaultSort="name"
        testId="contacts-table"
        emptyText={t('contact.empty')}
        exportPath="/exports/contacts"
        renderFilters={(filters, set) => (
          <>
            <Select
              allowClear
              placeholder={t('contact.decisionRole')}
              value={filters.decisionRole as string | undefined}
              onChange={(v) => set('decisionRole', v)}
              options={enumOptions(t, 'decisionRole')}
              style={{ width: 130 }}
            />
            <Select
              allowClear
              placeholder={t('contact.attitude')}
              value={filters.attitude as string | undefined}
              onChange={(v) => set('attitude', v)}
              options={enumOptions(t, 'attitude')}
              style={{ width: 110 }}
            />
          </>
        )}
        actions={<CreateButton label={t('contact.new')} onClick={() => setEditing({})} />}
      />
      <ContactFormDrawer
        open={editing !== null}
        contact={editing?.contact}
        onClose={() => setEditing(null)}
      />
    </>
  );
}
