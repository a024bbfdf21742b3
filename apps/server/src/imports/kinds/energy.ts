/**
 * Import kind `energy` (issue 3 §4): energy use per unit of product against the limit of its
 * national standard (单位产品能耗限额, e.g. GB 21256-2013), used by the 高耗能 screening.
 *
 * Units: 综合能耗 in tonnes of standard coal equivalent (tce, GB/T 2589); 单位产品能耗 and
 * 限额值 in kgce per unit of product (kgce/t when 产量单位 is t). 单位产品能耗 is computed as
 * 综合能耗 × 1000 / 产量 when left empty; a given value that differs from the computed one by
 * more than 1 % is an error.
 */
import type { EnergyImportRow } from '@cpaudit/contracts';
import { v, INVALID, type RowReader } from '../validate.ts';
import { usccColumn, yearColumn } from './common.ts';
import type { ColumnSpec, KindSpec } from './spec.ts';

const columns: readonly ColumnSpec[] = [
  usccColumn,
  yearColumn,
  {
    field: 'productName',
    header: '产品名称',
    aliases: ['产品', '主要产品', '主要产品名称'],
    required: true,
    note: '必填。如 粗钢、水泥熟料',
    example: '水泥熟料',
  },
  {
    field: 'output',
    header: '产量',
    aliases: ['产品产量', '年产量', '实际产量'],
    required: true,
    note: '必填。大于 0，单位见「产量单位」',
    example: 1200000,
  },
  {
    field: 'outputUnit',
    header: '产量单位',
    aliases: ['产品单位', '产量计量单位', '计量单位'],
    required: true,
    note: '必填。如 t',
    example: 't',
  },
  {
    field: 'comprehensiveEnergyTce',
    header: '综合能耗（吨标准煤）',
    aliases: ['综合能耗', '综合能耗(tce)', '综合能源消费量(吨标准煤)', '综合能耗(吨标煤)', '综合能源消费量', '综合能耗(万吨标准煤)*'],
    required: false,
    group: 'energy',
    note: '吨标准煤（tce）。与「单位产品能耗」至少填一项',
    example: 132000,
  },
  {
    field: 'energyPerUnitKgce',
    header: '单位产品能耗',
    aliases: ['单位产品综合能耗', '单位产品能耗(kgce/t)', '单位产品综合能耗(kgce/t)', '单位产品能耗(千克标准煤/吨)', '单位产品综合能耗(千克标准煤/吨)'],
    required: false,
    group: 'energy',
    note: '千克标准煤/单位产品（产量单位为 t 时即 kgce/t）。留空时按 综合能耗×1000÷产量 计算；填写值与计算值相差超过 1% 视为错误',
    example: 110,
  },
  {
    field: 'limitKgcePerUnit',
    header: '限额值',
    aliases: ['能耗限额', '单位产品能耗限额', '能耗限额值', '限额值(kgce/t)', '单位产品能耗限额值', '能耗限定值'],
    required: true,
    note: '必填。大于 0，单位同单位产品能耗',
    example: 117,
  },
  {
    field: 'limitStandard',
    header: '限额标准',
    aliases: ['能耗限额标准', '限额标准编号', '执行标准', '依据标准'],
    required: false,
    note: '如 GB 16780-2021',
    example: 'GB 16780-2021',
  },
];

/** Relative tolerance between a given 单位产品能耗 and 综合能耗 × 1000 / 产量 (issue 3 §4). */
export const ENERGY_TOLERANCE = 0.01;

/**
 * Energy per unit of product, kgce per unit: `tce × 1000 / output`, rounded to 4 decimals.
 * @param tce comprehensive energy consumption, tce
 * @param output output in its unit, > 0
 */
export function energyPerUnitKgce(tce: number, output: number): number {
  return Math.round(((tce * 1000) / output) * 1e4) / 1e4;
}

function validate(r: RowReader): EnergyImportRow | null {
  const uscc = r.uscc('uscc');
  const year = r.year('year');
  const productName = r.text('productName', { required: '产品名称不能为空', max: 200 });
  const output = r.number('output', { required: '产量不能为空，应大于 0', positive: true });
  const outputUnit = r.text('outputUnit', { required: '产量单位不能为空，如 t', max: 50 });
  const tce = r.number('comprehensiveEnergyTce', { min: 0 });
  let perUnit = r.number('energyPerUnitKgce', { min: 0 });
  const limit = r.number('limitKgcePerUnit', { required: '限额值不能为空，应大于 0（kgce/单位产品）', positive: true });
  const standard = r.text('limitStandard', { max: 100 });
  if (tce === null && perUnit === null) {
    const field = r.has('energyPerUnitKgce') ? 'energyPerUnitKgce' : 'comprehensiveEnergyTce';
    perUnit = r.fail(field, '综合能耗（吨标准煤）与单位产品能耗至少填写一项');
  } else if (tce !== null && tce !== INVALID && typeof output === 'number') {
    const computed = (tce * 1000) / output;
    if (perUnit === null) perUnit = energyPerUnitKgce(tce, output);
    else if (perUnit !== INVALID && Math.abs(perUnit - computed) > ENERGY_TOLERANCE * Math.abs(computed) && !(computed === 0 && perUnit === 0)) {
      perUnit = r.fail(
        'energyPerUnitKgce',
        `单位产品能耗 ${perUnit} 与 综合能耗×1000÷产量 = ${energyPerUnitKgce(tce, output)} 相差超过 1%，请核对综合能耗、产量或单位产品能耗`,
      );
    }
  }
  if (r.failed) return null;
  return {
    uscc: v(uscc),
    year: v(year),
    productName: v(productName)!,
    output: v(output)!,
    outputUnit: v(outputUnit)!,
    comprehensiveEnergyTce: v(tce),
    energyPerUnitKgce: v(perUnit)!,
    limitKgcePerUnit: v(limit)!,
    limitStandard: v(standard),
  };
}

/** The `energy` kind. */
export const energySpec: KindSpec<'energy'> = { kind: 'energy', title: '单位产品能耗', columns, validate };
