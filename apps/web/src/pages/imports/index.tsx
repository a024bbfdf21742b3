import { useEffect, useRef, useState, type HTMLAttributes } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Form,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ImportError, ImportJob, ImportKind } from '@cpaudit/contracts';
import { isApiError } from '../../services/api.ts';
import { describeError } from '../../services/error-policy.ts';
import {
  MAX_IMPORT_BYTES,
  downloadErrorReport,
  downloadTemplate,
  fetchImportJob,
  fetchImportJobs,
  importKindList,
  startImport,
} from '../../services/imports.ts';
import { QueryError } from '../../components/tags.tsx';
import { formatTime } from '@cpaudit/contracts';

const statusColor: Record<ImportJob['status'], string> = { running: 'processing', applied: 'success', rejected: 'error', dryRun: 'blue', failed: 'error' };
const resultKeys = ['rows', 'inserted', 'updated', 'unchanged', 'rejected'] as const;
const ts = formatTime;

/** The status tag, with a 试运行 tag beside it for a dry run that ended otherwise (rejected, failed) or is running. */
function JobStatusTag({ status, dryRun }: { status: ImportJob['status']; dryRun?: boolean | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={statusColor[status]} data-status={status}>
        {t(`imports.statuses.${status}`)}
      </Tag>
      {dryRun && status !== 'dryRun' && (
        <Tag color={statusColor.dryRun} data-testid="import-dry-run-tag">
          {t('imports.statuses.dryRun')}
        </Tag>
      )}
    </>
  );
}

/**
 * The progress of a job: while running a bar at the share of the file read (`fractionRead`,
 * at most 99 % until the job ends) with the rows read beside it, 99 % and 正在写入数据库… once the
 * file is read; when finished a full bar, red for a failed or rejected job.
 */
export function JobProgress({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  const rowsText = t('imports.rowsRead', { n: job.rowsRead.toLocaleString() });
  if (job.status !== 'running') {
    return (
      <Progress percent={100} status={job.status === 'failed' || job.status === 'rejected' ? 'exception' : 'success'} format={() => rowsText} showInfo />
    );
  }
  const writing = job.phase === 'writing';
  const percent = writing ? 99 : Math.min(99, Math.round((job.fractionRead ?? 0) * 100));
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
      <Progress percent={percent} status="active" style={{ flex: 1, margin: 0 }} data-testid="import-progress-bar" data-percent={percent} />
      <Typography.Text style={{ whiteSpace: 'nowrap' }}>{rowsText}</Typography.Text>
      <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
        {writing ? t('imports.writing') : t('imports.running')}
      </Typography.Text>
    </div>
  );
}

