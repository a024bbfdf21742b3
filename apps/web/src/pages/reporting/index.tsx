import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, InputNumber, Space, Table, Tooltip, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { hasPermission } from '../../access.ts';
import { QueryError } from '../../components/tags.tsx';
import { describeError } from '../../services/error-policy.ts';
import { fetchReportingStatus, setReportSettings, startActionPlan, type ReportingStatus } from '../../services/reporting.ts';
import { useCurrentUser } from '../../services/session.ts';
import { ReportingTag } from './tags.tsx';
import { formatTime } from '@cpaudit/contracts';

type Row = ReportingStatus['rows'][number];

/**
 * 报送情况: cities × {audit list, action plan, yearly report} with status tags (like DHIS2's
 * reporting rates). The region sees every city and sets the year's due date; a city sees its row
 * and starts its action plan from here.
 */
export default function ReportingStatusPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || dayjs().year() - 1;
  const status = useQuery({ queryKey: ['reporting', 'status', year], queryFn: ({ signal }) => fetchReportingStatus(year, signal), meta: { errorPolicy: 'inline' } });
  const start = useMutation({
    mutationFn: () => startActionPlan(),
    meta: { errorPolicy: 'inline' },
    onSuccess: (plan) => navigate(`/reporting/action-plans/${plan.id}`),
  });
  const settings = useMutation({
    mutationFn: (v: { dueDate: dayjs.Dayjs; reminderDays: number }) => setReportSettings(year, { dueDate: v.dueDate.format('YYYY-MM-DD'), reminderDays: v.reminderDays }),
    meta: { errorPolicy: 'inline' },
    onSuccess: () => {
      void message.success(t('reporting.settingsSaved'));
      void queryClient.invalidateQueries({ queryKey: ['reporting'] });
    },
  });
  const canDraft = hasPermission(me, 'actionPlan.draft');
  const data = status.data;

  const columns = [
    { title: t('reporting.city'), dataIndex: 'cityName', key: 'city' },
    { title: t('reporting.list', { year }), key: 'list', render: (_: unknown, r: Row) => <ReportingTag tag={r.list} /> },
    {
      title: t('reporting.actionPlan', { start: data?.periodStart ?? '', end: data?.periodEnd ?? '' }),
      key: 'plan',
      render: (_: unknown, r: Row) =>
        r.actionPlanId ? (
          <Link to={`/reporting/action-plans/${r.actionPlanId}`} data-testid={`plan-link-${r.cityCode}`}>
            <ReportingTag tag={r.actionPlan} testId={`plan-tag-${r.cityCode}`} />
          </Link>
        ) : (
          <ReportingTag tag={r.actionPlan} testId={`plan-tag-${r.cityCode}`} />
        ),
    },
    {
      title: t('reporting.annualReport', { year }),
      key: 'report',
      render: (_: unknown, r: Row) => (
        <Space>
          <Link to={`/reporting/annual-reports/${r.cityCode}/${year}`} data-testid={`report-link-${r.cityCode}`}>
            <ReportingTag tag={r.annualReport} testId={`report-tag-${r.cityCode}`} />
          </Link>
          {r.submittedAt && (
            <Typography.Text type={r.timeliness === 'late' ? 'danger' : 'secondary'} data-testid={`report-timeliness-${r.cityCode}`}>
              {t(`reporting.timeliness.${r.timeliness}`)} {formatTime(r.submittedAt)}
            </Typography.Text>
          )}
          {r.reminderDue && (
            <Tooltip title={t('reporting.reminderDue', { due: data?.dueDate })}>
              <BellOutlined style={{ color: '#faad14' }} data-testid={`report-reminder-${r.cityCode}`} />
            </Tooltip>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="page-reporting">
      <Card
        title={t('reporting.title')}
        extra={
          <Space>
            <DatePicker picker="year" allowClear={false} value={dayjs(`${year}-01-01`)} onChange={(d) => d && setParams({ year: String(d.year()) })} data-testid="reporting-year" />
            {canDraft && (
              <Button type="primary" loading={start.isPending} onClick={() => start.mutate()} data-testid="plan-start">
                {t('reporting.startPlan')}
              </Button>
            )}
          </Space>
        }
      >
        {start.isError && <Alert type="error" showIcon title={describeError(start.error)} style={{ marginBottom: 12 }} />}
        {status.isError && <QueryError error={status.error} />}
        {data && (
          <Typography.Paragraph data-testid="reporting-due">
            {t('reporting.dueLine', { year, due: data.dueDate, days: data.reminderDays })}
          </Typography.Paragraph>
        )}
        <Table<Row> rowKey="cityCode" size="middle" loading={status.isLoading} dataSource={data?.rows ?? []} columns={columns} pagination={false} data-testid="reporting-matrix" />
      </Card>
      {hasPermission(me, 'annualReport.configure') && data && (
        <Card title={t('reporting.settingsTitle', { year })} style={{ marginTop: 16 }}>
          {settings.isError && <Alert type="error" showIcon title={describeError(settings.error)} style={{ marginBottom: 12 }} />}
          <Form
            layout="inline"
            key={`${year}-${data.dueDate}`}
            initialValues={{ dueDate: dayjs(data.dueDate), reminderDays: data.reminderDays }}
            onFinish={(v: { dueDate: dayjs.Dayjs; reminderDays: number }) => settings.mutate(v)}
            data-testid="reporting-settings"
          >
            <Form.Item name="dueDate" label={t('reporting.dueDate')} rules={[{ required: true }]}>
              <DatePicker allowClear={false} />
            </Form.Item>
            <Form.Item name="reminderDays" label={t('reporting.reminderDays')} rules={[{ required: true }]}>
              <InputNumber min={0} max={60} />
            </Form.Item>
            <Button htmlType="submit" loading={settings.isPending}>
              {t('reporting.save')}
            </Button>
          </Form>
        </Card>
      )}
    </div>
  );
}
