import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../app/api.ts';
import { PageTitle } from '../../app/components/page-title.tsx';
import { useShowError } from '../../app/errors.ts';
import { useT } from '../../app/i18n/index.tsx';
import type { MessageKey } from '../../app/i18n/zh-CN.ts';
import { useWrite } from '../../app/records.ts';
import type { PrivacySettings } from './types.ts';

const ROLES = ['director', 'sales_ops'] as const;

/** Admin: which whole-org roles see contacts' and leads' personal data in full. */
export default function PrivacySettingsPage() {
  const t = useT();
  const { message } = App.useApp();
  const showError = useShowError();
  const record = useQuery({
    queryKey: ['privacy-settings'],
    queryFn: ({ signal }) => api<PrivacySettings>('/privacy-settings', { signal }),
  });
  const [roles, setRoles] = useState<string[]>([]);
  useEffect(() => {
    if (record.data) {
      setRoles(record.data.personalDataRoles);
    }
  }, [record.data]);
  const save = useWrite(
    (body: { personalDataRoles: string[] }) =>
      api<PrivacySettings>('/privacy-settings', { method: 'PATCH', body, version: record.data?.version }),
    ['privacy-settings'],
  );
  return (
    <>
      <PageTitle title={t('privacy.settingsTitle')} />
      <Card loading={record.isPending} style={{ maxWidth: 720 }}>
        <Typography.Paragraph>{t('privacy.settingsExplain')}</Typography.Paragraph>
        <Space direction="vertical">
          <Typography.Text strong>{t('privacy.grantedRoles')}</Typography.Text>
          <Checkbox.Group
            value={roles}
            onChange={(v) => setRoles(v as string[])}
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
            data-testid="privacy-roles"
          />
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { personalDataRoles: roles },
                { onSuccess: () => void message.success(t('privacy.saved')), onError: showError },
              )
            }
            data-testid="privacy-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      </Card>
    </>
  );
}
