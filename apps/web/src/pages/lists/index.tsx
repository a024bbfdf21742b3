import { useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { FileExcelOutlined, FileWordOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AuditListSummary, Publication } from '@cpaudit/contracts';
import type { Dayjs } from 'dayjs';
import { hasPermission } from '../../access.ts';
import { createDraft, downloadDocx, downloadXlsx, fetchLists, fetchPublications, publishLists } from '../../services/lists.ts';
import { useCurrentUser } from '../../services/session.ts';
import { QueryError } from '../../components/tags.tsx';

const STATUS_COLOR: Record<AuditListSummary['status'], string> = { draft: 'default', submitted: 'processing', returned: 'warning', approved: 'success', published: 'green' };

/** 名单管理: the city lists of a year in my area, drafting (city), publication with 文号 and date (region DEE), the forms, and past publications. */
export default function ListsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [listYear, setListYear] = useState<number>(new Date().getFullYear());
  const [publishForm] = Form.useForm<{ documentNo: string; publishedOn: Dayjs }>();
  const canDraft = hasPermission(me, 'auditList.draft');
  const canPublish = hasPermission(me, 'auditList.publish');

  const lists = useQuery({ queryKey: ['lists', listYear], queryFn: ({ signal }) => fetchLists(listYear, signal), meta: { errorPolicy: 'inline' } });
  const pubs = useQuery({ queryKey: ['lists', 'publications'], queryFn: ({ signal }) => fetchPublications(undefined, signal) });

  const draft = useMutation({
    mutationFn: () => createDraft(listYear),
    onSuccess: (l) => {
      void queryClient.invalidateQueries({ queryKey: ['lists'] });
      void navigate(`/lists/${l.id}`);
    },
  });
  const publish = useMutation({
    mutationFn: (v: { documentNo: string; publishedOn: Dayjs }) => publishLists({ listYear, documentNo: v.documentNo, publishedOn: v.publishedOn.format('YYYY-MM-DD') }),
    onSuccess: (r) => {
      void message.success(t('lists.published', { mandatory: r.mandatory, voluntary: r.voluntary }));
      // Emptied, so that a second press asks for a new 文号 instead of trying a supplementary list.
      publishForm.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['lists'] });
    },
  });

  const status = (s: AuditListSummary['status']) => <Tag color={STATUS_COLOR[s]}>{t(`lists.status.${s}`)}</Tag>;

  return (
    <div data-testid="page-lists">
      <Card
        title={t('lists.title')}
        extra={
          <Space>
            <Typography.Text>{t('lists.listYear')}</Typography.Text>
            <InputNumber min={2000} max={2100} precision={0} value={listYear} onChange={(v) => v && setListYear(v)} data-testid="lists-year" />
            {canDraft && (
              <Button type="primary" icon={<PlusOutlined />} loading={draft.isPending} onClick={() => draft.mutate()} data-testid="lists-draft">
                {t('lists.draft')}
              </Button>
            )}
            <Button icon={<FileExcelOutlined />} onClick={() => void downloadXlsx(listYear, 'mandatory')} data-testid="lists-xlsx-mandatory">
              {t('lists.annex2')}
            </Button>
            <Button icon={<FileExcelOutlined />} onClick={() => void downloadXlsx(listYear, 'voluntary')} data-testid="lists-xlsx-voluntary">
              {t('lists.annex3')}
            </Button>
            <Button icon={<FileWordOutlined />} onClick={() => void downloadDocx(listYear)} data-testid="lists-docx">
              {t('lists.docx')}
            </Button>
          </Space>
        }
      >
        {lists.isError ? (
          <QueryError error={lists.error} onRetry={() => void lists.refetch()} />
        ) : (
          <Table<AuditListSummary>
            rowKey="id"
            size="small"
            loading={lists.isLoading}
            dataSource={lists.data ?? []}
            pagination={false}
            data-testid="lists-table"
            columns={[
              { title: t('lists.city'), dataIndex: 'cityName', render: (v: string, r) => <Link to={`/lists/${r.id}`}>{v}</Link> },
              { title: t('lists.round'), dataIndex: 'round', render: (v: number) => (v === 0 ? t('lists.annual') : t('lists.supplement', { n: v })) },
              { title: t('lists.statusLabel'), dataIndex: 'status', render: status },
              { title: t('lists.mandatory'), dataIndex: 'mandatoryCount' },
              { title: t('lists.voluntary'), dataIndex: 'voluntaryCount' },
              {
                title: t('lists.approvals'),
                render: (_: unknown, r) => (
                  <Space size={4}>
                    <Tag color={r.deeApproved ? 'green' : 'default'}>{t('lists.dee')}</Tag>
                    {r.needsDrc && <Tag color={r.drcApproved ? 'green' : 'default'}>{t('lists.drc')}</Tag>}
                  </Space>
                ),
              },
              { title: t('lists.documentNo'), dataIndex: 'documentNo', render: (v: string | null) => v ?? '—' },
            ]}
          />
        )}
      </Card>

      {canPublish && (
        <Card title={t('lists.publishTitle', { year: listYear })} style={{ marginTop: 16 }}>
          <Form form={publishForm} layout="inline" onFinish={(v: { documentNo: string; publishedOn: Dayjs }) => publish.mutate(v)} data-testid="lists-publish-form">
            <Form.Item name="documentNo" label={t('lists.documentNo')} rules={[{ required: true, min: 3 }]}>
              <Input placeholder="桂环函〔2026〕1号" style={{ width: 220 }} data-testid="lists-document-no" />
            </Form.Item>
            <Form.Item name="publishedOn" label={t('lists.publishedOn')} rules={[{ required: true }]}>
              <DatePicker data-testid="lists-published-on" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={publish.isPending} data-testid="lists-publish">
                {t('lists.publish')}
              </Button>
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('lists.publishHelp')}
          </Typography.Paragraph>
        </Card>
      )}

      <Card title={t('lists.publications')} style={{ marginTop: 16 }}>
        <Table<Publication>
          rowKey="id"
          size="small"
          loading={pubs.isLoading}
          dataSource={pubs.data ?? []}
          pagination={false}
          data-testid="lists-publications"
          columns={[
            { title: t('lists.listYear'), dataIndex: 'listYear' },
            { title: t('lists.round'), dataIndex: 'round', render: (v: number) => (v === 0 ? t('lists.annual') : t('lists.supplement', { n: v })) },
            { title: t('lists.documentNo'), dataIndex: 'documentNo' },
            { title: t('lists.publishedOn'), dataIndex: 'publishedOn' },
            { title: t('lists.mandatory'), dataIndex: 'mandatoryCount' },
            { title: t('lists.voluntary'), dataIndex: 'voluntaryCount' },
          ]}
        />
      </Card>
    </div>
  );
}

