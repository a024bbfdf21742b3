import { useState } from 'react';
import { App, Button, Card, Input, Modal, Space, Table } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/tags.tsx';
import { acceptApplication, declineApplication, fetchApplications, type VoluntaryApplication } from '../../services/voluntary.ts';
import { ApplicationStatusTag } from '../voluntary/StatusTag.tsx';

/**
 * The enterprises' voluntary-audit applications of list year `listYear` in the city of `cityCode`,
 * shown on the city's list page (issue 5 item 1). With `canDecide` (a city officer, draft editable)
 * each pending one can be accepted into the draft (a voluntary entry, source `applied`; `onAccepted`
 * refreshes the list) or declined with a reason.
 */
export function VoluntaryApplicationsCard({ listYear, cityCode, canDecide, onAccepted }: { listYear: number; cityCode: string; canDecide: boolean; onAccepted: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [declining, setDeclining] = useState<VoluntaryApplication | null>(null);
  const [reason, setReason] = useState('');
  const apps = useQuery({ queryKey: ['voluntary', 'city', listYear], queryFn: ({ signal }) => fetchApplications(listYear, signal), meta: { errorPolicy: 'inline' } });
  const rows = (apps.data ?? []).filter((a) => a.cityCode === cityCode);
  const done = () => {
    void message.success(t('lists.done'));
    void qc.invalidateQueries({ queryKey: ['voluntary'] });
  };
  const accept = useMutation({
    mutationFn: (a: VoluntaryApplication) => acceptApplication(a.id, a.version),
    onSuccess: () => {
      done();
      onAccepted();
    },
    onError: () => void apps.refetch(),
  });
  const decline = useMutation({
    mutationFn: (v: { a: VoluntaryApplication; reason: string }) => declineApplication(v.a.id, v.a.version, v.reason),
    onSuccess: () => {
      done();
      setDeclining(null);
      setReason('');
    },
    onError: () => void apps.refetch(),
  });
  return (
    <Card title={t('voluntary.cityTitle', { year: listYear })} style={{ marginTop: 16 }} data-testid="list-voluntary-applications">
      {apps.error && <QueryError error={apps.error} onRetry={() => void apps.refetch()} />}
      <Table<VoluntaryApplication>
        rowKey="id"
        size="small"
        loading={apps.isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('voluntary.enterprise'), dataIndex: 'enterpriseName' },
          { title: t('voluntary.uscc'), dataIndex: 'uscc' },
          { title: t('voluntary.reason'), dataIndex: 'reason' },
          { title: t('voluntary.contact'), dataIndex: 'contact', render: (v: string | null) => v ?? '' },
          { title: t('voluntary.status'), render: (_: unknown, a) => <Space direction="vertical" size={0}><ApplicationStatusTag status={a.status} />{a.decisionReason}</Space> },
          ...(canDecide
            ? [{
                title: '',
                render: (_: unknown, a: VoluntaryApplication) =>
                  a.status === 'pending' && (
                    <Space>
                      <Button size="small" type="primary" loading={accept.isPending} onClick={() => accept.mutate(a)} data-testid={`voluntary-accept-${a.id}`}>
                        {t('voluntary.accept')}
                      </Button>
                      <Button size="small" danger onClick={() => setDeclining(a)} data-testid={`voluntary-decline-${a.id}`}>
                        {t('voluntary.decline')}
                      </Button>
                    </Space>
                  ),
              }]
            : []),
        ]}
      />
      <Modal
        open={declining !== null}
        title={t('voluntary.decline')}
        okButtonProps={{ disabled: reason.trim() === '', danger: true }}
        confirmLoading={decline.isPending}
        onCancel={() => setDeclining(null)}
        onOk={() => declining && decline.mutate({ a: declining, reason })}
      >
        <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('voluntary.declineReason')} maxLength={2000} />
      </Modal>
    </Card>
  );
}
