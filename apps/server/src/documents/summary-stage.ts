/**
 * 总结阶段报告 (issue 8 item 5): the summary stage of the 2021–2023 plan, setting the years' figures
 * side by side — one column per list year for the region's totals, then per city the listed and
 * accepted audits of each year — followed by the region's narrative.
 */
import type { DashboardSummary } from '@cpaudit/contracts';
import { Document, Packer } from 'docx';
import { heading, narrative, para, pct, table, title } from './docx-kit.ts';

/** Builds the docx from one region dashboard summary per year (in year order). */
export async function summaryStageDocx(years: readonly DashboardSummary[], text: string): Promise<Buffer> {
  const first = years[0]!;
  const last = years.at(-1)!;
  const name = `${first.area.name}清洁生产审核工作总结阶段报告（${first.listYear}—${last.listYear}年）`;
  const row = (label: string, pick: (s: DashboardSummary) => string) => [label, ...years.map(pick)];
  const cities = first.divisions.map((d) => d.divisionCode);
  const doc = new Document({
    creator: 'CP Audit 清洁生产审核管理信息系统',
    title: name,
    sections: [
      {
        children: [
          title(name),
          para(`数据截至 ${first.today}（北京时间），各年度按审核名单年度统计。`),
          heading('一、各年度审核工作数据对比'),
          table(
            ['指标', ...years.map((s) => `${s.listYear}年`)],
            [
              row('列入审核名单（家）', (s) => String(s.totals.listed)),
              row('强制性审核（家）', (s) => String(s.totals.mandatory)),
              row('自愿性审核（家）', (s) => String(s.totals.voluntary)),
              row('已启动审核（家）', (s) => String(s.totals.started)),
              row('通过评估（家）', (s) => String(s.totals.evaluated)),
              row('通过验收（家）', (s) => String(s.totals.accepted)),
              row('逾期（家）', (s) => String(s.totals.overdue)),
              row('转入下一年度（家）', (s) => String(s.totals.rolledOver)),
              row('按时率', (s) => pct(s.totals.onTimeRate)),
              row('完成率', (s) => pct(s.totals.completionRate)),
            ],
          ),
          heading('二、各设区市分年度情况（列入名单 / 通过验收）'),
          table(
            ['设区市', ...years.map((s) => `${s.listYear}年`)],
            cities.map((code) => [
              first.divisions.find((d) => d.divisionCode === code)!.name,
              ...years.map((s) => {
                const d = s.divisions.find((x) => x.divisionCode === code);
                return d ? `${d.listed} / ${d.accepted}` : '0 / 0';
              }),
            ]),
          ),
          heading('三、总结与展望'),
          ...narrative(text),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
