import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Timeline, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AuditDetail } from '@cpaudit/contracts';
import { applyAction, fetchAudit, fetchDisclosureForm, uploadAuditDocument } from '../../services/audits.ts';
import { fetchAgencies } from '../../services/experts.ts';
import { QueryError } from '../../components/tags.tsx';
import { DaysLeft } from '../../components/DaysLeft.tsx';
import { GroupingCard } from './grouping.tsx';
import { hasPermission } from '../../access.ts';
import { useCurrentUser } from '../../services/session.ts';
import OptionsPanel from '../options/OptionsPanel.tsx';
import PanelCard from '../panels/PanelCard.tsx';
import { formatTime } from '@cpaudit/contracts';

/** Actions taken on the expert-panel tab (the draw applies the exclusions; the decision records the panel's result). */
const PANEL_ACTIONS = new Set(['drawPanel', 'passEvaluation', 'failEvaluation', 'passAcceptance', 'failAcceptance']);
/** Tabs of the audit page, as in `?tab=`. */
const TABS = ['workflow', 'options', 'panels'] as const;
type Tab = (typeof TABS)[number];

/**
 * The audit page (issue 6 item 1): header, deadlines, the actions the server allows, and tabs —
 * 办理记录 (timeline and documents), 审核方案与绩效 ({@link OptionsPanel}, `option.read`) and
 * 评审专家组 ({@link PanelCard}, `panel.read`); `?tab=options|panels` opens one directly.
 */
