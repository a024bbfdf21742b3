import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Col, Empty, Form, Input, Row, Select, Space, Table, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AreaFilterFields } from '../../components/AreaFilterFields.tsx';
import type { Enterprise, PermitCategory } from '@cpaudit/contracts';
import { hasPermission } from '../../access.ts';
import { useCurrentUser } from '../../services/session.ts';
import {
  enterpriseStatuses,
  exportEnterprises,
  fetchEnterprises,
  permitCategoryList,
  type EnterpriseFilters,
  type EnterpriseStatus,
} from '../../services/registry.ts';
import { useAreaDivisions, useKeyIndustries, useKeyIndustryLabel } from '../../services/useReference.ts';
import { describeError } from '../../services/error-policy.ts';
import { QueryError, StatusTag } from '../../components/tags.tsx';
import EnterpriseFormModal from './EnterpriseFormModal.tsx';

interface SearchValues {
  q?: string;
  city?: string;
  county?: string;
  keyIndustry?: string;
  permitCategory?: PermitCategory;
  status?: EnterpriseStatus;
}

const pick = (p: URLSearchParams, k: string) => p.get(k) || undefined;

function readSearch(p: URLSearchParams): SearchValues & { current: number; pageSize: number } {
  const permitCategory = pick(p, 'permitCategory');
  const status = pick(p, 'status');
  return {
    q: pick(p, 'q'),
    city: pick(p, 'city'),
    county: pick(p, 'county'),
    keyIndustry: pick(p, 'keyIndustry'),
    permitCategory: (permitCategoryList as readonly string[]).includes(permitCategory ?? '') ? (permitCategory as PermitCategory) : undefined,
    status: (enterpriseStatuses as readonly string[]).includes(status ?? '') ? (status as EnterpriseStatus) : undefined,
    current: Math.max(1, Number(p.get('current')) || 1),
    pageSize: Math.min(200, Math.max(1, Number(p.get('pageSize')) || 20)),
  };
}

/**
 * 企业名录: search form (name/credit code, city → county, key industry, permit category, status),
 * a paged table, export of the filtered list, and 新增企业. Filters live in the URL.
 */
