import { useCallback, useEffect, useMemo, type HTMLAttributes } from 'react';
import { AutoComplete, Button, Card, Col, DatePicker, Empty, Form, Input, Popover, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { ProfileOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { QueryError } from '../../components/tags.tsx';
import {
  auditResults,
  fetchAuditLog,
  knownAuditActions,
  type AuditLogEntry,
  type AuditLogFilters,
  type AuditResult,
} from '../../services/admin.ts';
import { formatTime } from '@cpaudit/contracts';

/** `2026-05-01T10:00:00.000+08:00` → `2026-05-01 10:00:00` (the server already gives China Standard Time). */
const ts = formatTime;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

interface SearchValues {
  action?: string;
  username?: string;
  result?: AuditResult;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const pick = (p: URLSearchParams, k: string) => p.get(k)?.trim() || undefined;

function readSearch(p: URLSearchParams): AuditLogFilters & { current: number; pageSize: number } {
  const result = pick(p, 'result');
  const from = pick(p, 'from');
  const to = pick(p, 'to');
  return {
    action: pick(p, 'action'),
    username: pick(p, 'username'),
    result: (auditResults as readonly string[]).includes(result ?? '') ? (result as AuditResult) : undefined,
    from: from && DAY.test(from) ? from : undefined,
    to: to && DAY.test(to) ? to : undefined,
    current: Math.max(1, Number(p.get('current')) || 1),
    pageSize: Math.min(200, Math.max(1, Number(p.get('pageSize')) || 20)),
  };
}

const resultColor: Record<AuditResult, string> = { success: 'green', failure: 'orange', denied: 'red' };

/** The label of an action code: a known action, else `企业：…`/`筛选：…` for the two families, else the code itself. */
export function useActionLabel(): (action: string) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (action: string) => {
      // i18next keys cannot hold dots: `auth.login` → `auth_login`.
      const key = `auditLog.actions.${action.replace('.', '_')}`;
      if (/^[A-Za-z]+(\.[A-Za-z]+)?$/.test(action) && i18n.exists(key)) return t(key);
      const m = /^(enterprise|screening)\.(.+)$/.exec(action);
      if (m) return t(`auditLog.prefixes.${m[1]}`, { rest: m[2] });
      return action;
    },
    [t, i18n],
  );
}

/** The JSON details of an entry, pretty-printed as text (React escapes it). */
function DetailsPopover({ entry, title }: { entry: AuditLogEntry; title: string }) {
  const { t } = useTranslation();
  if (entry.details === null || entry.details === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  let text: string;
  try {
    text = JSON.stringify(entry.details, null, 2) ?? String(entry.details);
  } catch {
    text = String(entry.details);
  }
  return (
    <Popover
      trigger="click"
      placement="left"
      title={title}
      content={
        <pre className="cp-json" data-testid={`audit-details-json-${entry.id}`}>
          {text}
        </pre>
      }
    >
      <Button size="small" type="link" icon={<ProfileOutlined />} data-testid={`audit-details-${entry.id}`}>
        {t('auditLog.details')}
      </Button>
    </Popover>
  );
}

/** 审计日志 (security auditor): filters in the URL, a paged table, the details of an entry in a popover. */
export default function AuditLogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => readSearch(params), [params]);
  const [form] = Form.useForm<SearchValues>();
  // The search form shows the URL's filters: the remount (key) alone keeps the form instance's old
  // values (e.g. the text of a search after 重置), so the fields are reset to the new initial values.
  useEffect(() => form.resetFields(), [form, params]);
  const actionLabel = useActionLabel();

  const { current, pageSize, ...filters } = search;
  const query = useQuery({
    queryKey: ['audit-log', filters, current, pageSize],
    queryFn: ({ signal }) => fetchAuditLog({ ...filters, current, pageSize }, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
    meta: { errorPolicy: 'inline' },
  });

  const apply = (v: SearchValues, page = 1, size = pageSize) => {
    const next = new URLSearchParams();
    const entries: [string, string | undefined][] = [
      ['action', v.action?.trim()],
      ['username', v.username?.trim()],
      ['result', v.result],
      ['from', v.range?.[0]?.format('YYYY-MM-DD')],
      ['to', v.range?.[1]?.format('YYYY-MM-DD')],
    ];
    for (const [k, val] of entries) if (val) next.set(k, val);
    if (page > 1) next.set('current', String(page));
    if (size !== 20) next.set('pageSize', String(size));
    setParams(next);
  };

  const initial: SearchValues = {
    action: search.action,
    username: search.username,
    result: search.result,
    range: search.from || search.to ? [search.from ? dayjs(search.from) : null, search.to ? dayjs(search.to) : null] : null,
  };
  const actionOptions = knownAuditActions.map((a) => ({ value: a, label: `${actionLabel(a)}（${a}）` }));

  return (
    <div data-testid="page-audit-log">
      <Card title={t('auditLog.title')} style={{ marginBottom: 16 }}>
        <Form<SearchValues>
          form={form}
          layout="vertical"
          key={params.toString()}
          initialValues={initial}
          onFinish={(v) => apply(v)}
          data-testid="audit-search"
        >
          <Row gutter={16}>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="action" label={t('auditLog.action')}>
                <AutoComplete
                  allowClear
                  options={actionOptions}
                  placeholder={t('auditLog.actionPlaceholder')}
                  showSearch={{
                    filterOption: (input, option) =>
                      !!option && `${option.value} ${option.label}`.toLowerCase().includes(input.trim().toLowerCase()),
                  }}
                  data-testid="audit-action"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="username" label={t('auditLog.username')}>
                <Input allowClear maxLength={64} data-testid="audit-username" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="result" label={t('auditLog.result')}>
                <Select
                  allowClear
                  placeholder={t('auditLog.all')}
                  options={auditResults.map((r) => ({ value: r, label: t(`auditLog.results.${r}`) }))}
                  data-testid="audit-result"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="range" label={t('auditLog.dateRange')}>
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} data-testid="audit-range" />
              </Form.Item>
            </Col>
            <Col xs={24} xl={4}>
              <Form.Item label=" ">
                <Space>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-submit">
                    {t('auditLog.search')}
                  </Button>
                  <Button icon={<ReloadOutlined />} onClick={() => setParams(new URLSearchParams())} data-testid="audit-reset">
                    {t('auditLog.reset')}
                  </Button>
                </Space>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      <Card
        extra={
          query.data && (
            <Typography.Text type="secondary" data-testid="audit-total" data-value={query.data.total}>
              {t('auditLog.total', { total: query.data.total.toLocaleString() })}
            </Typography.Text>
          )
        }
        title={t('auditLog.title')}
      >
        {query.isError ? (
          <QueryError error={query.error} onRetry={() => void query.refetch()} testId="audit-error" />
        ) : (
          <Table<AuditLogEntry>
            rowKey="id"
            size="small"
            data-testid="audit-table"
            loading={query.isFetching}
            dataSource={query.data?.data ?? []}
            scroll={{ x: 1250 }}
            locale={{ emptyText: <Empty description={t('auditLog.empty')} /> }}
            onRow={(r) => ({ 'data-testid': `audit-row-${r.id}`, 'data-action': r.action, 'data-result': r.result }) as HTMLAttributes<HTMLElement>}
            pagination={{
              current,
              pageSize,
              total: query.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              onChange: (page, size) => apply(form.getFieldsValue(), size !== pageSize ? 1 : page, size),
            }}
            columns={[
              { title: t('auditLog.at'), dataIndex: 'at', width: 160, render: (v: string) => ts(v) },
              {
                title: t('auditLog.username'),
                dataIndex: 'actorUsername',
                width: 120,
                render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('auditLog.anonymous')}</Typography.Text>,
              },
              { title: t('auditLog.org'), dataIndex: 'orgName', width: 160, ellipsis: true, render: (v: string | null) => v ?? '—' },
              {
                title: t('auditLog.action'),
                dataIndex: 'action',
                width: 170,
                render: (v: string) => (
                  <span title={v} data-testid="audit-action-label">
                    {actionLabel(v)}
                  </span>
                ),
              },
              {
                title: t('auditLog.object'),
                key: 'object',
                width: 160,
                ellipsis: true,
                render: (_: unknown, r) => (r.objectType ? `${r.objectType}${r.objectId ? ` #${r.objectId}` : ''}` : '—'),
              },
              {
                title: t('auditLog.result'),
                dataIndex: 'result',
                width: 80,
                render: (v: AuditResult) => (
                  <Tag color={resultColor[v] ?? 'default'} data-result={v}>
                    {t(`auditLog.results.${v}`, { defaultValue: v })}
                  </Tag>
                ),
              },
              { title: t('auditLog.ip'), dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
              {
                title: t('auditLog.requestId'),
                dataIndex: 'requestId',
                width: 140,
                // Shortened on screen; the tooltip and the copy button carry the whole id.
                render: (v: string | null) =>
                  v ? (
                    <Typography.Text code copyable={{ text: v }} title={v} data-request-id={v} style={{ whiteSpace: 'nowrap' }}>
                      {v.length > 12 ? `${v.slice(0, 8)}…` : v}
                    </Typography.Text>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('auditLog.details'),
                key: 'details',
                width: 90,
                fixed: 'right',
                render: (_: unknown, r) => <DetailsPopover entry={r} title={t('auditLog.detailsTitle', { action: r.action })} />,
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
