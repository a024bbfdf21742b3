import type { HTMLAttributes } from 'react';
import { Card, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { KeyIndustry } from '@cpaudit/contracts';
import { fetchKeyIndustries } from '../../services/reference.ts';

type IndustryCode = KeyIndustry['codes'][number];

function CodeTable({ industry }: { industry: KeyIndustry }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`industry-codes-${industry.key}`}>
      <Table<IndustryCode>
        size="small"
        rowKey={(c) => `${c.industryCode}-${c.source}`}
        dataSource={industry.codes}
        pagination={false}
        columns={[
          { title: t('industries.industryCode'), dataIndex: 'industryCode', width: 140, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('industries.codeName'), dataIndex: 'name' },
          { title: t('industries.status'), dataIndex: 'status', width: 120, render: (v: string) => <Tag>{v}</Tag> },
          { title: t('industries.source'), dataIndex: 'source' },
        ]}
      />
    </div>
  );
}

/** 重点行业目录: the key industries with their GB/T 4754 codes (expand a row). Rows: `industry-<key>`. */
export default function KeyIndustriesPage() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['key-industries'], queryFn: ({ signal }) => fetchKeyIndustries(signal), staleTime: 10 * 60_000 });

  return (
    <Card title={t('industries.title')}>
      <Typography.Paragraph type="secondary">{t('industries.subtitle')}</Typography.Paragraph>
      <div data-testid="industry-catalogue">
        <Table<KeyIndustry>
          rowKey="key"
          loading={query.isPending}
          dataSource={query.data ?? []}
          pagination={false}
          onRow={(r) => ({ 'data-testid': `industry-${r.key}` }) as HTMLAttributes<HTMLElement>}
          expandable={{ expandedRowRender: (r) => <CodeTable industry={r} />, rowExpandable: (r) => r.codes.length > 0 }}
          columns={[
            { title: '#', key: 'index', width: 56, render: (_v, _r, i) => i + 1 },
            { title: t('industries.name'), dataIndex: 'nameZh', render: (v: string, r) => t(`keyIndustries.${r.key}`, { defaultValue: v }) },
            {
              title: t('industries.scope'),
              dataIndex: 'cityCode',
              width: 200,
              render: (v: string | null) =>
                v ? <Tag color="blue">{t('industries.cityLocal', { code: v })}</Tag> : <Tag color="green">{t('industries.regionWide')}</Tag>,
            },
            {
              title: t('industries.industryCode'),
              key: 'codes',
              render: (_v, r) => (
                <Typography.Text type="secondary" ellipsis style={{ maxWidth: 360 }}>
                  {r.codes.map((c) => c.industryCode).join('、')}
                </Typography.Text>
              ),
            },
            { title: t('industries.codeCount'), key: 'count', width: 110, align: 'right', render: (_v, r) => r.codes.length },
          ]}
        />
      </div>
    </Card>
  );
}
