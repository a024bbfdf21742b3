/**
 * Reductions achieved and investment by city (region) or county (city / county) for the dashboard's
 * list year and key industry, from the options register (`GET /api/v1/stats/reductions`, built by
 * the options module; the full page with industry/year grouping and xlsx is `/reductions`).
 * Heavy metals = Pb + Hg + Cd + Cr + As (kg/年).
 */
import { Card, Skeleton } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ReductionRow } from '@cpaudit/contracts';
import { fetchReductions } from '../../../services/options.ts';
import FigureTable from '../../../components/FigureTable.tsx';

const n = (x: number) => x.toLocaleString('zh-CN', { maximumFractionDigits: 1 });
const heavy = (r: Record<string, number>) => (r.pb ?? 0) + (r.hg ?? 0) + (r.cd ?? 0) + (r.cr ?? 0) + (r.as ?? 0);

export default function ReductionsCard({ year, keyIndustry, byCounty }: { year: number; keyIndustry: string | null; byCounty: boolean }) {
  const { t } = useTranslation();
  const groupBy = byCounty ? 'county' : 'city';
  const query = useQuery({
    queryKey: ['dashboard', 'reductions', year, keyIndustry, groupBy],
    queryFn: ({ signal }) => fetchReductions({ year, groupBy, ...(keyIndustry ? { keyIndustry } : {}) }, signal),
  });
  const col = (key: string, title: string, f: (r: ReductionRow) => number) => ({ key, title, align: 'right' as const, render: (r: ReductionRow) => n(f(r)) });
  return (
    <Card title={t('dashboard.reductions')} style={{ marginTop: 16 }} extra={<Link to="/reductions">{t('dashboard.more')}</Link>}>
      {query.isPending ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <FigureTable<ReductionRow>
          testId="dashboard-reductions"
          rows={query.data ?? []}
          rowKey={(r) => r.key}
          columns={[
            { key: 'label', title: t('home.colDivision'), render: (r) => r.label },
            col('inv', t('dashboard.investment'), (r) => r.investmentWan),
            col('tce', 'tce', (r) => r.achieved.tce),
            col('co2', 'CO₂ (t)', (r) => r.achieved.co2T),
            col('water', t('dashboard.water'), (r) => r.achieved.waterM3),
            col('cod', 'COD (kg)', (r) => r.achieved.reductions.cod ?? 0),
            col('nh3n', 'NH₃-N (kg)', (r) => r.achieved.reductions.nh3n ?? 0),
            col('so2', 'SO₂ (kg)', (r) => r.achieved.reductions.so2 ?? 0),
            col('nox', 'NOx (kg)', (r) => r.achieved.reductions.nox ?? 0),
            col('vocs', 'VOCs (kg)', (r) => r.achieved.reductions.vocs ?? 0),
            col('hm', t('dashboard.heavyMetals'), (r) => heavy(r.achieved.reductions)),
          ]}
        />
      )}
    </Card>
  );
}
