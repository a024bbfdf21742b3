import { useState } from 'react';
import { Card, List, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Article } from '@cpaudit/contracts';
import { fetchPublicList } from '../../services/portal.ts';
import { DemoTag } from './common.tsx';

/** 政策法规 (`/public/policies`) or 通知公告/新闻 (`/public/news`): published articles, newest first, paged. */
export default function PublicArticles() {
  const { t } = useTranslation();
  const kind = useLocation().pathname.startsWith('/public/news') ? 'news' : 'policy';
  const [current, setCurrent] = useState(1);
  const q = useQuery({ queryKey: ['public', 'articles', kind, 'list', current], queryFn: ({ signal }) => fetchPublicList('articles', { kind, current, pageSize: 10 }, signal) });
  return (
    <Card title={t(kind === 'policy' ? 'portal.nav.policies' : 'portal.nav.news')} data-testid={`public-${kind}-list`}>
      <List<Article>
        loading={q.isPending}
        dataSource={q.data?.data ?? []}
        locale={{ emptyText: t('portal.empty') }}
        pagination={{ current, pageSize: 10, total: q.data?.total ?? 0, onChange: setCurrent, hideOnSinglePage: true }}
        renderItem={(a) => (
          <List.Item>
            <List.Item.Meta
              title={
                <>
                  <Link to={`/public/articles/${a.id}`} data-testid={`article-link-${a.id}`}>
                    {a.title}
                  </Link>{' '}
                  <DemoTag isDemo={a.isDemo} />
                </>
              }
              description={
                <>
                  {a.category && <Tag>{a.category}</Tag>}
                  <Typography.Text type="secondary">
                    {t('portal.article.publishedOn')}
                    {t('common.colon')}
                    {a.publishedOn ?? t('portal.article.noDate')}
                    {a.source ? ` · ${a.source}` : ''}
                  </Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
