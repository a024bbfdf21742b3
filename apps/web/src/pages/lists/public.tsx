import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PublicListRow } from '@cpaudit/contracts';
import { fetchPublicLists, fetchPublicPublications, type AuditType, type PublicListFilters } from '../../services/lists.ts';
import { useDivisions, useKeyIndustries, useKeyIndustryLabel } from '../../services/useReference.ts';

/**
 * 清洁生产审核企业名单公开 (no login, issue 5 §3): the published lists of every year, searchable by name,
 * credit code, city, industry and year, with each enterprise's disclosure status (day and link) and
 * where its audit stands, and downloads of the rows the filters select: CSV for data tools, Excel
 * (codes as text cells, so an all-digit credit code keeps its 18 digits) for reading. Shown inside the public
 * portal's layout at `/public/lists`; `?q=` and `?listYear=` preset the search (links from elsewhere).
 */
export function PublicListsContent() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const initialQ = params.get('q')?.trim() || undefined;
  const initialYear = Number(params.get('listYear')) || undefined;
  const [filters, setFilters] = useState<PublicListFilters>({ current: 1, pageSize: 20, q: initialQ, listYear: initialYear });
  const [q, setQ] = useState(initialQ ?? '');
  const divisions = useDivisions();
  const industries = useKeyIndustries();
  const industryLabel = useKeyIndustryLabel();
  const pubs = useQuery({ queryKey: ['public', 'publications'], queryFn: ({ signal }) => fetchPublicPublications(signal) });
  const rows = useQuery({ queryKey: ['public', 'lists', filters], queryFn: ({ signal }) => fetchPublicLists(filters, signal) });
  const years = [...new Set((pubs.data ?? []).map((p) => p.listYear))];
  const set = (patch: Partial<PublicListFilters>) => setFilters((f) => ({ ...f, ...patch, current: 1 }));
  const csvQuery = new URLSearchParams();
  for (const k of ['listYear', 'auditType', 'cityCode', 'keyIndustry', 'q'] as const) if (filters[k] !== undefined) csvQuery.set(k, String(filters[k]));
  const search = csvQuery.size ? `?${csvQuery.toString()}` : '';
  const csvUrl = `/api/v1/public/lists.csv${search}`;
  const xlsxUrl = `/api/v1/public/lists.xlsx${search}`;

  return (
        <Card title={t('publicLists.title')} data-testid="page-public-lists">
          <Space wrap style={{ marginBottom: 16 }}>
            <Select allowClear placeholder={t('publicLists.year')} style={{ width: 120 }} defaultValue={initialYear} options={years.map((y) => ({ value: y, label: String(y) }))} onChange={(v?: number) => set({ listYear: v })} data-testid="public-year" />
            <Select allowClear placeholder={t('publicLists.type')} style={{ width: 140 }} options={(['mandatory', 'voluntary'] as const).map((v) => ({ value: v, label: t(`lists.${v}`) }))} onChange={(v?: AuditType) => set({ auditType: v })} />
            <Select
              allowClear
              placeholder={t('publicLists.city')}
              style={{ width: 140 }}
              options={(divisions.data ?? []).filter((d) => d.level === 'city').map((d) => ({ value: d.code, label: d.name }))}
              onChange={(v?: string) => set({ cityCode: v })}
              data-testid="public-city"
            />
            <Select allowClear placeholder={t('publicLists.industry')} style={{ width: 200 }} options={(industries.data ?? []).map((k) => ({ value: k.key, label: industryLabel(k.key) }))} onChange={(v?: string) => set({ keyIndustry: v })} />
            <Input.Search placeholder={t('publicLists.search')} allowClear value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => set({ q: v.trim() || undefined })} style={{ width: 300 }} data-testid="public-search" />
            <Button onClick={() => { setQ(''); setFilters({ current: 1, pageSize: 20 }); }}>{t('publicLists.reset')}</Button>
            <Button icon={<DownloadOutlined />} href={csvUrl} download data-testid="public-csv">
              {t('publicLists.csv')}
            </Button>
            <Button icon={<FileExcelOutlined />} href={xlsxUrl} download data-testid="public-xlsx">
              {t('publicLists.xlsx')}
            </Button>
          </Space>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -8 }} data-testid="public-download-note">
            {t('publicLists.downloadNote')}
          </Typography.Paragraph>
          <Table<PublicListRow>
            rowKey={(r) => `${r.listYear}-${r.auditType}-${r.uscc}`}
            onRow={(r) => ({ 'data-testid': `public-row-${r.uscc}-${r.listYear}`, 'data-disclosed': String(r.disclosed), 'data-state': r.auditState }) as HTMLAttributes<HTMLElement>}
            size="small"
            loading={rows.isLoading}
            dataSource={rows.data?.data ?? []}
            data-testid="public-table"
            pagination={{
              current: filters.current,
              pageSize: filters.pageSize,
              total: rows.data?.total ?? 0,
              onChange: (current, pageSize) => setFilters((f) => ({ ...f, current, pageSize })),
            }}
            columns={[
              { title: t('publicLists.year'), dataIndex: 'listYear' },
              { title: t('lists.city'), dataIndex: 'cityName' },
              { title: t('lists.county'), dataIndex: 'countyName' },
              { title: t('lists.enterprise'), dataIndex: 'name' },
              { title: t('lists.uscc'), dataIndex: 'uscc' },
              { title: t('publicLists.industry'), dataIndex: 'keyIndustry', render: (v: string | null) => industryLabel(v) },
              { title: t('lists.auditType'), dataIndex: 'auditType', render: (v: AuditType) => t(`lists.${v}`) },
              { title: t('lists.basis'), dataIndex: 'basis' },
              { title: t('lists.documentNo'), dataIndex: 'documentNo' },
              { title: t('lists.publishedOn'), dataIndex: 'publishedAt' },
              {
                title: t('publicLists.disclosure'),
                dataIndex: 'disclosed',
                render: (v: boolean, r) => (
                  <Space size={4} wrap>
                    <Tag color={v ? 'green' : 'default'}>{v ? t('publicLists.disclosed') : t('publicLists.notDisclosed')}</Tag>
                    {r.disclosedOn && (r.disclosureUrl && /^https?:\/\//i.test(r.disclosureUrl) ? <a href={r.disclosureUrl} target="_blank" rel="noopener noreferrer">{r.disclosedOn}</a> : r.disclosedOn)}
                  </Space>
                ),
              },
              { title: t('publicLists.auditState'), dataIndex: 'auditState', render: (v: string) => <Tag>{t(`dashboard.state.${v}`, { defaultValue: v })}</Tag> },
            ]}
          />
        </Card>
  );
}
