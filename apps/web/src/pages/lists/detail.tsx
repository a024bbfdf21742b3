import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { CheckOutlined, PlusOutlined, RollbackOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AuditListDetail, ListEntry } from '@cpaudit/contracts';
import { hasPermission } from '../../access.ts';
import { addEntry, fetchList, listStep, removeEntry, type AuditType } from '../../services/lists.ts';
import { fetchEnterprises } from '../../services/registry.ts';
import { useCurrentUser } from '../../services/session.ts';
import { QueryError } from '../../components/tags.tsx';
import { VoluntaryApplicationsCard } from './voluntary-applications.tsx';
import { formatTime } from '@cpaudit/contracts';

/** One city list: its entries (filtered to a county for county officers), adding and removing entries while editable, submission (city), approval or return with comments (region DEE / DRC), and the review record. */
export default function ListDetailPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const [returning, setReturning] = useState(false);
  const [adding, setAdding] = useState(false);
  const [search, setSearch] = useState('');
  const [comment, setComment] = useState('');
  const [addForm] = Form.useForm<{ enterpriseId: number; auditType: AuditType; remarks?: string }>();

  const list = useQuery({ queryKey: ['lists', 'detail', id], queryFn: ({ signal }) => fetchList(id, signal), meta: { errorPolicy: 'inline' } });
  const candidates = useQuery({
    queryKey: ['lists', 'enterprise-search', search],
    queryFn: ({ signal }) => fetchEnterprises({ q: search, current: 1, pageSize: 20 }, signal),
    enabled: adding && search.length >= 2,
  });
  const onDone = (l: AuditListDetail) => {
    queryClient.setQueryData(['lists', 'detail', id], l);
    void queryClient.invalidateQueries({ queryKey: ['lists'] });
  };
  const step = useMutation({
    mutationFn: (v: { step: 'submit' | 'approve' | 'return'; comment?: string }) => listStep(id, v.step, list.data!.version, v.comment),
    onSuccess: (l) => {
      onDone(l);
      setReturning(false);
      void message.success(t('lists.done'));
    },
    onError: () => void list.refetch(),
  });
  const remove = useMutation({ mutationFn: (entryId: number) => removeEntry(id, list.data!.version, entryId), onSuccess: onDone, onError: () => void list.refetch() });
  const add = useMutation({
    mutationFn: (v: { enterpriseId: number; auditType: AuditType; remarks?: string }) => addEntry(id, { version: list.data!.version, ...v }),
    onSuccess: (l) => {
      onDone(l);
      setAdding(false);
      addForm.resetFields();
    },
    onError: () => void list.refetch(),
  });

  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  const l = list.data;
  if (!l) return <Card loading />;
  const editable = l.status === 'draft' || l.status === 'returned';
  const canPropose = hasPermission(me, 'auditList.propose') && editable;
  const canSubmit = hasPermission(me, 'auditList.draft') && editable;
  const canReview = hasPermission(me, 'auditList.review') && l.status === 'submitted';
  const canReturn = hasPermission(me, 'auditList.review') && (l.status === 'submitted' || l.status === 'approved');
  const myDeptApproved = me.org.kind === 'regionDrc' ? l.drcApproved : l.deeApproved;

  return (
    <div data-testid="page-list-detail">
      <Card
        title={`${l.cityName} ${l.listYear}${t('lists.yearSuffix')} ${l.round === 0 ? t('lists.annual') : t('lists.supplement', { n: l.round })}`}
        extra={
          <Space>
            <Tag data-testid="list-status">{t(`lists.status.${l.status}`)}</Tag>
            {canSubmit && (
              <Popconfirm title={t('lists.confirmSubmit')} onConfirm={() => step.mutate({ step: 'submit' })}>
                <Button type="primary" icon={<SendOutlined />} loading={step.isPending} data-testid="list-submit">
                  {t('lists.submit')}
                </Button>
              </Popconfirm>
            )}
            {canReview && !myDeptApproved && (
              <Button type="primary" icon={<CheckOutlined />} loading={step.isPending} onClick={() => step.mutate({ step: 'approve' })} data-testid="list-approve">
                {t('lists.approve')}
              </Button>
            )}
            {canReturn && (
              <Button danger icon={<RollbackOutlined />} onClick={() => setReturning(true)} data-testid="list-return">
                {t('lists.return')}
              </Button>
            )}
          </Space>
        }
      >
        {l.status === 'returned' && l.returnComment && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('lists.returnComment')} description={l.returnComment} data-testid="list-return-comment" />}
        <Descriptions size="small" column={4} items={[
          { key: 'm', label: t('lists.mandatory'), children: l.mandatoryCount },
          { key: 'v', label: t('lists.voluntary'), children: l.voluntaryCount },
          { key: 'dee', label: t('lists.dee'), children: l.deeApproved ? t('lists.approved') : t('lists.pending') },
          { key: 'drc', label: t('lists.drc'), children: l.needsDrc ? (l.drcApproved ? t('lists.approved') : t('lists.pending')) : t('lists.drcNotNeeded') },
        ]} />
        {canPropose && (
          <Button icon={<PlusOutlined />} style={{ margin: '12px 0' }} onClick={() => setAdding(true)} data-testid="list-add">
            {t('lists.addEntry')}
          </Button>
        )}
        <Table<ListEntry>
          rowKey="id"
          size="small"
          dataSource={l.entries}
          pagination={{ pageSize: 50 }}
          data-testid="list-entries"
          columns={[
            { title: t('lists.county'), dataIndex: 'countyName' },
            { title: t('lists.enterprise'), dataIndex: 'name' },
            { title: t('lists.uscc'), dataIndex: 'uscc' },
            { title: t('lists.auditType'), dataIndex: 'auditType', render: (v: AuditType) => t(`lists.${v}`) },
            { title: t('lists.basis'), dataIndex: 'basis' },
            { title: t('lists.source'), dataIndex: 'source', render: (v: string) => t(`lists.sources.${v}`) },
            { title: t('lists.proposedBy'), dataIndex: 'proposedBy', render: (v: string | null) => v ?? '—' },
            ...(canPropose
              ? [{
                  title: '',
                  key: 'remove',
                  render: (_: unknown, e: ListEntry) => (
                    <Popconfirm title={t('lists.confirmRemove')} onConfirm={() => remove.mutate(e.id)}>
                      <Button size="small" type="link" danger data-testid={`list-remove-${e.id}`}>
                        {t('lists.remove')}
                      </Button>
                    </Popconfirm>
                  ),
                }]
              : []),
          ]}
        />
      </Card>

      <VoluntaryApplicationsCard listYear={l.listYear} cityCode={l.cityCode} canDecide={hasPermission(me, 'auditList.draft') && editable} onAccepted={() => void list.refetch()} />

      <Card title={t('lists.reviews')} style={{ marginTop: 16 }}>
        <Timeline
          data-testid="list-reviews"
          items={l.reviews.map((r, i) => ({
            key: i,
            content: (
              <Typography.Text>
                {formatTime(r.at)} {t(`lists.dept.${r.department}`)} {r.actorName} {t(`lists.actions.${r.action}`)}
                {r.comment ? `：${r.comment}` : ''}
              </Typography.Text>
            ),
          }))}
        />
      </Card>

      <Modal open={returning} title={t('lists.return')} onCancel={() => setReturning(false)} onOk={() => step.mutate({ step: 'return', comment })} okButtonProps={{ disabled: comment.trim().length < 2, loading: step.isPending }}>
        <Input.TextArea rows={4} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('lists.returnPlaceholder')} data-testid="list-return-text" />
      </Modal>

      <Modal open={adding} title={t('lists.addEntry')} onCancel={() => setAdding(false)} onOk={() => addForm.submit()} okButtonProps={{ loading: add.isPending }}>
        <Form form={addForm} layout="vertical" initialValues={{ auditType: 'voluntary' }} onFinish={(v) => add.mutate(v)}>
          <Form.Item name="enterpriseId" label={t('lists.enterprise')} rules={[{ required: true }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setSearch }}
              placeholder={t('lists.searchEnterprise')}
              loading={candidates.isFetching}
              options={(candidates.data?.data ?? []).map((e) => ({ value: e.id, label: `${e.name}（${e.uscc}）` }))}
              data-testid="list-add-enterprise"
            />
          </Form.Item>
          <Form.Item name="auditType" label={t('lists.auditType')}>
            <Select options={[{ value: 'mandatory', label: t('lists.mandatory') }, { value: 'voluntary', label: t('lists.voluntary') }]} />
          </Form.Item>
          <Form.Item name="remarks" label={t('lists.remarks')}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