export default function EnterprisesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => readSearch(params), [params]);
  const [form] = Form.useForm<SearchValues>();
  // The search form shows the URL's filters: the remount (key) alone keeps the form instance's old
  // values (e.g. the text of a search after 重置), so the fields are reset to the new initial values.
  useEffect(() => form.resetFields(), [form, params]);
  const areas = useAreaDivisions(me);
  const industries = useKeyIndustries();
  const industryLabel = useKeyIndustryLabel();
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const formCity = Form.useWatch('city', form) ?? areas.fixedCity;

  const filters: EnterpriseFilters = {
    q: search.q,
    divisionCode: search.county ?? areas.fixedCounty ?? search.city ?? areas.fixedCity,
    keyIndustry: search.keyIndustry,
    permitCategory: search.permitCategory,
    status: search.status,
  };
  const query = useQuery({
    queryKey: ['enterprises', 'list', filters, search.current, search.pageSize],
    queryFn: ({ signal }) => fetchEnterprises({ ...filters, current: search.current, pageSize: search.pageSize }, signal),
    placeholderData: keepPreviousData,
    meta: { errorPolicy: 'inline' },
  });

  const apply = (v: SearchValues, page = 1, pageSize = search.pageSize) => {
    const next = new URLSearchParams();
    const entries: [string, string | undefined][] = [
      ['q', v.q?.trim()],
      ['city', areas.fixedCity ? undefined : v.city],
      ['county', areas.fixedCounty ? undefined : v.county],
      ['keyIndustry', v.keyIndustry],
      ['permitCategory', v.permitCategory],
      ['status', v.status],
    ];
    for (const [k, val] of entries) if (val) next.set(k, val);
    if (page > 1) next.set('current', String(page));
    if (pageSize !== 20) next.set('pageSize', String(pageSize));
    setParams(next);
  };

  const onExport = async () => {
    setExporting(true);
    try {
      const name = await exportEnterprises(filters);
      void message.success(t('enterprise.exported', { name }));
    } catch (e) {
      void message.error(describeError(e));
    } finally {
      setExporting(false);
    }
  };

  const initial: SearchValues = {
    q: search.q,
    city: search.city ?? areas.fixedCity,
    county: search.county ?? areas.fixedCounty,
    keyIndustry: search.keyIndustry,
    permitCategory: search.permitCategory,
    status: search.status,
  };

  return (
    <div data-testid="page-enterprises">
      <Card title={t('enterprise.listTitle')} style={{ marginBottom: 16 }}>
        <Form<SearchValues>
          form={form}
          layout="vertical"
          // remount with the URL's values (back/forward) and once the divisions are known
          key={`${params.toString()}|${areas.fixedCity ?? ''}`}
          initialValues={initial}
          onFinish={(v) => apply(v)}
          data-testid="enterprise-search"
        >
          <Row gutter={16}>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="q" label={t('enterprise.q')}>
                <Input allowClear placeholder={t('enterprise.qPlaceholder')} maxLength={100} data-testid="search-q" />
              </Form.Item>
            </Col>
            <AreaFilterFields form={form} areas={areas} formCity={formCity} placeholder={t('enterprise.all')} testIdPrefix="search" colProps={{ xs: 12, md: 6, xl: 4 }} />
            <Col xs={24} md={8} xl={4}>
              <Form.Item name="keyIndustry" label={t('enterprise.keyIndustry')}>
                <Select
                  allowClear
                  placeholder={t('enterprise.all')}
                  loading={industries.isPending}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(industries.data ?? []).map((k) => ({ value: k.key, label: industryLabel(k.key) }))}
                  data-testid="search-key-industry"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} xl={3}>
              <Form.Item name="permitCategory" label={t('enterprise.permitCategory')}>
                <Select
                  allowClear
                  placeholder={t('enterprise.all')}
                  options={permitCategoryList.map((c) => ({ value: c, label: t(`enterprise.permitCategories.${c}`) }))}
                  data-testid="search-permit-category"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} xl={3}>
              <Form.Item name="status" label={t('enterprise.status')}>
                <Select
                  allowClear
                  placeholder={t('enterprise.all')}
                  options={enterpriseStatuses.map((s) => ({ value: s, label: t(`enterprise.statuses.${s}`) }))}
                  data-testid="search-status"
                />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="search-submit">
              {t('enterprise.search')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={() => setParams(new URLSearchParams())} data-testid="search-reset">
              {t('enterprise.reset')}
            </Button>
          </Space>
        </Form>
      </Card>

      <Card
        title={
          <Typography.Text data-testid="enterprise-total" data-value={query.data?.total ?? ''}>
            {query.data ? t('enterprise.total', { total: query.data.total.toLocaleString() }) : t('enterprise.listTitle')}
          </Typography.Text>
        }
        extra={
          <Space>
            {hasPermission(me, 'enterprise.export') && (
              <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void onExport()} data-testid="enterprise-export">
                {t('enterprise.exportExcel')}
              </Button>
            )}
            {hasPermission(me, 'enterprise.create') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="enterprise-create">
                {t('enterprise.create')}
              </Button>
            )}
          </Space>
        }
      >
        {query.isError && (
          <div style={{ marginBottom: 16 }}>
            <QueryError error={query.error} title={t('enterprise.loadFailed')} onRetry={() => void query.refetch()} testId="enterprise-error" />
          </div>
        )}
        <Table<Enterprise>
          rowKey="id"
          size="middle"
          data-testid="enterprise-table"
          loading={query.isFetching}
          dataSource={query.data?.data ?? []}
          locale={{ emptyText: <Empty description={t('enterprise.empty')} /> }}
          onRow={(r) => ({ 'data-testid': `enterprise-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
          pagination={{
            current: search.current,
            pageSize: search.pageSize,
            total: query.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('enterprise.total', { total: total.toLocaleString() }),
            onChange: (page, size) => apply(search, size !== search.pageSize ? 1 : page, size),
          }}
          scroll={{ x: 900 }}
          columns={[
            {
              title: t('enterprise.name'),
              dataIndex: 'name',
              render: (v: string, r) => (
                <Link to={`/enterprises/${r.id}`} data-testid={`enterprise-link-${r.id}`}>
                  {v}
                </Link>
              ),
            },
            { title: t('enterprise.uscc'), dataIndex: 'uscc', width: 200, render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
            {
              title: t('enterprise.county'),
              dataIndex: 'countyName',
              width: 180,
              render: (v: string, r) => (me.area.level === 'region' ? `${r.cityName} · ${v}` : v),
            },
            { title: t('enterprise.keyIndustry'), dataIndex: 'keyIndustry', width: 180, render: (v: string | null) => (v ? industryLabel(v) : <Typography.Text type="secondary">—</Typography.Text>) },
            { title: t('enterprise.status'), dataIndex: 'status', width: 90, render: (v: EnterpriseStatus) => <StatusTag status={v} /> },
          ]}
        />
      </Card>

      {creating && (
        <EnterpriseFormModal
          open
          onClose={() => setCreating(false)}
          onSaved={(e) => {
            setCreating(false);
            if (e?.id) void navigate(`/enterprises/${e.id}`);
            else void query.refetch();
          }}
        />
      )}
    </div>
  );
}
