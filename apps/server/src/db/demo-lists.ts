/**
 * Demonstration data of issue 5: the region's published 2025 annual list (桂环函〔2025〕12号,
 * 2025-03-10), so that the public list page, the forms and the audits table have something to show
 * before anyone publishes 2026. Per city the two lowest-id operating key-industry enterprises, plus
 * the demo enterprise of `qy_demo`, as mandatory audits with the reason `exceedsStandard` (demonstration
 * only), their deadlines computed by `computeAuditDeadlines` (Order 38 art. 11, 12, 17), and a
 * notification to the demo enterprise. The 2026 list is left to the user: screen 2025, confirm, draft.
 */
import { CHINA_WORK_CALENDAR, computeAuditDeadlines } from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';

export const DEMO_LIST = { listYear: 2025, documentNo: '桂环函〔2025〕12号', publishedOn: '2025-03-10' } as const;

/** Demonstration screening evidence on every demo entry (prefills the disclosure form): COD 125 mg/L against 100 mg/L. */
const DEMO_EVIDENCE = {
  exceedsStandard: [{ kind: 'exceedance', outletCode: 'DW001', pollutant: '化学需氧量', monitoredOn: '2024-06-18', measuredValue: 125, limitValue: 100, unit: 'mg/L', dataSource: 'supervisory' }],
};

/** Writes the demo 2025 publication inside the seeding transaction `tx`; a few dozen rows, one statement per table. */
export async function seedDemoLists(tx: Db, demoEnterpriseId: number): Promise<void> {
  const { listYear, documentNo, publishedOn } = DEMO_LIST;
  const due = computeAuditDeadlines({ published: publishedOn, evaluationPassed: null }, CHINA_WORK_CALENDAR);
  const basis = '《清洁生产审核办法》第八条第（一）项：污染物排放超过国家或者地方规定的排放标准（演示数据）';
  await tx.execute(sql`
    with pub as (
      insert into audit_list_publications (list_year, round, document_no, published_on, authority)
      values (${listYear}, 0, ${documentNo}, ${publishedOn}, '广西壮族自治区生态环境厅、广西壮族自治区发展和改革委员会') returning id
    ), picked as (
      select id, division_code, substr(division_code, 1, 4) || '00' as city_code from (
        select e.id, e.division_code, row_number() over (partition by substr(e.division_code, 1, 4) order by e.id) as n
        from enterprises e where e.key_industry is not null and e.status = 'operating'
      ) r where n <= 2
      union select id, division_code, substr(division_code, 1, 4) || '00' from enterprises where id = ${demoEnterpriseId}
    ), lists as (
      insert into audit_lists (list_year, round, city_code, status, submitted_at, dee_approved_at, publication_id)
      select ${listYear}, 0, c.city_code, 'published', ${`${publishedOn}T09:00:00+08:00`}::timestamptz, ${`${publishedOn}T09:00:00+08:00`}::timestamptz, pub.id
      from (select distinct city_code from picked) c, pub returning id, city_code
    ), entries as (
      insert into audit_list_entries (list_id, enterprise_id, audit_type, source, criteria, reasons, evidence)
      select l.id, p.id, 'mandatory', 'screening', '{exceedsStandard}'::text[], jsonb_build_array(jsonb_build_object('criterion', 'exceedsStandard', 'basis', ${basis}::text)),
        ${JSON.stringify(DEMO_EVIDENCE)}::jsonb
      from picked p join lists l on l.city_code = p.city_code returning id, enterprise_id, list_id, reasons
    )
    insert into audits (enterprise_id, list_year, audit_type, list_entry_id, publication_id, published_at, document_no, county_code, city_code, key_industry, reasons, disclosure_due, start_due, report_due)
    select x.enterprise_id, ${listYear}, 'mandatory', x.id, pub.id, ${publishedOn}, ${documentNo}, e.division_code, l.city_code, e.key_industry, x.reasons,
      ${due.disclosureDue}::date, ${due.startDue}::date, ${due.reportDue}::date
    from entries x join lists l on l.id = x.list_id join enterprises e on e.id = x.enterprise_id, pub`);
  await tx.execute(sql`
    insert into notifications (recipient_org_id, kind, title, body, link)
    select o.id, 'audit.listed', ${`贵单位已列入${listYear}年强制性清洁生产审核名单`},
      ${`依据${documentNo}（${publishedOn}发布）。请于 ${due.disclosureDue} 前公布企业相关信息，${due.startDue} 前启动清洁生产审核，${due.reportDue} 前报送审核报告（《清洁生产审核办法》第十一、十二、十七条）。`},
      ${`/public/lists?listYear=${listYear}`}
    from orgs o where o.enterprise_id = ${demoEnterpriseId} and o.kind = 'enterprise'`);
}

