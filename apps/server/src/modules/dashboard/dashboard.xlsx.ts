/** The dashboard's tables as one xlsx (issue 8 item 6): the same figures and filters as the JSON. */
import type { DashboardFigures, DashboardSummary, OverviewStats, ReductionRow } from '@cpaudit/contracts';
import ExcelJS from 'exceljs';
import { addReductionsSheet } from '../options/options.service.ts';

const FIGURE_COLUMNS: [keyof DashboardFigures, string][] = [
  ['listed', '列入名单'],
  ['mandatory', '强制性'],
  ['voluntary', '自愿性'],
  ['disclosed', '已公布信息'],
  ['disclosedOnTime', '按时公布'],
  ['started', '已启动'],
  ['evaluated', '评估通过'],
  ['accepted', '验收通过'],
  ['overdue', '逾期'],
  ['rolledOver', '转入下一年'],
  ['onTimeRate', '按时率'],
  ['completionRate', '完成率'],
];

/** The columns holding a fraction 0–1 (formatted as %). */
const RATE_COLUMNS = FIGURE_COLUMNS.filter(([k]) => k === 'onTimeRate' || k === 'completionRate');

const TAG_ZH: Record<string, string> = { notSubmitted: '未报送', submitted: '已报送', approved: '已审核', returned: '已退回', overdue: '逾期' };

/**
 * The other tables of the dashboard page, when the page shows them: `reductions` (减排成效与投资, by
 * city for the region, by county otherwise; list year and key industry of the summary; only for an
 * actor with `option.stats`, as the page's card) and `overview` (the enterprises of the area: the
 * page's 按行政区划统计 and 按重点行业统计, not filtered by list year or industry, as on the page).
 */
export interface DashboardXlsxExtras {
  reductions?: readonly ReductionRow[] | undefined;
  overview?: OverviewStats | undefined;
}

/**
 * Sheets 概况 (totals), 分地区 (one row per city or county, with the list / action plan / yearly
 * report status on city rows) and 分行业 (key industries). Every rate cell (按时率, 完成率) is a
 * fraction 0–1 formatted as % (0 → 0.0%, 1 → 100.0%; empty when there is nothing to rate); the
 * title row names the key-industry filter by its Chinese name (电镀), as the dashboard shows it.
 * Then, from `extras`: 减排成效与投资 (investment 万元, achieved and expected reductions per
 * city / county), 按行政区划统计 (行政区划, 区划代码, 企业数, then 合计) and 按重点行业统计
 * (重点行业, 企业数), each with a title row naming its filter.
 *
 * The parts are stored in the zip uncompressed (about 32 KB instead of 10 KB for the region):
 * deflating them with ExcelJS's pure-JS JSZip cost several times the dashboard's own query
 * (bench dashboard, `summaryXlsx`); node's zlib through the streaming `WorkbookWriter` was slower
 * still for a workbook this small. Excel and WPS open stored entries as usual.
 */
export async function dashboardXlsx(s: DashboardSummary, extras: DashboardXlsxExtras = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const industry = s.keyIndustry === null ? null : (s.byKeyIndustry.find((k) => k.key === s.keyIndustry)?.nameZh ?? s.keyIndustry);
  const filter = `${s.area.name} ${s.listYear} 年名单${industry === null ? '' : `，重点行业 ${industry}`}（截至 ${s.today}）`;
  const totals = wb.addWorksheet('概况');
  totals.addRow([filter]);
  totals.addRow(['指标', '数值']);
  for (const [k, label] of FIGURE_COLUMNS) totals.addRow([label, s.totals[k]]);
  const div = wb.addWorksheet('分地区');
  div.addRow([filter]);
  div.addRow(['行政区划代码', '地区', ...FIGURE_COLUMNS.map(([, l]) => l), '名单', '行动计划', '年度报告']);
  for (const d of s.divisions) {
    div.addRow([d.divisionCode, d.name, ...FIGURE_COLUMNS.map(([k]) => d[k]), d.list ? TAG_ZH[d.list] : '', d.actionPlan ? TAG_ZH[d.actionPlan] : '', d.annualReport ? TAG_ZH[d.annualReport] : '']);
  }
  const ind = wb.addWorksheet('分行业');
  ind.addRow([filter]);
  ind.addRow(['行业', '列入名单', '验收通过', '逾期']);
  for (const k of s.byKeyIndustry) ind.addRow([k.nameZh, k.listed, k.accepted, k.overdue]);
  // By position, not by value: a rate of exactly 0 or 1 is an integer and would otherwise show as 0 / 1.
  for (const [k] of RATE_COLUMNS) {
    const i = FIGURE_COLUMNS.findIndex(([key]) => key === k);
    totals.getCell(3 + i, 2).numFmt = '0.0%';
    div.getColumn(3 + i).numFmt = '0.0%';
  }
  const byCounty = s.area.level !== 'region';
  if (extras.reductions) addReductionsSheet(wb, '减排成效与投资', extras.reductions, byCounty ? '县（市、区）' : '设区市', `减排成效与投资 ${filter}`);
  if (extras.overview) {
    const o = extras.overview;
    const note = `${o.area.name} 在册企业（不按名单年度和行业筛选）（截至 ${s.today}）`;
    const divs = wb.addWorksheet('按行政区划统计');
    divs.addRow([note]);
    divs.addRow(['行政区划', '区划代码', '企业数']);
    for (const d of o.byDivision) divs.addRow([d.name, d.divisionCode, d.count]);
    divs.addRow(['合计', '', o.byDivision.reduce((n, d) => n + d.count, 0)]);
    const inds = wb.addWorksheet('按重点行业统计');
    inds.addRow([note]);
    inds.addRow(['重点行业', '企业数']);
    for (const k of o.byKeyIndustry) inds.addRow([k.nameZh, k.count]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } }));
}
