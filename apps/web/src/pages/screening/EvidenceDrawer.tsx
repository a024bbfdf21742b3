import type { ReactNode } from 'react';
import { Card, Descriptions, Drawer, Empty, Space, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ScreeningResultRow } from '@cpaudit/contracts';
import { CriterionTag, DecisionTag, RecommendationTag } from '../../components/tags.tsx';
import { useKeyIndustryLabel } from '../../services/useReference.ts';
import { formatTime } from '@cpaudit/contracts';
import { unitAfter, unitText } from '../../lib/units.ts';

type Evidence = Record<string, unknown>;
type Reason = ScreeningResultRow['reasons'][number];

const num = (v: unknown) => (typeof v === 'number' ? v.toLocaleString(undefined, { maximumFractionDigits: 4 }) : v === null || v === undefined ? '—' : String(v));
const str = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));

/** A value that exceeds its limit, in bold red. */
function Val({ v, over }: { v: unknown; over?: boolean }) {
  return over ? (
    <Typography.Text type="danger" strong data-over="true">
      {num(v)}
    </Typography.Text>
  ) : (
    <>{num(v)}</>
  );
}

interface Col {
  key: string;
  title: string;
  render: (e: Evidence) => ReactNode;
}

function EvidenceTable({ kind, rows }: { kind: string; rows: Evidence[] }) {
  const { t } = useTranslation();
  const gt = (a: unknown, b: unknown) => typeof a === 'number' && typeof b === 'number' && a > b;
  const matched = (e: Evidence) => (e.matchedBy ? t(`screening.matchedByValues.${String(e.matchedBy)}`, { defaultValue: String(e.matchedBy) }) : '—');
  const source = (e: Evidence) => (e.dataSource ? t(`detail.dataSources.${String(e.dataSource)}`, { defaultValue: String(e.dataSource) }) : '—');
  let cols: Col[];
  switch (kind) {
    case 'exceedance':
    case 'hazardousExceedance':
      cols = [
        { key: 'monitoredOn', title: t('detail.monitoredOn'), render: (e) => str(e.monitoredOn) },
        { key: 'outletCode', title: t('detail.outletCode'), render: (e) => str(e.outletCode) },
        { key: 'pollutant', title: t('detail.pollutant'), render: (e) => str(e.pollutant) },
        { key: 'measuredValue', title: `${t('detail.measuredValue')}`, render: (e) => <Val v={e.measuredValue} over={gt(e.measuredValue, e.limitValue)} /> },
        { key: 'limitValue', title: t('detail.limitValue'), render: (e) => num(e.limitValue) },
        { key: 'unit', title: t('detail.unit'), render: (e) => unitText(e.unit) },
        { key: 'dataSource', title: t('detail.dataSource'), render: source },
        ...(kind === 'hazardousExceedance'
          ? [
              { key: 'matchedBy', title: t('screening.matchedBy'), render: matched },
              { key: 'listName', title: t('screening.listName'), render: (e: Evidence) => str(e.listName) },
            ]
          : []),
      ];
      break;
    case 'quota':
      cols = [
        { key: 'year', title: t('screening.year'), render: (e) => str(e.year) },
        { key: 'pollutant', title: t('detail.pollutant'), render: (e) => str(e.pollutant) },
        { key: 'actualT', title: t('detail.actualT'), render: (e) => <Val v={e.actualT} over={gt(e.actualT, e.quotaT)} /> },
        { key: 'quotaT', title: t('detail.quotaT'), render: (e) => num(e.quotaT) },
      ];
      break;
    case 'hazardous':
      cols = [
        { key: 'year', title: t('screening.year'), render: (e) => str(e.year) },
        { key: 'category', title: t('detail.hazardCategory'), render: (e) => t(`detail.hazardCategories.${String(e.category)}`, { defaultValue: str(e.category) }) },
        { key: 'substanceName', title: t('detail.substanceName'), render: (e) => str(e.substanceName) },
        { key: 'casNo', title: t('detail.casNo'), render: (e) => str(e.casNo) },
        { key: 'quantity', title: t('detail.quantity'), render: (e) => `${num(e.quantity)}${unitAfter(e.unit)}` },
        { key: 'matchedBy', title: t('screening.matchedBy'), render: matched },
        { key: 'listName', title: t('screening.listName'), render: (e) => str(e.listName) },
      ];
      break;
    case 'energy':
      cols = [
        { key: 'year', title: t('screening.year'), render: (e) => str(e.year) },
        { key: 'productName', title: t('detail.productName'), render: (e) => str(e.productName) },
        { key: 'output', title: t('detail.output'), render: (e) => `${num(e.output)} ${unitText(e.outputUnit)}` },
        { key: 'comprehensiveEnergyTce', title: t('detail.comprehensiveEnergyTce'), render: (e) => num(e.comprehensiveEnergyTce) },
        {
          key: 'energyPerUnitKgce',
          title: t('detail.energyPerUnitKgce'),
          render: (e) => (
            <>
              <Val v={e.energyPerUnitKgce} over={gt(e.energyPerUnitKgce, e.limitKgcePerUnit)} />
              {unitAfter(e.unit)}
            </>
          ),
        },
        { key: 'limitKgcePerUnit', title: t('detail.limitKgcePerUnit'), render: (e) => `${num(e.limitKgcePerUnit)}${unitAfter(e.unit)}` },
        { key: 'limitStandard', title: t('detail.limitStandard'), render: (e) => str(e.limitStandard) },
      ];
      break;
    default: {
      // An evidence kind this console does not know yet: show its fields as they are.
      const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'kind');
      cols = keys.map((k) => ({ key: k, title: k, render: (e: Evidence) => (typeof e[k] === 'object' ? JSON.stringify(e[k]) : num(e[k])) }));
    }
  }
  return (
    <Table<Evidence & { __i: number }>
      className="cp-evidence-table"
      size="small"
      bordered
      rowKey="__i"
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid={`evidence-table-${kind}`}
      dataSource={rows.map((r, i) => ({ ...r, __i: i }))}
      columns={cols.map((c) => ({ key: c.key, title: c.title, render: (_: unknown, r: Evidence) => c.render(r) }))}
    />
  );
}

