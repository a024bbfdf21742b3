import { App, Button, Card, Form, Input, InputNumber, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/tags.tsx';
import { applyVoluntary, fetchMyApplications, type VoluntaryApplication } from '../../services/voluntary.ts';
import { ApplicationStatusTag } from './StatusTag.tsx';

interface FormValues {
  listYear: number;
  reason: string;
  contact?: string;
}

/**
 * 自愿审核申请 (enterprise): apply for a voluntary cleaner-production audit of a list year, with a
 * reason and an optional contact, and follow the city's decision (issue 5 item 1). Applying twice
 * for the same year shows the open application instead of a second one.
 */
export default function VoluntaryApplicationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const mine = useQuery({ queryKey: ['voluntary', 'mine'], queryFn: ({ signal }) => fetchMyApplications(signal), meta: { errorPolicy: 'inline' } });
  const apply = useMutation({
    mutationFn: (v: FormValues) => applyVoluntary({ listYear: v.listYear, reason: v.reason, ...(v.contact ? { contact: v.contact } : {}) }),
    onSuccess: () => {
      void message.success(t('voluntary.applied'));
      form.resetFields(['reason']);
      void qc.invalidateQueries({ queryKey: ['voluntary'] });
    },
  });
  return (
    <>
      <Card title={t('voluntary.applyTitle')} data-testid="page-voluntary">
        <Typography.Paragraph type="secondary">{t('voluntary.intro')}</Typography.Paragraph>
        <Form form={form} layout="vertical" initialValues={{ listYear: new Date().getFullYear() + 1 }} onFinish={(v) => apply.mutate(v)} style={{ maxWidth: 640 }}>
          <Form.Item name="listYear" label={t('voluntary.listYear')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item name="reason" label={t('voluntary.reason')} rules={[{ required: true, whitespace: true }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="voluntary-reason" />
          </Form.Item>
          <Form.Item name="contact" label={t('voluntary.contact')}>
            <Input maxLength={200} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={apply.isPending} data-testid="voluntary-apply">
            {t('voluntary.apply')}
          </Button>
        </Form>
      </Card>
      <Card title={t('voluntary.mine')} style={{ marginTop: 16 }}>
        {mine.error && <QueryError error={mine.error} onRetry={() => void mine.refetch()} />}
        <Table<VoluntaryApplication>
          rowKey="id"
          size="middle"
          loading={mine.isLoading}
          dataSource={mine.data ?? []}
          pagination={false}
          columns={[
            { title: t('voluntary.listYear'), dataIndex: 'listYear', width: 100 },
            { title: t('voluntary.reason'), dataIndex: 'reason' },
            { title: t('voluntary.createdAt'), dataIndex: 'createdAt', render: (v: string) => v.slice(0, 10) },
            { title: t('voluntary.status'), dataIndex: 'status', render: (s: VoluntaryApplication['status']) => <ApplicationStatusTag status={s} /> },
            { title: t('voluntary.decisionReason'), dataIndex: 'decisionReason', render: (v: string | null) => v ?? '' },
          ]}
        />
      </Card>
    </>
  );
}
