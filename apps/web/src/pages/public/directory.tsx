import { useState } from 'react';
import { Card, Descriptions, Input, List, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Case, Technology } from '@cpaudit/contracts';
import { fetchPublicList } from '../../services/portal.ts';
import { DemoTag } from './common.tsx';

/** 清洁生产技术目录 (`/public/technologies`) or 典型案例 (`/public/cases`): published entries, paged, filter by name. */
export default function PublicDirectory() {
  const { t } = useTranslation();
  const collection = useLocation().pathname.startsWith('/public/cases') ? 'cases' : 'technologies';
  const [current, setCurrent] = useState(1);
  const [q, setQ] = useState('');
  const query = useQuery({
    queryKey: ['public', collection, 'list', current, q],
    queryFn: ({ signal }) => fetchPublicList(collection, { current, pageSize: 10, q: q || undefined }, signal),
  });
  const items = (query.data?.data ?? []) as (Technology | Case)[];
  return (
    <Card
      title={t(collection === 'cases' ? 'portal.nav.cases' : 'portal.nav.technologies')}
      extra={
        <Input.Search
          allowClear
          size="small"
          maxLength={100}
          placeholder={t('portal.filterByName')}
          onSearch={(v) => {
            setQ(v.trim());
            setCurrent(1);
          }}
          style={{ width: 200 }}
        />
      }
      data-testid={`public-${collection}-list`}
    >
      <List<Technology | Case>
        loading={query.isPending}
        dataSource={items}
        locale={{ emptyText: t('portal.empty') }}
        pagination={{ current, pageSize: 10, total: query.data?.total ?? 0, onChange: setCurrent, hideOnSinglePage: true }}
        renderItem={(x) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Space wrap>
                  <Link to={`/public/${collection}/${x.id}`}>{x.name}</Link>
                  <DemoTag isDemo={x.isDemo} />
                </Space>
              }
              description={
                <>
                  <Typography.Text type="secondary">
                    {x.industry}
                    {'year' in x && x.year ? ` · ${x.year}` : ''}
                  </Typography.Text>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                    {x.description}
                  </Typography.Paragraph>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Fields of an entry in display order: [i18n key, value]. */
export function entryFields(x: Technology | Case): [string, string][] {
  if ('applicableScope' in x) {
    return [
      ['portal.tech.industry', x.industry],
      ['portal.tech.description', x.description],
      ['portal.tech.scope', x.applicableScope],
      ['portal.tech.benefits', x.benefits],
      ['portal.tech.source', x.source],
      ['portal.tech.year', x.year === null ? '' : String(x.year)],
    ];
  }
  return [
    ['portal.case.enterprise', x.enterpriseName ?? ''],
    ['portal.case.industry', x.industry],
    ['portal.case.description', x.description],
    ['portal.case.options', x.options],
    ['portal.case.benefits', x.benefits],
    ['portal.case.source', x.source],
  ];
}

/** The fields of a technology or case as a description list (plain text, line breaks kept). */
export function EntryDescriptions({ item }: { item: Technology | Case }) {
  const { t } = useTranslation();
  return (
    <Descriptions column={1} bordered size="small">
      {entryFields(item).map(([k, v]) => (
        <Descriptions.Item key={k} label={t(k)}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{v || '—'}</span>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
