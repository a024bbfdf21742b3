/**
 * 审核工作看板 (issue 8 items 1–2): the audits of a list year in the user's area — stage figures, a
 * funnel, the map coloured by a chosen measure (region), and per city / county on-time and
 * completion rates with the list, action plan and yearly report status. A city (map or row) opens
 * its enterprises (`/enterprises?city=…`, or `county=…`); a funnel stage opens
 * `/audits?listYear=…&stage=…` (the audits list reads these parameters, pages/audits filtersFromSearch).
 * Region officials also get the official documents (RegionDocuments: yearly summary, summary stage).
 */
import { lazy, Suspense, useDeferredValue, useState } from 'react';
import { App, Button, Card, Col, Row, Select, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { DashboardDivisionRow, DashboardSummary } from '@cpaudit/contracts';
import { downloadDashboard, type DashboardFilters } from '../../../services/dashboard.ts';
import { dashboardQuery } from '../preload.ts';
import { describeError } from '../../../services/error-policy.ts';
import { useKeyIndustries, useKeyIndustryLabel } from '../../../services/useReference.ts';
import { useCurrentUser } from '../../../services/session.ts';
import ReductionsCard from './ReductionsCard.tsx';
import RegionDocuments from './RegionDocuments.tsx';
import FigureTable, { type FigureColumn } from '../../../components/FigureTable.tsx';

const GuangxiMap = lazy(() => import('./GuangxiMap.tsx'));
const FunnelChart = lazy(() => import('./FunnelChart.tsx'));
const fallback = <Skeleton.Node active style={{ width: '100%', height: 240 }} />;

const MEASURES = ['listed', 'overdue', 'onTimeRate', 'completionRate', 'accepted'] as const;
type Measure = (typeof MEASURES)[number];
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const TAG_COLOR: Record<string, string> = { approved: 'green', submitted: 'blue', returned: 'orange', overdue: 'red', notSubmitted: 'default' };

export default function AuditDashboard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const [filters, setFilters] = useState<DashboardFilters>({});
  const [measure, setMeasure] = useState<Measure>('onTimeRate');
  const industries = useKeyIndustries();
  const industryLabel = useKeyIndustryLabel();
  const query = useQuery(dashboardQuery(filters));
  // The header (title, filters, downloads) is drawn at once, before the summary arrives, and stays
  // the same element afterwards: the title is the page's largest text, so the largest contentful
  // paint no longer waits for the figures (bench web). The figures show when the summary is there;
  // until then the frame's test id is `audit-dashboard-loading`.
  // The figures (a large render) come in a second, deferred render, so the header paints first
  // even when the summary is already in the cache (preloadHome).
  const settled = useDeferredValue(true, false);
  const s: DashboardSummary | undefined = settled ? query.data : undefined;
  const isRegion = me.area.level === 'region';
  const header = (
    <Space wrap style={{ marginBottom: 12 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{t('dashboard.title', { area: me.area.name })}</Typography.Title>
      <Select
        data-testid="dashboard-year"
        style={{ width: 120 }}
        disabled={!s}
        value={s?.listYear}
        options={s ? (s.years.length ? s.years : [s.listYear]).map((y) => ({ value: y, label: t('dashboard.year', { year: y }) })) : []}
        onChange={(y: number) => setFilters((p) => ({ ...p, listYear: y }))}
      />
      <Select
        data-testid="dashboard-industry"
        allowClear
        style={{ width: 200 }}
        disabled={!s}
        placeholder={t('dashboard.allIndustries')}
        value={s?.keyIndustry ?? undefined}
        options={(industries.data ?? []).map((k) => ({ value: k.key, label: industryLabel(k.key) }))}
        onChange={(k?: string) => setFilters((p) => ({ ...p, keyIndustry: k }))}
      />
      <Button
        data-testid="dashboard-download"
        disabled={!s}
        onClick={() => s && downloadDashboard({ listYear: s.listYear, keyIndustry: s.keyIndustry ?? undefined }).catch((e: unknown) => message.error(describeError(e)))}
      >
        {t('dashboard.download')}
      </Button>
      {isRegion && me.permissions.includes('actionPlan.read') ? (
        <RegionDocuments listYear={s?.listYear} keyIndustry={s?.keyIndustry ?? null} industryName={s?.keyIndustry ? industryLabel(s.keyIndustry) : null} />
      ) : null}
      {s ? <Typography.Text type="secondary">{t('dashboard.asOf', { date: s.today })}</Typography.Text> : null}
    </Space>
  );
  if (s === undefined) {
    return (
      <div data-testid="audit-dashboard-loading">
        {header}
        {query.isError ? <Typography.Text type="danger">{describeError(query.error)}</Typography.Text> : <Skeleton active paragraph={{ rows: 6 }} />}
      </div>
    );
  }
  const enterprisesOf = (code: string) => {
    const q = new URLSearchParams(isRegion ? { city: code } : { county: code });
    if (s.keyIndustry) q.set('keyIndustry', s.keyIndustry);
    return `/enterprises?${q.toString()}`;
  };
  const open = (code: string) => void navigate(enterprisesOf(code));
  const isRate = measure === 'onTimeRate' || measure === 'completionRate';
  const f = s.totals;
  const cards: [string, number | string][] = [
    ['listed', f.listed],
    ['mandatory', f.mandatory],
    ['voluntary', f.voluntary],
    ['disclosedOnTime', f.disclosedOnTime],
    ['started', f.started],
    ['evaluated', f.evaluated],
    ['accepted', f.accepted],
    ['overdue', f.overdue],
    ['rolledOver', f.rolledOver],
    ['onTimeRate', pct(f.onTimeRate)],
  ];
  const mapRows = s.divisions.map((d) => ({
    divisionCode: d.divisionCode,
    name: d.name,
    count: isRate ? Math.round((d[measure] ?? 0) * 1000) / 10 : d[measure],
  }));
  const tag = (v: string | null) => (v === null ? '—' : <Tag color={TAG_COLOR[v]}>{t(`dashboard.tag.${v}`)}</Tag>);
  return (
    <div data-testid="audit-dashboard" data-list-year={s.listYear}>
      {header}
      <Row gutter={[12, 12]} data-testid="dashboard-figures">
        {cards.map(([k, v]) => (
          <Col key={k} xs={12} md={6} xl={4}>
            <Card size="small">
              <Statistic title={t(`dashboard.figure.${k}`)} value={v} data-testid={`figure-${k}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={isRegion ? 14 : 24}>
          {isRegion ? (
            <Card
              title={t('dashboard.map')}
              extra={<Select data-testid="dashboard-measure" style={{ width: 140 }} value={measure} onChange={setMeasure} options={MEASURES.map((m) => ({ value: m, label: t(`dashboard.figure.${m}`) }))} />}
            >
              <Suspense fallback={fallback}>
                <GuangxiMap rows={mapRows} seriesName={t(`dashboard.figure.${measure}`)} onSelect={open} testId="dashboard-map" {...(isRate ? { unit: '%', scaleMax: 100 } : {})} />
              </Suspense>
            </Card>
          ) : null}
        </Col>
        <Col xs={24} xl={isRegion ? 10 : 24}>
          <Card title={t('dashboard.funnel')}>
            <Suspense fallback={fallback}>
              <FunnelChart
                stages={s.funnel.map((x) => ({ stage: x.stage, name: t(`dashboard.figure.${x.stage}`), value: x.count }))}
                onSelect={(stage) => void navigate(`/audits?listYear=${s.listYear}&stage=${stage}${s.keyIndustry ? `&keyIndustry=${s.keyIndustry}` : ''}`)}
              />
            </Suspense>
          </Card>
        </Col>
      </Row>
      <Card title={isRegion ? t('dashboard.byCity') : t('dashboard.byCounty')} style={{ marginTop: 16 }}>
        <FigureTable<DashboardDivisionRow>
          testId="dashboard-rates"
          rows={s.divisions}
          rowKey={(r) => r.divisionCode}
          rowTestId={(r) => `rate-row-${r.divisionCode}`}
          columns={[
            { key: 'name', title: t('home.colDivision'), render: (r) => <Link data-testid={`open-${r.divisionCode}`} to={enterprisesOf(r.divisionCode)}>{r.name}</Link> },
            ...(['listed', 'started', 'accepted', 'overdue'] as const).map((k): FigureColumn<DashboardDivisionRow> => ({ key: k, title: t(`dashboard.figure.${k}`), align: 'right', render: (r) => r[k] })),
            ...(['onTimeRate', 'completionRate'] as const).map((k): FigureColumn<DashboardDivisionRow> => ({ key: k, title: t(`dashboard.figure.${k}`), align: 'right', render: (r) => pct(r[k]) })),
            ...(isRegion
              ? (['list', 'actionPlan', 'annualReport'] as const).map((k): FigureColumn<DashboardDivisionRow> => ({ key: k, title: t(`dashboard.${k}`), render: (r) => tag(r[k]) }))
              : []),
          ]}
        />
      </Card>
      {me.permissions.includes('option.stats') ? <ReductionsCard year={s.listYear} keyIndustry={s.keyIndustry} byCounty={!isRegion} /> : null}
    </div>
  );
}
