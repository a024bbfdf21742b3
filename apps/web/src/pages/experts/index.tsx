import { useMemo, useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../access.ts';
import { QueryError } from '../../components/tags.tsx';
import { isApiError } from '../../services/api.ts';
import {
  createExpert,
  crossSpecialityKeys,
  downloadExpertTemplate,
  fetchExperts,
  importExperts,
  updateExpert,
  type Expert,
  type ExpertFilters,
  type ExpertRowError,
} from '../../services/experts.ts';
import { fetchDivisions, fetchKeyIndustries } from '../../services/reference.ts';
import { useCurrentUser } from '../../services/session.ts';

type FormValues = Omit<Expert, 'id' | 'version' | 'userId' | 'cityName'>;

/**
 * 专家库 (issue 6 item 7): the regional expert pool. Everyone with expert.read lists and searches
 * it; the region (expert.manage) adds, edits (with the row's version) and imports an xlsx file.
 */
export default function ExpertsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const canManage = hasPermission(me, 'expert.manage');
  const qc = useQueryClient();
  const [filters, setFilters] = useState<ExpertFilters>({});
  const [editing, setEditing] = useState<Expert | 'new' | null>(null);
  const [importErrors, setImportErrors] = useState<ExpertRowError[] | null>(null);
  const [form] = Form.useForm<FormValues>();

  const experts = useQuery({ queryKey: ['experts', filters], queryFn: ({ signal }) => fetchExperts(filters, signal), meta: { errorPolicy: 'inline' } });
  const industries = useQuery({ queryKey: ['keyIndustries'], queryFn: ({ signal }) => fetchKeyIndustries(signal), staleTime: 10 * 60_000 });
  const divisions = useQuery({ queryKey: ['divisions'], queryFn: ({ signal }) => fetchDivisions(signal), staleTime: 10 * 60_000 });
  const cities = useMemo(() => (divisions.data ?? []).filter((d) => d.level === 'city'), [divisions.data]);
  const specialityName = useMemo(() => {
    // Key industries through keyIndustries.* (translated), the catalogue's name otherwise: one language per UI.
    const m = new Map<string, string>((industries.data ?? []).map((i) => [i.key, t(`keyIndustries.${i.key}`, { defaultValue: i.nameZh })]));
    for (const k of crossSpecialityKeys) m.set(k, t(`experts.speciality.${k}`));
    return m;
  }, [industries.data, t]);
  const specialityOptions = [...specialityName].map(([value, label]) => ({ value, label }));

  const save = useMutation({
    mutationFn: async (v: FormValues) => (editing === 'new' || editing === null ? createExpert(v) : updateExpert(editing.id, { ...v, version: editing.version })),
    onSuccess: () => {
      message.success(t('experts.saved'));
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['experts'] });
    },
    onError: (e) => message.error(isApiError(e) && e.status === 409 ? t('experts.conflict') : (e as Error).message),
  });

  const imp = useMutation({
    mutationFn: (file: File) => importExperts(file),
    onSuccess: (r) => {
      setImportErrors(null);
      message.success(t('experts.imported', r));
      void qc.invalidateQueries({ queryKey: ['experts'] });
    },
    onError: (e) => {
      const errors = isApiError(e) ? (e.details as { errors?: ExpertRowError[] } | undefined)?.errors : undefined;
      if (errors) setImportErrors(errors);
      message.error((e as Error).message);
    },
  });

  const openEdit = (e: Expert | 'new') => {
    setEditing(e);
    form.setFieldsValue(
      e === 'new'
        ? { name: '', employerName: '', employerUscc: null, title: '', specialities: [], cityCode: '', available: true, unavailableReason: null, phone: null, email: null }
        : e,
    );
  };

  return (
    <div data-testid="page-experts">
      <Card
        title={t('experts.title')}
        extra={
          canManage && (
            <Space>
              <Button icon={<DownloadOutlined />} onClick={() => void downloadExpertTemplate()} data-testid="experts-template">
                {t('experts.template')}
              </Button>
              <Upload
                accept=".xlsx,.csv"
                showUploadList={false}
                beforeUpload={(file) => {
                  imp.mutate(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} loading={imp.isPending} data-testid="experts-import">
                  {t('experts.import')}
                </Button>
              </Upload>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => openEdit('new')} data-testid="experts-add">
                {t('experts.add')}
              </Button>
            </Space>
          )
        }
      >
        {canManage && <Typography.Paragraph type="secondary">{t('experts.importHint')}</Typography.Paragraph>}
        {importErrors && (
          <Alert
            type="error"
            showIcon
            closable
            onClose={() => setImportErrors(null)}
            style={{ marginBottom: 16 }}
            data-testid="experts-import-errors"
            title={t('experts.importFailed', { count: importErrors.length })}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {importErrors.slice(0, 50).map((er, i) => (
                  <li key={i}>
                    {t('experts.rowError', { row: er.row, column: er.column ? `${er.column}（${er.header ?? ''}）` : '' })}
                    {er.message}
                  </li>
                ))}
              </ul>
            }
          />
        )}
        <Space wrap style={{ marginBottom: 16 }}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('experts.search')}
            style={{ width: 240 }}
            onChange={(e) => setFilters((f) => ({ ...f, q: e.target.value || undefined }))}
            data-testid="experts-search"
          />
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('experts.specialities')}
            options={specialityOptions}
            onChange={(v?: string) => setFilters((f) => ({ ...f, speciality: v }))}
            data-testid="experts-filter-speciality"
          />
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('experts.city')}
            options={cities.map((c) => ({ value: c.code, label: c.name }))}
            onChange={(v?: string) => setFilters((f) => ({ ...f, cityCode: v }))}
            data-testid="experts-filter-city"
          />
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder={t('experts.availability')}
            options={[
              { value: 'true', label: t('experts.available') },
              { value: 'false', label: t('experts.unavailable') },
            ]}
            onChange={(v?: 'true' | 'false') => setFilters((f) => ({ ...f, available: v }))}
            data-testid="experts-filter-available"
          />
        </Space>
        {experts.isError ? (
          <QueryError error={experts.error} onRetry={() => void experts.refetch()} testId="experts-error" />
        ) : (
          <Table<Expert>
            rowKey="id"
            size="small"
            data-testid="experts-table"
            loading={experts.isPending}
            dataSource={experts.data ?? []}
            scroll={{ x: 1100 }}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            locale={{ emptyText: <Empty description={t('experts.empty')} /> }}
            onRow={(r) => ({ 'data-testid': `expert-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('experts.name'), dataIndex: 'name', width: 100, render: (v: string) => <Typography.Text strong>{v}</Typography.Text> },
              { title: t('experts.employer'), dataIndex: 'employerName', ellipsis: true },
              { title: t('experts.jobTitle'), dataIndex: 'title', width: 120 },
              {
                title: t('experts.specialities'),
                dataIndex: 'specialities',
                render: (v: string[]) => v.map((s) => <Tag key={s}>{specialityName.get(s) ?? s}</Tag>),
              },
              { title: t('experts.city'), dataIndex: 'cityName', width: 90 },
              {
                title: t('experts.availability'),
                dataIndex: 'available',
                width: 90,
                render: (v: boolean, r) => (
                  <Tag color={v ? 'green' : 'default'} title={r.unavailableReason ?? undefined} data-available={String(v)}>
                    {v ? t('experts.available') : t('experts.unavailable')}
                  </Tag>
                ),
              },
              { title: t('experts.phone'), dataIndex: 'phone', width: 130 },
              ...(canManage
                ? [
                    {
                      title: t('experts.actions'),
                      width: 80,
                      render: (_: unknown, r: Expert) => (
                        <Button size="small" onClick={() => openEdit(r)} data-testid={`expert-edit-${r.id}`}>
                          {t('experts.edit')}
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
        title={editing === 'new' ? t('experts.add') : t('experts.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => void form.validateFields().then((v) => save.mutate(v))}
        confirmLoading={save.isPending}
        destroyOnHidden
        data-testid="expert-form"
      >
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('experts.name')} rules={[{ required: true, min: 2 }]}>
            <Input data-testid="expert-form-name" />
          </Form.Item>
          <Form.Item name="employerName" label={t('experts.employer')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="employerUscc" label={t('experts.employerUscc')} normalize={(v: string) => v || null}>
            <Input maxLength={18} />
          </Form.Item>
          <Form.Item name="title" label={t('experts.jobTitle')}>
            <Input />
          </Form.Item>
          <Form.Item name="specialities" label={t('experts.specialities')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Select mode="multiple" options={specialityOptions} />
          </Form.Item>
          <Form.Item name="cityCode" label={t('experts.city')} rules={[{ required: true }]}>
            <Select options={cities.map((c) => ({ value: c.code, label: c.name }))} />
          </Form.Item>
          <Form.Item name="available" label={t('experts.available')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="unavailableReason" label={t('experts.unavailableReason')} normalize={(v: string) => v || null}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label={t('experts.phone')} normalize={(v: string) => v || null}>
            <Input />
          </Form.Item>
          <Form.Item name="email" label={t('experts.email')} normalize={(v: string) => v || null} rules={[{ type: 'email' }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
