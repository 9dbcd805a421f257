import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { isApiError } from '../../app/api.ts';
import { LanguageSwitch } from '../../app/components/language-switch.tsx';
import { FullPageSpin } from '../../app/components/require-auth.tsx';
import { describeError } from '../../app/errors.ts';
import { useT } from '../../app/i18n/index.tsx';
import { useLogin, useSession } from '../../app/session.tsx';

interface Credentials {
  email: string;
  password: string;
}

export default function LoginPage() {
  const t = useT();
  const session = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (session.isPending) {
    return <FullPageSpin />;
  }
  if (session.data) {
    return <Navigate to={from} replace />;
  }

  const onFinish = (values: Credentials) => {
    login.mutate(values, { onSuccess: () => void navigate(from, { replace: true }) });
  };

  // Wrong credentials are a 401 whose server text may name neither; say it plainly.
  const error = login.error
    ? isApiError(login.error) && login.error.status === 401
      ? t('login.failed')
      : describeError(login.error, t)
    : null;

  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', background: '#f3f5f9', padding: 16 }}
    >
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Flex justify="space-between" align="start" style={{ marginBottom: 24 }}>
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('login.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('login.subtitle')}</Typography.Text>
          </div>
          <LanguageSwitch />
        </Flex>
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        <Form<Credentials>
          layout="vertical"
          onFinish={onFinish}
          requiredMark={false}
          data-testid="login-form"
        >
          <Form.Item
            name="email"
            label={t('login.email')}
            rules={[
              { required: true, message: t('validation.required') },
              { type: 'email', message: t('validation.email') },
            ]}
          >
            <Input prefix={<MailOutlined />} autoComplete="username" autoFocus data-testid="login-email" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