/** A file-level refusal of the upload (IMPORT_FAILED / VALIDATION_FAILED …), with its listed errors if any. */
function UploadError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const details = isApiError(error) ? (error.details as { errors?: ImportError[] } | ImportError[] | undefined) : undefined;
  const list = Array.isArray(details) ? details : Array.isArray(details?.errors) ? details.errors : [];
  return (
    <Alert
      type="error"
      showIcon
      data-testid="import-upload-error"
      title={describeError(error)}
      description={
        list.length > 0 ? (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {list.slice(0, 20).map((e, i) => (
              <li key={i}>
                {e.row ? `${t('imports.row')} ${e.row} ` : ''}
                {e.column ? `${e.column}${t('common.colon')}` : ''}
                {e.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

function ErrorTable({ errors }: { errors: ImportError[] }) {
  const { t } = useTranslation();
  return (
    <Table<ImportError & { key: number }>
      size="small"
      data-testid="import-errors"
      dataSource={errors.map((e, i) => ({ ...e, key: i }))}
      pagination={errors.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      onRow={(r) => ({ 'data-testid': `import-error-${r.key}`, 'data-row': r.row, 'data-column': r.column }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('imports.row'), dataIndex: 'row', width: 80 },
        { title: t('imports.column'), dataIndex: 'column', width: 180 },
        { title: t('imports.value'), dataIndex: 'value', width: 220, render: (v: string) => (v ? <Typography.Text code>{v}</Typography.Text> : '—') },
        { title: t('imports.message'), dataIndex: 'message' },
      ]}
    />
  );
}

/** The job card: progress while running (polls every second), then the result and its row errors. */
export function JobCard({ jobId, onFinished }: { jobId: number; onFinished: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [downloading, setDownloading] = useState(false);
  const query = useQuery({
    queryKey: ['imports', 'job', jobId],
    queryFn: ({ signal }) => fetchImportJob(jobId, signal),
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
    staleTime: 0,
    meta: { errorPolicy: 'inline' },
  });
  const status = query.data?.status;
  const wasRunning = useRef(false);
  useEffect(() => {
    if (status === 'running') wasRunning.current = true;
    else if (status && wasRunning.current) {
      wasRunning.current = false;
      onFinished();
    }
  }, [status, onFinished]);

  if (query.isError) return <QueryError error={query.error} onRetry={() => void query.refetch()} testId="import-job-error" />;
  if (!query.data) return <Card loading />;
  const job = query.data;
  const r = job.result;

  const onDownload = async () => {
    setDownloading(true);
    try {
      await downloadErrorReport(job.id);
    } catch (e) {
      void message.error(describeError(e));
    } finally {
      setDownloading(false);
    }
  };

  let outcome: { type: 'success' | 'info' | 'warning' | 'error'; text: string } | null = null;
  if (job.status === 'failed') outcome = { type: 'error', text: job.message ?? t('imports.statuses.failed') };
  else if (job.status === 'rejected') outcome = { type: 'error', text: t('imports.rejectedAll') };
  else if (job.status === 'dryRun') outcome = { type: 'info', text: t('imports.dryRunDone') };
  else if (job.status === 'applied' && r && r.rejected > 0) outcome = { type: 'warning', text: t('imports.skippedSome', { n: r.rejected }) };
  else if (job.status === 'applied') outcome = { type: 'success', text: t('imports.appliedOk') };

  const hasErrors = !!r && (r.errors.length > 0 || r.rejected > 0);
  return (
    <Card
      data-testid="import-job"
      data-job-id={job.id}
      data-status={job.status}
      title={
        <Space wrap>
          <FileExcelOutlined />
          {t('imports.job', { id: job.id })}
          <Tag>{t(`imports.kinds.${job.kind}`)}</Tag>
          <JobStatusTag status={job.status} dryRun={job.dryRun} />
        </Space>
      }
      style={{ marginBottom: 16 }}
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'file', label: t('imports.fileName'), children: job.fileName },
          { key: 'user', label: t('imports.user'), children: job.userName ?? '—' },
          { key: 'time', label: t('imports.startedAt'), children: `${ts(job.startedAt)}${job.finishedAt ? ` → ${ts(job.finishedAt)}` : ''}` },
        ]}
      />
      <div data-testid="import-progress" data-status={job.status} data-rows-read={job.rowsRead} style={{ margin: '12px 0' }}>
        <JobProgress job={job} />
      </div>
      {outcome && <Alert type={outcome.type} showIcon title={outcome.text} style={{ marginBottom: 16 }} data-testid="import-outcome" />}
      {r && (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            {resultKeys.map((k) => (
              <Col xs={12} sm={8} md={4} key={k}>
                <div data-testid={`import-result-${k}`} data-value={r[k]}>
                  <Statistic
                    title={t(`imports.${k}`)}
                    value={r[k]}
                    styles={k === 'rejected' && r[k] > 0 ? { content: { color: '#cf1322' } } : undefined}
                  />
                </div>
              </Col>
            ))}
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginTop: -8 }} data-testid="import-counts-note">
            {t(job.kind === 'enterprises' ? 'imports.countsNoteEnterprises' : 'imports.countsNote')}
          </Typography.Paragraph>
          {hasErrors && (
            <Card
              size="small"
              type="inner"
              title={`${t('imports.errors')}（${r.errors.length}）`}
              extra={
                <Button icon={<DownloadOutlined />} loading={downloading} onClick={() => void onDownload()} data-testid="import-error-report">
                  {t('imports.errorReport')}
                </Button>
              }
            >
              <ErrorTable errors={r.errors} />
            </Card>
          )}
        </>
      )}
    </Card>
  );
}

interface ImportForm {
  kind: ImportKind;
  dryRun: boolean;
  skipInvalid: boolean;
}

/** 数据导入: kind, template, upload (.xlsx/.csv, ≤ 50 MB), dry run / skip invalid rows, job progress and result, history. */
export default function ImportsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const jobId = Number(params.get('job')) || null;
  const [form] = Form.useForm<ImportForm>();
  const kind = Form.useWatch('kind', form) ?? 'enterprises';
  const [file, setFile] = useState<File | null>(null);
  const [fileList, setFileList] = useState<UploadFile[]>([]);
  const [templateLoading, setTemplateLoading] = useState(false);

  const history = useQuery({ queryKey: ['imports', 'history'], queryFn: ({ signal }) => fetchImportJobs(signal), staleTime: 0, meta: { errorPolicy: 'inline' } });
  // The job card's polled state (never fetched here): its history row shows the same progress.
  const current = useQuery({ queryKey: ['imports', 'job', jobId], queryFn: ({ signal }) => fetchImportJob(jobId!, signal), enabled: false });
  const historyRows = (history.data ?? []).map((r) => (current.data && r.id === current.data.id ? current.data : r));

  const showJob = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('job', String(id));
    else next.delete('job');
    setParams(next);
  };

  const upload = useMutation({
    mutationFn: (v: ImportForm) => startImport(v.kind, file!, { dryRun: v.dryRun, skipInvalid: v.skipInvalid }),
    meta: { errorPolicy: 'inline' },
    onSuccess: (job) => {
      queryClient.setQueryData(['imports', 'job', job.id], job);
      showJob(job.id);
      setFile(null);
      setFileList([]);
      void queryClient.invalidateQueries({ queryKey: ['imports', 'history'] });
    },
  });

  const onTemplate = async () => {
    setTemplateLoading(true);
    try {
      await downloadTemplate(kind);
    } catch (e) {
      void message.error(describeError(e));
    } finally {
      setTemplateLoading(false);
    }
  };

  const onFinished = () => {
    void queryClient.invalidateQueries({ queryKey: ['imports', 'history'] });
    void queryClient.invalidateQueries({ queryKey: ['enterprises'] });
    void queryClient.invalidateQueries({ queryKey: ['stats'] });
  };

  return (
    <div data-testid="page-imports">
      <Card title={t('imports.title')} style={{ marginBottom: 16 }}>
        <Form<ImportForm>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'enterprises', dryRun: false, skipInvalid: false }}
          onFinish={(v) => {
            if (!file) {
              void message.warning(t('imports.chooseFile'));
              return;
            }
            upload.mutate(v);
          }}
        >
          <Row gutter={24}>
            <Col xs={24} md={10}>
              <Form.Item name="kind" label={t('imports.kind')}>
                <Select options={importKindList.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))} data-testid="import-kind" />
              </Form.Item>
              <Form.Item>
                <Button type="link" icon={<DownloadOutlined />} loading={templateLoading} onClick={() => void onTemplate()} style={{ paddingInline: 0 }} data-testid="import-template">
                  {t('imports.template')}（{t(`imports.kinds.${kind}`)}）
                </Button>
              </Form.Item>
              <Form.Item name="dryRun" label={t('imports.dryRun')} extra={t('imports.dryRunHelp')} valuePropName="checked">
                <Switch data-testid="import-dry-run" />
              </Form.Item>
              <Form.Item name="skipInvalid" label={t('imports.skipInvalid')} extra={t('imports.skipInvalidHelp')} valuePropName="checked">
                <Switch data-testid="import-skip-invalid" />
              </Form.Item>
            </Col>
            <Col xs={24} md={14}>
              <Form.Item label={t('imports.file')} required>
                <div data-testid="import-upload">
                  <Upload.Dragger
                    accept=".xlsx,.csv"
                    multiple={false}
                    maxCount={1}
                    fileList={fileList}
                    beforeUpload={(f) => {
                      const ok = /\.(xlsx|csv)$/i.test(f.name);
                      if (!ok) {
                        void message.error(t('imports.badType'));
                        return Upload.LIST_IGNORE;
                      }
                      if (f.size > MAX_IMPORT_BYTES) {
                        void message.error(t('imports.tooLarge'));
                        return Upload.LIST_IGNORE;
                      }
                      setFile(f);
                      setFileList([{ uid: f.uid, name: f.name, size: f.size, status: 'done' }]);
                      upload.reset();
                      return false;
                    }}
                    onRemove={() => {
                      setFile(null);
                      setFileList([]);
                    }}
                  >
                    <p className="ant-upload-drag-icon">
                      <InboxOutlined />
                    </p>
                    <p className="ant-upload-text">{t('imports.dragHint')}</p>
                    <p className="ant-upload-hint">{t('imports.fileHint')}</p>
                  </Upload.Dragger>
                </div>
              </Form.Item>
              <Button type="primary" htmlType="submit" icon={<UploadOutlined />} loading={upload.isPending} disabled={!file} data-testid="import-submit">
                {t('imports.start')}
              </Button>
            </Col>
          </Row>
        </Form>
        {upload.isError && (
          <div style={{ marginTop: 16 }}>
            <UploadError error={upload.error} />
          </div>
        )}
      </Card>

      {jobId && <JobCard key={jobId} jobId={jobId} onFinished={onFinished} />}

      <Card title={t('imports.history')}>
        {history.isError ? (
          <QueryError error={history.error} title={t('imports.unavailable')} onRetry={() => void history.refetch()} testId="import-history-error" />
        ) : (
          <Table<ImportJob>
            rowKey="id"
            size="small"
            data-testid="import-history"
            loading={history.isPending}
            dataSource={historyRows}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{ emptyText: <Empty description={t('imports.noHistory')} /> }}
            rowClassName={(r) => (r.id === jobId ? 'cp-row-current' : '')}
            onRow={(r) => ({ 'data-testid': `import-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
            scroll={{ x: 900 }}
            columns={[
              { title: '#', dataIndex: 'id', width: 60 },
              { title: t('imports.kind'), dataIndex: 'kind', width: 130, render: (v: ImportKind) => t(`imports.kinds.${v}`) },
              { title: t('imports.fileName'), dataIndex: 'fileName', ellipsis: true },
              { title: t('imports.status'), dataIndex: 'status', width: 90, render: (v: ImportJob['status'], r) => <JobStatusTag status={v} dryRun={r.dryRun} /> },
              {
                title: t('imports.result'),
                key: 'result',
                render: (_: unknown, r) =>
                  r.result ? (
                    <Typography.Text type="secondary">
                      {resultKeys.map((k) => `${t(`imports.${k}`)} ${r.result![k]}`).join(' · ')}
                    </Typography.Text>
                  ) : (
                    (r.message ?? t('imports.rowsRead', { n: r.rowsRead.toLocaleString() }))
                  ),
              },
              { title: t('imports.user'), dataIndex: 'userName', width: 150, render: (v: string | null) => v ?? '—' },
              { title: t('imports.startedAt'), dataIndex: 'startedAt', width: 160, render: (v: string) => ts(v) },
              {
                title: '',
                key: 'view',
                width: 70,
                render: (_: unknown, r) => (
                  <Button type="link" size="small" onClick={() => showJob(r.id)} data-testid={`import-view-${r.id}`}>
                    {t('imports.view')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
