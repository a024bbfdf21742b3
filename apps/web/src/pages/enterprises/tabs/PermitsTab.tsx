import type { HTMLAttributes } from 'react';
import { Empty, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Permit } from '@cpaudit/contracts';

const categoryColor: Record<string, string> = { key: 'red', simplified: 'orange', registration: 'default' };

/** 排污许可: the enterprise's discharge permits. Rows `permit-row-<id>`. */
export default function PermitsTab({ permits }: { permits: Permit[] }) {
  const { t } = useTranslation();
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Table<Permit>
      rowKey="id"
      size="small"
      data-testid="permit-table"
      dataSource={permits}
      pagination={false}
      scroll={{ x: 1000 }}
      locale={{ emptyText: <Empty description={t('detail.noPermits')} /> }}
      onRow={(r) => ({ 'data-testid': `permit-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('detail.permitNo'), dataIndex: 'permitNo', width: 220, render: (v: string) => <Typography.Text copyable>{v}</Typography.Text> },
        {
          title: t('detail.category'),
          dataIndex: 'category',
          width: 100,
          render: (v: string) => <Tag color={categoryColor[v] ?? 'default'}>{t(`enterprise.permitCategories.${v}`, { defaultValue: v })}</Tag>,
        },
        { title: t('detail.industryCodes'), dataIndex: 'industryCodes', render: (v: string[]) => (v.length ? v.join('，') : dash) },
        { title: t('detail.issuedOn'), dataIndex: 'issuedOn', width: 110, render: (v: string | null) => v ?? dash },
        {
          title: t('detail.validity'),
          key: 'validity',
          width: 280,
          render: (_: unknown, r) =>
            r.validFrom || r.validTo ? (
              <Space size={4}>
                <span style={{ whiteSpace: 'nowrap' }}>
                  {r.validFrom ?? '…'} ~ {r.validTo ?? '…'}
                </span>
                {r.validTo && dayjs(r.validTo).isBefore(dayjs(), 'day') && <Tag color="red">{t('detail.expired')}</Tag>}
              </Space>
            ) : (
              dash
            ),
        },
        { title: t('detail.issuingAuthority'), dataIndex: 'issuingAuthority', render: (v: string | null) => v ?? dash },
        {
          title: t('detail.pollutantCategories'),
          dataIndex: 'pollutantCategories',
          render: (v: string[]) => (v.length ? v.map((p) => <Tag key={p}>{p}</Tag>) : dash),
        },
      ]}
    />
  );
}
