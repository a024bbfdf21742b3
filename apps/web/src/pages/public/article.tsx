import { Alert, Breadcrumb, Card, Descriptions, List, Result, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import Markdown from '../../components/Markdown.tsx';
import { isSafeHref } from '@cpaudit/contracts/markdown';
import { fetchPublicItem } from '../../services/portal.ts';
import { DemoTag } from './common.tsx';

/** One published policy or news item (`/public/articles/:id`): title, date, source, body (safe Markdown), attachments. */
export default function PublicArticle() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const q = useQuery({ queryKey: ['public', 'article', id], queryFn: ({ signal }) => fetchPublicItem('articles', id, signal), enabled: Number.isInteger(id) && id > 0, meta: { errorPolicy: 'inline' } });
  if (q.isPending) return <Spin />;
  if (q.isError || !q.data) return <Result status="404" title={t('portal.notFound')} extra={<Link to="/public">{t('portal.nav.home')}</Link>} />;
  const a = q.data;
  const listPath = a.kind === 'policy' ? '/public/policies' : '/public/news';
  return (
    <Card data-testid="public-article">
      <Breadcrumb items={[{ title: <Link to="/public">{t('portal.nav.home')}</Link> }, { title: <Link to={listPath}>{t(a.kind === 'policy' ? 'portal.nav.policies' : 'portal.nav.news')}</Link> }]} />
      <h1 style={{ fontSize: 22, margin: '16px 0' }} data-testid="article-title">
        {a.title} <DemoTag isDemo={a.isDemo} />
      </h1>
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
        <Descriptions.Item label={t('portal.article.publishedOn')}>{a.publishedOn ?? t('portal.article.noDate')}</Descriptions.Item>
        <Descriptions.Item label={t('portal.article.category')}>{a.category || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('portal.article.source')}>{a.source || '—'}</Descriptions.Item>
      </Descriptions>
      {a.isDemo && <Alert type="warning" showIcon title={t('portal.demoNote')} style={{ margin: '12px 0' }} />}
      <Markdown source={a.body} testId="article-body" />
      {a.attachments.length > 0 && (
        <List
          header={t('portal.article.attachments')}
          size="small"
          bordered
          dataSource={a.attachments}
          data-testid="article-attachments"
          renderItem={(x) => (
            <List.Item>{isSafeHref(x.url) ? <a href={x.url} target="_blank" rel="noopener noreferrer nofollow">{x.name}</a> : x.name}</List.Item>
          )}
        />
      )}
    </Card>
  );
}
