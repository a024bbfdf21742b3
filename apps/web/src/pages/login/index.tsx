import { useEffect } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { LoginBody } from '@cpaudit/contracts';
import { login, meQueryKey } from '../../services/auth.ts';
import { isApiError, NETWORK_ERROR } from '../../services/api.ts';
import { describeError } from '../../services/error-policy.ts';
import LanguageSwitch from '../../components/LanguageSwitch.tsx';

/** The server's own message (it never says whether an account is locked), or a network message. */
function loginErrorText(e: unknown): string {
  if (isApiError(e) && e.code !== NETWORK_ERROR && e.message) return e.message;
  return describeError(e);
}

export default function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: login,
    meta: { errorPolicy: 'inline' },
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
      void navigate('/', { replace: true });
    },
  });

  // Arriving here ends whatever was cached for a previous session.
  useEffect(() => {
    queryClient.removeQueries();
  }, [queryClient]);

  const onFinish = (values: LoginBody) => {
    mutation.mutate({ username: values.username.trim(), password: values.password });
  };

  return (
    <div className="cp-login" data-testid="page-login">
      <div className="cp-login-lang">
        <LanguageSwitch />
      </div>
      <Typography.Title level={2} style={{ marginBottom: 4, textAlign: 'center' }}>
        {t('app.title')}
      </Typography.Title>
      <Typography.Text type="secondary" style={{ marginBottom: 24 }}>
        {t('app.region')}
      </Typography.Text>
      <Card title={t('login.title')} style={{ width: 380, maxWidth: '100%' }}>
        {mutation.isError && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={<span data-testid="login-error">{loginErrorText(mutation.error)}</span>}
          />
        )}
        <Form<LoginBody> layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on" data-testid="login-form">
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" maxLength={64} data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={256} data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={mutation.isPending} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <Link to="/public" style={{ marginTop: 16 }} data-testid="login-public-link">
        {t('login.publicSite')}
      </Link>
      <Link to="/register" style={{ marginTop: 8 }} data-testid="login-register-link">
        {t('login.register')}
      </Link>
    </div>
  );
}
