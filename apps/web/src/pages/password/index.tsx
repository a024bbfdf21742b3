import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { changePassword } from '../../services/auth.ts';
import { isApiError, setCsrfToken } from '../../services/api.ts';
import { describeError, markSignedOut } from '../../services/error-policy.ts';
import { useCurrentUser } from '../../services/session.ts';

interface FormValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Client-side hint of the server's policy (the server decides): ≥ 8 chars, ≥ 3 of 4 classes, ≠ user name. */
function policyProblem(password: string, username: string): boolean {
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  return password.length < 8 || classes < 3 || password.toLowerCase() === username.toLowerCase();
}

function brokenRules(e: unknown): string[] {
  if (!isApiError(e) || e.code !== 'PASSWORD_POLICY') return [];
  const rules = (e.details as { rules?: unknown } | undefined)?.rules;
  if (!Array.isArray(rules)) return [];
  // The server sends `{ rule, text }` per broken rule.
  return rules.map((r: unknown) => {
    if (typeof r === 'string') return r;
    const o = r as { text?: unknown; rule?: unknown };
    return String(o.text ?? o.rule ?? '');
  });
}

export default function PasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const mutation = useMutation({
    mutationFn: changePassword,
    meta: { errorPolicy: 'inline' },
    // The server ends the session on a password change: sign in again with the new password.
    onSuccess: () => {
      setCsrfToken(null);
      markSignedOut();
      void message.success({ content: t('password.success'), key: 'session', duration: 6 });
      void navigate('/login', { replace: true });
    },
  });

  const rules = brokenRules(mutation.error);
  return (
    <Card title={t('password.title')} style={{ maxWidth: 560 }}>
      {me.mustChangePassword && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="password-must-change"
          title={t('password.mustChangeTitle')}
          description={t('password.mustChangeText')}
        />
      )}
      <Alert type="info" showIcon title={<span data-testid="password-policy">{t('password.policy')}</span>} style={{ marginBottom: 24 }} />
      {mutation.isError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="password-error"
          title={describeError(mutation.error)}
          description={rules.length > 0 ? `${t('password.rulesBroken')}${rules.join('、')}` : undefined}
        />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => mutation.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword })}
        onValuesChange={() => mutation.isError && mutation.reset()}
      >
        {/* lets password managers tie the new password to this account */}
        <input type="text" name="username" autoComplete="username" value={me.username} readOnly hidden />
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('password.required') }]}>
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          rules={[
            { required: true, message: t('password.required') },
            {
              validator: (_r, v: string | undefined) =>
                !v || !policyProblem(v, me.username) ? Promise.resolve() : Promise.reject(new Error(t('password.policyNotMet'))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('password.required') },
            ({ getFieldValue }) => ({
              validator: (_r, v: string | undefined) =>
                !v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="password-submit">
          {t('password.submit')}
        </Button>
      </Form>
    </Card>
  );
}
