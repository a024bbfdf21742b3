/**
 * How each import kind lands in the database: the staging columns, the natural key and the
 * value columns of its target table. The merge engine (merge.ts) is generic over these specs.
 */
import type { EnergyImportRow, ExceedanceImportRow, HazardousImportRow, QuotaImportRow } from '@cpaudit/contracts';
import type { BulkColumn } from '../../db/bulk.ts';

/** A column of a target table as the merge sees it. */
export interface MergeColumn<R> extends BulkColumn<R> {
  /** The Chinese header the value came from, for row errors. */
  header: string;
  /** The import field (contracts row key) the value comes from. */
  field: string;
}

/** An environmental-data kind: rows keyed by enterprise (credit code) plus `key` columns. */
export interface RecordKindSpec<R> {
  kind: 'exceedances' | 'quotas' | 'hazardous' | 'energy';
  table: string;
  entityType: string;
  uscc: (row: R) => string;
  key: MergeColumn<R>[];
  values: MergeColumn<R>[];
}

/** Normalised rows of the four environmental-data kinds (their zod schemas live in @cpaudit/contracts). */
export type ExceedanceRow = ExceedanceImportRow;
export type QuotaRow = QuotaImportRow;
export type HazardousRow = HazardousImportRow;
export type EnergyRow = EnergyImportRow;

const col = <R>(name: string, type: string, header: string, value: (r: R) => unknown, field = ''): MergeColumn<R> => ({
  name,
  type,
  header,
  value,
  field: field || name.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()),
});

export const exceedanceSpec: RecordKindSpec<ExceedanceRow> = {
  kind: 'exceedances',
  table: 'exceedance_records',
  entityType: 'exceedanceRecord',
  uscc: (r) => r.uscc,
  key: [
    col('outlet_code', 'text[]', '排放口编号', (r) => r.outletCode),
    col('pollutant', 'text[]', '污染物', (r) => r.pollutant),
    col('monitored_on', 'date[]', '监测日期', (r) => r.monitoredOn),
  ],
  values: [
    col('measured_value', 'numeric[]', '实测值', (r) => r.measuredValue),
    col('limit_value', 'numeric[]', '排放限值', (r) => r.limitValue),
    col('unit', 'text[]', '计量单位', (r) => r.unit),
    col('data_source', 'text[]', '数据来源', (r) => r.dataSource),
  ],
};

export const quotaSpec: RecordKindSpec<QuotaRow> = {
  kind: 'quotas',
  table: 'quota_records',
  entityType: 'quotaRecord',
  uscc: (r) => r.uscc,
  key: [col('year', 'smallint[]', '年度', (r) => r.year), col('pollutant', 'text[]', '污染物', (r) => r.pollutant)],
  values: [
    col('actual_t', 'numeric[]', '实际排放量（吨）', (r) => r.actualT, 'actualT'),
    col('quota_t', 'numeric[]', '总量控制指标（吨）', (r) => r.quotaT, 'quotaT'),
  ],
};

export const hazardousSpec: RecordKindSpec<HazardousRow> = {
  kind: 'hazardous',
  table: 'hazardous_records',
  entityType: 'hazardousRecord',
  uscc: (r) => r.uscc,
  key: [
    col('year', 'smallint[]', '年度', (r) => r.year),
    col('category', 'text[]', '类别', (r) => r.category),
    col('match_key', 'text[]', 'CAS号', (r) => r.casNo ?? r.substanceName),
  ],
  values: [
    col('substance_name', 'text[]', '物质名称', (r) => r.substanceName),
    col('cas_no', 'text[]', 'CAS号', (r) => r.casNo),
    col('quantity', 'numeric[]', '数量', (r) => r.quantity),
    col('unit', 'text[]', '计量单位', (r) => r.unit),
  ],
};

export const energySpec: RecordKindSpec<EnergyRow> = {
  kind: 'energy',
  table: 'energy_records',
  entityType: 'energyRecord',
  uscc: (r) => r.uscc,
  key: [col('year', 'smallint[]', '年度', (r) => r.year), col('product_name', 'text[]', '产品名称', (r) => r.productName)],
  values: [
    col('output', 'numeric[]', '产量', (r) => r.output),
    col('output_unit', 'text[]', '产量单位', (r) => r.outputUnit),
    col('comprehensive_energy_tce', 'numeric[]', '综合能耗（吨标准煤）', (r) => r.comprehensiveEnergyTce, 'comprehensiveEnergyTce'),
    col('energy_per_unit_kgce', 'numeric[]', '单位产品能耗', (r) => r.energyPerUnitKgce, 'energyPerUnitKgce'),
    col('limit_kgce_per_unit', 'numeric[]', '限额值', (r) => r.limitKgcePerUnit, 'limitKgcePerUnit'),
    col('limit_standard', 'text[]', '限额标准', (r) => r.limitStandard),
  ],
};
