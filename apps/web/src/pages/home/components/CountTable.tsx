import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OverviewStats } from '@cpaudit/contracts';
import FigureTable from '../../../components/FigureTable.tsx';

type DivisionRow = OverviewStats['byDivision'][number];
type IndustryRow = OverviewStats['byKeyIndustry'][number];

function Count({ value, testId }: { value: number; testId: string }) {
  return (
    <span data-testid={testId} data-value={value}>
      {value}
    </span>
  );
}

/**
 * The byDivision figures as a table (what browser tests read; the charts are SVG drawings).
 * Rows: `division-row-<code>`, counts: `division-count-<code>`, total: `division-total`.
 */
export function DivisionTable({ rows }: { rows: OverviewStats['byDivision'] }) {
  const { t } = useTranslation();
  const total = rows.reduce((s, r) => s + r.count, 0);
  return (
    <FigureTable<DivisionRow>
      testId="division-table"
      rows={rows}
      rowKey={(r) => r.divisionCode}
      rowTestId={(r) => `division-row-${r.divisionCode}`}
      columns={[
        { key: 'name', title: t('home.colDivision'), render: (r) => <span data-testid={`division-name-${r.divisionCode}`}>{r.name}</span> },
        { key: 'code', title: t('home.colCode'), width: 100, render: (r) => r.divisionCode },
        { key: 'count', title: t('home.colCount'), align: 'right', width: 100, sort: (a, b) => a.count - b.count, render: (r) => <Count value={r.count} testId={`division-count-${r.divisionCode}`} /> },
      ]}
      footer={
        <>
          <td colSpan={2}>
            <Typography.Text strong>{t('home.total')}</Typography.Text>
          </td>
          <td style={{ textAlign: 'right' }}>
            <Count value={total} testId="division-total" />
          </td>
        </>
      }
    />
  );
}

/** Rows: `industry-row-<key>`, counts: `industry-count-<key>`. */
export function IndustryTable({ rows }: { rows: OverviewStats['byKeyIndustry'] }) {
  const { t } = useTranslation();
  return (
    <FigureTable<IndustryRow>
      testId="industry-table"
      rows={rows}
      rowKey={(r) => r.key}
      rowTestId={(r) => `industry-row-${r.key}`}
      columns={[
        { key: 'name', title: t('home.colIndustry'), render: (r) => r.nameZh },
        { key: 'count', title: t('home.colCount'), align: 'right', width: 100, sort: (a, b) => a.count - b.count, render: (r) => <Count value={r.count} testId={`industry-count-${r.key}`} /> },
      ]}
    />
  );
}
