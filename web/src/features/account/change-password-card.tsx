import { App, Button, Card, Form, Input, Typography } from 'antd';
import { applyFieldErrors, clearServerErrors, useShowError } from '../../app/errors.ts';
import { useT } from '../../app/i18n/index.tsx';
import { passwordRules } from '../../app/password-rules.ts';
import { useMe } from '../../app/session.tsx';
import { useChangePassword } from './api.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export function ChangePasswordCard() {
  const t = useT();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const showError = useShowError();

  const onFinish = ({ currentPassword, newPassword }: Values) => {
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('account.passwordChanged'));
        },
        onError: (error) => {
          if (!applyFieldErrors(form, error, ['currentPassword', 'newPassword'])) {
            showError(error);
          }
        },
      },
    );
  };

  return (
    <Card title={t('account.changePassword')}>
      <Typography.Paragraph type="secondary">{t('account.passwordRules')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        onValuesChange={(changed) => clearServerErrors(form, changed)}
        layout="vertical"
        onFinish={onFinish}
        style={{ maxWidth: 400 }}
      >
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={me.email} readOnly hidden />
        <Form.Item
          name="currentPassword"
          label={t('account.currentPassword')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          rules={passwordRules(t, () => me.email)}
        >
          <Input.Password autoComplete="new-password" data-testid="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('account.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('validation.required') },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: string | undefined) => {
                if (value && value !== getFieldValue('newPassword')) {
                  throw new Error(t('validation.passwordMismatch'));
                }
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="confirm-password" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={change.isPending}
          data-testid="change-password-submit"
        >
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}
