import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { App, Breadcrumb, Button, Card, Col, Empty, Form, Input, Result, Row, Select, Skeleton, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { DownloadOutlined, FileSearchOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { AreaFilterFields } from '../../components/AreaFilterFields.tsx';
import type { ScreeningCriterionName, ScreeningResultRow } from '@cpaudit/contracts';
import { hasPermission } from '../../access.ts';
import { isApiError } from '../../services/api.ts';
import { describeError } from '../../services/error-policy.ts';
import {
  confirmBatch,
  criterionList,
  exportResults,
  fetchResults,
  fetchRun,
  runCounts,
  type DecisionFilter,
  type Recommendation,
  type ScreeningResultFilters,
} from '../../services/screening.ts';
import { useCurrentUser } from '../../services/session.ts';
import { useAreaDivisions, useKeyIndustries, useKeyIndustryLabel } from '../../services/useReference.ts';
import { CriterionTag, DecisionTag, QueryError, RecommendationTag } from '../../components/tags.tsx';
import EvidenceDrawer from './EvidenceDrawer.tsx';
import ReviewActions from './ReviewActions.tsx';
import { formatTime } from '@cpaudit/contracts';

interface FilterValues {
  q?: string;
  criterion?: ScreeningCriterionName;
  city?: string;
  county?: string;
  keyIndustry?: string;
  recommendation?: Recommendation;
  decision?: DecisionFilter;
}

const oneOf = <T extends string>(list: readonly T[], v: string | null): T | undefined => (v && (list as readonly string[]).includes(v) ? (v as T) : undefined);

function readFilters(p: URLSearchParams): FilterValues & { current: number; pageSize: number } {
  return {
    q: p.get('q') || undefined,
    criterion: oneOf(criterionList, p.get('criterion')),
    city: p.get('city') || undefined,
    county: p.get('county') || undefined,
    keyIndustry: p.get('keyIndustry') || undefined,
    recommendation: oneOf(['mandatory', 'notDue'] as const, p.get('recommendation')),
    decision: oneOf(['pending', 'confirm', 'exclude'] as const, p.get('decision')),
    current: Math.max(1, Number(p.get('current')) || 1),
    pageSize: Math.min(200, Math.max(1, Number(p.get('pageSize')) || 20)),
  };
}

/**
 * A clickable statistic card; `data-value` carries the raw number. `value` undefined: the count is
 * still loading (a placeholder, not a misleading 0; no `data-value`).
 */
function CountCard({ testId, title, value, active, onClick, danger }: { testId: string; title: string; value: number | undefined; active?: boolean; onClick?: () => void; danger?: boolean }) {
  return (
    <Card size="small" hoverable={!!onClick} onClick={onClick} style={active ? { borderColor: '#1f7a4d', boxShadow: '0 0 0 1px #1f7a4d' } : undefined}>
      <div data-testid={testId} data-value={value}>
        <Statistic title={title} value={value} loading={value === undefined} styles={danger ? { content: { color: '#cf1322' } } : undefined} />
      </div>
    </Card>
  );
}

/** 筛选结果: counts per criterion, filters, the results with evidence drawer, review actions, export. */
export default function ScreeningRunPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useCurrentUser();
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const f = useMemo(() => readFilters(params), [params]);
  const [form] = Form.useForm<FilterValues>();
  // The search form shows the URL's filters: the remount (key) alone keeps the form instance's old
  // values (e.g. the text of a search after 重置), so the fields are reset to the new initial values.
  useEffect(() => form.resetFields(), [form, params]);
  const areas = useAreaDivisions(me);
  const industries = useKeyIndustries();
  const industryLabel = useKeyIndustryLabel();
  const formCity = Form.useWatch('city', form) ?? areas.fixedCity;
  const [drawerId, setDrawerId] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const canReview = hasPermission(me, 'screening.confirm');
  const queryClient = useQueryClient();
  // 批量确认: the rows ticked on the page shown (a city officer's own candidates; confirmed rows cannot be ticked).
  const [selected, setSelected] = useState<ScreeningResultRow[]>([]);
  const bulk = useMutation({
    mutationFn: (v: { dataYear: number; enterpriseIds: number[] }) => confirmBatch(v),
    onSuccess: (r) => {
      void message.success(t('screening.bulkDone', { confirmed: r.confirmed.length, unchanged: r.unchanged.length }));
      setSelected([]);
      void queryClient.invalidateQueries({ queryKey: ['screening', 'results'] });
    },
  });

  const run = useQuery({
    queryKey: ['screening', 'run', id],
    queryFn: ({ signal }) => fetchRun(id, signal),
    enabled: Number.isInteger(id) && id > 0,
    meta: { errorPolicy: 'inline' },
  });

  const filters: ScreeningResultFilters = {
    q: f.q,
    criterion: f.criterion,
    divisionCode: f.county ?? f.city,
    keyIndustry: f.keyIndustry,
    recommendation: f.recommendation,
    decision: f.decision,
  };
  const results = useQuery({
    queryKey: ['screening', 'results', id, filters, f.current, f.pageSize],
    queryFn: ({ signal }) => fetchResults(id, { ...filters, current: f.current, pageSize: f.pageSize }, signal),
    enabled: run.isSuccess,
    placeholderData: keepPreviousData,
    staleTime: 0,
    meta: { errorPolicy: 'inline' },
  });

  // A user whose area is smaller than the run's scope (a city user on a region-wide run) sees the
  // results of their area only: count those (one `pageSize=1` request per figure), not the run's totals.
  const narrower = !!run.data && me.area.level !== 'region' && me.area.divisionCode !== run.data.scopeDivisionCode;
  const countSpecs: [string, ScreeningResultFilters][] = [
    ['listed', {}],
    ['mandatory', { recommendation: 'mandatory' }],
    ['notDue', { recommendation: 'notDue' }],
    ...criterionList.map((c): [string, ScreeningResultFilters] => [c, { criterion: c }]),
  ];
  const areaCounts = useQueries({
    queries: countSpecs.map(([key, q]) => ({
      queryKey: ['screening', 'areaCounts', id, key],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchResults(id, { ...q, current: 1, pageSize: 1 }, signal).then((p) => p.total),
      enabled: narrower,
      meta: { errorPolicy: 'inline' as const },
    })),
  });

  const apply = (v: FilterValues, page = 1, pageSize = f.pageSize) => {
    const next = new URLSearchParams();
    const entries: [string, string | undefined][] = [
      ['q', v.q?.trim()],
      ['criterion', v.criterion],
      ['city', areas.fixedCity ? undefined : v.city],
      ['county', areas.fixedCounty ? undefined : v.county],
      ['keyIndustry', v.keyIndustry],
      ['recommendation', v.recommendation],
      ['decision', v.decision],
    ];
    for (const [k, val] of entries) if (val) next.set(k, val);
    if (page > 1) next.set('current', String(page));
    if (pageSize !== 20) next.set('pageSize', String(pageSize));
    setParams(next);
  };

  const onExport = async () => {
    setExporting(true);
    try {
      const name = await exportResults(id, filters);
      void message.success(t('enterprise.exported', { name }));
    } catch (e) {
      void message.error(describeError(e));
    } finally {
      setExporting(false);
    }
  };

  const crumbs = (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={[{ title: <Link to="/screening">{t('screening.title')}</Link> }, { title: run.data ? `#${run.data.id} · ${run.data.dataYear}` : t('menu.screeningRun') }]}
    />
  );
  if (!Number.isInteger(id) || id <= 0 || (run.isError && isApiError(run.error) && [403, 404].includes(run.error.status))) {
    return (
      <div data-testid="page-screening-run">
        {crumbs}
        <Result status="404" title={t('screening.notFound')} subTitle={run.isError ? describeError(run.error) : undefined} extra={<Link to="/screening">{t('screening.back')}</Link>} />
      </div>
    );
  }
  if (run.isError) return <QueryError error={run.error} onRetry={() => void run.refetch()} />;
  if (run.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;

  const r = run.data;
  // A city or county sees its own area's counts, one request each; until one answers its card shows a
  // placeholder (undefined), not 0 — a city saw 列入 0 above a table of 63 while they loaded.
  const runWide = runCounts(r);
  const value = (i: number) => areaCounts[i]?.data;
  const counts: { listed: number | undefined; mandatory: number | undefined; notDue: number | undefined; byCriterion: Record<string, number | undefined> } = narrower
    ? { listed: value(0), mandatory: value(1), notDue: value(2), byCriterion: Object.fromEntries(criterionList.map((c, i) => [c, value(3 + i)])) }
    : runWide;
  const rows = results.data?.data ?? [];
  const drawerRow = rows.find((x) => x.enterpriseId === drawerId) ?? null;
  const setCriterion = (c: ScreeningCriterionName | undefined) => apply({ ...f, criterion: f.criterion === c ? undefined : c });

  return (
    <div data-testid="page-screening-run" data-run-id={r.id} data-data-year={r.dataYear}>
      {crumbs}
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="run-title">
          {t('screening.runTitle', { year: r.dataYear, scope: r.scopeName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('screening.runInfo', { version: r.ruleSetVersion, by: r.runByName, at: formatTime(r.startedAt) })} · {t('screening.scanned')}{' '}
          {r.enterprisesScanned.toLocaleString()}
          {narrower && (
            <Tag color="green" style={{ marginInlineStart: 8 }} data-testid="run-counts-area">
              {t('screening.areaCounts')}{t('common.colon')}{me.area.name}
            </Tag>
          )}
        </Typography.Paragraph>
        <Row gutter={[12, 12]}>
          <Col xs={12} md={6} xl={3}>
            <CountCard testId="run-count-listed" title={t('screening.listed')} value={counts.listed} onClick={() => apply({})} />
          </Col>
          <Col xs={12} md={6} xl={3}>
            <CountCard
              testId="run-count-mandatory"
              title={t('screening.mandatory')}
              value={counts.mandatory}
              danger
              active={f.recommendation === 'mandatory'}
              onClick={() => apply({ ...f, recommendation: f.recommendation === 'mandatory' ? undefined : 'mandatory' })}
            />
          </Col>
          <Col xs={12} md={6} xl={3}>
            <CountCard
              testId="run-count-notDue"
              title={t('screening.notDue')}
              value={counts.notDue}
              active={f.recommendation === 'notDue'}
              onClick={() => apply({ ...f, recommendation: f.recommendation === 'notDue' ? undefined : 'notDue' })}
            />
          </Col>
          {criterionList.map((c) => (
            <Col xs={12} md={6} xl={3} key={c}>
              <CountCard
                testId={`run-criterion-${c}`}
                title={t(`screening.criteria.${c}`)}
                value={narrower ? counts.byCriterion[c] : (counts.byCriterion[c] ?? 0)}
                active={f.criterion === c}
                onClick={() => setCriterion(c)}
              />
            </Col>
          ))}
        </Row>
      </Card>

      <Card style={{ marginBottom: 16 }}>
        <Form<FilterValues>
          form={form}
          layout="vertical"
          key={`${params.toString()}|${areas.fixedCity ?? ''}`}
          initialValues={{ ...f, city: f.city ?? areas.fixedCity, county: f.county ?? areas.fixedCounty }}
          onFinish={(v) => apply(v)}
          data-testid="result-filters"
        >
          <Row gutter={16}>
            <Col xs={24} md={8} xl={5}>
              <Form.Item name="q" label={t('screening.q')}>
                <Input allowClear maxLength={100} placeholder={t('enterprise.qPlaceholder')} data-testid="result-filter-q" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} xl={4}>
              <Form.Item name="criterion" label={t('screening.criterion')}>
                <Select allowClear placeholder={t('screening.filterAll')} options={criterionList.map((c) => ({ value: c, label: t(`screening.criteria.${c}`) }))} data-testid="result-filter-criterion" />
              </Form.Item>
            </Col>
            <AreaFilterFields form={form} areas={areas} formCity={formCity} placeholder={t('screening.filterAll')} testIdPrefix="result-filter" colProps={{ xs: 12, md: 8, xl: 3 }} />
            <Col xs={12} md={8} xl={3}>
              <Form.Item name="keyIndustry" label={t('screening.keyIndustry')}>
                <Select
                  allowClear
                  placeholder={t('screening.filterAll')}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(industries.data ?? []).map((k) => ({ value: k.key, label: industryLabel(k.key) }))}
                  data-testid="result-filter-key-industry"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} xl={3}>
              <Form.Item name="recommendation" label={t('screening.recommendation')}>
                <Select
                  allowClear
                  placeholder={t('screening.filterAll')}
                  options={(['mandatory', 'notDue'] as const).map((v) => ({ value: v, label: t(`screening.recommendations.${v}`) }))}
                  data-testid="result-filter-recommendation"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={8} xl={3}>
              <Form.Item name="decision" label={t('screening.decision')}>
                <Select
                  allowClear
                  placeholder={t('screening.filterAll')}
                  options={(['pending', 'confirm', 'exclude'] as const).map((v) => ({ value: v, label: t(`screening.decisions.${v}`) }))}
                  data-testid="result-filter-decision"
                />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="result-filter-submit">
              {t('enterprise.search')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={() => setParams(new URLSearchParams())} data-testid="result-filter-reset">
              {t('enterprise.reset')}
            </Button>
          </Space>
        </Form>
      </Card>

      <Card
        title={
          <span data-testid="result-total" data-value={results.data?.total ?? ''}>
            {results.data ? t('screening.totalResults', { total: results.data.total.toLocaleString() }) : t('menu.screeningRun')}
          </span>
        }
        extra={
          <Space>
            {canReview && run.data && (
              <Button
                type="primary"
                disabled={selected.length === 0}
                loading={bulk.isPending}
                data-testid="screening-bulk-confirm"
                onClick={() =>
                  modal.confirm({
                    title: t('screening.bulkConfirmTitle', { n: selected.length }),
                    content: t('screening.bulkConfirmQuestion', { n: selected.length, year: run.data.dataYear + 1 }),
                    okButtonProps: { 'data-testid': 'screening-bulk-confirm-ok' } as { [k: `data-${string}`]: string },
                    onOk: () => bulk.mutateAsync({ dataYear: run.data.dataYear, enterpriseIds: selected.map((x) => x.enterpriseId) }).catch(() => undefined),
                  })
                }
              >
                {t('screening.bulkConfirm', { n: selected.length })}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void onExport()} data-testid="screening-export">
              {t('screening.exportXlsx')}
            </Button>
          </Space>
        }
      >
        {results.isError && (
          <div style={{ marginBottom: 16 }}>
            <QueryError error={results.error} onRetry={() => void results.refetch()} testId="result-error" />
          </div>
        )}
        <Table<ScreeningResultRow>
          rowKey="id"
          size="small"
          data-testid="screening-results"
          loading={results.isFetching}
          dataSource={rows}
          scroll={{ x: canReview ? 1120 : 930 }}
          rowSelection={
            canReview
              ? {
                  selectedRowKeys: selected.map((x) => x.id),
                  onChange: (_keys, picked) => setSelected(picked),
                  getCheckboxProps: (x) => ({ disabled: x.decision?.decision === 'confirm' || x.decision?.decision === 'exclude', 'data-testid': `screening-select-${x.enterpriseId}` }) as object,
                }
              : undefined
          }
          locale={{ emptyText: <Empty description={t('screening.noResults')} /> }}
          onRow={(x) =>
            ({
              'data-testid': `screening-row-${x.enterpriseId}`,
              'data-recommendation': x.recommendation,
              'data-decision': x.decision?.decision ?? 'pending',
              'data-criteria': x.criteria.join(','),
            }) as HTMLAttributes<HTMLElement>
          }
          pagination={{
            current: f.current,
            pageSize: f.pageSize,
            total: results.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('screening.totalResults', { total: total.toLocaleString() }),
            onChange: (page, size) => apply(f, size !== f.pageSize ? 1 : page, size),
          }}
          columns={[
            {
              title: t('screening.enterprise'),
              key: 'enterprise',
              width: 220,
              fixed: 'left',
              render: (_: unknown, x) => (
                <Space orientation="vertical" size={0}>
                  <Link to={`/enterprises/${x.enterpriseId}`}>{x.name}</Link>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {x.uscc}
                  </Typography.Text>
                </Space>
              ),
            },
            { title: t('screening.county'), key: 'county', width: 100, render: (_: unknown, x) => (me.area.level === 'region' ? `${x.cityName} · ${x.countyName}` : x.countyName) },
            { title: t('screening.keyIndustry'), dataIndex: 'keyIndustry', width: 110, render: (v: string | null) => (v ? industryLabel(v) : <Typography.Text type="secondary">—</Typography.Text>) },
            {
              title: t('screening.criterion'),
              dataIndex: 'criteria',
              width: 190,
              render: (v: string[]) => (
                <Space wrap size={[0, 4]}>
                  {v.map((c) => (
                    <CriterionTag key={c} criterion={c} />
                  ))}
                </Space>
              ),
            },
            { title: t('screening.recommendation'), key: 'rec', width: 130, render: (_: unknown, x) => <RecommendationTag recommendation={x.recommendation} nextDueYear={x.nextDueYear} /> },
            {
              title: t('screening.decision'),
              key: 'decision',
              width: 80,
              render: (_: unknown, x) =>
                x.decision ? (
                  <Tooltip
                    title={
                      <>
                        {x.decision.reasonCode ? `${t(`screening.reasons.${x.decision.reasonCode}`, { defaultValue: x.decision.reasonCode })}${t('common.colon')}` : ''}
                        {x.decision.justification ?? ''}
                        <br />
                        {t('screening.decidedBy', { by: x.decision.decidedByName ?? '—', at: formatTime(x.decision.decidedAt) })}
                      </>
                    }
                  >
                    <span>
                      <DecisionTag decision={x.decision.decision} />
                    </span>
                  </Tooltip>
                ) : (
                  <DecisionTag decision={null} />
                ),
            },
            {
              title: t('screening.actions'),
              key: 'actions',
              width: canReview ? 250 : 100,
              fixed: 'right',
              render: (_: unknown, x) => (
                <Space size={4} wrap>
                  <Button size="small" icon={<FileSearchOutlined />} onClick={() => setDrawerId(x.enterpriseId)} data-testid={`evidence-open-${x.enterpriseId}`}>
                    {t('screening.evidenceShort')}
                  </Button>
                  {canReview && <ReviewActions row={x} dataYear={r.dataYear} />}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <EvidenceDrawer
        row={drawerRow}
        onClose={() => setDrawerId(null)}
        actions={drawerRow && canReview ? <ReviewActions row={drawerRow} dataYear={r.dataYear} size="middle" testPrefix="drawer-review" /> : undefined}
      />
    </div>
  );
}
