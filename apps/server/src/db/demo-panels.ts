/**
 * Demonstration data of the expert panels (issue 6 items 7–8): one 南宁 audit in `reportSubmitted`,
 * ready for the city (nn_eeb) to draw its evaluation panel. It is a voluntary 2025 audit of a 南宁
 * enterprise, preferably of the key industry 能源 (`energy`: the speciality of zj_demo's expert, so
 * the demo expert can be drawn; else the first key-industry enterprise without a 2025 audit), started with jg_demo's agency (绿源), with its timeline
 * (disclose → start → submitReport). Voluntary: no statutory deadlines (Order 38 art. 8 ¶2).
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

/** Inserts the panel-ready audit when a 南宁 key-industry enterprise without a 2025 audit exists (returns its id); otherwise does nothing (null). */
export async function seedDemoPanelAudit(tx: Db): Promise<number | null> {
  const rows = async <T>(q: ReturnType<typeof sql>) => ((await tx.execute(q)) as unknown as { rows: T[] }).rows;
  const [ent] = await rows<{ id: number; division_code: string; key_industry: string }>(
    sql`select e.id, e.division_code, e.key_industry from enterprises e
        where e.division_code like '4501%' and e.key_industry is not null and e.status = 'operating'
          and not exists (select 1 from audits a where a.enterprise_id = e.id and a.list_year = 2025)
        order by (e.key_industry = 'energy') desc, e.id limit 1`,
  );
  if (!ent) return null;
  const [agency] = await rows<{ id: number; org_id: number }>(sql`select a.id, a.org_id from consulting_agencies a join users u on u.org_id = a.org_id where u.username = 'jg_demo' limit 1`);
  const [audit] = await rows<{ id: number }>(
    sql`insert into audits (enterprise_id, list_year, audit_type, mode, state, published_at, document_no, county_code, city_code, key_industry, reasons,
          disclosed_on, started_on, report_submitted_on, consulting_agency_id, self_audit, audit_team, disclosure, version)
        values (${ent.id}, 2025, 'voluntary', 'standard', 'reportSubmitted', '2025-03-10', '自愿审核（演示）', ${ent.division_code}, '450100', ${ent.key_industry}, '[]'::jsonb,
          '2025-04-10', '2025-05-12', '2026-02-27', ${agency?.id ?? null}, ${!agency},
          ${JSON.stringify([{ name: '覃立新', role: '组长', employer: '广西绿源清洁生产技术咨询有限公司（演示）' }, { name: '韦春梅', role: '组员' }])}::jsonb,
          ${JSON.stringify({ channel: '企业网站', url: 'https://example.com/disclosure', fields: null, disclosedOn: '2025-04-10', late: false })}::jsonb, 4)
        returning id`,
  );
  const [org] = await rows<{ id: number }>(sql`select id from orgs where kind = 'enterprise' and enterprise_id = ${ent.id} limit 1`);
  const steps = [
    ['listed', 'disclose', 'disclosed', '2025-04-10', '已在企业网站公开（演示）', 'enterpriseUser', org?.id ?? null, 2],
    ['disclosed', 'start', 'started', '2025-05-12', '委托广西绿源开展审核（演示）', 'enterpriseUser', org?.id ?? null, 3],
    ['started', 'submitReport', 'reportSubmitted', '2026-02-27', '报送审核报告，待抽取评估专家组（演示）', 'agencyUser', agency?.org_id ?? null, 4],
  ] as const;
  for (const [from, action, to, on, comment, role, orgId, v] of steps) {
    await tx.execute(sql`insert into audit_events (audit_id, from_state, action, to_state, actor_org_id, actor_role, at, comment, version_after)
      values (${audit!.id}, ${from}, ${action}, ${to}, ${orgId}, ${role}, ${`${on}T10:00:00+08:00`}::timestamptz, ${comment}, ${v})`);
  }
  return audit!.id;
}
