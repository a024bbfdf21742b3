import { Card, Col, List, Row, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Article } from '@cpaudit/contracts';
import { fetchPublicList } from '../../services/portal.ts';
import SearchBox from './SearchBox.tsx';
import { DemoTag } from './common.tsx';

function ArticleList({ kind, testId }: { kind: 'policy' | 'news'; testId: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['public', 'articles', kind, 1], queryFn: ({ signal }) => fetchPublicList('articles', { kind, pageSize: 6 }, signal) });
  return (
    <Card
      title={t(kind === 'policy' ? 'portal.nav.policies' : 'portal.nav.news')}
      extra={<Link to={kind === 'policy' ? '/public/policies' : '/public/news'}>{t('portal.more')}</Link>}
      data-testid={testId}
    >
      <List<Article>
        loading={q.isPending}
        dataSource={q.data?.data ?? []}
        locale={{ emptyText: t('portal.empty') }}
        renderItem={(a) => (
          <List.Item extra={<Typography.Text type="secondary">{a.publishedOn ?? ''}</Typography.Text>}>
            <Link to={`/public/articles/${a.id}`} data-testid={`article-link-${a.id}`}>
              {a.title}
            </Link>
            <DemoTag isDemo={a.isDemo} />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** 首页 of the public portal: search, latest policies and news, the directory, cases. */
export default function PublicHome() {
  const { t } = useTranslation();
  const tech = useQuery({ queryKey: ['public', 'technologies', 'home'], queryFn: ({ signal }) => fetchPublicList('technologies', { pageSize: 5 }, signal) });
  const cases = useQuery({ queryKey: ['public', 'cases', 'home'], queryFn: ({ signal }) => fetchPublicList('cases', { pageSize: 5 }, signal) });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="portal-home">
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('portal.siteTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('portal.intro')}</Typography.Paragraph>
        <SearchBox />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <ArticleList kind="policy" testId="home-policies" />
        </Col>
        <Col xs={24} md={12}>
          <ArticleList kind="news" testId="home-news" />
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('portal.nav.technologies')} extra={<Link to="/public/technologies">{t('portal.more')}</Link>}>
            <List
              loading={tech.isPending}
              dataSource={tech.data?.data ?? []}
              locale={{ emptyText: t('portal.empty') }}
              renderItem={(x) => (
                <List.Item extra={<Typography.Text type="secondary">{x.industry}</Typography.Text>}>
                  <Link to={`/public/technologies/${x.id}`}>{x.name}</Link>
                  <DemoTag isDemo={x.isDemo} />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card title={t('portal.nav.cases')} extra={<Link to="/public/cases">{t('portal.more')}</Link>}>
            <List
              loading={cases.isPending}
              dataSource={cases.data?.data ?? []}
              locale={{ emptyText: t('portal.empty') }}
              renderItem={(x) => (
                <List.Item extra={<Typography.Text type="secondary">{x.industry}</Typography.Text>}>
                  <Link to={`/public/cases/${x.id}`}>{x.name}</Link>
                  <DemoTag isDemo={x.isDemo} />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
