import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Form, Radio, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../app/api.ts';
import { PageTitle } from '../../app/components/page-title.tsx';
import { useShowError } from '../../app/errors.ts';
import { useT } from '../../app/i18n/index.tsx';
import type { MessageKey } from '../../app/i18n/zh-CN.ts';
import { useWrite } from '../../app/records.ts';
import { ACCESS_LEVELS, type AccessLevel, type PrivacySettings } from './types.ts';

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
  const [access, setAccess] = useState<PrivacySettings['personalDataAccess'] | null>(null);
  useEffect(() => {
    if (record.data) {
      setAccess(record.data.personalDataAccess);
    }
  }, [record.data]);
  const save = useWrite(
    (body: { personalDataAccess: PrivacySettings['personalDataAccess'] }) =>
      api<PrivacySettings>('/privacy-settings', { method: 'PATCH', body, version: record.data?.version }),
    ['privacy-settings'],
  );
  return (
    <>
      <PageTitle title={t('privacy.settingsTitle')} />
      <Card loading={record.isPending} style={{ maxWidth: 720 }}>
        <Typography.Paragraph>{t('privacy.settingsExplain')}</Typography.Paragraph>
        <Space direction="vertical">
          <Form layout="horizontal" labelCol={{ span: 6 }}>
            {ROLES.map((r) => (
              <Form.Item key={r} label={t(`role.${r}` as MessageKey)}>
                <Radio.Group
                  value={access?.[r]}
                  onChange={(e) => access && setAccess({ ...access, [r]: e.target.value as AccessLevel })}
                  options={ACCESS_LEVELS.map((l) => ({
                    value: l,
                    label: t(`privacy.level.${l}` as MessageKey),
                  }))}
                  data-testid={`privacy-${r}`}
                />
              </Form.Item>
            ))}
          </Form>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() =>
              save.mutate(
                { personalDataAccess: access ?? { director: 'masked', sales_ops: 'masked' } },
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
