/**
 * The `enterprises` workbook of the import benchmark: N rows, one permit per row, streamed with
 * ExcelJS's WorkbookWriter. Valid credit codes (GB 32100 check character from @cpaudit/domain),
 * real county codes (refdata/guangxi_admin_divisions.csv), real GB/T 4754-2017 小类 codes and
 * names (refdata/gb4754_2017_codes_subset.csv, 15 % of rows with a second code), HJ 608 permit
 * numbers `<uscc>001P`, dates as Date cells, a merged title row above the header as officials'
 * files have. Deterministic (fixed PRNG seed).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { USCC_CHARSET, usccCheckChar } from '@cpaudit/domain';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

const refdata = fileURLToPath(new URL('../refdata/', import.meta.url));
const csv = (file: string) => parse(fs.readFileSync(refdata + file), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];

export const HEADERS = [
  '单位名称',
  '统一社会信用代码',
  '许可证编号',
  '管理类别',
  '行业类别代码',
  '行业类别',
  '行政区划代码',
  '生产经营场所地址',
  '法定代表人',
  '发证日期',
  '有效期起',
  '有效期止',
  '主要污染物类别',
  '上轮清洁生产验收日期',
] as const;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A credit code unique for each i < 31^9, registered in `county`. */
export function benchUscc(i: number, county: string): string {
  let org = '';
  let n = i;
  for (let k = 0; k < 9; k++) {
    org = USCC_CHARSET[n % 31]! + org;
    n = Math.floor(n / 31);
  }
  const first17 = `91${county}${org}`;
  return first17 + usccCheckChar(first17);
}

const BRAND = ['鑫达', '华南', '桂兴', '恒通', '宏远', '南方', '永福', '金源', '德利', '百盛', '东升', '瑞丰', '泰和', '广源', '中桂'];
const SURNAMES = ['黄', '韦', '李', '陈', '覃', '梁', '蒙', '莫', '刘', '蓝'];
const GIVEN = ['志强', '海燕', '建华', '丽萍', '国庆', '春梅', '文军', '秀英'];
const CATEGORIES = ['重点管理', '简化管理', '登记管理'];
const POLLUTANTS = ['废水,废气', '废气', '废水', '废水、废气、固体废物'];

/** Writes the workbook; returns its size in bytes. */
export async function writeEnterprisesXlsx(file: string, rows: number, sharedStrings = false): Promise<number> {
  const counties = csv('guangxi_admin_divisions.csv').filter((r) => r.level === 'county');
  const cityName = new Map(csv('guangxi_admin_divisions.csv').map((r) => [r.code!, r.name!]));
  const industries = csv('gb4754_2017_codes_subset.csv').filter((r) => r.level === '小类');
  const rand = prng(20260101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  const tmp = `${file}.part`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: sharedStrings, useStyles: true });
  const ws = wb.addWorksheet('排污许可信息');
  ws.columns = HEADERS.map((h, i) => ({ key: `c${i}`, ...(h.includes('日期') || h.startsWith('有效期') ? { style: { numFmt: 'yyyy-mm-dd' } } : {}) }));
  const title = ws.addRow(['广西壮族自治区排污许可证信息（基准测试数据）']);
  ws.mergeCells(1, 1, 1, HEADERS.length);
  title.commit();
  ws.addRow([...HEADERS]).commit();
  for (let i = 0; i < rows; i++) {
    const county = pick(counties);
    const cityCode = `${county.code!.slice(0, 4)}00`;
    const main = pick(industries);
    const second = rand() < 0.15 ? pick(industries) : null;
    const codes = second && second.code !== main.code ? [main, second] : [main];
    const uscc = benchUscc(i + 1, county.code!);
    const year = 2019 + Math.floor(rand() * 5);
    const month = Math.floor(rand() * 12);
    const issued = new Date(Date.UTC(year, month, 15));
    const validTo = new Date(Date.UTC(year + 5, month, 14));
    ws.addRow([
      `${(cityName.get(cityCode) ?? '').replace(/市$/, '')}${pick(BRAND)}${main.name}有限公司（${i + 1}）`,
      uscc,
      `${uscc}001P`,
      pick(CATEGORIES),
      codes.map((c) => c.code).join(','),
      codes.map((c) => c.name).join('，'),
      county.code,
      `广西壮族自治区${cityName.get(cityCode) ?? ''}${county.name}工业园区${1 + Math.floor(rand() * 300)}号`,
      pick(SURNAMES) + pick(GIVEN),
      issued,
      issued,
      validTo,
      pick(POLLUTANTS),
      rand() < 0.1 ? new Date(Date.UTC(2019 + Math.floor(rand() * 6), Math.floor(rand() * 12), 20)) : null,
    ]).commit();
  }
  ws.commit();
  await wb.commit();
  fs.renameSync(tmp, file);
  return fs.statSync(file).size;
}
