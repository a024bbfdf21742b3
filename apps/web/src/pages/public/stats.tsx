import { Card, Empty, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchPublicStats } from '../../services/portal.ts';
import { useKeyIndustryLabel } from '../../services/useReference.ts';

/**
 * 统计 (`/public/stats`): the published audits of the latest list year by city and by key industry —
 * listed (mandatory, voluntary), disclosed, accepted. Empty until a list is published (`available: false`).
 * A note says why the figures may differ from the officials' dashboard (which also counts voluntary
 * audits never on a published list).
 */
export default function PublicStats() {
  const { t } = useTranslation();
  const industryLabel = useKeyIndustryLabel();
  const counts = (['listed', 'mandatory', 'voluntary', 'disclosed', 'accepted'] as const).map((k) => ({ title: t(`portal.stats.${k}`), dataIndex: k, align: 'right' as const }));
  const q = useQuery({ queryKey: ['public', 'stats'], queryFn: ({ signal }) => fetchPublicStats(signal) });
  if (q.data && !q.data.available) {
    return (
      <Card title={t('portal.nav.stats')}>
        <Empty data-testid="portal-stats-empty" description={t('portal.stats.empty')} />
      </Card>
    );
  }
  return (
    <Card title={t('portal.nav.stats')} loading={q.isPending} data-testid="portal-stats">
      {q.data?.year && <Typography.Paragraph>{t('portal.stats.year', { year: q.data.year })}{t('portal.stats.note')}</Typography.Paragraph>}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="portal-stats-scope">
        {t('portal.stats.scopeNote')}
      </Typography.Paragraph>
      <Table
        rowKey="cityCode"
        data-testid="portal-stats-city"
        size="small"
        pagination={false}
        dataSource={q.data?.byCity ?? []}
        columns={[
          { title: t('portal.stats.city'), dataIndex: 'cityName' },
          ...counts,
        ]}
      />
      <Table
        rowKey="industry"
        data-testid="portal-stats-industry"
        size="small"
        pagination={false}
        style={{ marginTop: 16 }}
        dataSource={q.data?.byIndustry ?? []}
        columns={[
          { title: t('portal.stats.industry'), dataIndex: 'industry', render: (v: string, r: { industryName: string }) => (v ? industryLabel(v) : r.industryName) },
          ...counts,
        ]}
      />
    </Card>
  );
}
