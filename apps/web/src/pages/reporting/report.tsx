import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Input, Space, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { hasPermission } from '../../access.ts';
import { QueryError } from '../../components/tags.tsx';
import { describeError } from '../../services/error-policy.ts';
import { exportAnnualReport, fetchAnnualReport, saveAnnualReport, submitAnnualReport, type AnnualReport } from '../../services/reporting.ts';
import { useCurrentUser } from '../../services/session.ts';
import { ReportingTag } from './tags.tsx';
import { formatTime } from '@cpaudit/contracts';

const FIGURES = ['listed', 'disclosed', 'started', 'evaluated', 'accepted', 'overdue', 'rolledOver'] as const;

/**
 * 年度落实情况报告: the figures prefilled from the audits (read-only), the city's narrative
 * (editable while a draft), submit, and the export as Word. The due date and the timeliness
 * (on time, late, missing) come from the server.
 */
export default function AnnualReportPage() {
  const { t } = useTranslation();
  const { cityCode = '', year: yearParam } = useParams();
  const year = Number(yearParam);
  const me = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const key = ['reporting', 'report', cityCode, year];
  const report = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchAnnualReport(cityCode, year, signal), meta: { errorPolicy: 'inline' } });
  const [narrative, setNarrative] = useState('');
  const r = report.data;
  useEffect(() => {
    if (r) setNarrative(r.narrative);
  }, [r]);
  const done = (n: AnnualReport) => {
    queryClient.setQueryData(key, n);
    void queryClient.invalidateQueries({ queryKey: ['reporting', 'status'] });
  };
  const save = useMutation({ mutationFn: () => saveAnnualReport(cityCode, year, { version: r!.version, narrative }), meta: { errorPolicy: 'inline' }, onSuccess: (n) => { done(n); void message.success(t('reporting.saved')); } });
  const submit = useMutation({ mutationFn: () => submitAnnualReport(cityCode, year, r!.version), meta: { errorPolicy: 'inline' }, onSuccess: (n) => { done(n); void message.success(t('reporting.submitted')); } });
  const exporting = useMutation({ mutationFn: () => exportAnnualReport(cityCode, year), meta: { errorPolicy: 'inline' } });

  if (report.isError) return <QueryError error={report.error} />;
  if (!r) return <Card loading />;
  const editable = r.status === 'draft' && hasPermission(me, 'actionPlan.draft');
  const tag = r.status === 'submitted' ? 'submitted' : r.timeliness === 'missing' ? 'overdue' : 'notSubmitted';
  const error = save.error ?? submit.error ?? exporting.error;
  return (
    <div data-testid="page-annual-report">
      <Card
        title={t('reporting.reportTitle', { city: r.cityName, year })}
        extra={
          <Space>
            <ReportingTag tag={tag} testId="report-status" />
            <Button onClick={() => exporting.mutate()} loading={exporting.isPending} data-testid="report-export">{t('reporting.exportDocx')}</Button>
          </Space>
        }
      >
        {error && <Alert type="error" showIcon title={describeError(error)} style={{ marginBottom: 12 }} data-testid="report-error" />}
        <Descriptions size="small" column={3} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('reporting.dueDate')}>{r.dueDate}</Descriptions.Item>
          <Descriptions.Item label={t('reporting.submittedAt')}>{formatTime(r.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('reporting.timelinessLabel')}>
            <span data-testid="report-timeliness" data-timeliness={r.timeliness}>{t(`reporting.timeliness.${r.timeliness}`)}</span>
          </Descriptions.Item>
        </Descriptions>
        <Typography.Title level={5}>{t('reporting.figuresTitle')}</Typography.Title>
        {!r.figures.connected && <Alert type="info" showIcon title={t('reporting.notConnected')} style={{ marginBottom: 8 }} />}
        <Descriptions bordered size="small" column={4} data-testid="report-figures">
          {FIGURES.map((f) => (
            <Descriptions.Item key={f} label={t(`reporting.figures.${f}`)}>
              <span data-figure={f}>{r.figures[f]}</span>
            </Descriptions.Item>
          ))}
        </Descriptions>
        <Typography.Title level={5} style={{ marginTop: 16 }}>{t('reporting.narrative')}</Typography.Title>
        <Input.TextArea rows={10} value={narrative} onChange={(e) => setNarrative(e.target.value)} disabled={!editable} maxLength={50_000} data-testid="report-narrative" />
        {editable && (
          <Space style={{ marginTop: 12 }}>
            <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="report-save">{t('reporting.save')}</Button>
            <Button type="primary" onClick={() => submit.mutate()} loading={submit.isPending} disabled={narrative !== r.narrative} data-testid="report-submit">
              {t('reporting.submit')}
            </Button>
            {narrative !== r.narrative && <Typography.Text type="secondary">{t('reporting.saveFirst')}</Typography.Text>}
          </Space>
        )}
        <div style={{ marginTop: 16 }}>
          <Link to={`/reporting?year=${year}`}>{t('reporting.back')}</Link>
        </div>
      </Card>
    </div>
  );
}
