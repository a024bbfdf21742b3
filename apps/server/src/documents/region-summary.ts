/**
 * 自治区年度清洁生产审核工作总结 (issue 8 item 5): the region's yearly summary across the 14 cities —
 * the figures of the list year (dashboard figures, live from `audits`), one table row per city
 * with its rates and the status of its list, action plan and yearly report (reporting matrix),
 * and the narrative sections the region types in. The list publication notice
 * (modules/lists export.docx) and a city's report (modules/reporting) are separate documents.
 */
import type { DashboardSummary } from '@cpaudit/contracts';
import { Document, Packer } from 'docx';
import { TAG_ZH, heading, narrative, para, pct, table, title } from './docx-kit.ts';

/** The narrative fields of the summary, typed by the region (plain text, line breaks kept). */
export interface RegionSummaryNarrative {
  overview: string;
  problems: string;
  nextSteps: string;
}

/**
 * The document's title (and file name without `.docx`): `广西壮族自治区2025年度清洁生产审核工作总结`,
 * with `（钢铁行业）` appended when it covers one key industry (`industryZh`, its Chinese name).
 */
export function regionSummaryTitle(areaName: string, listYear: number, industryZh: string | null): string {
  return `${areaName}${listYear}年度清洁生产审核工作总结${industryZh ? `（${industryZh}行业）` : ''}`;
}

/**
 * Builds the docx; `s` is the region's dashboard summary of the year (area level `region`), filtered
 * to one key industry when `s.keyIndustry` is set — then `industryZh` is that industry's Chinese
 * name, shown in the title and the statistical scope line (统计口径).
 */
export async function regionSummaryDocx(s: DashboardSummary, text: RegionSummaryNarrative, industryZh: string | null = null): Promise<Buffer> {
  const name = regionSummaryTitle(s.area.name, s.listYear, industryZh);
  const f = s.totals;
  const doc = new Document({
    creator: 'CP Audit 清洁生产审核管理信息系统',
    title: name,
    sections: [
      {
        children: [
          title(name),
          para(`统计口径：${s.listYear} 年审核名单，${industryZh ? `重点行业：${industryZh}` : '全部行业'}；数据截至 ${s.today}（北京时间）。`),
          heading('一、总体情况'),
          ...narrative(text.overview),
          table(
            ['指标', '数量（家）'],
            [
              ['列入审核名单', String(f.listed)],
              ['其中：强制性审核', String(f.mandatory)],
              ['其中：自愿性审核', String(f.voluntary)],
              ['按时公布企业信息', String(f.disclosedOnTime)],
              ['已启动审核', String(f.started)],
              ['通过评估', String(f.evaluated)],
              ['通过验收', String(f.accepted)],
              ['逾期', String(f.overdue)],
              ['转入下一年度名单', String(f.rolledOver)],
              ['按时率', pct(f.onTimeRate)],
              ['完成率', pct(f.completionRate)],
            ],
          ),
          heading('二、各设区市工作情况'),
          table(
            ['设区市', '列入名单', '已启动', '通过验收', '逾期', '按时率', '完成率', '名单', '行动计划', '年度报告'],
            s.divisions.map((d) => [
              d.name,
              String(d.listed),
              String(d.started),
              String(d.accepted),
              String(d.overdue),
              pct(d.onTimeRate),
              pct(d.completionRate),
              d.list ? TAG_ZH[d.list]! : '—',
              d.actionPlan ? TAG_ZH[d.actionPlan]! : '—',
              d.annualReport ? TAG_ZH[d.annualReport]! : '—',
            ]),
          ),
          heading('三、存在的问题'),
          ...narrative(text.problems),
          heading('四、下一步工作'),
          ...narrative(text.nextSteps),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