export default function AuditDetailPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const q = useQuery({ queryKey: ['audit', id], queryFn: ({ signal }) => fetchAudit(id, signal), meta: { errorPolicy: 'inline' } });
  const [action, setAction] = useState<string | null>(null);
  if (q.error) return <QueryError error={q.error} onRetry={() => void q.refetch()} />;
  const a = q.data;
  if (!a) return <Card loading />;
  const tabs: Tab[] = ['workflow', ...(hasPermission(me, 'option.read') ? (['options'] as const) : []), ...(hasPermission(me, 'panel.read') ? (['panels'] as const) : [])];
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && tabs.includes(asked) ? asked : 'workflow';
  const openTab = (k: string) => setParams((p) => { const n = new URLSearchParams(p); if (k === 'workflow') n.delete('tab'); else n.set('tab', k); return n; }, { replace: true });
  const onAction = (x: string) => (PANEL_ACTIONS.has(x) && tabs.includes('panels') ? openTab('panels') : setAction(x));
  return (
    <div data-testid="page-audit">
      <Card title={`${a.enterpriseName} · ${a.listYear}`} extra={<Tag color="blue" data-testid="audit-state">{t(`audits.states.${a.state}`)}</Tag>}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('audits.type')}>{t(`audits.types.${a.auditType}`)}</Descriptions.Item>
          <Descriptions.Item label={t('audits.mode')}>{t(`audits.modes.${a.mode}`)}</Descriptions.Item>
          <Descriptions.Item label={t('audits.documentNo')}>{a.documentNo}（{a.publishedAt}）</Descriptions.Item>
          <Descriptions.Item label={t('audits.consulting')}>{a.selfAudit ? t('audits.selfAudit') : (a.consultingAgencyName ?? '—')}</Descriptions.Item>
          <Descriptions.Item label={t('audits.team')}>{a.auditTeam.map((m) => (m.role ? `${m.name}（${m.role}）` : m.name)).join('、') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('audits.validUntil')}>{a.validUntil ?? '—'}</Descriptions.Item>
        </Descriptions>
        <Table
          size="small"
          rowKey="step"
          pagination={false}
          dataSource={a.deadlines}
          columns={[
            { title: t('audits.step'), dataIndex: 'step', render: (s: string) => t(`audits.steps.${s}`) },
            { title: t('audits.due'), dataIndex: 'due', render: (v: string | null) => v ?? '—' },
            { title: t('audits.doneOn'), dataIndex: 'doneOn', render: (v: string | null) => v ?? '—' },
            { title: t('audits.daysLeftCol'), render: (_: unknown, d) =>
                d.overdue ? (
                  <Tag color="red">{t('audits.overdue')}</Tag>
                ) : d.workdaysLate !== null ? (
                  <Tag color="orange" data-testid={`audit-completed-late-${d.step}`}>{t('audits.completedLate', { n: d.workdaysLate })}</Tag>
                ) : (
                  <DaysLeft days={d.daysLeft} />
                ) },
          ]}
        />
        <Space style={{ marginTop: 16 }} wrap data-testid="audit-actions">
          {a.allowedActions.length === 0 && <Typography.Text type="secondary">{t('audits.noActions')}</Typography.Text>}
          {a.allowedActions.length === 0 && <MissingDocuments audit={a} role={me?.role} />}
          {a.allowedActions.map((x) => (
            <Button key={x} type="primary" onClick={() => onAction(x)} data-testid={`audit-action-${x}`}>
              {t(`audits.actions.${x}`)}
            </Button>
          ))}
        </Space>
      </Card>
      <GroupingCard audit={a} />
      <Tabs
        style={{ marginTop: 16 }}
        activeKey={tab}
        onChange={openTab}
        data-testid="audit-tabs"
        items={[
          {
            key: 'workflow',
            label: <span data-testid="audit-tab-workflow">{t('audits.tabWorkflow')}</span>,
            children: (
              <>
              <Card title={t('audits.timeline')}>
                <Timeline
                  data-testid="audit-timeline"
                  items={a.timeline.map((e) => ({
                    children: (
                      <div>
                        <b>{t(`audits.actions.${e.action}`)}</b> {t(`audits.states.${e.fromState}`)} → {t(`audits.states.${e.toState}`)}
                        <div>
                          <Typography.Text type="secondary">
                            {[formatTime(e.at), e.actorName, e.actorOrgName].filter(Boolean).join(' · ')}
                          </Typography.Text>
                        </div>
                        {e.comment && <div>{e.comment}</div>}
                        {e.documents.map((d) => (
                          <div key={d.id}>
                            <a href={`/api/v1/documents/${d.id}`}>{`${t(`audits.kinds.${d.kind}`, { defaultValue: d.kind })}: ${d.fileName}`}</a>
                          </div>
                        ))}
                      </div>
                    ),
                  }))}
                />
                {a.timeline.length === 0 && <Typography.Text type="secondary">{t('audits.noEvents')}</Typography.Text>}
              </Card>
              <Card title={t('audits.documents')} style={{ marginTop: 16 }} extra={<DocumentUploader audit={a} />}>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={a.documents}
                  columns={[
                    { title: t('audits.kind'), dataIndex: 'kind', render: (k: string) => t(`audits.kinds.${k}`, { defaultValue: k }) },
                    { title: t('audits.fileName'), dataIndex: 'fileName', render: (n: string, d) => <a href={`/api/v1/documents/${d.id}`}>{n}</a> },
                    { title: t('audits.version'), dataIndex: 'version' },
                    { title: t('audits.uploadedAt'), dataIndex: 'uploadedAt', render: (v: string) => formatTime(v) },
                  ]}
                />
              </Card>
              </>
            ),
          },
          ...(tabs.includes('options') ? [{ key: 'options', label: <span data-testid="audit-tab-options">{t('menu.auditOptions')}</span>, children: <OptionsPanel auditId={a.id} /> }] : []),
          ...(tabs.includes('panels') ? [{ key: 'panels', label: <span data-testid="audit-tab-panels">{t('menu.auditPanels')}</span>, children: <PanelCard auditId={a.id} auditState={a.state} /> }] : []),
        ]}
      />
      {action && <ActionModal audit={a} action={action} onClose={() => setAction(null)} />}
    </div>
  );
}

