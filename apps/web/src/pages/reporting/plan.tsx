import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Select, Space, Table, Timeline, Typography, Upload } from 'antd';
import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { DocumentInfo } from '@cpaudit/contracts';
import { hasPermission } from '../../access.ts';
import { QueryError } from '../../components/tags.tsx';
import { describeError } from '../../services/error-policy.ts';
import { fetchKeyIndustries } from '../../services/reference.ts';
import {
  attachToActionPlan,
  downloadDocument,
  fetchActionPlan,
  reviewActionPlan,
  saveActionPlan,
  submitActionPlan,
  type ActionPlan,
  type ActionPlanTarget,
} from '../../services/reporting.ts';
import { useCurrentUser } from '../../services/session.ts';
import { ReportingTag } from './tags.tsx';
import { formatTime } from '@cpaudit/contracts';

interface PlanForm {
  targets: ActionPlanTarget[];
  narrative: string;
}

/** Width of a number column of the targets table: the input (110 px) and its unit addon, with the cell's padding. */
const NUM_COL_WIDTH = 170;

const planTag = (p: ActionPlan) => (p.status === 'draft' ? (p.revision > 1 ? 'returned' : 'notSubmitted') : p.status);

/**
 * 行动计划: the city edits a draft (targets per year and key industry, narrative, attachments) and
 * submits it; the region's DEE and DRC approve or return it with a comment. Older revisions stay
 * readable (links at the bottom).
 */
