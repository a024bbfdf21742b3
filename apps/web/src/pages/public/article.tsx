import { Alert, Breadcrumb, Card, Descriptions, List, Result, Space, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import Markdown from '../../components/Markdown.tsx';
import { isSafeHref } from '@cpaudit/contracts/markdown';
import { fetchPublicItem, formatFileSize } from '../../services/portal.ts';
import { DemoTag } from './common.tsx';

/** One line of the attachment list: an uploaded file (`size` in bytes) or an external link (`size` null; `href` null when unsafe). */
interface Attachment {
  key: string;
  name: string;
  href: string | null;
  size: number | null;
}

/** One published policy or news item (`/public/articles/:id`): title, date, source, body (safe Markdown), attachments: uploaded files (size, download) first, then links. */
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
      {(a.files.length > 0 || a.attachments.length > 0) && (
        <List<Attachment>
          header={t('portal.article.attachments')}
          size="small"
          bordered
          style={{ marginTop: 16 }}
          dataSource={[
            ...a.files.map((f): Attachment => ({ key: `f${f.id}`, name: f.fileName, href: f.url, size: f.sizeBytes })),
            ...a.attachments.map((x, i): Attachment => ({ key: `l${i}`, name: x.name, href: isSafeHref(x.url) ? x.url : null, size: null })),
          ]}
          data-testid="article-attachments"
          renderItem={(x) => (
            <List.Item
              data-testid={x.size === null ? 'article-link' : 'article-file'}
              actions={x.href === null ? [] : [
                x.size === null ? (
                  <a key="open" href={x.href} target="_blank" rel="noopener noreferrer nofollow">{t('portal.article.link')}</a>
                ) : (
                  <a key="dl" href={x.href}>{t('portal.article.download')}</a>
                ),
              ]}
            >
              <Space>
                {x.href === null ? x.name : <a href={x.href} {...(x.size === null ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}>{x.name}</a>}
                {x.size !== null && <Typography.Text type="secondary">{formatFileSize(x.size)}</Typography.Text>}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