/** The enterprise's (or its agency's) next step in each state where it has one. */
const PARTY_NEXT: Record<string, string> = {
  listed: 'disclose',
  disclosed: 'start',
  started: 'submitReport',
  evaluationFailed: 'submitReport',
  implementing: 'applyForAcceptance',
  acceptanceFailed: 'applyForAcceptance',
};

/**
 * Why the party's next step is not offered yet when it lacks documents: the step's required kinds
 * not uploaded (the server offers the step only once they are; upload them under 审核材料).
 */
function MissingDocuments({ audit, role }: { audit: AuditDetail; role: string | undefined }) {
  const { t } = useTranslation();
  const next = PARTY_NEXT[audit.state];
  if (!next || (role !== 'enterpriseUser' && role !== 'agencyUser')) return null;
  const have = new Set(audit.documents.map((d) => d.kind));
  const missing = (audit.checklist[next]?.required ?? []).filter((k) => !have.has(k));
  if (missing.length === 0) return null;
  return (
    <Typography.Text type="warning" data-testid="audit-missing-documents">
      {t('audits.missingDocuments', { action: t(`audits.actions.${next}`), kinds: missing.map((k) => t(`audits.kinds.${k}`, { defaultValue: k })).join('、') })}
    </Typography.Text>
  );
}

