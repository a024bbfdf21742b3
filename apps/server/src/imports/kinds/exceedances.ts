/**
 * Import kind `exceedances` (issue 3 §4): monitoring results against discharge limits
 * (超标记录), used by the 超标 part of the 双超 screening. Every column is required.
 */
import type { ExceedanceDataSource, ExceedanceImportRow } from '@cpaudit/contracts';
import { v, type RowReader } from '../validate.ts';
import { labels, usccColumn } from './common.ts';
import type { ColumnSpec, KindSpec } from './spec.ts';

const columns: readonly ColumnSpec[] = [
  usccColumn,
  {
    field: 'outletCode',
    header: '排放口编号',
    aliases: ['排口编号', '排放口编码', '排放口代码', '排污口编号'],
    required: true,
    note: '必填。HJ 608-2017 排放口编号，如 DA001（废气）、DW001（废水）',
    example: 'DA001',
  },
  {
    field: 'pollutant',
    header: '污染物',
    aliases: ['污染物名称', '监测项目', '监测因子', '污染物项目', '污染因子'],
    required: true,
    note: '必填。如 颗粒物、二氧化硫、氮氧化物、化学需氧量、氨氮',
    example: '颗粒物',
  },
  {
    field: 'monitoredOn',
    header: '监测日期',
    aliases: ['监测时间', '采样日期', '采样时间', '监测日'],
    required: true,
    note: '必填。日期，如 2021-06-15',
    example: '2021-06-15',
  },
  {
    field: 'measuredValue',
    header: '实测值',
    aliases: ['监测值', '实测浓度', '排放浓度', '监测结果', '监测浓度'],
    required: true,
    note: '必填。数值，单位见「计量单位」',
    example: 32.5,
  },
  {
    field: 'limitValue',
    header: '排放限值',
    aliases: ['标准限值', '限值', '执行标准限值', '标准值', '排放标准限值'],
    required: true,
    note: '必填。大于 0，单位与实测值相同',
    example: 30,
  },
  {
    field: 'unit',
    header: '计量单位',
    aliases: ['单位', '浓度单位', '监测值单位'],
    required: true,
    note: '必填。如 mg/m3、mg/L',
    example: 'mg/m3',
  },
  {
    field: 'dataSource',
    header: '数据来源',
    aliases: ['监测类型', '监测方式', '数据类型', '监测来源'],
    required: true,
    note: '必填。在线监测、执法监测 或 自行监测',
    example: '在线监测',
  },
];

const SOURCE = labels<ExceedanceDataSource>({
  在线监测: 'online',
  在线: 'online',
  自动监测: 'online',
  online: 'online',
  执法监测: 'enforcement',
  执法: 'enforcement',
  监督性监测: 'enforcement',
  enforcement: 'enforcement',
  自行监测: 'selfMonitoring',
  自行: 'selfMonitoring',
  自测: 'selfMonitoring',
  selfmonitoring: 'selfMonitoring',
});

function validate(r: RowReader): ExceedanceImportRow | null {
  const uscc = r.uscc('uscc');
  const outletCode = r.code('outletCode', { required: '排放口编号不能为空，如 DA001', max: 50 });
  const pollutant = r.text('pollutant', { required: '污染物不能为空', max: 100 });
  const monitoredOn = r.date('monitoredOn', { required: '监测日期不能为空' });
  const measuredValue = r.number('measuredValue', { required: '实测值不能为空', min: 0 });
  const limitValue = r.number('limitValue', { required: '排放限值不能为空，应大于 0', positive: true });
  const unit = r.text('unit', { required: '计量单位不能为空，如 mg/m3', max: 50 });
  const dataSource = r.choice('dataSource', SOURCE, '在线监测、执法监测 或 自行监测', true);
  if (r.failed) return null;
  return {
    uscc: v(uscc),
    outletCode: v(outletCode)!,
    pollutant: v(pollutant)!,
    monitoredOn: v(monitoredOn)!,
    measuredValue: v(measuredValue)!,
    limitValue: v(limitValue)!,
    unit: v(unit)!,
    dataSource: v(dataSource)!,
  };
}

/** The `exceedances` kind. */
export const exceedancesSpec: KindSpec<'exceedances'> = { kind: 'exceedances', title: '超标记录', columns, validate };
