import { useState } from 'react';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { registerEnterprise } from '../../services/audits.ts';
import { isApiError } from '../../services/api.ts';

/** 企业账号注册 (no login): an enterprise registers its one account with its credit code; the county approves it (issue 6 item 11). */
export default function RegisterPage() {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  const m = useMutation({ mutationFn: registerEnterprise, onSuccess: () => setDone(true) });
  return (
    <div style={{ maxWidth: 480, margin: '48px auto' }} data-testid="page-register">
      <Card title={t('register.title')}>
        {done ? (
          <Alert type="success" showIcon message={t('register.submitted')} data-testid="register-done" />
        ) : (
          <Form layout="vertical" onFinish={(v: { uscc: string; username: string; displayName: string; password: string; contactPhone?: string; contactEmail?: string }) => m.mutate(v)}>
            <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('register.hint')} />
            <Form.Item name="uscc" label={t('register.uscc')} rules={[{ required: true, len: 18 }]}>
              <Input data-testid="register-uscc" />
            </Form.Item>
            <Form.Item name="username" label={t('register.username')} rules={[{ required: true, min: 3 }]}>
              <Input data-testid="register-username" />
            </Form.Item>
            <Form.Item name="displayName" label={t('register.displayName')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="password" label={t('register.password')} rules={[{ required: true, min: 12 }]}>
              <Input.Password data-testid="register-password" />
            </Form.Item>
            <Form.Item name="contactPhone" label={t('register.phone')}>
              <Input />
            </Form.Item>
            <Form.Item name="contactEmail" label={t('register.email')} rules={[{ type: 'email' }]}>
              <Input />
            </Form.Item>
            {m.error && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={isApiError(m.error) ? m.error.message : String(m.error)} />}
            <Button type="primary" htmlType="submit" loading={m.isPending} block data-testid="register-submit">
              {t('register.submit')}
            </Button>
          </Form>
        )}
        <div style={{ marginTop: 16 }}>
          <Link to="/login">{t('register.backToLogin')}</Link>
        </div>
      </Card>
    </div>
  );
}