/** One action: comment, the step's checklist documents, and for `start` / `disclose` their data. */
function ActionModal({ audit, action, onClose }: { audit: AuditDetail; action: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const checklist = audit.checklist[action] ?? { required: [], optional: [] };
  const kinds = [...checklist.required, ...checklist.optional];
  // Documents of this step's kinds already uploaded on the page and not yet attached to a step go with it.
  const attached = new Set(audit.timeline.flatMap((e) => e.documents.map((d) => d.id)));
  const pending = audit.documents.filter((d) => kinds.includes(d.kind) && !attached.has(d.id));
  const [docIds, setDocIds] = useState<number[]>(() => pending.map((d) => d.id));
  const [kind, setKind] = useState<string | undefined>(kinds[0]);
  const agencies = useQuery({ queryKey: ['agencies', 'all'], queryFn: ({ signal }) => fetchAgencies(undefined, signal), enabled: action === 'start' });
  const disclosure = useQuery({ queryKey: ['disclosure-form', audit.id], queryFn: ({ signal }) => fetchDisclosureForm(audit.id, signal), enabled: action === 'disclose' });
  const run = useMutation({
    mutationFn: async () => {
      const v = form.getFieldsValue() as { comment?: string; agencyId?: number | 'self'; team?: string; channel?: string; url?: string };
      const payload: Record<string, unknown> = {};
      if (action === 'start') {
        payload.consulting = v.agencyId === 'self' ? { self: true } : { agencyId: v.agencyId };
        payload.auditTeam = (v.team ?? '').split(/[,，、\n]/).map((s) => s.trim()).filter(Boolean).map((name) => ({ name, role: '' }));
      }
      if (action === 'disclose') Object.assign(payload, { channel: v.channel, url: v.url, fields: disclosure.data?.form ?? null });
      return applyAction(audit.id, action, { version: audit.version, ...(v.comment ? { comment: v.comment } : {}), documentIds: docIds, payload });
    },
    onSuccess: () => {
      void message.success(t('audits.done'));
      void qc.invalidateQueries({ queryKey: ['audit', audit.id] });
      void qc.invalidateQueries({ queryKey: ['audits'] });
      onClose();
    },
  });
  return (
    <Modal open title={t(`audits.actions.${action}`)} onCancel={onClose} onOk={() => void form.validateFields().then(() => run.mutate(), () => undefined)} confirmLoading={run.isPending} okButtonProps={{ 'data-testid': 'audit-action-ok' } as never}>
      <Form form={form} layout="vertical">
        {action === 'start' && (
          <>
            <Form.Item name="agencyId" label={t('audits.consulting')} rules={[{ required: true }]}>
              <Select options={[{ value: 'self', label: t('audits.selfAudit') }, ...(agencies.data ?? []).map((g) => ({ value: g.id, label: g.name }))]} />
            </Form.Item>
            <Form.Item name="team" label={t('audits.team')}>
              <Input placeholder={t('audits.teamHint')} />
            </Form.Item>
          </>
        )}
        {action === 'disclose' && (
          <>
            {disclosure.data && (
              <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }} data-testid="disclosure-prefill">
                {Object.entries(disclosure.data.form)
                  .filter(([, rows]) => rows.length > 0)
                  .map(([section, rows]) => (
                    <Descriptions.Item key={section} label={t(`audits.disclosureSections.${section}`, { defaultValue: section })}>
                      {rows.map((r, i) => (
                        <div key={i}>{Object.entries(r).map(([k, v]) => `${t(`audits.disclosureFields.${k}`, { defaultValue: k })}：${v === null || v === '' ? '—' : String(v)}`).join('；')}</div>
                      ))}
                    </Descriptions.Item>
                  ))}
              </Descriptions>
            )}
            <Form.Item name="channel" label={t('audits.channel')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="url" label={t('audits.url')} rules={[{ type: 'url' }]}>
              <Input />
            </Form.Item>
          </>
        )}
        {pending.length > 0 && (
          <Form.Item label={t('audits.attachedWithStep')} data-testid="audit-action-pending-docs">
            {pending.map((d) => (
              <div key={d.id}>{`${t(`audits.kinds.${d.kind}`, { defaultValue: d.kind })}: ${d.fileName}`}</div>
            ))}
          </Form.Item>
        )}
        {kinds.length > 0 && (
          <Form.Item label={`${t('audits.documents')}${checklist.required.length ? `（${t('audits.required')}：${checklist.required.map((k) => t(`audits.kinds.${k}`, { defaultValue: k })).join('、')}）` : ''}`}>
            <Space>
              <Select style={{ width: 180 }} value={kind} onChange={setKind} options={kinds.map((k) => ({ value: k, label: t(`audits.kinds.${k}`, { defaultValue: k }) }))} />
              <Upload
                showUploadList
                customRequest={({ file, onSuccess, onError }) => {
                  uploadAuditDocument(audit.id, kind!, file as File).then(
                    (d) => {
                      setDocIds((ids) => [...ids, d.id]);
                      onSuccess?.(d);
                    },
                    (e: Error) => onError?.(e),
                  );
                }}
              >
                <Button icon={<UploadOutlined />} data-testid="audit-upload">{t('audits.upload')}</Button>
              </Upload>
            </Space>
          </Form.Item>
        )}
        <Form.Item name="comment" label={t('audits.comment')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Uploads a document of any checklist kind (the steps' required documents come first). */
function DocumentUploader({ audit }: { audit: AuditDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const kinds = [...new Set(Object.values(audit.checklist).flatMap((c) => [...c.required, ...c.optional]))];
  const [kind, setKind] = useState<string>(kinds[0] ?? 'attachment');
  if (audit.state === 'accepted' || audit.state === 'rolledOver') return null;
  return (
    <Space>
      <Select style={{ width: 180 }} value={kind} onChange={setKind} options={kinds.map((k) => ({ value: k, label: t(`audits.kinds.${k}`, { defaultValue: k }) }))} data-testid="audit-doc-kind" />
      <Upload
        showUploadList={false}
        customRequest={({ file, onSuccess, onError }) => {
          uploadAuditDocument(audit.id, kind, file as File).then(
            (d) => {
              onSuccess?.(d);
              void qc.invalidateQueries({ queryKey: ['audit', audit.id] });
            },
            (e: Error) => onError?.(e),
          );
        }}
      >
        <Button icon={<UploadOutlined />} data-testid="audit-doc-upload">{t('audits.upload')}</Button>
      </Upload>
    </Space>
  );
}
