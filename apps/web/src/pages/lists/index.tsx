import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Space, Table, Tag, Tooltip, Typography } from 'antd';
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
import { useDivisions } from '../../services/useReference.ts';

const STATUS_COLOR: Record<AuditListSummary['status'], string> = { draft: 'default', submitted: 'processing', returned: 'warning', approved: 'success', published: 'green' };

/**
 * The list year the page opens on: the current year when it has a list not yet published (a draft in
 * progress), else the latest year that has any list, else the current year.
 */
function defaultListYear(all: readonly AuditListSummary[], currentYear: number): number {
  if (all.some((l) => l.listYear === currentYear && l.status !== 'published')) return currentYear;
  const years = all.map((l) => l.listYear);
  return years.length > 0 ? Math.max(...years) : currentYear;
}

/** 名单管理: the city lists of a year in my area, drafting (city), publication with 文号 and date (region DEE), the forms, and past publications. */
export default function ListsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ documentNo: string; publishedOn: Dayjs }>();
  const [chosenYear, setListYear] = useState<number | undefined>(undefined);
  const confirming = useRef(false);
  const allLists = useQuery({ queryKey: ['lists', 'all'], queryFn: ({ signal }) => fetchLists(undefined, signal), enabled: chosenYear === undefined });
  const listYear = chosenYear ?? (allLists.data ? defaultListYear(allLists.data, new Date().getFullYear()) : new Date().getFullYear());
  useEffect(() => {
    if (chosenYear === undefined && allLists.data) setListYear(defaultListYear(allLists.data, new Date().getFullYear()));
  }, [chosenYear, allLists.data]);
  const divisions = useDivisions();
  const canDraft = hasPermission(me, 'auditList.draft');
  const canPublish = hasPermission(me, 'auditList.publish');

  const lists = useQuery({ queryKey: ['lists', listYear], queryFn: ({ signal }) => fetchLists(listYear, signal), meta: { errorPolicy: 'inline' }, enabled: chosenYear !== undefined || allLists.isError });
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
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: ['lists'] });
    },
  });

  /** Publication is irreversible: confirm with the year, batch, 文号, date and the cities with/without an approved list (one dialog at a time, never while a request runs). */
  const confirmPublish = (v: { documentNo: string; publishedOn: Dayjs }) => {
    if (confirming.current || publish.isPending) return;
    const approved = (lists.data ?? []).filter((l) => l.status === 'approved');
    const round = approved[0]?.round ?? 0;
    const cityCount = (divisions.data ?? []).filter((d) => d.level === 'city').length;
    confirming.current = true;
    modal.confirm({
      title: t('lists.confirmPublishTitle'),
      content: t('lists.confirmPublish', {
        year: listYear,
        type: round === 0 ? t('lists.annual') : t('lists.supplement', { n: round }),
        documentNo: v.documentNo,
        date: v.publishedOn.format('YYYY-MM-DD'),
        approved: approved.length,
        without: Math.max(cityCount - approved.length, 0),
      }),
      okText: t('lists.publish'),
      okButtonProps: { danger: true, 'data-testid': 'lists-publish-ok' } as { danger: boolean },
      onOk: () => publish.mutateAsync(v).catch(() => undefined),
      afterClose: () => {
        confirming.current = false;
      },
    });
  };
  const yearPub = (pubs.data ?? []).filter((p) => p.listYear === listYear);
  const publishedCount = (type: 'mandatory' | 'voluntary') => yearPub.reduce((n, p) => n + (type === 'mandatory' ? p.mandatoryCount : p.voluntaryCount), 0);
  const xlsxButton = (type: 'mandatory' | 'voluntary', label: string) => {
    const empty = pubs.isSuccess && publishedCount(type) === 0;
    const button = (
      <Button icon={<FileExcelOutlined />} disabled={empty} onClick={() => void downloadXlsx(listYear, type)} data-testid={`lists-xlsx-${type}`}>
        {label}
      </Button>
    );
    return empty ? <Tooltip title={t('lists.exportEmpty', { year: listYear, type: t(`lists.${type}`) })}>{button}</Tooltip> : button;
  };

  // The round a draft would be created in (as the server's nextSupplementRound): once the annual list
  // of the year is published, drafting starts a 补充名单 — said before, and confirmed, never silently.
  const supplementRound = yearPub.some((p) => p.round === 0) ? Math.max(...yearPub.map((p) => p.round)) + 1 : 0;
  const startDraft = () => {
    if (supplementRound === 0) {
      draft.mutate();
      return;
    }
    modal.confirm({
      title: t('lists.confirmSupplementTitle'),
      content: t('lists.confirmSupplement', { year: listYear, type: t('lists.supplement', { n: supplementRound }) }),
      okText: t('lists.confirmSupplementOk'),
      okButtonProps: { 'data-testid': 'lists-supplement-ok' } as { [k: `data-${string}`]: string },
      onOk: () => draft.mutateAsync().catch(() => undefined),
    });
  };

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
              <Button type="primary" icon={<PlusOutlined />} loading={draft.isPending} onClick={startDraft} data-testid="lists-draft">
                {t('lists.draft')}
              </Button>
            )}
            {xlsxButton('mandatory', t('lists.annex2'))}
            {xlsxButton('voluntary', t('lists.annex3'))}
            <Tooltip title={pubs.isSuccess && yearPub.length === 0 ? t('lists.exportEmpty', { year: listYear, type: '' }) : undefined}>
              <Button icon={<FileWordOutlined />} disabled={pubs.isSuccess && yearPub.length === 0} onClick={() => void downloadDocx(listYear)} data-testid="lists-docx">
                {t('lists.docx')}
              </Button>
            </Tooltip>
          </Space>
        }
      >
        {canDraft && supplementRound > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="lists-supplement-warning"
            title={t('lists.supplementAhead', { year: listYear, type: t('lists.supplement', { n: supplementRound }) })}
          />
        )}
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
          <Form form={form} layout="inline" onFinish={confirmPublish} data-testid="lists-publish-form">
            <Form.Item name="documentNo" label={t('lists.documentNo')} rules={[{ required: true, min: 3 }]}>
              <Input placeholder="桂环函〔2026〕1号" style={{ width: 220 }} data-testid="lists-document-no" />
            </Form.Item>
            <Form.Item name="publishedOn" label={t('lists.publishedOn')} rules={[{ required: true }]}>
              <DatePicker data-testid="lists-published-on" />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={publish.isPending} disabled={publish.isPending} data-testid="lists-publish">
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

