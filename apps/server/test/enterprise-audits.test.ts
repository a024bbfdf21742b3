/** The 审核记录 tab of the enterprise page: `GET /api/v1/enterprises/:id/audits` over the demo data. */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, qyDemoAudit, type Agent, type DemoAudit, type TestApp } from './support.ts';

describe.each(backends)('enterprise audits over HTTP on %s', (kind) => {
  let t: TestApp;
  let demo: DemoAudit;
  let nanning: Agent;
  /** A 柳州 demo enterprise (outside 南宁's area) and one without any audit. */
  let liuzhou: number;
  let noAudits: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    demo = await qyDemoAudit(t.database);
    nanning = await t.login('nn_eeb');
    const [lz] = await t.database.rows<{ id: number }>(sql`select e.id from enterprises e where e.division_code like '4502%' and exists (select 1 from audits a where a.enterprise_id = e.id) order by e.id limit 1`);
    const [none] = await t.database.rows<{ id: number }>(sql`select e.id from enterprises e where e.division_code like '4501%' and not exists (select 1 from audits a where a.enterprise_id = e.id) order by e.id limit 1`);
    liuzhou = lz!.id;
    noAudits = none!.id;
  });
  afterAll(async () => t.close());

  it('when 南宁 opens the demo enterprise, then its one 2025 mandatory audit is listed with the stored dates', async () => {
    expect(demo.enterpriseName).toBe('南宁明珠包装有限公司（演示4）');
    const res = await nanning.get(`/api/v1/enterprises/${demo.enterpriseId}/audits`);
    expect(res.statusCode, res.body).toBe(200);
    // Published 2025-03-10; disclosure within a month (2025-04-10), report within a year (2026-03-10); not yet accepted.
    expect(res.json()).toEqual([
      { id: demo.auditId, listYear: 2025, auditType: 'mandatory', mode: 'standard', state: 'listed', publishedAt: '2025-03-10', disclosureDue: '2025-04-10', reportDue: '2026-03-10', acceptedOn: null },
    ]);
    const own = await (await t.login('qy_demo')).get(`/api/v1/enterprises/${demo.enterpriseId}/audits`);
    expect(own.statusCode).toBe(200);
    expect(own.json().map((a: { id: number }) => a.id)).toEqual([demo.auditId]);
  });

  it('when an enterprise has no audit, then the list is empty', async () => {
    const res = await nanning.get(`/api/v1/enterprises/${noAudits}/audits`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([]);
  });

  it('when 南宁 asks for a 柳州 enterprise, then 403; the region reads it; an unknown enterprise is 404', async () => {
    const out = await nanning.get(`/api/v1/enterprises/${liuzhou}/audits`);
    expect(out.statusCode).toBe(403);
    const region = await (await t.login('gx_dee')).get(`/api/v1/enterprises/${liuzhou}/audits`);
    expect(region.statusCode).toBe(200);
    expect(region.json()).toHaveLength(1);
    const missing = await nanning.get('/api/v1/enterprises/999999/audits');
    expect(missing.statusCode).toBe(404);
  });
});
