/**
 * The dashboard workbook (issue 8 item 6) on a hand-built summary: the title names the key-industry
 * filter in Chinese, and every rate cell is formatted as %, including the rates 0 and 1 (integers).
 */
import type { DashboardFigures, DashboardSummary } from '@cpaudit/contracts';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dashboardXlsx } from './dashboard.xlsx.ts';

/** `listed` audits of which `accepted` accepted and `overdue` overdue; rates as the service computes them. */
function figures(listed: number, accepted: number, overdue: number): DashboardFigures {
  return {
    listed, mandatory: listed, voluntary: 0, disclosed: accepted, disclosedOnTime: accepted, started: accepted, evaluated: accepted,
    accepted, overdue, rolledOver: 0,
    onTimeRate: listed === 0 ? null : (listed - overdue) / listed,
    completionRate: listed === 0 ? null : accepted / listed,
  };
}

const tags = { list: 'approved', actionPlan: 'submitted', annualReport: 'overdue' } as const;
// 南宁: 2 listed, both accepted, none overdue → 100 % and 100 %; 柳州: 2 listed, none accepted, both
// overdue → 0 % and 0 %; 桂林: 3 listed, 1 accepted, 1 overdue → 66.7 % and 33.3 %; 梧州: none → empty.
const summary: DashboardSummary = {
  area: { divisionCode: '450000', name: '广西壮族自治区', level: 'region' },
  listYear: 2025,
  keyIndustry: 'electroplating',
  today: '2026-11-30',
  years: [2025],
  totals: figures(7, 3, 3),
  funnel: [],
  divisions: [
    { divisionCode: '450100', name: '南宁市', ...figures(2, 2, 0), ...tags },
    { divisionCode: '450200', name: '柳州市', ...figures(2, 0, 2), ...tags },
    { divisionCode: '450300', name: '桂林市', ...figures(3, 1, 1), ...tags },
    { divisionCode: '450400', name: '梧州市', ...figures(0, 0, 0), ...tags },
  ],
  byKeyIndustry: [
    { key: 'energy', nameZh: '能源', listed: 0, accepted: 0, overdue: 0 },
    { key: 'electroplating', nameZh: '电镀', listed: 7, accepted: 3, overdue: 3 },
  ],
};

async function workbook(s: DashboardSummary): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await dashboardXlsx(s)) as unknown as ArrayBuffer);
  return wb;
}

describe('dashboardXlsx', () => {
  it('when the dashboard is filtered by a key industry, then every sheet title names it in Chinese, not by its key', async () => {
    const wb = await workbook(summary);
    for (const name of ['概况', '分地区', '分行业']) {
      expect(wb.getWorksheet(name)!.getCell('A1').value).toBe('广西壮族自治区 2025 年名单，重点行业 电镀（截至 2026-11-30）');
    }
    const unfiltered = await workbook({ ...summary, keyIndustry: null });
    expect(unfiltered.getWorksheet('概况')!.getCell('A1').value).toBe('广西壮族自治区 2025 年名单（截至 2026-11-30）');
  });

  it('when a rate is exactly 0 or 1, then its cell is still formatted as % (0.0%, 100.0%), like 2/3', async () => {
    const div = (await workbook(summary)).getWorksheet('分地区')!;
    const header = (div.getRow(2).values as unknown[]).slice(1);
    const onTime = header.indexOf('按时率') + 1;
    const completion = header.indexOf('完成率') + 1;
    expect([onTime, completion]).toEqual([13, 14]);
    const rates = (row: number) => [div.getCell(row, onTime), div.getCell(row, completion)].map((c) => [c.value, c.numFmt]);
    expect(rates(3)).toEqual([[1, '0.0%'], [1, '0.0%']]); // 南宁
    expect(rates(4)).toEqual([[0, '0.0%'], [0, '0.0%']]); // 柳州
    expect(rates(5)).toEqual([[2 / 3, '0.0%'], [1 / 3, '0.0%']]); // 桂林
    expect(div.getCell(6, onTime).value).toBeNull(); // 梧州: nothing to rate
    // Counts stay plain numbers.
    expect(div.getCell(3, 3).numFmt).toBeUndefined();
    const totals = (await workbook(summary)).getWorksheet('概况')!;
    // 概况: 按时率 4/7 and 完成率 3/7 in rows 13 and 14, as %; 列入名单 (row 3) a plain count.
    expect([totals.getCell('A13').value, totals.getCell('B13').numFmt, totals.getCell('A14').value, totals.getCell('B14').numFmt]).toEqual(['按时率', '0.0%', '完成率', '0.0%']);
    expect(totals.getCell('B3').numFmt).toBeUndefined();
  });
});
