import { App, Button, Card, Input, Space, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { decideRegistration, fetchRegistrations, type Registration } from '../../services/audits.ts';
import { QueryError } from '../../components/tags.tsx';
import { useState } from 'react';
import { formatTime } from '@cpaudit/contracts';

/** 企业账号审核: the county (or city) approves or rejects enterprises' account registrations (issue 6 item 11). */
export default function RegistrationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const q = useQuery({ queryKey: ['registrations'], queryFn: ({ signal }) => fetchRegistrations(undefined, signal), meta: { errorPolicy: 'inline' } });
  const decide = useMutation({
    mutationFn: (v: { id: number; d: 'approve' | 'reject' }) => decideRegistration(v.id, v.d, reason || undefined),
    onSuccess: () => {
      void message.success(t('audits.done'));
      void qc.invalidateQueries({ queryKey: ['registrations'] });
    },
  });
  return (
    <Card title={t('registrations.title')} data-testid="page-registrations" extra={<Input placeholder={t('registrations.reason')} value={reason} onChange={(e) => setReason(e.target.value)} style={{ width: 240 }} />}>
      {q.error && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
      <Table<Registration>
        rowKey="id"
        size="middle"
        loading={q.isLoading}
        dataSource={q.data ?? []}
        columns={[
          { title: t('registrations.enterprise'), dataIndex: 'enterpriseName' },
          { title: t('registrations.uscc'), dataIndex: 'uscc' },
          { title: t('registrations.username'), dataIndex: 'username' },
          { title: t('registrations.contact'), render: (_: unknown, r) => [r.displayName, r.contactPhone, r.contactEmail].filter(Boolean).join(' / ') },
          { title: t('registrations.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
          { title: t('registrations.status'), dataIndex: 'status', render: (s: string) => <Tag color={s === 'approved' ? 'green' : s === 'rejected' ? 'red' : 'processing'}>{t(`registrations.statuses.${s}`)}</Tag> },
          {
            title: '',
            render: (_: unknown, r) =>
              r.status === 'pending' && (
                <Space>
                  <Button size="small" type="primary" onClick={() => decide.mutate({ id: r.id, d: 'approve' })} data-testid={`registration-approve-${r.id}`}>
                    {t('registrations.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => decide.mutate({ id: r.id, d: 'reject' })} data-testid={`registration-reject-${r.id}`}>
                    {t('registrations.reject')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
