import { App, Form, Input, Modal } from 'antd';
import { applyFieldErrors, clearServerErrors, useShowError } from '../../app/errors.ts';
import { useT } from '../../app/i18n/index.tsx';
import { passwordRules } from '../../app/password-rules.ts';
import { type User, useResetPassword } from './api.ts';

/** An admin sets a new password for a user (who forgot theirs). */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose(): void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newPassword: string }>();
  const reset = useResetPassword();
  const showError = useShowError();

  const onFinish = ({ newPassword }: { newPassword: string }) => {
    if (!user) {
      return;
    }
    reset.mutate(
      { id: user.id, newPassword },
      {
        onSuccess: () => {
          void message.success(t('users.resetDone'));
          onClose();
        },
        onError: (error) => {
          if (!applyFieldErrors(form, error, ['newPassword'])) {
            showError(error);
          }
        },
      },
    );
  };

  return (
    <Modal
      open={!!user}
      title={user ? t('users.resetTitle', { name: user.name }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: reset.isPending, 'data-testid': 'reset-submit' }}
      destroyOnHidden
      afterOpenChange={(open) => open || form.resetFields()}
    >
      <Form
        form={form}
        onValuesChange={(changed) => clearServerErrors(form, changed)}
        layout="vertical"
        onFinish={onFinish}
      >
        <Form.Item
          name="newPassword"
          label={t('users.newPassword')}
          rules={passwordRules(t, () => user?.email)}
        >
          <Input.Password autoFocus autoComplete="new-password" data-testid="reset-password" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
