import { useEffect, useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Col, Empty, Form, InputNumber, Progress, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { PlayCircleOutlined, SettingOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ScreeningRun } from '@cpaudit/contracts';
import { hasPermission } from '../../access.ts';
import { fetchRuns, runCounts, runDiff, startRun } from '../../services/screening.ts';
import { useCurrentUser } from '../../services/session.ts';
import { useAreaDivisions } from '../../services/useReference.ts';
import { QueryError } from '../../components/tags.tsx';
import { formatTime } from '@cpaudit/contracts';

const ts = formatTime;

/** A progress bar for a synchronous request: creeps towards 90 % while waiting, then jumps to 100 %. */
function useCreepingProgress(active: boolean): number {
  const [percent, setPercent] = useState(0);
  useEffect(() => {
    if (!active) return;
    setPercent(3);
    const timer = setInterval(() => setPercent((p) => Math.min(90, p + Math.max(0.5, (90 - p) / 12))), 300);
    return () => clearInterval(timer);
  }, [active]);
  return active ? Math.round(percent) : 0;
}

interface StartForm {
  dataYear: number;
  cityCode?: string;
}

/** 清洁生产审核筛选: start a run (region users may choose a city), and the runs of the user's area. */
export default function ScreeningPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const areas = useAreaDivisions(me);
  const isRegion = me.area.level === 'region';
  const canRun = hasPermission(me, 'screening.run') && me.area.level !== 'county';
  const defaultYear = new Date().getFullYear() - 1;
  const [yearFilter, setYearFilter] = useState<number | undefined>(undefined);
  const [form] = Form.useForm<StartForm>();
  const formYear = Form.useWatch('dataYear', form) ?? defaultYear;

  const runs = useQuery({
    queryKey: ['screening', 'runs', yearFilter ?? null],
    queryFn: ({ signal }) => fetchRuns(yearFilter, signal),
    staleTime: 0,
    meta: { errorPolicy: 'inline' },
  });

  const start = useMutation({
    mutationFn: (v: StartForm) => startRun({ dataYear: v.dataYear, cityCode: isRegion ? v.cityCode : undefined }),
    onSuccess: (run) => {
      void message.success(t('screening.started', { listed: runCounts(run).listed }));
      void queryClient.invalidateQueries({ queryKey: ['screening'] });
      void navigate(`/screening/runs/${run.id}`);
    },
  });
  const percent = useCreepingProgress(start.isPending);

  const years = Array.from({ length: 8 }, (_, i) => defaultYear + 1 - i);

  return (
    <div data-testid="page-screening">
      {canRun && (
        <Card title={t('screening.startTitle')} style={{ marginBottom: 16 }}>
          <Form<StartForm> form={form} layout="inline" initialValues={{ dataYear: defaultYear }} onFinish={(v) => start.mutate(v)} data-testid="screening-start-form">
            <Form.Item name="dataYear" label={t('screening.dataYear')} rules={[{ required: true }]}>
              <InputNumber min={2000} max={2100} precision={0} style={{ width: 120 }} data-testid="screening-year" />
            </Form.Item>
            {isRegion ? (
              <Form.Item name="cityCode" label={t('screening.city')}>
                <Select
                  allowClear
                  placeholder={t('screening.wholeRegion')}
                  style={{ width: 180 }}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={areas.cities.map((c) => ({ value: c.code, label: c.name }))}
                  data-testid="screening-city"
                />
              </Form.Item>
            ) : (
              <Form.Item>
                <Typography.Text type="secondary">{t('screening.ownScope', { name: me.area.name })}</Typography.Text>
              </Form.Item>
            )}
            <Form.Item>
              <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} loading={start.isPending} data-testid="screening-start">
                {t('screening.start')}
              </Button>
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('screening.dataYearHelp', { next: (Number(formYear) || defaultYear) + 1 })}
          </Typography.Paragraph>
          {start.isPending && (
            <div data-testid="screening-progress" style={{ marginTop: 12 }}>
              <Progress percent={percent} status="active" />
              <Typography.Text type="secondary">{t('screening.running')}</Typography.Text>
            </div>
          )}
        </Card>
      )}

      <Card
        title={t('screening.runs')}
        extra={
          <Space size="middle">
            <Link to="/screening/rule-sets" data-testid="screening-rule-sets-link">
              <SettingOutlined /> {t('ruleSets.link')}
            </Link>
            <Select
              allowClear
              placeholder={t('screening.allYears')}
              style={{ width: 140 }}
              value={yearFilter}
              onChange={setYearFilter}
              options={years.map((y) => ({ value: y, label: String(y) }))}
              data-testid="screening-runs-year"
            />
          </Space>
        }
      >
        {runs.isError ? (
          <QueryError error={runs.error} onRetry={() => void runs.refetch()} testId="screening-runs-error" />
        ) : (
          <Table<ScreeningRun>
            rowKey="id"
            size="small"
            data-testid="screening-runs"
            loading={runs.isPending}
            dataSource={runs.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 1200 }}
            locale={{ emptyText: <Empty description={t('screening.noRuns')} /> }}
            onRow={(r) => ({ 'data-testid': `screening-run-${r.id}` }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('screening.runAt'), dataIndex: 'startedAt', width: 160, render: (v: string) => ts(v) },
              { title: t('screening.scope'), dataIndex: 'scopeName', width: 120 },
              { title: t('screening.dataYear'), dataIndex: 'dataYear', width: 80 },
              { title: t('screening.ruleSetVersion'), dataIndex: 'ruleSetVersion', width: 190, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
              { title: t('screening.runBy'), dataIndex: 'runByName', width: 150, ellipsis: true },
              { title: t('screening.scanned'), dataIndex: 'enterprisesScanned', width: 80, align: 'right' },
              {
                title: `${t('screening.listed')} / ${t('screening.mandatory')} / ${t('screening.notDue')}`,
                key: 'counts',
                width: 150,
                render: (_: unknown, r) => {
                  const c = runCounts(r);
                  return (
                    <span data-testid={`run-counts-${r.id}`} data-listed={c.listed} data-mandatory={c.mandatory} data-not-due={c.notDue}>
                      <Typography.Text strong>{c.listed}</Typography.Text> / <Typography.Text type="danger">{c.mandatory}</Typography.Text> / {c.notDue}
                    </span>
                  );
                },
              },
              {
                title: t('screening.diff'),
                key: 'diff',
                width: 190,
                render: (_: unknown, r) => {
                  const d = runDiff(r);
                  if (!d || d.previousRunId === null) return <Tag>{t('screening.firstRun')}</Tag>;
                  return (
                    <Space size={[0, 4]} wrap data-testid={`run-diff-${r.id}`} data-added={d.added.length} data-dropped={d.dropped.length}>
                      <Tag color="green">{t('screening.added', { n: d.added.length })}</Tag>
                      <Tag color="red">{t('screening.dropped', { n: d.dropped.length })}</Tag>
                      {d.reasonsChanged.length > 0 && <Tag color="orange">{t('screening.changed', { n: d.reasonsChanged.length })}</Tag>}
                    </Space>
                  );
                },
              },
              {
                title: '',
                key: 'open',
                width: 80,
                fixed: 'right',
                render: (_: unknown, r) => (
                  <Link to={`/screening/runs/${r.id}`} data-testid={`screening-run-open-${r.id}`}>
                    {t('screening.view')}
                  </Link>
                ),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
