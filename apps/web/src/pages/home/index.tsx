import { lazy, Suspense, useDeferredValue } from 'react';
import { Button, Card, Col, Empty, Result, Row, Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isOfficial, isPersonalHome, overviewQuery } from './preload.ts';
import { describeError } from '../../services/error-policy.ts';
import StatCards from './components/StatCards.tsx';
import AuditDashboard from './components/AuditDashboard.tsx';
import MyAudits from './components/MyAudits.tsx';
import AgencyAudits from './components/AgencyAudits.tsx';
import MyAssignments from './components/MyAssignments.tsx';
import { useCurrentUser } from '../../services/session.ts';
// The charts (SVG; the map's GeoJSON ~28 KB gzipped) load after the figures and tables
// have painted, so they do not hold up the first render (bench web: largest contentful paint).
const IndustryChart = lazy(() => import('./components/IndustryChart.tsx'));
const DivisionBarChart = lazy(() => import('./components/DivisionBarChart.tsx'));
const GuangxiMap = lazy(() => import('./components/GuangxiMap.tsx'));
const chartFallback = <Skeleton.Node active style={{ width: '100%', height: 240 }} />;
import { DivisionTable, IndustryTable } from './components/CountTable.tsx';

/**
 * 工作台: for officials the audit dashboard of their area (`GET /api/v1/dashboard/summary`), for an
 * enterprise its audits (`/dashboard/my-audits`), for a consulting agency the audits it consults on
 * (`/dashboard/agency-audits`); then the enterprise figures of the area
 * (`GET /api/v1/stats/overview`). An enterprise and an expert see no area figures (they mean nothing
 * to them): the enterprise its audits and next deadline, the expert its review assignments. Opened
 * at `/` on boot, its chunk and data are already on their way (`preloadHome`, preload.ts).
 */
export default function HomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const personal = isPersonalHome(me);
  // The session's area is the overview's (`/stats/overview` answers for it): the title and the
  // audit dashboard do not wait for the overview, and the two load at the same time.
  const area = me.area;
  // The titles paint in a first, light render; the overview (cards, tables, map) in a deferred one.
  const settled = useDeferredValue(true, false);
  if (personal) {
    return (
      <div data-testid="page-home">
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="home-title">
          {t('home.personalTitle', { name: me.org.name })}
        </Typography.Title>
        {me.org.enterpriseId !== null ? <MyAudits /> : <MyAssignments />}
      </div>
    );
  }
  return (
    <div data-testid="page-home" data-area-code={area.divisionCode} data-area-level={area.level}>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="home-title">
        {t('home.title', { area: area.name })}
      </Typography.Title>
      {me.org.kind === 'consultingAgency' ? <AgencyAudits /> : null}
      {isOfficial(me.org.kind) ? (
        <div style={{ marginBottom: 24 }}>
          <AuditDashboard />
        </div>
      ) : null}
      {settled ? <Overview /> : <Skeleton active paragraph={{ rows: 10 }} />}
    </div>
  );
}

/** The enterprise figures of the area (`GET /api/v1/stats/overview`): cards, map or bars, tables. */
function Overview() {
  const { t } = useTranslation();
  const query = useQuery(overviewQuery);

  if (query.isPending) return <Skeleton active paragraph={{ rows: 10 }} />;
  if (query.isError) {
    return (
      <Result
        status="warning"
        title={t('errors.loadFailed')}
        subTitle={describeError(query.error)}
        extra={<Button onClick={() => void query.refetch()}>{t('errors.retry')}</Button>}
      />
    );
  }

  const stats = query.data;
  const isRegion = stats.area.level === 'region';
  return (
    <>
      <StatCards stats={stats} />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={14}>
          <Card title={isRegion ? t('home.byCity') : t('home.byCounty')}>
            {stats.byDivision.length === 0 && !isRegion ? (
              <Empty description={t('home.noData')} />
            ) : (
              <Suspense fallback={chartFallback}>{isRegion ? <GuangxiMap rows={stats.byDivision} /> : <DivisionBarChart rows={stats.byDivision} />}</Suspense>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('home.divisionTable')}>
            <DivisionTable rows={stats.byDivision} />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('home.byKeyIndustry')}>
            {stats.byKeyIndustry.length === 0 ? <Empty description={t('home.noData')} /> : (
              <Suspense fallback={chartFallback}>
                <IndustryChart rows={stats.byKeyIndustry} />
              </Suspense>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('home.industryTable')}>
            <IndustryTable rows={stats.byKeyIndustry} />
          </Card>
        </Col>
      </Row>
    </>
  );
}
