import type { HTMLAttributes } from 'react';
import { Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OverviewStats } from '@cpaudit/contracts';

type DivisionRow = OverviewStats['byDivision'][number];
type IndustryRow = OverviewStats['byKeyIndustry'][number];

const rowTestId = (id: string) => ({ 'data-testid': id }) as HTMLAttributes<HTMLElement>;

function Count({ value, testId }: { value: number; testId: string }) {
  return (
    <span data-testid={testId} data-value={value}>
      {value}
    </span>
  );
}

/**
 * The byDivision figures as a table (charts are canvas; this is what browser tests read).
 * Rows: `division-row-<code>`, counts: `division-count-<code>`, total: `division-total`.
 */
export function DivisionTable({ rows }: { rows: OverviewStats['byDivision'] }) {
  const { t } = useTranslation();
  const total = rows.reduce((s, r) => s + r.count, 0);
  return (
    <div data-testid="division-table">
      <Table<DivisionRow>
        size="small"
        rowKey="divisionCode"
        dataSource={rows}
        pagination={false}
        onRow={(r) => rowTestId(`division-row-${r.divisionCode}`)}
        columns={[
          { title: t('home.colDivision'), dataIndex: 'name', render: (v: string, r) => <span data-testid={`division-name-${r.divisionCode}`}>{v}</span> },
          { title: t('home.colCode'), dataIndex: 'divisionCode', width: 100 },
          {
            title: t('home.colCount'),
            dataIndex: 'count',
            align: 'right',
            width: 100,
            sorter: (a, b) => a.count - b.count,
            render: (v: number, r) => <Count value={v} testId={`division-count-${r.divisionCode}`} />,
          },
        ]}
        summary={() => (
          <Table.Summary>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                <Typography.Text strong>{t('home.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <Count value={total} testId="division-total" />
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </Table.Summary>
        )}
      />
    </div>
  );
}

/** Rows: `industry-row-<key>`, counts: `industry-count-<key>`. */
export function IndustryTable({ rows }: { rows: OverviewStats['byKeyIndustry'] }) {
  const { t } = useTranslation();
  return (
    <div data-testid="industry-table">
      <Table<IndustryRow>
        size="small"
        rowKey="key"
        dataSource={rows}
        pagination={false}
        onRow={(r) => rowTestId(`industry-row-${r.key}`)}
        columns={[
          { title: t('home.colIndustry'), dataIndex: 'nameZh' },
          {
            title: t('home.colCount'),
            dataIndex: 'count',
            align: 'right',
            width: 100,
            sorter: (a, b) => a.count - b.count,
            render: (v: number, r) => <Count value={v} testId={`industry-count-${r.key}`} />,
          },
        ]}
      />
    </div>
  );
}
