import { useMemo, useState, type HTMLAttributes } from 'react';
import { Card, Input, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Division } from '@cpaudit/contracts';
import { fetchDivisions } from '../../services/reference.ts';

interface DivisionNode extends Division {
  children?: DivisionNode[];
}

const levelColor: Record<Division['level'], string> = { region: 'red', city: 'blue', county: 'default' };

/** Nest divisions under their parents; a division whose parent is not in the list is a root. */
function buildTree(list: Division[]): DivisionNode[] {
  const nodes = new Map<string, DivisionNode>(list.map((d) => [d.code, { ...d }]));
  const roots: DivisionNode[] = [];
  for (const node of [...nodes.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    const parent = node.parentCode ? nodes.get(node.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

/** 行政区划: the division tree (read-only). Rows carry `data-testid="division-<code>"`. */
export default function DivisionsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const query = useQuery({ queryKey: ['divisions'], queryFn: ({ signal }) => fetchDivisions(signal), staleTime: 10 * 60_000 });

  const names = useMemo(() => new Map((query.data ?? []).map((d) => [d.code, d.name])), [query.data]);
  const data = useMemo<DivisionNode[]>(() => {
    const list = query.data ?? [];
    const f = filter.trim();
    if (!f) return buildTree(list);
    return list.filter((d) => d.name.includes(f) || d.code.startsWith(f)).sort((a, b) => a.code.localeCompare(b.code));
  }, [query.data, filter]);

  return (
    <Card
      title={t('divisions.title')}
      extra={
        <Input.Search
          allowClear
          placeholder={t('divisions.search')}
          onSearch={setFilter}
          onChange={(e) => setFilter(e.target.value)}
          style={{ width: 240 }}
          data-testid="division-filter"
        />
      }
    >
      <div data-testid="division-list">
        <Table<DivisionNode>
          // remount once loaded so that the top level starts expanded
          key={query.data ? 'loaded' : 'loading'}
          rowKey="code"
          size="small"
          loading={query.isPending}
          dataSource={data}
          expandable={{ defaultExpandedRowKeys: filter ? [] : data.filter((d) => d.children && d.level !== 'county').slice(0, 1).map((d) => d.code) }}
          pagination={{ defaultPageSize: 20, showSizeChanger: true, hideOnSinglePage: true }}
          onRow={(r) => ({ 'data-testid': `division-${r.code}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('divisions.name'), dataIndex: 'name' },
            { title: t('divisions.code'), dataIndex: 'code', width: 120 },
            {
              title: t('divisions.level'),
              dataIndex: 'level',
              width: 140,
              render: (v: Division['level']) => <Tag color={levelColor[v]}>{t(`divisions.levels.${v}`)}</Tag>,
            },
            {
              title: t('divisions.parent'),
              dataIndex: 'parentCode',
              render: (v: string | null) => (v ? <Typography.Text type="secondary">{names.get(v) ?? v}</Typography.Text> : '—'),
            },
          ]}
        />
      </div>
    </Card>
  );
}
