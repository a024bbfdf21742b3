import { Card, Empty, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { fetchPublicStats } from '../../services/portal.ts';

/**
 * 统计 (`/public/stats`): published listed enterprises by city and industry. Extension point: the
 * server returns `available: false` until the lists issue publishes lists; then the two tables fill.
 */
export default function PublicStats() {
  const { t } = useTranslation();
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
      {q.data?.year && <Typography.Paragraph>{t('portal.stats.year', { year: q.data.year })}</Typography.Paragraph>}
      <Table
        rowKey="cityCode"
        size="small"
        pagination={false}
        dataSource={q.data?.byCity ?? []}
        columns={[
          { title: t('portal.stats.city'), dataIndex: 'cityName' },
          { title: t('portal.stats.listed'), dataIndex: 'listed', align: 'right' },
        ]}
      />
      <Table
        rowKey="industry"
        size="small"
        pagination={false}
        style={{ marginTop: 16 }}
        dataSource={q.data?.byIndustry ?? []}
        columns={[
          { title: t('portal.stats.industry'), dataIndex: 'industry' },
          { title: t('portal.stats.listed'), dataIndex: 'listed', align: 'right' },
        ]}
      />
    </Card>
  );
}
