import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api.ts';
import { useShowError } from '../../app/errors.ts';
import { useT } from '../../app/i18n/index.tsx';
import { useWrite } from '../../app/records.ts';
import { useMe } from '../../app/session.tsx';
import type { PersonEntity } from './types.ts';

interface Props {
  entity: PersonEntity;
  record: { id: string; name: string; version: number; erasedAt: string | null };
  onErased?(): void;
}

/** Admin only: erase one person's personal data, confirmed by typing their name. */
export function EraseButton({ entity, record, onErased }: Props) {
  const t = useT();
  const me = useMe();
  const { message } = App.useApp();
  const showError = useShowError();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const erase = useWrite(
    () =>
      api(`/${entity}s/${record.id}/erase`, {
        method: 'POST',
        body: { confirmName: typed },
        version: record.version,
      }),
    ['contacts', 'leads', 'customers', 'activities'],
  );
  if (me.role !== 'admin' || record.erasedAt) {
    return null;
  }
  const close = () => {
    setOpen(false);
    setTyped('');
  };
  return (
    <>
      <Button danger icon={<DeleteOutlined />} onClick={() => setOpen(true)} data-testid="erase-person">
        {t('privacy.erase')}
      </Button>
      <Modal
        open={open}
        title={t('privacy.eraseTitle')}
        okText={t('privacy.erase')}
        okButtonProps={{
          danger: true,
          disabled: typed.trim() !== record.name.trim(),
          loading: erase.isPending,
        }}
        onCancel={close}
        onOk={() =>
          erase.mutate(undefined, {
            onSuccess: () => {
              void message.success(t('privacy.erased'));
              close();
              onErased?.();
            },
            onError: showError,
          })
        }
      >
        <Typography.Paragraph>{t('privacy.eraseExplain')}</Typography.Paragraph>
        <Typography.Paragraph>
          {t('privacy.eraseConfirm')} <Typography.Text strong>{record.name}</Typography.Text>
        </Typography.Paragraph>
        <Input value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="erase-confirm-name" />
      </Modal>
    </>
  );
}
