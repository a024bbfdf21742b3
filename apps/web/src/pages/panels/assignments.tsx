import { useEffect } from 'react';
import { App, Button, Card, Checkbox, Descriptions, Empty, Form, Input, InputNumber, List, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError } from '../../components/tags.tsx';
import { download, isApiError } from '../../services/api.ts';
import { fetchAssignments, saveSheet, submitSheet, type Assignment } from '../../services/panels.ts';
import { formatTime } from '@cpaudit/contracts';

type SheetForm = { items: Record<string, number | null>; vetoes: string[]; comment: string };

/** One assignment: the audit summary, its documents and the scoring form (items with max points, veto checkboxes, comment). */
function AssignmentCard({ a }: { a: Assignment }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<SheetForm>();
  const readOnly = a.sheet?.submittedAt != null || a.status === 'decided';
  useEffect(() => {
    form.setFieldsValue({ items: { ...(a.sheet?.scores ?? {}) }, vetoes: a.sheet?.vetoes ?? [], comment: a.sheet?.comment ?? '' });
  }, [a.sheet, form]);
  const refresh = () => void qc.invalidateQueries({ queryKey: ['assignments'] });
  const onError = (e: unknown) => {
    if (isApiError(e) && e.code === 'CONFLICT') refresh();
    message.error((e as Error).message);
  };
  const values = (): { items: Record<string, number>; vetoes: string[]; comment: string } => {
    const v = form.getFieldsValue();
    const items = Object.fromEntries(Object.entries(v.items ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number'));
    return { items, vetoes: v.vetoes ?? [], comment: v.comment ?? '' };
  };
  const save = useMutation({
    mutationFn: () => saveSheet(a.panelId, { version: a.sheet?.version ?? 0, ...values() }),
    onSuccess: () => {
      message.success(t('assignments.saved'));
      refresh();
    },
    onError,
  });
  const submit = useMutation({
    mutationFn: async () => {
      const saved = await saveSheet(a.panelId, { version: a.sheet?.version ?? 0, ...values() });
      return submitSheet(a.panelId, saved.version);
    },
    onSuccess: () => {
      message.success(t('assignments.submittedOk'));
      refresh();
    },
    onError,
  });
  const total = Form.useWatch('items', form);
  const sum = Object.values(total ?? {}).reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0);
  return (
    <Card
      data-testid={`assignment-${a.panelId}`}
      title={
        <Space>
          {a.audit.enterpriseName}
          <Tag>{t(`panels.stage.${a.stage}`)}</Tag>
          <Tag color={a.status === 'decided' ? 'green' : 'processing'}>{t(`panels.status.${a.status}`)}</Tag>
        </Space>
      }
      style={{ marginBottom: 16 }}
    >
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('assignments.listYear')}>{a.audit.listYear}</Descriptions.Item>
        <Descriptions.Item label={t('panels.roleCol')}>{t(`panels.role.${a.role}`)}</Descriptions.Item>
        <Descriptions.Item label={t('assignments.documents')}>
          {a.documents.length === 0 ? (
            t('assignments.noDocuments')
          ) : (
            <Space wrap>
              {a.documents.map((d) => (
                <Button key={d.id} size="small" type="link" onClick={() => void download(`/documents/${d.id}`, undefined, d.fileName)}>
                  {d.fileName}
                </Button>
              ))}
            </Space>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('assignments.optionsLink')}>
          <Link to={`/audits/${a.audit.id}?tab=options`} data-testid={`assignment-options-${a.panelId}`}>
            {t('assignments.optionsLinkText')}
          </Link>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary">
        {a.template.title} · {t('panels.localPractice')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" disabled={readOnly} data-testid="sheet-form">
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={a.template.items}
          columns={[
            { title: t('assignments.item'), dataIndex: 'title' },
            { title: '', dataIndex: 'maxPoints', width: 100, render: (n: number) => t('assignments.maxPoints', { n }) },
            {
              title: t('panels.total'),
              key: 'score',
              width: 140,
              render: (_: unknown, item) => (
                <Form.Item name={['items', item.key]} noStyle>
                  <InputNumber min={0} max={item.maxPoints} precision={2} step={0.5} style={{ width: 110 }} data-testid={`sheet-item-${item.key}`} />
                </Form.Item>
              ),
            },
          ]}
        />
        <Typography.Paragraph strong style={{ marginTop: 8 }} data-testid="sheet-total">
          {t('assignments.total', { n: Math.round(sum * 100) / 100 })}
        </Typography.Paragraph>
        <Form.Item name="vetoes" label={t('assignments.vetoes')}>
          <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 4 }} options={a.template.vetoItems.map((v) => ({ value: v.key, label: v.title }))} data-testid="sheet-vetoes" />
        </Form.Item>
        <Form.Item name="comment" label={t('assignments.comment')}>
          <Input.TextArea rows={4} maxLength={5000} data-testid="sheet-comment" />
        </Form.Item>
      </Form>
      {a.sheet?.submittedAt ? (
        <Tag color="green">{t('assignments.submittedAt', { at: formatTime(a.sheet.submittedAt) })}</Tag>
      ) : a.status === 'decided' ? (
        <Tag>{t('assignments.decided')}</Tag>
      ) : (
        <Space>
          <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="sheet-save">
            {t('assignments.save')}
          </Button>
          <Popconfirm title={t('assignments.submitConfirm')} onConfirm={() => submit.mutate()}>
            <Button type="primary" loading={submit.isPending} data-testid="sheet-submit">
              {t('assignments.submit')}
            </Button>
          </Popconfirm>
        </Space>
      )}
    </Card>
  );
}

/** 专家工作台 (issue 8 item 2): the panels the logged-in expert sits on, each with its scoring form. */
export default function MyAssignmentsPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['assignments'], queryFn: ({ signal }) => fetchAssignments(signal), meta: { errorPolicy: 'inline' } });
  return (
    <>
      <Typography.Title level={4}>{t('assignments.title')}</Typography.Title>
      {q.isError && <QueryError error={q.error} />}
      {q.data && q.data.length === 0 && <Empty description={t('assignments.none')} data-testid="assignments-empty" />}
      <List dataSource={q.data ?? []} renderItem={(a) => <AssignmentCard key={a.panelId} a={a} />} data-testid="assignments" />
    </>
  );
}
