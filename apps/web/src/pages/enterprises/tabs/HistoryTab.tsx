import { Empty, Space, Tag, Timeline, Typography } from 'antd';
import { FileExcelOutlined, UserOutlined } from '@ant-design/icons';
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ChangeEntry } from '@cpaudit/contracts';
import { displayUnit } from '@cpaudit/domain/units';
import { fetchHistory } from '../../../services/registry.ts';
import { QueryError } from '../../../components/tags.tsx';
import { useDivisions, useKeyIndustryLabel } from '../../../services/useReference.ts';
import { formatTime } from '@cpaudit/contracts';

const actionColor: Record<ChangeEntry['action'], string> = { insert: 'green', update: 'blue', delete: 'red' };

/** Field labels for the change list: the enterprise form's and the environmental tables' names where they exist. */
const fieldKeys: Record<string, string> = {
  uscc: 'enterprise.uscc',
  name: 'enterprise.name',
  legalRepresentative: 'enterprise.legalRepresentative',
  address: 'enterprise.address',
  divisionCode: 'enterprise.division',
  industryCodes: 'enterprise.industryCodes',
  industryNames: 'enterprise.industryNames',
  keyIndustry: 'enterprise.keyIndustry',
  scale: 'enterprise.scale',
  contactName: 'enterprise.contactName',
  contactPhone: 'enterprise.contactPhone',
  status: 'enterprise.status',
  lastAcceptanceDate: 'enterprise.lastAcceptanceDate',
  permitNo: 'detail.permitNo',
  category: 'detail.category',
  issuedOn: 'detail.issuedOn',
  validFrom: 'detail.validFrom',
  validTo: 'detail.validTo',
  issuingAuthority: 'detail.issuingAuthority',
  pollutantCategories: 'detail.pollutantCategories',
  outletCode: 'detail.outletCode',
  pollutant: 'detail.pollutant',
  monitoredOn: 'detail.monitoredOn',
  measuredValue: 'detail.measuredValue',
  limitValue: 'detail.limitValue',
  unit: 'detail.unit',
  dataSource: 'detail.dataSource',
  actualT: 'detail.actualT',
  quotaT: 'detail.quotaT',
  substanceName: 'detail.substanceName',
  casNo: 'detail.casNo',
  quantity: 'detail.quantity',
  productName: 'detail.productName',
  output: 'detail.output',
  outputUnit: 'detail.outputUnit',
  comprehensiveEnergyTce: 'detail.comprehensiveEnergyTce',
  energyPerUnitKgce: 'detail.energyPerUnitKgce',
  limitKgcePerUnit: 'detail.limitKgcePerUnit',
  limitStandard: 'detail.limitStandard',
};

/** The label of a changed field; the server may name columns in snake_case (`division_code`). */
function useFieldLabel(): (field: string) => string {
  const { t } = useTranslation();
  return (field) => {
    const camel = field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    const key = fieldKeys[camel];
    return key ? t(key) : field;
  };
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Renders a before/after value as plain text (React escapes it); coded values get their labels (a
 * county as `兴宁区（450102）`), units their superscripts (`mg/m3` → `mg/m³`, display only).
 */
function Value({ field, v, divisionName }: { field: string; v: unknown; divisionName: ReadonlyMap<string, string> }) {
  const { t } = useTranslation();
  const industryLabel = useKeyIndustryLabel();
  if (isEmpty(v)) return <Typography.Text type="secondary">{t('detail.emptyValue')}</Typography.Text>;
  const camel = field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
  const label = (x: unknown): string => {
    const raw = String(x);
    switch (camel) {
      case 'keyIndustry':
        return industryLabel(raw);
      case 'divisionCode': {
        const name = divisionName.get(raw);
        return name ? `${name}（${raw}）` : raw;
      }
      case 'status':
        return t(`enterprise.statuses.${raw}`, { defaultValue: raw });
      case 'scale':
        return t(`enterprise.scales.${raw}`, { defaultValue: raw });
      case 'category':
      case 'permitCategory':
        return t(`enterprise.permitCategories.${raw}`, { defaultValue: t(`detail.hazardCategories.${raw}`, { defaultValue: raw }) });
      case 'dataSource':
        return t(`detail.dataSources.${raw}`, { defaultValue: raw });
      case 'unit':
      case 'outputUnit':
        return displayUnit(raw);
      default:
        return typeof x === 'object' ? JSON.stringify(x) : raw;
    }
  };
  const text = Array.isArray(v) ? v.map(label).join('，') : label(v);
  return <Typography.Text code>{text}</Typography.Text>;
}

/** 变更记录: a timeline of the enterprise's changes, field by field (before → after), who, when, which import. */
export default function HistoryTab({ enterpriseId }: { enterpriseId: number }) {
  const { t } = useTranslation();
  const fieldLabel = useFieldLabel();
  // County names for the values, looked up once for the whole list (not in every value).
  const divisions = useDivisions();
  const divisionName = useMemo(() => new Map((divisions.data ?? []).map((d) => [d.code, d.name])), [divisions.data]);
  const query = useQuery({
    queryKey: ['enterprises', 'history', enterpriseId],
    queryFn: ({ signal }) => fetchHistory(enterpriseId, signal),
    meta: { errorPolicy: 'inline' },
  });
  if (query.isError) return <QueryError error={query.error} title={t('detail.unavailable')} onRetry={() => void query.refetch()} testId="change-history-error" />;
  if (query.isPending) return <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>;
  const entries = [...query.data].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
  if (entries.length === 0) return <Empty description={t('detail.noHistory')} data-testid="change-history" />;

  return (
    <div data-testid="change-history">
      <Timeline
        items={entries.map((e) => ({
          key: e.id,
          color: actionColor[e.action],
          content: (
            <div data-testid={`change-${e.id}`} data-action={e.action} data-entity={e.entityType}>
              <Space wrap size={[8, 4]}>
                <Typography.Text type="secondary">{formatTime(e.at)}</Typography.Text>
                <Tag color={actionColor[e.action]}>{t(`detail.actions.${e.action}`)}</Tag>
                <span>
                  {t(`detail.entityTypes.${e.entityType}`, { defaultValue: e.entityType })}
                  {e.entityType === 'enterprise' ? null : e.entityLabel ? <Typography.Text code>{e.entityLabel}</Typography.Text> : ` #${e.entityId}`}
                </span>
                <Typography.Text type="secondary">
                  <UserOutlined /> {e.userName ?? '—'}
                </Typography.Text>
                <Typography.Text type="secondary">
                  {e.importId !== null ? (
                    <>
                      <FileExcelOutlined /> {t('detail.fromImport', { id: e.importId, file: e.fileName ?? '' })}
                    </>
                  ) : (
                    t('detail.manual')
                  )}
                </Typography.Text>
              </Space>
              {Object.keys(e.changes).length > 0 && (
                <ul className="cp-change-list">
                  {Object.entries(e.changes)
                    // a new record: list what it was created with, not every empty column
                    .filter(([, [before, after]]) => !(e.action === 'insert' && isEmpty(after) && isEmpty(before)))
                    .map(([field, [before, after]]) => (
                    <li key={field} data-field={field}>
                      <Typography.Text strong>{fieldLabel(field)}</Typography.Text>
                      {t('common.colon')}
                      {e.action !== 'insert' && <Value field={field} v={before} divisionName={divisionName} />}
                      {e.action === 'update' && ' → '}
                      {e.action !== 'delete' && <Value field={field} v={after} divisionName={divisionName} />}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ),
        }))}
      />
    </div>
  );
}
