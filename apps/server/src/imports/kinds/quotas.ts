/**
 * Import kind `quotas` (issue 3 §4): actual emissions against the total-quantity quota
 * (总量控制), in tonnes per year, used by the 超总量 part of the 双超 screening.
 */
import type { QuotaImportRow } from '@cpaudit/contracts';
import { v, type RowReader } from '../validate.ts';
import { usccColumn, yearColumn } from './common.ts';
import type { ColumnSpec, KindSpec } from './spec.ts';

const columns: readonly ColumnSpec[] = [
  usccColumn,
  yearColumn,
  {
    field: 'pollutant',
    header: '污染物',
    aliases: ['污染物名称', '总量控制污染物', '控制污染物'],
    required: true,
    note: '必填。如 化学需氧量、氨氮、二氧化硫、氮氧化物',
    example: '氮氧化物',
  },
  {
    field: 'actualT',
    header: '实际排放量（吨）',
    aliases: ['实际排放量', '实际排放量(t)', '年实际排放量(吨)', '年实际排放量', '实际排放量(吨/年)'],
    required: true,
    note: '必填。吨，不小于 0',
    example: 260.4,
  },
  {
    field: 'quotaT',
    header: '总量控制指标（吨）',
    aliases: ['总量控制指标', '总量控制指标(t)', '总量指标(吨)', '总量指标', '许可排放量(吨)', '年许可排放量(吨)', '总量控制指标(吨/年)'],
    required: true,
    note: '必填。吨，大于 0',
    example: 250,
  },
];

function validate(r: RowReader): QuotaImportRow | null {
  const uscc = r.uscc('uscc');
  const year = r.year('year');
  const pollutant = r.text('pollutant', { required: '污染物不能为空', max: 100 });
  const actualT = r.number('actualT', { required: '实际排放量不能为空（吨）', min: 0 });
  const quotaT = r.number('quotaT', { required: '总量控制指标不能为空，应大于 0（吨）', positive: true });
  if (r.failed) return null;
  return { uscc: v(uscc), year: v(year), pollutant: v(pollutant)!, actualT: v(actualT)!, quotaT: v(quotaT)! };
}

/** The `quotas` kind. */
export const quotasSpec: KindSpec<'quotas'> = { kind: 'quotas', title: '总量控制', columns, validate };