export default function ActionPlanPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const me = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PlanForm>();
  const [comment, setComment] = useState('');
  const plan = useQuery({ queryKey: ['reporting', 'plan', id], queryFn: ({ signal }) => fetchActionPlan(id, signal), meta: { errorPolicy: 'inline' } });
  const industries = useQuery({ queryKey: ['key-industries'], queryFn: ({ signal }) => fetchKeyIndustries(signal), staleTime: 10 * 60_000 });
  const p = plan.data;
  useEffect(() => {
    if (p) form.setFieldsValue({ targets: p.targets, narrative: p.narrative });
  }, [p, form]);
  const refresh = (next: ActionPlan) => {
    queryClient.setQueryData(['reporting', 'plan', id], next);
    void queryClient.invalidateQueries({ queryKey: ['reporting', 'status'] });
  };
  const save = useMutation({ mutationFn: (v: PlanForm) => saveActionPlan(id, { version: p!.version, targets: v.targets ?? [], narrative: v.narrative ?? '' }), meta: { errorPolicy: 'inline' }, onSuccess: (n) => { refresh(n); void message.success(t('reporting.saved')); } });
  const submit = useMutation({ mutationFn: () => submitActionPlan(id, p!.version), meta: { errorPolicy: 'inline' }, onSuccess: (n) => { refresh(n); void message.success(t('reporting.submitted')); } });
  const review = useMutation({
    mutationFn: (decision: 'approve' | 'return') => reviewActionPlan(id, { version: p!.version, decision, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
    meta: { errorPolicy: 'inline' },
    onSuccess: (n) => { refresh(n); setComment(''); void message.success(t('reporting.reviewed')); },
    onError: () => void plan.refetch(),
  });
  const attach = useMutation({ mutationFn: (file: File) => attachToActionPlan(id, file), meta: { errorPolicy: 'inline' }, onSuccess: () => void plan.refetch() });

  if (plan.isError) return <QueryError error={plan.error} />;
  if (!p) return <Card loading />;
  const editable = p.status === 'draft' && hasPermission(me, 'actionPlan.draft');
  const reviewable = p.status === 'submitted' && hasPermission(me, 'actionPlan.review');
  const myDeptApproved = me.org.kind === 'regionDee' ? p.deeApprovedAt !== null : p.drcApprovedAt !== null;
  const error = save.error ?? submit.error ?? review.error ?? attach.error;
  const years = Array.from({ length: p.periodEnd - p.periodStart + 1 }, (_, i) => p.periodStart + i);
  const industryOptions = (industries.data ?? []).map((k) => ({ value: k.key, label: t(`keyIndustries.${k.key}`, { defaultValue: k.nameZh }) }));
  const industryName = new Map(industryOptions.map((o) => [o.value, o.label]));
  const num = (name: (string | number)[], unit: string) => (
    <Form.Item name={name} noStyle>
      <InputNumber min={0} style={{ width: 110 }} addonAfter={unit} disabled={!editable} />
    </Form.Item>
  );

  return (
    <div data-testid="page-action-plan">
      <Card
        title={t('reporting.planTitle', { city: p.cityName, start: p.periodStart, end: p.periodEnd, revision: p.revision })}
        extra={<ReportingTag tag={planTag(p)} testId="plan-status" />}
      >
        {error && <Alert type="error" showIcon title={describeError(error)} style={{ marginBottom: 12 }} data-testid="plan-error" />}
        {p.returnComment && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title={t('reporting.returnedBy', { dept: t(`reporting.departments.${p.returnComment.department}`), name: p.returnComment.byName })}
            description={p.returnComment.comment}
            data-testid="plan-return-comment"
          />
        )}
        <Descriptions size="small" column={3} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('reporting.submittedAt')}>{formatTime(p.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('reporting.departments.dee')}>{p.deeApprovedAt ? t('reporting.approvedOn', { at: p.deeApprovedAt.slice(0, 10) }) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('reporting.departments.drc')}>{p.drcApprovedAt ? t('reporting.approvedOn', { at: p.drcApprovedAt.slice(0, 10) }) : '—'}</Descriptions.Item>
        </Descriptions>
        <Form<PlanForm> form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="plan-form">
          <Typography.Title level={5}>{t('reporting.targets')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('reporting.unitsNote')}</Typography.Paragraph>
          <Form.List name="targets">
            {(fields, { add, remove }) => (
              <>
                <Table
                  size="small"
                  pagination={false}
                  rowKey="key"
                  dataSource={fields}
                  data-testid="plan-targets"
                  // Every column as wide as its input (number + unit), the table scrolls sideways instead of cutting off VOCs.
                  scroll={{ x: 'max-content' }}
                  columns={[
                    { title: t('reporting.year'), key: 'y', width: 110, render: (_, f) => <Form.Item name={[f.name, 'year']} noStyle rules={[{ required: true }]}><Select style={{ width: 90 }} disabled={!editable} options={years.map((y) => ({ value: y, label: y }))} /></Form.Item> },
                    { title: t('reporting.keyIndustry'), key: 'k', width: 160, render: (_, f) => editable ? <Form.Item name={[f.name, 'keyIndustry']} noStyle rules={[{ required: true }]}><Select style={{ width: 150 }} options={industryOptions} showSearch optionFilterProp="label" /></Form.Item> : industryName.get(form.getFieldValue(['targets', f.name, 'keyIndustry'])) ?? form.getFieldValue(['targets', f.name, 'keyIndustry']) },
                    { title: t('reporting.enterprisesToAudit'), key: 'n', width: 110, render: (_, f) => <Form.Item name={[f.name, 'enterprisesToAudit']} noStyle rules={[{ required: true }]}><InputNumber min={0} precision={0} style={{ width: 80 }} disabled={!editable} /></Form.Item> },
                    { title: t('reporting.energySaved'), key: 'e', width: NUM_COL_WIDTH, render: (_, f) => num([f.name, 'energySavedTce'], 'tce') },
                    ...(['cod', 'nh3n', 'so2', 'nox', 'vocs'] as const).map((k) => ({ title: t(`reporting.pollutants.${k}`), key: k, width: NUM_COL_WIDTH, render: (_: unknown, f: { name: number }) => num([f.name, 'reductions', k], 't') })),
                    ...(editable ? [{ title: '', key: 'x', width: 56, render: (_: unknown, f: { name: number }) => <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('reporting.removeRow')} /> }] : []),
                  ]}
                />
                {editable && (
                  <Button
                    icon={<PlusOutlined />}
                    style={{ marginTop: 8 }}
                    onClick={() => add({ year: p.periodStart, keyIndustry: undefined, enterprisesToAudit: 0, energySavedTce: 0, reductions: { cod: 0, nh3n: 0, so2: 0, nox: 0, vocs: 0 } })}
                    data-testid="plan-add-target"
                  >
                    {t('reporting.addTarget')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
          <Form.Item name="narrative" label={t('reporting.narrative')} style={{ marginTop: 16 }}>
            <Input.TextArea rows={6} maxLength={50_000} disabled={!editable} data-testid="plan-narrative" />
          </Form.Item>
          {editable && (
            <Space>
              <Button htmlType="submit" loading={save.isPending} data-testid="plan-save">{t('reporting.save')}</Button>
              <Button type="primary" loading={submit.isPending} disabled={form.isFieldsTouched()} onClick={() => submit.mutate()} data-testid="plan-submit">
                {t('reporting.submit')}
              </Button>
            </Space>
          )}
        </Form>
      </Card>

      <Card title={t('reporting.attachments')} style={{ marginTop: 16 }}>
        <DocumentList docs={p.documents} />
        {editable && (
          <Upload beforeUpload={(file) => { attach.mutate(file); return false; }} showUploadList={false} accept=".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.ofd">
            <Button icon={<UploadOutlined />} loading={attach.isPending} style={{ marginTop: 8 }} data-testid="plan-upload">{t('reporting.upload')}</Button>
          </Upload>
        )}
      </Card>

      {reviewable && !myDeptApproved && (
        <Card title={t('reporting.reviewTitle', { dept: t(`reporting.departments.${me.org.kind === 'regionDee' ? 'dee' : 'drc'}`) })} style={{ marginTop: 16 }} data-testid="plan-review">
          <Input.TextArea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('reporting.commentPlaceholder')} data-testid="plan-review-comment" />
          <Space style={{ marginTop: 8 }}>
            <Button type="primary" loading={review.isPending} onClick={() => review.mutate('approve')} data-testid="plan-approve">{t('reporting.approve')}</Button>
            <Button danger loading={review.isPending} disabled={comment.trim().length < 2} onClick={() => review.mutate('return')} data-testid="plan-return">{t('reporting.return')}</Button>
          </Space>
        </Card>
      )}

      <Card title={t('reporting.revisions')} style={{ marginTop: 16 }}>
        <Timeline
          items={p.revisions.map((r) => ({
            children: r.id === p.id ? (
              <Space><strong>{t('reporting.revision', { n: r.revision })}</strong><ReportingTag tag={r.status === 'draft' ? 'notSubmitted' : r.status} /></Space>
            ) : (
              <Link to={`/reporting/action-plans/${r.id}`}><Space>{t('reporting.revision', { n: r.revision })}<ReportingTag tag={r.status === 'draft' ? 'notSubmitted' : r.status} /></Space></Link>
            ),
          }))}
        />
        <Link to="/reporting">{t('reporting.back')}</Link>
      </Card>
    </div>
  );
}

function DocumentList({ docs }: { docs: DocumentInfo[] }) {
  const { t } = useTranslation();
  if (docs.length === 0) return <Typography.Text type="secondary">{t('reporting.noAttachments')}</Typography.Text>;
  return (
    <ul data-testid="plan-documents">
      {docs.map((d) => (
        <li key={d.id}>
          <Button type="link" onClick={() => void downloadDocument(d)}>{d.fileName}</Button>
          <Typography.Text type="secondary">v{d.version} · {(d.sizeBytes / 1024).toFixed(1)} KB · {d.uploadedAt.slice(0, 10)}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}
