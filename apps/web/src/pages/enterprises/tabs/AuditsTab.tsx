import type { HTMLAttributes } from 'react';
import { Empty, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { EnterpriseAudit } from '@cpaudit/contracts';
import { fetchEnterpriseAudits } from '../../../services/registry.ts';
import { QueryError } from '../../../components/tags.tsx';

/**
 * 审核记录: every audit of this enterprise (list year, type, mode, state, key dates as stored,
 * `YYYY-MM-DD`), each linking to its page `/audits/:id`. Rows `enterprise-audit-<id>`.
 */
export default function AuditsTab({ enterpriseId }: { enterpriseId: number }) {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['enterprises', 'audits', enterpriseId],
    queryFn: ({ signal }) => fetchEnterpriseAudits(enterpriseId, signal),
    meta: { errorPolicy: 'inline' },
  });
  if (query.isError) return <QueryError error={query.error} title={t('detail.unavailable')} onRetry={() => void query.refetch()} testId="enterprise-audits-error" />;
  const day = (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Table<EnterpriseAudit>
      rowKey="id"
      size="small"
      data-testid="enterprise-audits"
      loading={query.isPending}
      dataSource={query.data ?? []}
      pagination={false}
      locale={{ emptyText: <Empty description={t('detail.noAudits')} /> }}
      onRow={(r) => ({ 'data-testid': `enterprise-audit-${r.id}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('audits.listYear'), dataIndex: 'listYear', width: 90 },
        { title: t('audits.type'), dataIndex: 'auditType', width: 90, render: (v: string) => t(`audits.types.${v}`) },
        { title: t('audits.mode'), dataIndex: 'mode', width: 110, render: (v: string) => t(`audits.modes.${v}`) },
        { title: t('audits.state'), dataIndex: 'state', render: (v: string) => <Tag color="blue">{t(`audits.states.${v}`)}</Tag> },
        { title: t('detail.publishedAt'), dataIndex: 'publishedAt', width: 120 },
        { title: t('detail.disclosureDue'), dataIndex: 'disclosureDue', width: 120, render: day },
        { title: t('detail.reportDue'), dataIndex: 'reportDue', width: 120, render: day },
        { title: t('detail.acceptedOn'), dataIndex: 'acceptedOn', width: 120, render: day },
        { title: '', key: 'open', width: 90, render: (_: unknown, r) => <Link to={`/audits/${r.id}`} data-testid={`enterprise-audit-link-${r.id}`}>{t('detail.viewAudit')}</Link> },
      ]}
    />
  );
}
