import type { HTMLAttributes } from 'react';
import { Empty, Space, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../../access.ts';
import { fetchEnterpriseScreening, type EnterpriseScreening } from '../../../services/registry.ts';
import { useCurrentUser } from '../../../services/session.ts';
import { CriterionTag, DecisionTag, QueryError, RecommendationTag } from '../../../components/tags.tsx';
import { formatTime } from '@cpaudit/contracts';

/** 筛选记录: every run that listed this enterprise. Rows `screening-history-<runId>`. */
export default function ScreeningTab({ enterpriseId, uscc }: { enterpriseId: number; uscc: string }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const query = useQuery({
    queryKey: ['enterprises', 'screening', enterpriseId],
    queryFn: ({ signal }) => fetchEnterpriseScreening(enterpriseId, signal),
    meta: { errorPolicy: 'inline' },
  });
  if (query.isError) return <QueryError error={query.error} title={t('detail.unavailable')} onRetry={() => void query.refetch()} testId="screening-history-error" />;
  const canOpenRun = hasPermission(me, 'screening.read');
  return (
    <Table<EnterpriseScreening>
      rowKey="runId"
      size="small"
      data-testid="screening-history"
      loading={query.isPending}
      dataSource={query.data ?? []}
      pagination={false}
      locale={{ emptyText: <Empty description={t('detail.noScreening')} /> }}
      onRow={(r) => ({ 'data-testid': `screening-history-${r.runId}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('screening.dataYear'), dataIndex: 'dataYear', width: 90 },
        { title: t('detail.runAt'), dataIndex: 'runAt', width: 170, render: (v: string) => formatTime(v) },
        {
          title: t('detail.criteria'),
          dataIndex: 'criteria',
          render: (v: string[]) => (
            <Space wrap size={[0, 4]}>
              {v.map((c) => (
                <CriterionTag key={c} criterion={c} />
              ))}
            </Space>
          ),
        },
        { title: t('detail.recommendation'), key: 'rec', render: (_: unknown, r) => <RecommendationTag recommendation={r.recommendation} nextDueYear={r.nextDueYear} /> },
        { title: t('detail.decision'), dataIndex: 'decision', width: 100, render: (v: string | null) => <DecisionTag decision={v} /> },
        { title: t('detail.ruleSetVersion'), dataIndex: 'ruleSetVersion', width: 190 },
        ...(canOpenRun
          ? [{ title: '', key: 'open', width: 70, render: (_: unknown, r: EnterpriseScreening) => <Link to={`/screening/runs/${r.runId}?q=${encodeURIComponent(uscc)}`}>{t('detail.viewRun')}</Link> }]
          : []),
      ]}
    />
  );
}
