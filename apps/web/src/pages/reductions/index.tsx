/**
 * 减排成效 (issue 7 item 7): the regional figures of the options register for officials —
 * achieved yearly benefits of implemented options and expected benefits of the others, by city,
 * county, key industry or list year, limited to the user's area; table, bar chart, xlsx download.
 */
import { useState } from 'react';
import { Button, Card, InputNumber, Select, Space, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { pollutantKeys, pollutantLabels } from '@cpaudit/contracts';
import Chart from '../home/components/Chart.tsx';
import { QueryError } from '../../components/tags.tsx';
import { downloadReductions, fetchReductions, type ReductionRow, type ReductionsQuery } from '../../services/options.ts';

const fmt = (n: number) => Number(n.toFixed(2)).toLocaleString('zh-CN');
type Measure = 'tce' | 'co2T' | 'waterM3' | 'benefitWan' | (typeof pollutantKeys)[number];
const valueOf = (m: ReductionRow['achieved'], k: Measure) => (k === 'tce' || k === 'co2T' || k === 'waterM3' || k === 'benefitWan' ? m[k] : (m.reductions[k] ?? 0));

export default function ReductionsPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState<ReductionsQuery>({ groupBy: 'city' });
  const [measure, setMeasure] = useState<Measure>('tce');
  const rows = useQuery({ queryKey: ['reductions', q], queryFn: ({ signal }) => fetchReductions(q, signal), meta: { errorPolicy: 'inline' } });
  const data = rows.data ?? [];
  const measures: { value: Measure; label: string }[] = [
    { value: 'tce', label: t('options.tce') },
    { value: 'co2T', label: t('options.co2T') },
    { value: 'waterM3', label: t('options.waterM3') },
    { value: 'benefitWan', label: t('options.benefitWan') },
    ...pollutantKeys.map((k) => ({ value: k as Measure, label: `${pollutantLabels[k]} (kg/${t('options.perYear')})` })),
  ];
  const measureLabel = measures.find((m) => m.value === measure)!.label;
  const option = {
    tooltip: { trigger: 'axis' },
    legend: {},
    grid: { left: 60, right: 20, top: 30, bottom: 60 },
    xAxis: { type: 'category', data: data.map((r) => r.label), axisLabel: { rotate: data.length > 8 ? 30 : 0 } },
    yAxis: { type: 'value', name: measureLabel },
    series: [
      { name: t('reductions.achieved'), type: 'bar', stack: 'm', data: data.map((r) => valueOf(r.achieved, measure)) },
      { name: t('reductions.expected'), type: 'bar', stack: 'm', data: data.map((r) => valueOf(r.expected, measure)) },
    ],
  };
  return (
    <div data-testid="reductions-page">
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <span>{t('reductions.groupBy')}</span>
          <Select
            value={q.groupBy}
            style={{ width: 160 }}
            onChange={(groupBy) => setQ((x) => ({ ...x, groupBy }))}
            options={(['city', 'county', 'industry', 'year'] as const).map((g) => ({ value: g, label: t(`reductions.by.${g}`) }))}
            data-testid="reductions-group"
          />
          <span>{t('reductions.year')}</span>
          <InputNumber min={2000} max={2100} value={q.year ?? null} onChange={(year) => setQ((x) => ({ ...x, year: year ?? undefined }))} data-testid="reductions-year" />
          <span>{t('reductions.measure')}</span>
          <Select value={measure} style={{ width: 200 }} onChange={setMeasure} options={measures} data-testid="reductions-measure" />
          <Button icon={<DownloadOutlined />} onClick={() => void downloadReductions(q)} data-testid="reductions-download">{t('reductions.download')}</Button>
        </Space>
      </Card>
      {rows.error ? (
        <QueryError error={rows.error} onRetry={() => void rows.refetch()} />
      ) : (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Chart option={option} height={320} testId="reductions-chart" />
          </Card>
          <Table
            size="small"
            rowKey="key"
            loading={rows.isLoading}
            dataSource={data}
            pagination={false}
            data-testid="reductions-table"
            columns={[
              { title: t(`reductions.by.${q.groupBy}`), dataIndex: 'label', key: 'label' },
              { title: t('reductions.options'), dataIndex: 'options', key: 'options', align: 'right' as const },
              { title: t('reductions.implemented'), dataIndex: 'implemented', key: 'implemented', align: 'right' as const },
              { title: t('options.investmentWan'), key: 'inv', align: 'right' as const, render: (_: unknown, r: ReductionRow) => fmt(r.investmentWan) },
              { title: `${t('reductions.achieved')} ${measureLabel}`, key: 'a', align: 'right' as const, render: (_: unknown, r: ReductionRow) => <span data-testid={`reductions-achieved-${r.key}`}>{fmt(valueOf(r.achieved, measure))}</span> },
              { title: `${t('reductions.expected')} ${measureLabel}`, key: 'e', align: 'right' as const, render: (_: unknown, r: ReductionRow) => <span data-testid={`reductions-expected-${r.key}`}>{fmt(valueOf(r.expected, measure))}</span> },
            ]}
          />
        </>
      )}
    </div>
  );
}
