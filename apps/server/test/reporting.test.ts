/**
 * Action plans (issue 5 item 5) and yearly progress reports (item 6) through the API: drafts,
 * version checks, idempotent submission, both departments' approval, return and revision,
 * prefilled figures, timeliness in Beijing time, reminders, the status matrix and the docx.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendReportReminders } from '../src/modules/reporting/annual-reports.service.ts';
import { docxText } from './docx.ts';
import { backends, createTestApp, type Agent, type TestApp } from './support.ts';

const target = (year: number, enterprisesToAudit: number) => ({
  year,
  keyIndustry: 'papermaking',
  enterprisesToAudit,
  energySavedTce: 1200.5,
  reductions: { cod: 35, nh3n: 2.4, so2: 10, nox: 8, vocs: 0 },
});

describe.each(backends)('action plans and yearly reports on %s', (kind) => {
  let t: TestApp;
  let nn: Agent;
  let lz: Agent;
  let dee: Agent;
  let drc: Agent;
  const auditCount = async (action: string, id: number) =>
    (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = ${action} and object_id = ${String(id)} and result = 'success'`))[0]!.n;

  beforeAll(async () => {
    t = await createTestApp(kind);
    // Start from no plans and reports (the demo data has some; see demo-reporting.ts).
    await t.database.rows(sql`delete from documents where owner_type = 'actionPlan'`);
    await t.database.rows(sql`delete from action_plans`);
    await t.database.rows(sql`delete from annual_reports`);
    [nn, lz, dee, drc] = (await Promise.all(['nn_eeb', 'lz_eeb', 'gx_dee', 'gx_drc'].map((u) => t.login(u)))) as [Agent, Agent, Agent, Agent];
  });
  afterAll(async () => t.close());

  describe('action plans', () => {
    let id = 0;
    it('when 南宁 starts its plan twice, then one draft: revision 1 of 2021–2023 (201, then the same draft 200)', async () => {
      const a = await nn.post('/api/v1/action-plans', {});
      expect(a.statusCode, a.body).toBe(201);
      expect(a.json()).toMatchObject({ cityCode: '450100', cityName: '南宁市', periodStart: 2021, periodEnd: 2023, revision: 1, status: 'draft', version: 1 });
      id = a.json().id;
      const b = await nn.post('/api/v1/action-plans', {});
      expect(b.statusCode).toBe(200);
      expect(b.json().id).toBe(id);
    });

    it('when a target year lies outside the period or the version is stale, then 400 / 409', async () => {
      const bad = await nn.put(`/api/v1/action-plans/${id}`, { version: 1, targets: [target(2024, 3)], narrative: '' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe('body.targets.0.year');
      const ok = await nn.put(`/api/v1/action-plans/${id}`, { version: 1, targets: [target(2021, 12), target(2022, 15)], narrative: '南宁市 2021–2023 年重点行业清洁生产审核行动计划' });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().version).toBe(2);
      expect(ok.json().targets[1]).toEqual(target(2022, 15));
      const stale = await nn.put(`/api/v1/action-plans/${id}`, { version: 1, targets: [], narrative: 'x' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().error.code).toBe('CONFLICT');
    });

    it('when the city submits twice, then it is submitted once (same answer, one audit row)', async () => {
      const a = await nn.post(`/api/v1/action-plans/${id}/submit`, { version: 2 });
      expect(a.statusCode, a.body).toBe(200);
      expect(a.json()).toMatchObject({ status: 'submitted', version: 3 });
      const b = await nn.post(`/api/v1/action-plans/${id}/submit`, { version: 2 });
      expect(b.statusCode).toBe(200);
      expect(b.json()).toMatchObject({ status: 'submitted', version: 3 });
      expect(await auditCount('actionPlan.submit', id)).toBe(1);
      expect((await nn.put(`/api/v1/action-plans/${id}`, { version: 3, targets: [], narrative: '' })).statusCode).toBe(409);
    });

    it('when DEE and DRC approve the same version at once, then exactly one succeeds and the other gets 409; after reloading, the second approval makes it approved', async () => {
      const results = await Promise.all([dee, drc].map((a) => a.post(`/api/v1/action-plans/${id}/review`, { version: 3, decision: 'approve' })));
      expect(results.map((r) => r.statusCode).sort(), results[0]!.body).toEqual([200, 409]);
      const loser = results[0]!.statusCode === 409 ? dee : drc;
      const fresh = (await loser.get(`/api/v1/action-plans/${id}`)).json();
      expect(fresh).toMatchObject({ status: 'submitted', version: 4 });
      const again = await loser.post(`/api/v1/action-plans/${id}/review`, { version: 4, decision: 'approve' });
      expect(again.json()).toMatchObject({ status: 'approved', version: 5 });
      expect(again.json().deeApprovedAt).not.toBeNull();
      expect(again.json().drcApprovedAt).not.toBeNull();
      expect(await auditCount('actionPlan.approve', id)).toBe(2);
      const late = await dee.post(`/api/v1/action-plans/${id}/review`, { version: 5, decision: 'return', comment: '再议' });
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe('INVALID_STATE_TRANSITION');
    });

    it('when DRC returns 柳州\'s plan with comments, then 柳州 revises it as revision 2 (targets copied) and revision 1 stays readable', async () => {
      const start = (await lz.post('/api/v1/action-plans', {})).json();
      await lz.put(`/api/v1/action-plans/${start.id}`, { version: 1, targets: [target(2023, 4)], narrative: '柳州市行动计划' });
      await lz.post(`/api/v1/action-plans/${start.id}/submit`, { version: 2 });
      const noComment = await drc.post(`/api/v1/action-plans/${start.id}/review`, { version: 3, decision: 'return' });
      expect(noComment.statusCode).toBe(400);
      const ret = await drc.post(`/api/v1/action-plans/${start.id}/review`, { version: 3, decision: 'return', comment: '2023 年目标偏低，请补充钢铁行业' });
      expect(ret.json()).toMatchObject({ status: 'returned', returnComment: { department: 'drc', comment: '2023 年目标偏低，请补充钢铁行业' } });
      const rev2 = await lz.post('/api/v1/action-plans', {});
      expect(rev2.statusCode).toBe(201);
      expect(rev2.json()).toMatchObject({ revision: 2, status: 'draft', targets: [target(2023, 4)], narrative: '柳州市行动计划' });
      expect(rev2.json().revisions.map((r: { revision: number; status: string }) => [r.revision, r.status])).toEqual([
        [1, 'returned'],
        [2, 'draft'],
      ]);
      expect((await lz.get(`/api/v1/action-plans/${start.id}`)).json()).toMatchObject({ revision: 1, status: 'returned' });
      const matrix = (await dee.get('/api/v1/reporting/status?year=2025')).json();
      expect(matrix.rows.find((r: { cityCode: string }) => r.cityCode === '450200')).toMatchObject({ actionPlan: 'returned', actionPlanId: rev2.json().id });
      expect(matrix.rows.find((r: { cityCode: string }) => r.cityCode === '450100')).toMatchObject({ actionPlan: 'approved' });
    });

    it('when the wrong role or area acts, then 403: 柳州 reads 南宁\'s plan, a city reviews, the region drafts', async () => {
      expect((await lz.get(`/api/v1/action-plans/${id}`)).json().error.code).toBe('OUT_OF_SCOPE');
      expect((await nn.post(`/api/v1/action-plans/${id}/review`, { version: 5, decision: 'approve' })).statusCode).toBe(403);
      expect((await dee.post('/api/v1/action-plans', { cityCode: '450100' })).statusCode).toBe(403);
    });
  });

  describe('yearly reports on 2025 (due 2026-02-28)', () => {
    it('when audits of the 2025 list exist in 南宁, then the report is prefilled with their counts', async () => {
      // Only these three audits count: the demo's published 2025 list (demo-lists.ts) is removed for 南宁 first.
      await t.database.rows(sql`delete from cp_options where audit_id in (select id from audits where list_year = 2025 and city_code = '450100')`);
      await t.database.rows(sql`delete from audit_performance where audit_id in (select id from audits where list_year = 2025 and city_code = '450100')`);
      await t.database.rows(sql`delete from audits where list_year = 2025 and city_code = '450100'`);
      const ents = await t.database.rows<{ id: number; division_code: string }>(sql`select id, division_code from enterprises where division_code like '4501%' order by id limit 3`);
      const states = ['listed', 'disclosed', 'accepted'];
      for (const [i, e] of ents.entries()) {
        await t.database.rows(sql`insert into audits (enterprise_id, list_year, audit_type, state, published_at, document_no, county_code, city_code, disclosure_due, start_due, report_due)
          values (${e.id}, 2025, 'mandatory', ${states[i]!}, '2025-03-01', '桂环函〔2025〕1号', ${e.division_code}, '450100', '2025-04-01', '2025-05-06', '2026-03-02')`);
      }
      t.clock.set('2026-02-20T10:00:00+08:00');
      const r = (await nn.get('/api/v1/annual-reports/450100/2025')).json();
      expect(r).toMatchObject({ id: null, status: 'draft', version: 0, dueDate: '2026-02-28', reminderDays: 7, timeliness: 'pending' });
      // listed 3; disclosed 2 (disclosed, accepted); started 1; evaluated 1; accepted 1; overdue 2 (the listed one missed disclosure by 2025-04-01, the disclosed one the start by 2025-05-06).
      expect(r.figures).toEqual({ connected: true, listed: 3, disclosed: 2, started: 1, evaluated: 1, accepted: 1, overdue: 2, rolledOver: 0 });
    });

    it('when the reminder job runs on 2026-02-22 twice, then every city is reminded once, each city bureau gets one notification', async () => {
      expect(await sendReportReminders(t.database, 2025, 7, new Date('2026-02-20T10:00:00+08:00'))).toEqual([]);
      const first = await sendReportReminders(t.database, 2025, 7, new Date('2026-02-22T09:00:00+08:00'));
      expect(first).toHaveLength(14);
      expect(await sendReportReminders(t.database, 2025, 7, new Date('2026-02-23T09:00:00+08:00'))).toEqual([]);
      const n = await t.database.rows<{ division_code: string; kind: string }>(sql`
        select o.division_code, o.kind, x.link from notifications x join orgs o on o.id = x.recipient_org_id where x.kind = 'annualReportReminder' and o.division_code = '450100' order by o.kind`);
      expect(n).toEqual([
        { division_code: '450100', kind: 'cityDrc', link: '/reporting/annual-reports/450100/2025' },
        { division_code: '450100', kind: 'cityEeb', link: '/reporting/annual-reports/450100/2025' },
      ]);
      t.clock.set('2026-02-22T09:00:00+08:00');
      const matrix = (await dee.get('/api/v1/reporting/status?year=2025')).json();
      expect(matrix.rows).toHaveLength(14);
      expect(matrix.rows.every((r: { reminderDue: boolean; annualReport: string }) => r.reminderDue && r.annualReport === 'notSubmitted')).toBe(true);
    });

    it('when 南宁 submits at 23:59 on 2026-02-28 and 柳州 on 2026-03-01, then on time and late; other cities are overdue; a repeat submit changes nothing', async () => {
      const cur = (await nn.get('/api/v1/annual-reports/450100/2025')).json();
      const empty = await nn.post('/api/v1/annual-reports/450100/2025/submit', { version: cur.version });
      expect(empty.statusCode).toBe(422);
      const saved = await nn.put('/api/v1/annual-reports/450100/2025', { version: cur.version, narrative: '2025 年南宁市完成 3 家企业清洁生产审核名单公布工作。' });
      expect(saved.statusCode, saved.body).toBe(200);
      expect((await nn.put('/api/v1/annual-reports/450100/2025', { version: cur.version, narrative: 'stale' })).statusCode).toBe(409);
      t.clock.set('2026-02-28T23:59:00+08:00');
      const sub = await nn.post('/api/v1/annual-reports/450100/2025/submit', { version: saved.json().version });
      expect(sub.json()).toMatchObject({ status: 'submitted', timeliness: 'onTime', submittedAt: '2026-02-28T23:59:00+08:00' });
      const again = await nn.post('/api/v1/annual-reports/450100/2025/submit', { version: saved.json().version });
      expect(again.json()).toMatchObject({ status: 'submitted', submittedAt: '2026-02-28T23:59:00+08:00' });
      expect((await t.database.rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'annualReport.submit'`))[0]!.n).toBe(1);

      t.clock.set('2026-03-01T00:00:01+08:00');
      const lzCur = (await lz.get('/api/v1/annual-reports/450200/2025')).json();
      const lzSaved = (await lz.put('/api/v1/annual-reports/450200/2025', { version: lzCur.version, narrative: '柳州市 2025 年度工作情况说明。' })).json();
      expect((await lz.post('/api/v1/annual-reports/450200/2025/submit', { version: lzSaved.version })).json().timeliness).toBe('late');

      const matrix = (await dee.get('/api/v1/reporting/status?year=2025')).json();
      const byCity = Object.fromEntries(matrix.rows.map((r: { cityCode: string; annualReport: string; timeliness: string }) => [r.cityCode, [r.annualReport, r.timeliness]]));
      expect(byCity['450100']).toEqual(['submitted', 'onTime']);
      expect(byCity['450200']).toEqual(['submitted', 'late']);
      expect(byCity['450300']).toEqual(['overdue', 'missing']);
      expect(Object.values(byCity).filter((v) => (v as string[])[0] === 'overdue')).toHaveLength(12);
      // A city sees only its own row.
      expect((await nn.get('/api/v1/reporting/status?year=2025')).json().rows.map((r: { cityCode: string }) => r.cityCode)).toEqual(['450100']);
    });

    it('when the region moves the 2025 due date to 2026-03-15, then 柳州 is on time and the others are pending again', async () => {
      const bad = await dee.put('/api/v1/annual-report-settings/2025', { dueDate: '2025-12-31', reminderDays: 5 });
      expect(bad.statusCode).toBe(400);
      const ok = await dee.put('/api/v1/annual-report-settings/2025', { dueDate: '2026-03-15', reminderDays: 5 });
      expect(ok.json()).toEqual({ year: 2025, dueDate: '2026-03-15', reminderDays: 5 });
      const matrix = (await dee.get('/api/v1/reporting/status?year=2025')).json();
      expect(matrix).toMatchObject({ dueDate: '2026-03-15', reminderDays: 5 });
      expect(matrix.rows.find((r: { cityCode: string }) => r.cityCode === '450200').timeliness).toBe('onTime');
      expect(matrix.rows.find((r: { cityCode: string }) => r.cityCode === '450300').timeliness).toBe('pending');
      expect((await nn.put('/api/v1/annual-report-settings/2025', { dueDate: '2026-03-15', reminderDays: 5 })).statusCode).toBe(403);
    });

    it('when the report is exported, then a docx (zip) with the figures and the narrative; 柳州 may not export 南宁\'s', async () => {
      const res = await dee.get('/api/v1/annual-reports/450100/2025/export.docx');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      expect(res.rawPayload.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
      const xml = await docxText(res.rawPayload);
      expect(xml).toContain('南宁市2025年度清洁生产审核工作落实情况报告');
      expect(xml).toContain('2025 年南宁市完成 3 家企业清洁生产审核名单公布工作。');
      expect(xml).toContain('已通过验收企业数');
      expect((await lz.get('/api/v1/annual-reports/450100/2025/export.docx')).statusCode).toBe(403);
    });
  });
});
