import { useState } from 'react';
import { App, Button, Card, Collapse, Descriptions, Empty, Form, Input, InputNumber, Modal, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../access.ts';
import { QueryError } from '../../components/tags.tsx';
import { isApiError } from '../../services/api.ts';
import { decidePanel, downloadOpinion, drawPanel, fetchPanels, redrawPanel, replaceMember, type Panel, type PanelStage } from '../../services/panels.ts';
import { useCurrentUser } from '../../services/session.ts';
import { formatTime } from '@cpaudit/contracts';

type Member = Panel['members'][number];

const REASON_COLOR: Record<string, string> = {
  unavailable: 'default',
  employedByEnterprise: 'red',
  employedByAgency: 'volcano',
  onConsultingTeam: 'orange',
  recentReview: 'gold',
  specialityMismatch: 'blue',
};
const OUTCOME_COLOR = { pass: 'green', passWithRevisions: 'gold', fail: 'red' } as const;

/**
 * The expert panels of one audit (issue 6 items 7–8), for the audit page or the standalone route
 * `/audits/:id/panels`: the draw form (city, panel.manage), each panel with its members, scoring
 * progress, the pool and the exclusions with reason tags, the draw history, replace / redraw,
 * the decision and the opinion download. The enterprise sees names only after the decision.
 * `auditState` decides whether the draw form shows and for which stage: evaluation after the report
 * is submitted, acceptance once acceptance is applied for; never after the panel's decision moved the audit on.
 */
/** Audit states in which a panel may be drawn, and its stage (the server refuses a draw in any other state). */
const DRAW_STAGE_OF: Partial<Record<string, PanelStage>> = { reportSubmitted: 'evaluation', evaluation: 'evaluation', acceptanceApplied: 'acceptance', acceptance: 'acceptance' };

export default function PanelCard({ auditId, auditState }: { auditId: number; auditState?: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const canManage = hasPermission(me, 'panel.manage');
  const qc = useQueryClient();
  const panels = useQuery({ queryKey: ['panels', auditId], queryFn: ({ signal }) => fetchPanels(auditId, signal), meta: { errorPolicy: 'inline' } });
  const [form] = Form.useForm<{ stage: PanelStage; size: number; seed?: number | null }>();
  const [reasonFor, setReasonFor] = useState<{ kind: 'replace'; panel: Panel; member: Member } | { kind: 'redraw'; panel: Panel } | null>(null);
  const [reason, setReason] = useState('');

  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['panels', auditId] });
    void qc.invalidateQueries({ queryKey: ['audit', auditId] });
    void qc.invalidateQueries({ queryKey: ['audits'] });
  };
  const onError = (e: unknown) => {
    if (isApiError(e) && e.status === 409 && e.code === 'CONFLICT') refresh();
    message.error(isApiError(e) && e.code === 'CONFLICT' ? t('panels.conflict') : (e as Error).message);
  };
  const draw = useMutation({
    mutationFn: (v: { stage: PanelStage; size: number; seed?: number | null }) => drawPanel(auditId, { stage: v.stage, size: v.size, ...(v.seed != null ? { seed: v.seed } : {}) }),
    onSuccess: () => {
      message.success(t('panels.drawn'));
      refresh();
    },
    onError,
  });
  const change = useMutation({
    mutationFn: async () => {
      if (!reasonFor) return;
      if (reasonFor.kind === 'replace') await replaceMember(reasonFor.panel.id, reasonFor.member.id, { version: reasonFor.panel.version, reason });
      else await redrawPanel(reasonFor.panel.id, { version: reasonFor.panel.version, reason });
    },
    onSuccess: () => {
      setReasonFor(null);
      setReason('');
      refresh();
    },
    onError,
  });
  const decide = useMutation({
    mutationFn: (p: Panel) => decidePanel(p.id, p.version),
    onSuccess: () => {
      message.success(t('panels.decided'));
      refresh();
    },
    onError,
  });

  const list = panels.data ?? [];
  const open = list.some((p) => p.status !== 'decided');
  // The stage a panel may be drawn for in the audit's state (as the server's DRAW_STATES): none once the
  // panel's decision has moved the audit on (评估通过, 验收通过 …), so the form is hidden then.
  const drawStage: PanelStage | null = auditState === undefined ? null : (DRAW_STAGE_OF[auditState] ?? null);

  return (
    <Card title={<Space><TeamOutlined />{t('panels.title')}</Space>} data-testid="panel-card">
      {panels.isError && <QueryError error={panels.error} />}
      {canManage && !open && drawStage !== null && (
        <Form form={form} layout="inline" initialValues={{ stage: drawStage, size: 3 }} onFinish={(v) => draw.mutate(v)} style={{ marginBottom: 16 }} data-testid="panel-draw-form">
          <Form.Item name="stage" label={t('panels.drawStage')}>
            <Select style={{ width: 120 }} options={[drawStage].map((s) => ({ value: s, label: t(`panels.stage.${s}`) }))} data-testid="panel-stage" />
          </Form.Item>
          <Form.Item name="size" label={t('panels.size')}>
            <Select style={{ width: 80 }} options={[3, 5, 7].map((n) => ({ value: n, label: n }))} data-testid="panel-size" />
          </Form.Item>
          <Form.Item name="seed" label={t('panels.seed')} tooltip={t('panels.seedHint')}>
            <InputNumber min={0} max={4294967295} precision={0} style={{ width: 160 }} data-testid="panel-seed" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={draw.isPending} data-testid="panel-draw">
            {t('panels.draw')}
          </Button>
        </Form>
      )}
      {list.length === 0 && !panels.isLoading && <Empty description={t('panels.none')} />}
      {list.map((p) => {
        const active = p.members.filter((m) => !m.replaced);
        const allIn = active.length > 0 && active.every((m) => m.submitted);
        const full = p.exclusions !== null;
        return (
          <Card
            key={p.id}
            type="inner"
            size="small"
            style={{ marginBottom: 12 }}
            data-testid={`panel-${p.id}`}
            title={
              <Space>
                {t(`panels.stage.${p.stage}`)}
                <Tag color={p.status === 'decided' ? 'green' : 'processing'} data-testid="panel-status">
                  {t(`panels.status.${p.status}`)}
                </Tag>
              </Space>
            }
            extra={
              <Space>
                {canManage && p.status !== 'decided' && p.submitted === 0 && (
                  <Button size="small" onClick={() => setReasonFor({ kind: 'redraw', panel: p })} data-testid="panel-redraw">
                    {t('panels.redraw')}
                  </Button>
                )}
                {canManage && p.status !== 'decided' && (
                  <Button size="small" type="primary" disabled={!allIn} loading={decide.isPending} onClick={() => decide.mutate(p)} data-testid="panel-decide">
                    {t('panels.decide')}
                  </Button>
                )}
                {p.status === 'decided' && (
                  <Button size="small" icon={<DownloadOutlined />} onClick={() => void downloadOpinion(p)} data-testid="panel-opinion">
                    {t('panels.opinion')}
                  </Button>
                )}
              </Space>
            }
          >
            <Descriptions size="small" column={3} style={{ marginBottom: 8 }}>
              <Descriptions.Item label={t('panels.drawnAt')}>{formatTime(p.drawnAt)}</Descriptions.Item>
              {full && <Descriptions.Item label={t('panels.drawnBy')}>{p.drawnBy}</Descriptions.Item>}
              {full && <Descriptions.Item label={t('panels.seed')}>{p.seed}</Descriptions.Item>}
            </Descriptions>
            <Space style={{ marginBottom: 8 }}>
              <Typography.Text>{t('panels.progress')}</Typography.Text>
              <Progress percent={Math.round((100 * p.submitted) / Math.max(1, active.length))} format={() => `${p.submitted}/${active.length}`} style={{ width: 200 }} data-testid="panel-progress" />
            </Space>
            {!full && p.status !== 'decided' && <Typography.Paragraph type="secondary">{t('panels.namesHidden')}</Typography.Paragraph>}
            <Table<Member>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={p.members}
              data-testid="panel-members"
              rowClassName={(m) => (m.replaced ? 'row-muted' : '')}
              columns={[
                { title: t('panels.seat'), dataIndex: 'seat', width: 60 },
                { title: t('panels.name'), dataIndex: 'name', render: (v: string | null) => v ?? '—' },
                { title: t('panels.account'), dataIndex: 'account', render: (v: string | null) => v ?? '—' },
                { title: t('panels.employer'), dataIndex: 'employerName', render: (v: string | null) => v ?? '—' },
                { title: t('panels.proTitle'), dataIndex: 'title', render: (v: string | null) => v ?? '—' },
                { title: t('panels.roleCol'), dataIndex: 'role', render: (v: Member['role']) => <Tag color={v === 'industry' ? 'purple' : 'default'}>{t(`panels.role.${v}`)}</Tag> },
                {
                  title: t('panels.responseCol'),
                  key: 'state',
                  render: (_: unknown, m) =>
                    m.replaced ? (
                      <Tag>{t('panels.replaced')}</Tag>
                    ) : m.submitted ? (
                      <Tag color="green">{t('panels.submitted')}</Tag>
                    ) : (
                      <Tag>{t(`panels.response.${m.response}`)}</Tag>
                    ),
                },
                { title: t('panels.total'), dataIndex: 'total', render: (v: number | null) => (v === null ? '' : v.toFixed(2)) },
                ...(canManage && p.status !== 'decided'
                  ? [
                      {
                        title: '',
                        key: 'op',
                        render: (_: unknown, m: Member) =>
                          !m.replaced && !m.submitted ? (
                            <Button size="small" type="link" onClick={() => setReasonFor({ kind: 'replace', panel: p, member: m })} data-testid={`panel-replace-${m.id}`}>
                              {t('panels.replace')}
                            </Button>
                          ) : null,
                      },
                    ]
                  : []),
              ]}
            />
            {p.result && (
              <Descriptions size="small" column={3} style={{ marginTop: 8 }} data-testid="panel-result">
                <Descriptions.Item label={t('panels.mean')}>{p.result.mean.toFixed(2)}</Descriptions.Item>
                <Descriptions.Item label={t('panels.result')}>
                  <Tag color={OUTCOME_COLOR[p.result.outcome]}>{t(`panels.outcome.${p.result.outcome}`)}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('panels.vetoes')}>
                  {p.result.vetoes.length ? p.result.vetoes.map((k) => <Tag color="red" key={k}>{p.template.vetoItems.find((v) => v.key === k)?.title ?? k}</Tag>) : t('panels.noVeto')}
                </Descriptions.Item>
              </Descriptions>
            )}
            {full && (
              <Collapse
                size="small"
                style={{ marginTop: 8 }}
                items={[
                  {
                    key: 'pool',
                    label: t('panels.pool', { n: p.eligible?.length ?? 0 }),
                    children: <Space wrap>{(p.eligible ?? []).map((e) => <Tag key={e.expertId}>{e.name}</Tag>)}</Space>,
                  },
                  {
                    key: 'ex',
                    label: t('panels.exclusions', { n: p.exclusions?.length ?? 0 }),
                    children: (
                      <Space wrap data-testid="panel-exclusions">
                        {(p.exclusions ?? []).map((x) => (
                          <Tag key={x.expertId} color={REASON_COLOR[x.reason] ?? 'default'}>
                            {x.name} · {t(`panels.reason.${x.reason}`, { defaultValue: x.reason })}
                          </Tag>
                        ))}
                      </Space>
                    ),
                  },
                  {
                    key: 'hist',
                    label: t('panels.history'),
                    children: (
                      <pre style={{ fontSize: 12, margin: 0, whiteSpace: 'pre-wrap' }}>{(p.draws ?? []).map((d) => JSON.stringify(d)).join('\n')}</pre>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        );
      })}
      <Modal
        open={reasonFor !== null}
        title={reasonFor?.kind === 'replace' ? `${t('panels.replace')} ${reasonFor.member.name ?? ''}` : t('panels.redraw')}
        okButtonProps={{ disabled: reason.trim() === '', loading: change.isPending }}
        onOk={() => change.mutate()}
        onCancel={() => setReasonFor(null)}
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={reasonFor?.kind === 'replace' ? t('panels.replaceReason') : t('panels.redrawReason')}
          data-testid="panel-reason"
        />
      </Modal>
    </Card>
  );
}
