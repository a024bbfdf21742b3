import { Breadcrumb, Card, Result, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fetchPublicItem } from '../../services/portal.ts';
import { DemoTag } from './common.tsx';
import { EntryDescriptions } from './directory.tsx';

/** One technology (`/public/technologies/:id`) or case (`/public/cases/:id`). */
export default function PublicEntry() {
  const { t } = useTranslation();
  const collection = useLocation().pathname.startsWith('/public/cases') ? 'cases' : 'technologies';
  const id = Number(useParams().id);
  const q = useQuery({
    queryKey: ['public', collection, id],
    queryFn: ({ signal }) => fetchPublicItem(collection, id, signal),
    enabled: Number.isInteger(id) && id > 0,
    meta: { errorPolicy: 'inline' },
  });
  if (q.isPending) return <Spin />;
  if (q.isError || !q.data) return <Result status="404" title={t('portal.notFound')} extra={<Link to="/public">{t('portal.nav.home')}</Link>} />;
  const label = t(collection === 'cases' ? 'portal.nav.cases' : 'portal.nav.technologies');
  return (
    <Card data-testid={`public-${collection}-entry`}>
      <Breadcrumb items={[{ title: <Link to="/public">{t('portal.nav.home')}</Link> }, { title: <Link to={`/public/${collection}`}>{label}</Link> }]} />
      <h1 style={{ fontSize: 22, margin: '16px 0' }}>
        {q.data.name} <DemoTag isDemo={q.data.isDemo} />
      </h1>
      <EntryDescriptions item={q.data} />
    </Card>
  );
}
