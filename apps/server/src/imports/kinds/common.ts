/**
 * Columns and helpers shared by several import kinds.
 */
import { usccCheckChar } from '@cpaudit/domain';
import type { ColumnSpec } from './spec.ts';

/** A valid credit code for template examples (GB 32100-2015 check character computed, not typed). */
export function exampleUscc(first17: string): string {
  return first17 + usccCheckChar(first17);
}

/** The example enterprise of every template: 南宁市兴宁区, 水泥制造. */
export const EXAMPLE_USCC = exampleUscc('91450102MA5L8RN2X');

/** 统一社会信用代码 (GB 32100-2015), required. Aliases from the exchange formats of regulations.md §9. */
export const usccColumn: ColumnSpec<'uscc'> = {
  field: 'uscc',
  header: '统一社会信用代码',
  aliases: ['社会信用代码', '信用代码', '统一信用代码', '统一社会信用代码(18位)'],
  required: true,
  note: '必填。18 位统一社会信用代码（GB 32100-2015），校验位须正确；请将该列设为文本格式',
  example: EXAMPLE_USCC,
};

/** 年度, required: 4-digit year 2000–2100. */
export const yearColumn: ColumnSpec<'year'> = {
  field: 'year',
  header: '年度',
  aliases: ['年份', '数据年度', '统计年度', '所属年度'],
  required: true,
  note: '必填。4 位年份，2000–2100',
  example: 2021,
};

/** Label → value map for `RowReader.choice`, keys normalised (no spaces, lower case). */
export function labels<T extends string>(entries: Record<string, T>): ReadonlyMap<string, T> {
  return new Map(Object.entries(entries).map(([k, v]) => [k.replace(/\s+/g, '').toLowerCase(), v]));
}