function ReasonCard({ reason }: { reason: Reason }) {
  const { t } = useTranslation();
  const byKind = new Map<string, Evidence[]>();
  for (const e of reason.evidence) {
    const kind = typeof e.kind === 'string' ? e.kind : 'other';
    byKind.set(kind, [...(byKind.get(kind) ?? []), e]);
  }
  return (
    <Card size="small" title={<CriterionTag criterion={reason.criterion} />} style={{ marginBottom: 12 }} data-testid={`evidence-reason-${reason.criterion}`}>
      <Typography.Paragraph style={{ marginBottom: 4 }}>
        <Typography.Text type="secondary">{t('screening.basis')}{t('common.colon')}</Typography.Text>
        <Typography.Text strong data-testid={`evidence-basis-${reason.criterion}`}>
          {reason.basis}
        </Typography.Text>
      </Typography.Paragraph>
      <Typography.Text type="secondary">
        {t('screening.evidenceRecords')}（{reason.evidence.length}）
      </Typography.Text>
      {reason.evidence.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        [...byKind.entries()].map(([kind, rows]) => <EvidenceTable key={kind} kind={kind} rows={rows} />)
      )}
    </Card>
  );
}

/** The evidence drawer of one result: every reason with its article and the records that triggered it. */
export default function EvidenceDrawer({ row, onClose, actions }: { row: ScreeningResultRow | null; onClose: () => void; actions?: ReactNode }) {
  const { t } = useTranslation();
  const industryLabel = useKeyIndustryLabel();
  return (
    <Drawer
      open={!!row}
      onClose={onClose}
      size={880}
      title={row ? t('screening.drawerTitle', { name: row.name }) : ''}
      extra={actions}
      destroyOnHidden
    >
      {row && (
        <div data-testid="evidence-drawer" data-enterprise-id={row.enterpriseId}>
          <Descriptions
            size="small"
            column={2}
            style={{ marginBottom: 16 }}
            items={[
              { key: 'name', label: t('screening.enterprise'), children: <Link to={`/enterprises/${row.enterpriseId}`}>{row.name}</Link> },
              { key: 'uscc', label: t('enterprise.uscc'), children: row.uscc },
              { key: 'county', label: t('screening.county'), children: `${row.cityName} · ${row.countyName}` },
              { key: 'ki', label: t('enterprise.keyIndustry'), children: industryLabel(row.keyIndustry) },
              { key: 'rec', label: t('screening.recommendation'), children: <RecommendationTag recommendation={row.recommendation} nextDueYear={row.nextDueYear} /> },
              {
                key: 'decision',
                label: t('screening.decision'),
                children: (
                  <Space orientation="vertical" size={0}>
                    <DecisionTag decision={row.decision?.decision} />
                    {row.decision && (
                      <Typography.Text type="secondary">
                        {row.decision.reasonCode ? `${t(`screening.reasons.${row.decision.reasonCode}`, { defaultValue: row.decision.reasonCode })}${t('common.colon')}` : ''}
                        {row.decision.justification ?? ''}（{t('screening.decidedBy', { by: row.decision.decidedByName ?? '—', at: formatTime(row.decision.decidedAt) })}）
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
            ]}
          />
          {row.reasons.map((r) => (
            <ReasonCard key={r.criterion} reason={r} />
          ))}
        </div>
      )}
    </Drawer>
  );
}
