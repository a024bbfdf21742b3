import { useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import { Alert, Card, Empty, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { WarningOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { EnvironmentalData } from '@cpaudit/contracts';
import { displayUnit } from '@cpaudit/domain/units';
import { fetchEnvironmental } from '../../../services/registry.ts';
import { QueryError } from '../../../components/tags.tsx';

type Exceedance = EnvironmentalData['exceedances'][number];
type Quota = EnvironmentalData['quotas'][number];
type Hazardous = EnvironmentalData['hazardous'][number];
type Energy = EnvironmentalData['energy'][number];

const fmt = (n: number | null | undefined, digits = 4) =>
  n === null || n === undefined ? '—' : n.toLocaleString(undefined, { maximumFractionDigits: digits });

/** A value over its limit: bold red with a warning icon (the row is tinted too). */
function Over({ over, children }: { over: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  if (!over) return <>{children}</>;
  return (
    <Tooltip title={t('detail.over')}>
      <Typography.Text type="danger" strong data-over="true">
        <WarningOutlined /> {children}
      </Typography.Text>
    </Tooltip>
  );
}

function rowProps(testId: string, over: boolean): HTMLAttributes<HTMLElement> {
  return { 'data-testid': testId, 'data-over': over ? 'true' : 'false', className: over ? 'cp-row-over' : undefined } as HTMLAttributes<HTMLElement>;
}

/**
 * 环境数据 by year: 超标记录 (measured > limit highlighted), 总量 (actual > quota), 有毒有害物质,
 * 单位产品能耗 (per unit > limit). One request holds every year; the year select filters here.
 */
export default function EnvironmentalTab({ enterpriseId }: { enterpriseId: number }) {
  const { t } = useTranslation();
  const [year, setYear] = useState<number | undefined>(undefined);
  const query = useQuery({
    queryKey: ['enterprises', 'environmental', enterpriseId],
    queryFn: ({ signal }) => fetchEnvironmental(enterpriseId, signal),
    meta: { errorPolicy: 'inline' },
  });
  const years = useMemo(() => [...(query.data?.years ?? [])].sort((a, b) => b - a), [query.data]);
  const shownYear = year ?? years[0];

  const data = useMemo(() => {
    const d = query.data;
    if (!d || shownYear === undefined) return null;
    return {
      exceedances: d.exceedances.filter((r) => r.monitoredOn.startsWith(String(shownYear))),
      quotas: d.quotas.filter((r) => r.year === shownYear),
      hazardous: d.hazardous.filter((r) => r.year === shownYear),
      energy: d.energy.filter((r) => r.year === shownYear),
    };
  }, [query.data, shownYear]);

  if (query.isError) return <QueryError error={query.error} title={t('detail.unavailable')} onRetry={() => void query.refetch()} testId="env-error" />;
  if (query.isPending) return <Card loading />;
  if (years.length === 0 || !data) return <Empty description={t('detail.noYears')} data-testid="env-empty" />;

  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <div data-testid="env-data" data-year={shownYear}>
      <Space style={{ marginBottom: 16 }} wrap>
        <span>{t('detail.year')}</span>
        <Select
          value={shownYear}
          onChange={setYear}
          style={{ width: 120 }}
          options={years.map((y) => ({ value: y, label: String(y) }))}
          data-testid="env-year"
        />
        <Typography.Text type="secondary">
          <span className="cp-legend-over" /> {t('detail.overHint')}
        </Typography.Text>
      </Space>

      <Card size="small" title={`${t('detail.exceedances')}（${data.exceedances.length}）`} style={{ marginBottom: 16 }}>
        <Table<Exceedance>
          rowKey="id"
          size="small"
          data-testid="env-exceedances"
          dataSource={data.exceedances}
          pagination={data.exceedances.length > 20 ? { pageSize: 20 } : false}
          locale={{ emptyText: t('detail.noEnvData') }}
          onRow={(r) => rowProps(`exceedance-row-${r.id}`, r.measuredValue > r.limitValue)}
          columns={[
            { title: t('detail.monitoredOn'), dataIndex: 'monitoredOn', width: 110 },
            { title: t('detail.outletCode'), dataIndex: 'outletCode', width: 110 },
            { title: t('detail.pollutant'), dataIndex: 'pollutant' },
            {
              title: t('detail.measuredValue'),
              dataIndex: 'measuredValue',
              align: 'right',
              render: (v: number, r) => <Over over={r.measuredValue > r.limitValue}>{fmt(v)}</Over>,
            },
            { title: t('detail.limitValue'), dataIndex: 'limitValue', align: 'right', render: (v: number) => fmt(v) },
            { title: t('detail.unit'), dataIndex: 'unit', width: 90, render: (v: string) => displayUnit(v) },
            { title: t('detail.dataSource'), dataIndex: 'dataSource', render: (v: string) => t(`detail.dataSources.${v}`, { defaultValue: v }) },
          ]}
        />
      </Card>

      <Card size="small" title={`${t('detail.quotas')}（${data.quotas.length}）`} style={{ marginBottom: 16 }}>
        <Table<Quota>
          rowKey="id"
          size="small"
          data-testid="env-quotas"
          dataSource={data.quotas}
          pagination={false}
          locale={{ emptyText: t('detail.noEnvData') }}
          onRow={(r) => rowProps(`quota-row-${r.id}`, r.actualT > r.quotaT)}
          columns={[
            { title: t('detail.pollutant'), dataIndex: 'pollutant' },
            { title: t('detail.actualT'), dataIndex: 'actualT', align: 'right', render: (v: number, r) => <Over over={r.actualT > r.quotaT}>{fmt(v)}</Over> },
            { title: t('detail.quotaT'), dataIndex: 'quotaT', align: 'right', render: (v: number) => fmt(v) },
          ]}
        />
      </Card>

      <Card size="small" title={`${t('detail.hazardous')}（${data.hazardous.length}）`} style={{ marginBottom: 16 }}>
        <Table<Hazardous>
          rowKey="id"
          size="small"
          data-testid="env-hazardous"
          dataSource={data.hazardous}
          pagination={false}
          locale={{ emptyText: t('detail.noEnvData') }}
          onRow={(r) => ({ 'data-testid': `hazardous-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('detail.hazardCategory'),
              dataIndex: 'category',
              width: 90,
              render: (v: string) => <Tag color={v === 'use' ? 'purple' : 'magenta'}>{t(`detail.hazardCategories.${v}`, { defaultValue: v })}</Tag>,
            },
            { title: t('detail.substanceName'), dataIndex: 'substanceName' },
            { title: t('detail.casNo'), dataIndex: 'casNo', render: (v: string | null) => v ?? dash },
            { title: t('detail.quantity'), dataIndex: 'quantity', align: 'right', render: (v: number | null) => fmt(v) },
            { title: t('detail.unit'), dataIndex: 'unit', width: 90, render: (v: string | null) => (v === null ? dash : displayUnit(v)) },
          ]}
        />
      </Card>

      <Card size="small" title={`${t('detail.energy')}（${data.energy.length}）`}>
        <Table<Energy>
          rowKey="id"
          size="small"
          data-testid="env-energy"
          dataSource={data.energy}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('detail.noEnvData') }}
          onRow={(r) => rowProps(`energy-row-${r.id}`, r.energyPerUnitKgce > r.limitKgcePerUnit)}
          columns={[
            { title: t('detail.productName'), dataIndex: 'productName' },
            { title: t('detail.output'), dataIndex: 'output', align: 'right', render: (v: number, r) => `${fmt(v)} ${displayUnit(r.outputUnit)}` },
            { title: t('detail.comprehensiveEnergyTce'), dataIndex: 'comprehensiveEnergyTce', align: 'right', render: (v: number | null) => fmt(v) },
            {
              title: t('detail.energyPerUnitKgce'),
              dataIndex: 'energyPerUnitKgce',
              align: 'right',
              render: (v: number, r) => (
                <Over over={r.energyPerUnitKgce > r.limitKgcePerUnit}>
                  {fmt(v)}
                  {` kgce/${displayUnit(r.outputUnit)}`}
                </Over>
              ),
            },
            {
              title: t('detail.limitKgcePerUnit'),
              dataIndex: 'limitKgcePerUnit',
              align: 'right',
              render: (v: number, r) => `${fmt(v)} kgce/${displayUnit(r.outputUnit)}`,
            },
            { title: t('detail.limitStandard'), dataIndex: 'limitStandard', render: (v: string | null) => v ?? dash },
          ]}
        />
      </Card>
      {data.exceedances.length + data.quotas.length + data.hazardous.length + data.energy.length === 0 && (
        <Alert type="info" showIcon title={t('detail.noEnvData')} style={{ marginTop: 16 }} />
      )}
    </div>
  );
}
