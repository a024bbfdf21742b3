import { Card, List, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '@cpaudit/contracts';
import { hitPath, searchPublic } from '../../services/portal.ts';
import SearchBox from './SearchBox.tsx';

const TYPE_COLOR: Record<SearchHit['type'], string> = { policy: 'green', news: 'blue', technology: 'purple', case: 'gold', listedEnterprise: 'cyan' };

/** Search results (`/public/search?q=…&page=`): typed hits over all published content. */
export default function PublicSearch() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const current = Math.max(1, Number(params.get('page')) || 1);
  const query = useQuery({ queryKey: ['public', 'search', q, current], queryFn: ({ signal }) => searchPublic(q, current, 10, signal), enabled: q.length > 0 });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <SearchBox initial={q} />
      <Card title={q ? t('portal.search.resultsFor', { q, total: query.data?.total ?? 0 }) : t('portal.search.title')} data-testid="portal-search-results">
        <List<SearchHit>
          loading={q.length > 0 && query.isPending}
          dataSource={query.data?.data ?? []}
          locale={{ emptyText: q ? t('portal.search.none') : t('portal.search.hint') }}
          pagination={{
            current,
            pageSize: 10,
            total: query.data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: (p) => setParams({ q, page: String(p) }),
          }}
          renderItem={(h) => (
            <List.Item data-testid={`search-hit-${h.type}-${h.id}`}>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Tag color={TYPE_COLOR[h.type]}>{t(`portal.hitType.${h.type}`)}</Tag>
                    <Link to={hitPath(h)}>{h.title}</Link>
                    {h.date && <Typography.Text type="secondary">{h.date}</Typography.Text>}
                  </Space>
                }
                description={h.snippet}
              />
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