/**
 * Moves a few demo audits along the workflow (issue 6), with their timelines, so the audit pages
 * show something: in 南宁 one with its report submitted and one started (both with jg_demo's
 * agency), elsewhere one disclosed; the rest (and qy_demo's audit) stay `listed` — overdue on
 * disclosure by the demo clock, the fourth marked overdue by the job.
 */
export async function seedDemoAuditProgress(tx: Db, demoEnterpriseId: number): Promise<void> {
  const rows = ((await tx.execute(sql`select a.id, a.enterprise_id, (select o.id from orgs o where o.kind = 'enterprise' and o.enterprise_id = a.enterprise_id limit 1) as org_id
      from audits a where a.list_year = ${DEMO_LIST.listYear} and a.enterprise_id <> ${demoEnterpriseId} order by (a.city_code = '450100') desc, a.id limit 4`)) as unknown as { rows: { id: number; org_id: number | null }[] }).rows;
  const [agency] = ((await tx.execute(sql`select a.id, a.org_id from consulting_agencies a join users u on u.org_id = a.org_id where u.username = 'jg_demo' limit 1`)) as unknown as { rows: { id: number; org_id: number }[] }).rows;
  const steps: { action: string; from: string; to: string; on: string; comment: string }[] = [
    { action: 'disclose', from: 'listed', to: 'disclosed', on: '2025-04-03', comment: '已在企业网站公开（演示）' },
    { action: 'start', from: 'disclosed', to: 'started', on: '2025-05-06', comment: '委托咨询机构开展审核（演示）' },
    { action: 'submitReport', from: 'started', to: 'reportSubmitted', on: '2026-02-26', comment: '报送审核报告，含 6 项方案（演示）' },
  ];
  // 南宁 first: the report submitted, then the started audit (both with jg_demo's agency), then the disclosed one.
  for (const [j, a] of rows.slice(0, 3).entries()) {
    const i = 2 - j;
    const done = steps.slice(0, i + 1);
    let version = 1;
    for (const st of done) {
      version++;
      await tx.execute(sql`insert into audit_events (audit_id, from_state, action, to_state, actor_org_id, actor_role, at, comment, version_after)
        values (${a.id}, ${st.from}, ${st.action}, ${st.to}, ${st.action === 'start' || st.action === 'disclose' ? a.org_id : (agency?.org_id ?? a.org_id)}, ${st.action === 'submitReport' ? 'agencyUser' : 'enterpriseUser'},
          ${`${st.on}T10:00:00+08:00`}::timestamptz, ${st.comment}, ${version})`);
    }
    const last = done[done.length - 1]!;
    await tx.execute(sql`update audits set state = ${last.to}, version = ${version}, disclosed_on = '2025-04-03',
        disclosure = ${JSON.stringify({ channel: '企业网站', url: 'https://example.com/disclosure', fields: null, disclosedOn: '2025-04-03', late: false })}::jsonb,
        started_on = ${i >= 1 ? '2025-05-06' : null}, report_submitted_on = ${i >= 2 ? '2026-02-26' : null},
        consulting_agency_id = ${i >= 1 ? (agency?.id ?? null) : null}, self_audit = ${i >= 1 && !agency},
        audit_team = ${JSON.stringify(i >= 1 ? [{ name: '李工', role: '组长' }, { name: '王工', role: '组员' }] : [])}::jsonb
      where id = ${a.id}`);
  }
  const overdue = rows[3];
  if (overdue) {
    await tx.execute(sql`insert into audit_overdue (audit_id, step, due, marked_on) select id, 'disclosure', disclosure_due, disclosure_due + 1 from audits where id = ${overdue.id} on conflict do nothing`);
  }
}
