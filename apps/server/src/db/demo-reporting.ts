/**
 * Demonstration data of the cities' action plans and yearly progress reports (issue 5 items
 * 5–6), so the story can be tried at once:
 * - 南宁 (450100): action plan 2021–2023 approved by both departments; its report on 2025
 *   submitted on 2026-02-26 (on time, due 2026-02-28);
 * - 柳州 (450200): plan returned by the region's DRC (revision 1), revised and resubmitted
 *   (revision 2), approved by DEE and waiting for DRC; its 2025 report missing (overdue), so
 *   `lz_eeb` can file it late;
 * - 桂林 (450300): 2025 report submitted late on 2026-03-03;
 * - every other city: no plan, 2025 report missing (overdue).
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { actionPlans, annualReports } from './schema.ts';

const t = (year: number, keyIndustry: string, enterprisesToAudit: number, tce: number, cod: number, so2: number, nox: number) => ({
  year,
  keyIndustry,
  enterprisesToAudit,
  energySavedTce: tce,
  reductions: { cod, nh3n: Math.round(cod * 0.08 * 10) / 10, so2, nox, vocs: 0 },
});

/** Inserts the demo plans and reports (called by `seedDemo` after the accounts exist). */
export async function seedReportingDemo(tx: Db): Promise<void> {
  const ids = (await tx.execute(sql`select username, id from users where username in ('nn_eeb', 'lz_eeb', 'gx_dee', 'gx_drc')`)) as unknown as { rows: { username: string; id: number }[] };
  const u = Object.fromEntries(ids.rows.map((r) => [r.username, r.id])) as Record<string, number>;
  const at = (s: string) => new Date(s);
  const nnTargets = [t(2021, 'papermaking', 8, 3200, 120, 45, 60), t(2022, 'papermaking', 10, 4100, 150, 50, 70), t(2023, 'metallurgy', 6, 8800, 20, 210, 260)];
  await tx.insert(actionPlans).values([
    {
      cityCode: '450100', periodStart: 2021, periodEnd: 2023, revision: 1, status: 'approved', targets: nnTargets,
      narrative: '南宁市 2021—2023 年重点行业清洁生产审核行动计划：以造纸、冶金行业为重点，三年内完成 24 家企业清洁生产审核。',
      submittedBy: u.nn_eeb, submittedAt: at('2021-05-10T10:00:00+08:00'), deeApprovedBy: u.gx_dee, deeApprovedAt: at('2021-05-20T15:00:00+08:00'),
      drcApprovedBy: u.gx_drc, drcApprovedAt: at('2021-05-21T09:30:00+08:00'), createdBy: u.nn_eeb, createdAt: at('2021-04-28T09:00:00+08:00'),
      updatedAt: at('2021-05-21T09:30:00+08:00'), version: 5,
    },
    {
      cityCode: '450200', periodStart: 2021, periodEnd: 2023, revision: 1, status: 'returned', targets: [t(2021, 'metallurgy', 3, 5000, 10, 120, 150)],
      narrative: '柳州市行动计划（初稿）。', submittedBy: u.lz_eeb, submittedAt: at('2021-05-12T10:00:00+08:00'),
      returnComment: { department: 'drc', byName: '自治区发展改革委 审核管理员', at: '2021-05-18T16:00:00+08:00', comment: '钢铁行业节能目标偏低，请补充 2022、2023 年目标。' },
      createdBy: u.lz_eeb, createdAt: at('2021-05-06T09:00:00+08:00'), updatedAt: at('2021-05-18T16:00:00+08:00'), version: 3,
    },
    {
      cityCode: '450200', periodStart: 2021, periodEnd: 2023, revision: 2, status: 'submitted',
      targets: [t(2021, 'metallurgy', 3, 5000, 10, 120, 150), t(2022, 'metallurgy', 4, 7200, 12, 160, 190), t(2023, 'chemical', 5, 2600, 40, 30, 35)],
      narrative: '柳州市 2021—2023 年重点行业清洁生产审核行动计划（修订稿）：补充了 2022、2023 年钢铁、化工行业目标。',
      submittedBy: u.lz_eeb, submittedAt: at('2021-05-25T10:00:00+08:00'), deeApprovedBy: u.gx_dee, deeApprovedAt: at('2021-05-27T11:00:00+08:00'),
      createdBy: u.lz_eeb, createdAt: at('2021-05-19T09:00:00+08:00'), updatedAt: at('2021-05-27T11:00:00+08:00'), version: 4,
    },
  ]);
  const figures = { connected: true, listed: 0, disclosed: 0, started: 0, evaluated: 0, accepted: 0, overdue: 0, rolledOver: 0 };
  await tx.insert(annualReports).values([
    {
      cityCode: '450100', year: 2025, status: 'submitted', figures,
      narrative: '2025 年南宁市按行动计划推进重点行业清洁生产审核：完成名单企业信息公开督促、审核启动情况调度和评估验收组织工作。\n下一步将加强对逾期企业的督办。',
      submittedBy: u.nn_eeb, submittedAt: at('2026-02-26T10:00:00+08:00'), createdAt: at('2026-02-10T09:00:00+08:00'), updatedAt: at('2026-02-26T10:00:00+08:00'), version: 3,
    },
    {
      cityCode: '450300', year: 2025, status: 'submitted', figures, narrative: '桂林市 2025 年度清洁生产审核工作落实情况。',
      submittedAt: at('2026-03-03T16:20:00+08:00'), createdAt: at('2026-03-02T09:00:00+08:00'), updatedAt: at('2026-03-03T16:20:00+08:00'), version: 2,
    },
  ]);
}
