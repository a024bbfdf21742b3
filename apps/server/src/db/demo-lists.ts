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
      insert into audit_list_entries (list_id, enterprise_id, audit_type, source, criteria, reasons)
      select l.id, p.id, 'mandatory', 'screening', '{exceedsStandard}'::text[], jsonb_build_array(jsonb_build_object('criterion', 'exceedsStandard', 'basis', ${basis}::text))
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
