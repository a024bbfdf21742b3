/**
 * CSV downloads of the public portal's open data (issue 8 §4). UTF-8 with a byte-order mark so
 * that Excel and WPS open Chinese text correctly; every cell quoted (RFC 4180) and passed through
 * {@link safeCellText} so no cell is evaluated as a formula (OWASP ASVS 5.0 1.2.10).
 */
import type { PortalCollection } from '@cpaudit/contracts';
import { safeCellText } from '../../imports/safe-export.ts';
import type { ItemOf } from './portal.repository.ts';

/** The UTF-8 byte-order mark (U+FEFF). */
export const BOM = '\uFEFF';

/** One CSV cell: formula-safe, quoted, inner quotes doubled. `null` → empty. Example: `=1+1` → `"'=1+1"`. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '""';
  const s = typeof v === 'string' ? safeCellText(v) : String(v);
  return `"${s.replace(/"/g, '""')}"`;
}

/** Rows as CSV text (BOM, header line, CRLF line ends). */
export function toCsv(header: string[], rows: unknown[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * An instant as Beijing time ISO 8601 with its offset, e.g. `2026-03-01T20:00:00.000Z` →
 * `2026-03-02T04:00:00+08:00` (China has no daylight saving). Null stays null; text that is not a
 * date is returned unchanged.
 */
export function beijingIso(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return v;
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

type Col<T> = [string, (t: T) => unknown];
const STATUS = (s: string) => (s === 'published' ? '已发布' : '草稿');

/** The columns of each collection's CSV (Chinese header, English key in brackets for machines). */
export const csvColumns: { [C in PortalCollection]: Col<ItemOf[C]>[] } = {
  articles: [
    ['编号 id', (a) => a.id],
    ['栏目 kind', (a) => (a.kind === 'policy' ? '政策法规' : '通知公告/新闻')],
    ['标题 title', (a) => a.title],
    ['分类 category', (a) => a.category],
    ['来源 source', (a) => a.source],
    ['发布日期 publishedOn', (a) => a.publishedOn],
    ['正文 body', (a) => a.body],
    // Links, then uploaded files (their public download path on this site).
    ['附件 attachments', (a) => [...a.attachments.map((x) => `${x.name} ${x.url}`), ...(a.files ?? []).map((f) => `${f.fileName} ${f.url}`)].join('\n')],
    ['演示数据 isDemo', (a) => (a.isDemo ? '是' : '否')],
    ['状态 status', (a) => STATUS(a.status)],
    ['更新时间 updatedAt', (a) => beijingIso(a.updatedAt)],
  ],
  technologies: [
    ['编号 id', (t) => t.id],
    ['技术名称 name', (t) => t.name],
    ['重点行业 industry', (t) => t.industry],
    ['技术简介 description', (t) => t.description],
    ['适用范围 applicableScope', (t) => t.applicableScope],
    ['效益 benefits', (t) => t.benefits],
    ['来源 source', (t) => t.source],
    ['年份 year', (t) => t.year],
    ['演示数据 isDemo', (t) => (t.isDemo ? '是' : '否')],
    ['状态 status', (t) => STATUS(t.status)],
    ['更新时间 updatedAt', (t) => beijingIso(t.updatedAt)],
  ],
  cases: [
    ['编号 id', (c) => c.id],
    ['案例名称 name', (c) => c.name],
    ['企业 enterpriseName', (c) => c.enterpriseName],
    ['行业 industry', (c) => c.industry],
    ['案例简介 description', (c) => c.description],
    ['实施方案 options', (c) => c.options],
    ['效益 benefits', (c) => c.benefits],
    ['来源 source', (c) => c.source],
    ['演示数据 isDemo', (c) => (c.isDemo ? '是' : '否')],
    ['状态 status', (c) => STATUS(c.status)],
    ['更新时间 updatedAt', (c) => beijingIso(c.updatedAt)],
  ],
};

/** The CSV of `items` of collection `c`. */
export function collectionCsv<C extends PortalCollection>(c: C, items: ItemOf[C][]): string {
  const cols = csvColumns[c] as Col<ItemOf[C]>[];
  return toCsv(cols.map(([h]) => h), items.map((it) => cols.map(([, get]) => get(it))));
}

