import { useMemo, useState, type HTMLAttributes } from 'react';
import { App, Button, Card, DatePicker, Empty, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../access.ts';
import { QueryError } from '../../components/tags.tsx';
import { isApiError } from '../../services/api.ts';
import { createAgency, fetchAgencies, updateAgency, type Agency } from '../../services/experts.ts';
import { fetchDivisions, fetchKeyIndustries } from '../../services/reference.ts';
import { useCurrentUser } from '../../services/session.ts';

interface FormValues {
  name: string;
  uscc: string;
  divisionCode: string;
  contactPhone: string | null;
  industries: string[];
  auditors: { name: string; certificateNo: string; validUntil: Dayjs | null }[];
}

/**
 * 咨询服务机构 (issue 6 item 6): consulting agencies with their auditors (清洁生产审核师) and
 * industries served. The region (agency.manage) adds and edits any; an agency user sees and edits
 * only its own profile (agency.manageOwn); officials and enterprises read the list.
 */
export default function AgenciesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const canManage = hasPermission(me, 'agency.manage');
  const canEditOwn = hasPermission(me, 'agency.manageOwn');
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Agency | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();

  const agencies = useQuery({ queryKey: ['agencies', q], queryFn: ({ signal }) => fetchAgencies(q || undefined, signal), meta: { errorPolicy: 'inline' } });
  const industries = useQuery({ queryKey: ['keyIndustries'], queryFn: ({ signal }) => fetchKeyIndustries(signal), staleTime: 10 * 60_000 });
  const divisions = useQuery({ queryKey: ['divisions'], queryFn: ({ signal }) => fetchDivisions(signal), staleTime: 10 * 60_000 });
  const industryName = useMemo(() => new Map((industries.data ?? []).map((i) => [i.key, t(`keyIndustries.${i.key}`, { defaultValue: i.nameZh })])), [industries.data, t]);
  const divisionName = useMemo(() => new Map((divisions.data ?? []).map((d) => [d.code, d.name])), [divisions.data]);

  const save = useMutation({
    mutationFn: async (v: FormValues) => {
      const body = { ...v, contactPhone: v.contactPhone || null, auditors: (v.auditors ?? []).map((a) => ({ ...a, validUntil: a.validUntil ? a.validUntil.format('YYYY-MM-DD') : null })) };
      return editing === 'new' || editing === null ? createAgency(body) : updateAgency(editing.id, { ...body, version: editing.version });
    },
    onSuccess: () => {
      message.success(t('agencies.saved'));
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['agencies'] });
    },
    onError: (e) => message.error(isApiError(e) && e.status === 409 ? t('agencies.conflict') : (e as Error).message),
  });

  const openEdit = (a: Agency | 'new') => {
    setEditing(a);
    form.setFieldsValue(
      a === 'new'
        ? { name: '', uscc: '', divisionCode: '', contactPhone: null, industries: [], auditors: [] }
        : { ...a, auditors: a.auditors.map((x) => ({ ...x, validUntil: x.validUntil ? dayjs(x.validUntil) : null })) },
    );
  };
  const today = dayjs().format('YYYY-MM-DD');

  return (
    <div data-testid="page-agencies">
      <Card
        title={t('agencies.title')}
        extra={
          <Space>
            <Input allowClear prefix={<SearchOutlined />} placeholder={t('agencies.search')} style={{ width: 240 }} onChange={(e) => setQ(e.target.value)} data-testid="agencies-search" />
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => openEdit('new')} data-testid="agencies-add">
                {t('agencies.add')}
              </Button>
            )}
          </Space>
        }
      >
        {agencies.isError ? (
          <QueryError error={agencies.error} onRetry={() => void agencies.refetch()} testId="agencies-error" />
        ) : (
          <Table<Agency>
            rowKey="id"
            size="small"
            data-testid="agencies-table"
            loading={agencies.isPending}
            dataSource={agencies.data ?? []}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: <Empty description={t('agencies.empty')} /> }}
            onRow={(r) => ({ 'data-testid': `agency-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
            expandable={{
              expandedRowRender: (r) => (
                <Table
                  rowKey="certificateNo"
                  size="small"
                  pagination={false}
                  dataSource={r.auditors}
                  columns={[
                    { title: t('agencies.auditorName'), dataIndex: 'name' },
                    { title: t('agencies.certificateNo'), dataIndex: 'certificateNo' },
                    {
                      title: t('agencies.validUntil'),
                      dataIndex: 'validUntil',
                      render: (v: string | null) => (v ? <Tag color={v < today ? 'red' : 'green'}>{v}</Tag> : '—'),
                    },
                  ]}
                />
              ),
            }}
            columns={[
              { title: t('agencies.name'), dataIndex: 'name', render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
              { title: t('agencies.uscc'), dataIndex: 'uscc', width: 190 },
              { title: t('agencies.division'), dataIndex: 'divisionCode', width: 110, render: (v: string) => divisionName.get(v) ?? v },
              { title: t('agencies.auditors'), dataIndex: 'auditors', width: 90, render: (v: unknown[]) => v.length },
              { title: t('agencies.industries'), dataIndex: 'industries', render: (v: string[]) => v.map((k) => <Tag key={k}>{industryName.get(k) ?? k}</Tag>) },
              { title: t('agencies.contactPhone'), dataIndex: 'contactPhone', width: 130 },
              ...(canManage || canEditOwn
                ? [
                    {
                      title: t('agencies.actions'),
                      width: 80,
                      render: (_: unknown, r: Agency) => (
                        <Button size="small" onClick={() => openEdit(r)} data-testid={`agency-edit-${r.id}`}>
                          {t('agencies.edit')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </Card>
      <Modal
        open={editing !== null}
        width={760}
        title={editing === 'new' ? t('agencies.add') : t('agencies.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => void form.validateFields().then((v) => save.mutate(v))}
        confirmLoading={save.isPending}
        destroyOnHidden
        data-testid="agency-form"
      >
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('agencies.name')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="uscc" label={t('agencies.uscc')} rules={[{ required: true, len: 18 }]}>
            <Input maxLength={18} disabled={!canManage} />
          </Form.Item>
          <Form.Item name="divisionCode" label={t('agencies.division')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" disabled={!canManage} options={(divisions.data ?? []).map((d) => ({ value: d.code, label: `${d.name} ${d.code}` }))} />
          </Form.Item>
          <Form.Item name="industries" label={t('agencies.industries')}>
            <Select mode="multiple" options={(industries.data ?? []).map((i) => ({ value: i.key, label: t(`keyIndustries.${i.key}`, { defaultValue: i.nameZh }) }))} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('agencies.contactPhone')}>
            <Input />
          </Form.Item>
          <Typography.Text strong>{t('agencies.auditors')}</Typography.Text>
          <Form.List name="auditors">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, min: 2 }]}>
                      <Input placeholder={t('agencies.auditorName')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'certificateNo']} rules={[{ required: true }]}>
                      <Input placeholder={t('agencies.certificateNo')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'validUntil']}>
                      <DatePicker placeholder={t('agencies.validUntil')} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ name: '', certificateNo: '', validUntil: null })} icon={<PlusOutlined />} data-testid="agency-add-auditor">
                  {t('agencies.addAuditor')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </div>
  );
}
