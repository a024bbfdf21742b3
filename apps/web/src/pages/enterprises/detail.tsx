import { useState } from 'react';
import { Alert, Breadcrumb, Button, Card, Descriptions, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../access.ts';
import { isApiError } from '../../services/api.ts';
import { describeError } from '../../services/error-policy.ts';
import { fetchEnterpriseDetail, type LoadedEnterprise } from '../../services/registry.ts';
import { useCurrentUser } from '../../services/session.ts';
import { useKeyIndustryLabel } from '../../services/useReference.ts';
import { StatusTag } from '../../components/tags.tsx';
import EnterpriseFormModal from './EnterpriseFormModal.tsx';
import PermitsTab from './tabs/PermitsTab.tsx';
import EnvironmentalTab from './tabs/EnvironmentalTab.tsx';
import AuditsTab from './tabs/AuditsTab.tsx';
import ScreeningTab from './tabs/ScreeningTab.tsx';
import HistoryTab from './tabs/HistoryTab.tsx';
import { formatTime } from '@cpaudit/contracts';

const tabKeys = ['basic', 'permits', 'environmental', 'audits', 'screening', 'history'] as const;
type TabKey = (typeof tabKeys)[number];

function BasicTab({ e }: { e: LoadedEnterprise }) {
  const { t } = useTranslation();
  const industryLabel = useKeyIndustryLabel();
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <>
    {e.partial && <Alert type="info" showIcon title={t('detail.partial')} style={{ marginBottom: 12 }} data-testid="enterprise-partial" />}
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2 }}
      data-testid="enterprise-basic"
      items={[
        { key: 'name', label: t('enterprise.name'), children: e.name },
        { key: 'uscc', label: t('enterprise.uscc'), children: <Typography.Text copyable>{e.uscc}</Typography.Text> },
        { key: 'division', label: t('enterprise.division'), children: `${e.cityName} · ${e.countyName}（${e.divisionCode}）` },
        { key: 'status', label: t('enterprise.status'), children: <StatusTag status={e.status} /> },
        {
          key: 'industries',
          label: t('enterprise.industryCodes'),
          span: 2,
          children: (
            <Space wrap size={[4, 4]}>
              {e.industryCodes.map((c, i) => (
                <Tag key={c} color={i === 0 ? 'green' : undefined}>
                  {c}
                  {e.industryNames[i] ? ` ${e.industryNames[i]}` : ''}
                  {i === 0 ? ` · ${t('enterprise.principal')}` : ''}
                </Tag>
              ))}
            </Space>
          ),
        },
        { key: 'keyIndustry', label: t('enterprise.keyIndustry'), children: industryLabel(e.keyIndustry) },
        { key: 'scale', label: t('enterprise.scale'), children: e.scale ? t(`enterprise.scales.${e.scale}`) : dash },
        { key: 'legal', label: t('enterprise.legalRepresentative'), children: e.legalRepresentative ?? dash },
        { key: 'address', label: t('enterprise.address'), children: e.address ?? dash },
        { key: 'contactName', label: t('enterprise.contactName'), children: e.contactName ?? dash },
        { key: 'contactPhone', label: t('enterprise.contactPhone'), children: e.contactPhone ?? dash },
        { key: 'acceptance', label: t('enterprise.lastAcceptanceDate'), children: e.lastAcceptanceDate ?? dash },
        { key: 'updatedAt', label: t('enterprise.updatedAt'), children: e.updatedAt ? formatTime(e.updatedAt) : dash },
      ]}
    />
    </>
  );
}

/** 企业详情: tabs 基本信息, 排污许可, 环境数据, 审核记录 (with `audit.read`), 筛选记录, 变更记录 (`?tab=`). */
export default function EnterpriseDetailPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const tab: TabKey = (tabKeys as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'basic';
  const [editing, setEditing] = useState(false);

  const query = useQuery({
    queryKey: ['enterprises', 'detail', id],
    queryFn: ({ signal }) => fetchEnterpriseDetail(id, signal),
    enabled: Number.isInteger(id) && id > 0,
    meta: { errorPolicy: 'inline' },
  });

  const crumbs = (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={[{ title: <Link to="/enterprises">{t('enterprise.listTitle')}</Link> }, { title: query.data?.name ?? t('menu.enterpriseDetail') }]}
    />
  );

  if (!Number.isInteger(id) || id <= 0 || (query.isError && isApiError(query.error) && [403, 404].includes(query.error.status))) {
    return (
      <div data-testid="page-enterprise-detail">
        {crumbs}
        <Result
          status="404"
          title={t('enterprise.notFound')}
          subTitle={query.isError ? describeError(query.error) : undefined}
          extra={<Link to="/enterprises">{t('enterprise.back')}</Link>}
        />
      </div>
    );
  }
  if (query.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (query.isError) {
    return (
      <div data-testid="page-enterprise-detail" data-state="error">
        {crumbs}
        <Result
          status="warning"
          title={t('errors.loadFailed')}
          subTitle={`${t('detail.unavailable')} — ${describeError(query.error)}`}
          extra={
            <Space>
              <Button onClick={() => void query.refetch()}>{t('errors.retry')}</Button>
              <Link to="/enterprises">{t('enterprise.back')}</Link>
            </Space>
          }
        />
      </div>
    );
  }

  const e = query.data;
  const canEdit = hasPermission(me, 'enterprise.update');
  const canReadAudits = hasPermission(me, 'audit.read');
  const label = (key: TabKey, text: string) => <span data-testid={`tab-${key}`}>{text}</span>;
  return (
    <div data-testid="page-enterprise-detail" data-enterprise-id={e.id}>
      {crumbs}
      <Card
        title={
          <Space wrap>
            <span data-testid="enterprise-name">{e.name}</span>
            <StatusTag status={e.status} />
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              {e.uscc}
            </Typography.Text>
          </Space>
        }
        extra={
          canEdit && !e.partial && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="enterprise-edit">
              {t('enterprise.edit')}
            </Button>
          )
        }
      >
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            const next = new URLSearchParams(params);
            if (k === 'basic') next.delete('tab');
            else next.set('tab', k);
            setParams(next, { replace: true });
          }}
          destroyOnHidden
          items={[
            { key: 'basic', label: label('basic', t('detail.tabBasic')), children: <BasicTab e={e} /> },
            { key: 'permits', label: label('permits', e.partial ? t('detail.tabPermits') : `${t('detail.tabPermits')}（${e.permits.length}）`), children: e.partial ? <Alert type="info" showIcon title={t('detail.unavailable')} /> : <PermitsTab permits={e.permits} /> },
            { key: 'environmental', label: label('environmental', t('detail.tabEnvironmental')), children: <EnvironmentalTab enterpriseId={e.id} /> },
            ...(canReadAudits ? [{ key: 'audits', label: label('audits', t('detail.tabAudits')), children: <AuditsTab enterpriseId={e.id} /> }] : []),
            { key: 'screening', label: label('screening', t('detail.tabScreening')), children: <ScreeningTab enterpriseId={e.id} uscc={e.uscc} /> },
            { key: 'history', label: label('history', t('detail.tabHistory')), children: <HistoryTab enterpriseId={e.id} /> },
          ]}
        />
      </Card>
      {editing && (
        <EnterpriseFormModal
          open
          enterprise={e}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void query.refetch();
          }}
        />
      )}
    </div>
  );
}
