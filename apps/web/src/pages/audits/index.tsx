import { useState } from 'react';
import { Card, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AuditSummary } from '@cpaudit/contracts';
import { auditStateValues, funnelStages } from '@cpaudit/contracts';
import { fetchAudits, type AuditFilters } from '../../services/audits.ts';
import { QueryError } from '../../components/tags.tsx';
import { DaysLeft } from '../../components/DaysLeft.tsx';
import { useCurrentUser } from '../../services/session.ts';

/**
 * The filters a link may carry (`/audits?listYear=2025&stage=started&keyIndustry=…`, from the
 * dashboard funnel; also `state`, `cityCode`, `countyCode`, `overdue=true`); unknown values are dropped.
 */
export function filtersFromSearch(p: URLSearchParams): AuditFilters {
  const f: AuditFilters = { current: 1, pageSize: 20 };
  const year = Number(p.get('listYear'));
  if (Number.isInteger(year) && year >= 2000 && year <= 2100) f.listYear = year;
  const stage = p.get('stage');
  if (stage && (funnelStages as readonly string[]).includes(stage)) f.stage = stage;
  const state = p.get('state');
  if (state && (auditStateValues as readonly string[]).includes(state)) f.state = state;
  for (const k of ['cityCode', 'countyCode'] as const) {
    const v = p.get(k);
    if (v && /^45\d{4}$/.test(v)) f[k] = v;
  }
  const key = p.get('keyIndustry');
  if (key && /^[a-z][a-z0-9_]{1,39}$/.test(key)) f.keyIndustry = key;
  if (p.get('overdue') === 'true') f.overdue = 'true';
  return f;
}

/** 审核管理 / 我的审核: audits in my area, of my enterprise, or consulted by my agency (issue 6). */
export default function AuditsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [search] = useSearchParams();
  const [f, setF] = useState<AuditFilters>(() => filtersFromSearch(search));
  const q = useQuery({ queryKey: ['audits', f], queryFn: ({ signal }) => fetchAudits(f, signal), meta: { errorPolicy: 'inline' } });
  return (
    <div data-testid="page-audits">
      <Card
        title={me.role === 'enterpriseUser' ? t('audits.myTitle') : t('audits.title')}
        extra={
          <Space wrap>
            {f.stage ? (
              <Tag closable color="green" onClose={() => setF({ ...f, stage: undefined, current: 1 })} data-testid="audits-stage">
                {t('audits.stageFilter', { stage: t(`dashboard.figure.${f.stage}`) })}
              </Tag>
            ) : null}
            {f.keyIndustry ? (
              <Tag closable onClose={() => setF({ ...f, keyIndustry: undefined, current: 1 })} data-testid="audits-key-industry">
                {f.keyIndustry}
              </Tag>
            ) : null}
            <InputNumber placeholder={t('audits.listYear')} defaultValue={f.listYear} min={2000} max={2100} precision={0} onChange={(v) => setF({ ...f, listYear: v ?? undefined, current: 1 })} data-testid="audits-year" />
            <Select
              allowClear
              style={{ width: 160 }}
              placeholder={t('audits.state')}
              defaultValue={f.state}
              options={auditStateValues.map((s) => ({ value: s, label: t(`audits.states.${s}`) }))}
              onChange={(v?: string) => setF({ ...f, state: v, current: 1 })}
              data-testid="audits-state"
            />
            <Input.Search allowClear placeholder={t('audits.search')} onSearch={(v) => setF({ ...f, q: v || undefined, current: 1 })} style={{ width: 220 }} />
            <Space>
              <Switch size="small" defaultChecked={f.overdue === 'true'} onChange={(v) => setF({ ...f, overdue: v ? 'true' : undefined, current: 1 })} data-testid="audits-overdue" />
              <Typography.Text>{t('audits.overdueOnly')}</Typography.Text>
            </Space>
          </Space>
        }
      >
        {q.error && <QueryError error={q.error} onRetry={() => void q.refetch()} />}
        <Table<AuditSummary>
          rowKey="id"
          size="middle"
          loading={q.isLoading}
          dataSource={q.data?.data ?? []}
          pagination={{ current: f.current, pageSize: f.pageSize, total: q.data?.total ?? 0, onChange: (current, pageSize) => setF({ ...f, current, pageSize }) }}
          columns={[
            { title: t('audits.enterprise'), dataIndex: 'enterpriseName', render: (v: string, r) => <Link to={`/audits/${r.id}`} data-testid={`audit-link-${r.id}`}>{v}</Link> },
            { title: t('audits.county'), dataIndex: 'countyName' },
            { title: t('audits.listYear'), dataIndex: 'listYear', width: 90 },
            { title: t('audits.type'), dataIndex: 'auditType', render: (v: string) => t(`audits.types.${v}`) },
            { title: t('audits.state'), dataIndex: 'state', render: (v: string) => <Tag color="blue">{t(`audits.states.${v}`)}</Tag> },
            {
              title: t('audits.nextDue'),
              render: (_: unknown, r) => (
                <Space size={4}>
                  {r.nextDue ?? '—'} <DaysLeft days={r.daysLeft} />
                  {r.overdueSteps.length > 0 && <Tag color="red" data-testid={`audit-overdue-${r.id}`}>{t('audits.overdue')}</Tag>}
                </Space>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
