/**
 * Consulting-agency home (issue 8 item 2): the audits the agency consults on — a count per state,
 * the nearest pending deadline with the days left, and the audits, each linking to its record.
 */
import { Card, Col, Empty, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchAgencyHome } from '../../../services/dashboard.ts';
import { DaysLeft } from '../../../components/DaysLeft.tsx';

export default function AgencyAudits() {
  const { t } = useTranslation();
  const query = useQuery({ queryKey: ['dashboard', 'agency-audits'], queryFn: ({ signal }) => fetchAgencyHome(signal) });
  if (!query.data) return null;
  const h = query.data;
  const next = h.nextDeadline;
  return (
    <Card title={t('dashboard.agencyAudits', { n: h.total })} style={{ marginBottom: 16 }} data-testid="agency-audits">
      {h.total === 0 ? (
        <Empty description={t('dashboard.noAgencyAudits')} />
      ) : (
        <>
          <Row gutter={[12, 12]} data-testid="agency-by-state">
            {h.byState.map((s) => (
              <Col key={s.state} xs={12} md={6} xl={4}>
                <Card size="small">
                  <Statistic title={t(`audits.states.${s.state}`)} value={s.count} data-testid={`agency-state-${s.state}`} />
                </Card>
              </Col>
            ))}
          </Row>
          {next ? (
            <Typography.Paragraph style={{ marginTop: 12 }} data-testid="agency-next-deadline">
              {t('dashboard.agencyNext', { enterprise: next.enterpriseName, state: t(`audits.states.${next.state}`), due: next.due })} <DaysLeft days={next.daysLeft} />{' '}
              <Link to={`/audits/${next.auditId}`}>{t('dashboard.openAudit')}</Link>
            </Typography.Paragraph>
          ) : null}
          <List
            size="small"
            dataSource={h.audits}
            renderItem={(a) => (
              <List.Item data-testid={`agency-audit-${a.id}`}>
                <Space wrap size={6}>
                  <Link to={`/audits/${a.id}`}>{a.enterpriseName}</Link>
                  <Typography.Text type="secondary">
                    {a.listYear} · {t(`audits.types.${a.auditType}`)} · {a.countyName ?? a.countyCode}
                  </Typography.Text>
                  <Tag color="blue">{t(`audits.states.${a.state}`)}</Tag>
                  {a.nextDue ? (
                    <>
                      {a.nextDue} <DaysLeft days={a.daysLeft} />
                    </>
                  ) : null}
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
      <Typography.Text type="secondary">{t('dashboard.asOf', { date: h.today })}</Typography.Text>
    </Card>
  );
}
