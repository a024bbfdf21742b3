/**
 * Import kind `hazardous` (issue 3 §4): toxic or hazardous substances used as raw materials
 * (使用) or discharged (排放) in a year, used by the 双有 screening.
 */
import type { HazardousCategory, HazardousImportRow } from '@cpaudit/contracts';
import { v, INVALID, type Invalid, type RowReader } from '../validate.ts';
import { labels, usccColumn, yearColumn } from './common.ts';
import type { ColumnSpec, KindSpec } from './spec.ts';

const columns: readonly ColumnSpec[] = [
  usccColumn,
  yearColumn,
  {
    field: 'category',
    header: '类别',
    aliases: ['物质类别', '使用或排放', '使用/排放', '类型'],
    required: true,
    note: '必填。使用（原辅材料中使用）或 排放（排放的有毒有害物质）',
    example: '使用',
  },
  {
    field: 'substanceName',
    header: '物质名称',
    aliases: ['有毒有害物质名称', '化学品名称', '物质', '名称', '有毒有害物质'],
    required: true,
    note: '必填。如 三氯甲烷',
    example: '三氯甲烷',
  },
  {
    field: 'casNo',
    header: 'CAS号',
    aliases: ['CAS编号', 'CAS登记号', 'CAS', 'CASNo', 'CASNo.', 'CAS号码'],
    required: false,
    note: 'CAS 登记号，如 67-66-3（校验位须正确）；没有可留空',
    example: '67-66-3',
  },
  {
    field: 'quantity',
    header: '数量',
    aliases: ['使用量', '排放量', '用量', '年用量', '年排放量', '使用量/排放量'],
    required: false,
    note: '不小于 0；填写数量时须填写计量单位',
    example: 12.5,
  },
  {
    field: 'unit',
    header: '计量单位',
    aliases: ['单位', '数量单位'],
    required: false,
    note: '如 吨、千克',
    example: '吨',
  },
];

const CATEGORY = labels<HazardousCategory>({
  使用: 'use',
  use: 'use',
  排放: 'discharge',
  discharge: 'discharge',
});

/**
 * True when a CAS Registry Number's check digit is right: the last digit equals the sum of the
 * other digits, each multiplied by its position counted from the right (1, 2, 3 …), modulo 10
 * (CAS Registry Number check-digit rule). `67-66-3`: 6·4 + 7·3 + 6·2 + 6·1 = 63 → 3.
 */
export function isValidCasNo(cas: string): boolean {
  const m = /^(\d{2,7})-(\d{2})-(\d)$/.exec(cas);
  if (!m) return false;
  const digits = (m[1]! + m[2]!).split('').reverse();
  const sum = digits.reduce((s, d, i) => s + Number(d) * (i + 1), 0);
  return sum % 10 === Number(m[3]);
}

function casNo(r: RowReader): string | null | Invalid {
  const t = r.text('casNo', { max: 20 });
  if (t === INVALID || t === null) return t;
  const cas = t.replace(/\s+/g, '').replace(/[－—–]/g, '-');
  if (!/^\d{2,7}-\d{2}-\d$/.test(cas)) return r.fail('casNo', `${r.header('casNo')}应为 CAS 登记号格式，如 67-66-3`);
  if (!isValidCasNo(cas)) return r.fail('casNo', `${r.header('casNo')} ${cas} 校验位错误，请核对`);
  return cas;
}

function validate(r: RowReader): HazardousImportRow | null {
  const uscc = r.uscc('uscc');
  const year = r.year('year');
  const category = r.choice('category', CATEGORY, '使用 或 排放', true);
  const substanceName = r.text('substanceName', { required: '物质名称不能为空', max: 200 });
  const cas = casNo(r);
  const quantity = r.number('quantity', { min: 0 });
  let unit = r.text('unit', { max: 50 });
  if (quantity !== null && quantity !== INVALID && unit === null) unit = r.fail('unit', '填写了数量时应填写计量单位，如 吨');
  if (r.failed) return null;
  return { uscc: v(uscc), year: v(year), category: v(category)!, substanceName: v(substanceName)!, casNo: v(cas), quantity: v(quantity), unit: v(unit) };
}

/** The `hazardous` kind. */
export const hazardousSpec: KindSpec<'hazardous'> = { kind: 'hazardous', title: '有毒有害物质', columns, validate };
