/**
 * Expert panels over HTTP (issue 6 items 7–8): the draw never seats a conflicted expert, the pool
 * and exclusions are kept, the enterprise sees names only after the decision, a declined expert is
 * replaced with a recorded seed, three experts score, the city decides, the audit moves on, and the
 * opinion docx names the enterprise, each expert and the mean.
 *
 * Setup (demo data): the audit of qy_demo's enterprise, put in `reportSubmitted` with key industry
 * 建材 (building_materials), consulting agency 绿源 (jg_demo's) and an audit team naming the first
 * 建材 expert. Conflicts then: that expert (onConsultingTeam), the third 建材 expert (works at the
 * demo enterprise: employedByEnterprise), the third 化工 expert (works at 绿源: employedByAgency),
 * every demo expert marked unavailable, and one generalist who reviewed the enterprise in 2024
 * (recentReview, 3 years).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxText } from './docx.ts';
import { backends, createTestApp, putAuditsInState, qyDemoAudit, type Agent, type TestApp } from './support.ts';

describe.each(backends)('expert panels on %s', (kind) => {
  let t: TestApp;
  let city: Agent;
  let ent: Agent;
  let expertAgent: Agent;
  let auditId = 0;
  let enterpriseName = '';
  const conflicted = new Map<number, string>();
  let zjUserId = 0;

  const one = async <T>(q: ReturnType<typeof sql>) => (await t.database.rows<T>(q))[0]!;
  /** Puts the audit back in `reportSubmitted` without panels (between draws). */
  const reset = async () => {
    await t.database.rows(sql`delete from score_sheets`);
    await t.database.rows(sql`delete from panel_members where panel_id in (select id from review_panels where audit_id = ${auditId} and drawn_at > '2025-01-01')`);
    await t.database.rows(sql`delete from review_panels where audit_id = ${auditId} and drawn_at > '2025-01-01'`);
    await putAuditsInState(t.database, [auditId], 'reportSubmitted', sql`version = version + 1`);
  };

  beforeAll(async () => {
    t = await createTestApp(kind);
    city = await t.login('nn_eeb');
    ent = await t.login('qy_demo');
    expertAgent = await t.login('zj_demo');
    const a = await qyDemoAudit(t.database);
    auditId = a.auditId;
    enterpriseName = a.enterpriseName;
    const lvyuan = await one<{ id: number; uscc: string }>(sql`select a.id, a.uscc from consulting_agencies a join users u on u.org_id = a.org_id where u.username = 'jg_demo'`);
    const bm = await t.database.rows<{ id: number; name: string; employer_uscc: string | null }>(
      sql`select id, name, employer_uscc from experts where specialities @> '["building_materials"]'::jsonb order by id`,
    );
    expect(bm.length).toBe(3);
    expect(bm[2]!.employer_uscc).toBe(a.uscc);
    conflicted.set(bm[0]!.id, 'onConsultingTeam');
    conflicted.set(bm[2]!.id, 'employedByEnterprise');
    const agencyEmployee = await one<{ id: number }>(sql`select id from experts where employer_uscc = ${lvyuan.uscc}`);
    conflicted.set(agencyEmployee.id, 'employedByAgency');
    for (const u of await t.database.rows<{ id: number }>(sql`select id from experts where not available`)) conflicted.set(u.id, 'unavailable');
    const generalist = await one<{ id: number }>(sql`select id from experts where specialities = '["energy_saving"]'::jsonb order by id limit 1`);
    conflicted.set(generalist.id, 'recentReview');
    await putAuditsInState(t.database, [auditId], 'reportSubmitted', sql`key_industry = 'building_materials'`, sql`consulting_agency_id = ${lvyuan.id}`,
      sql`audit_team = ${JSON.stringify([{ name: bm[0]!.name, role: '审核组成员' }])}::jsonb`);
    // The 2024 review of the same enterprise by the generalist (a decided panel of an earlier round).
    const tpl = await one<{ id: number }>(sql`select id from scoring_templates where kind = 'evaluation' and active`);
    const past = await one<{ id: number }>(
      sql`insert into review_panels (audit_id, stage, seed, size, template_id, eligible, exclusions, drawn_at, status)
          values (${auditId}, 'evaluation', 7, 3, ${tpl.id}, '[]'::jsonb, '[]'::jsonb, '2024-06-01T10:00:00+08:00', 'decided') returning id`,
    );
    await t.database.rows(sql`insert into panel_members (panel_id, expert_id, role, seat) values (${past.id}, ${generalist.id}, 'other', 1)`);
    zjUserId = (await one<{ id: number }>(sql`select id from users where username = 'zj_demo'`)).id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('when the demo is fresh, then a 南宁 audit waits in reportSubmitted, the city draws its panel and zj_demo, once drawn, sees the assignment', async () => {
    const [ready] = await t.database.rows<{ id: number }>(sql`select id from audits where city_code = '450100' and state = 'reportSubmitted' and audit_type = 'voluntary' order by id`);
    expect(ready).toBeDefined();
    const zj = (await one<{ id: number }>(sql`select x.id from experts x where x.user_id = ${zjUserId}`)).id;
    let seated = 0;
    for (let seed = 1; seed <= 20 && !seated; seed++) {
      const res = await city.post(`/api/v1/audits/${ready!.id}/panels`, { stage: 'evaluation', seed });
      expect(res.statusCode, res.body).toBe(201);
      if (res.json().members.some((m: { expertId: number }) => m.expertId === zj)) seated = res.json().id;
      else {
        // Put the audit back for the next seed (the panel and its timeline row go).
        await t.database.rows(sql`delete from panel_members where panel_id = ${res.json().id}`);
        await t.database.rows(sql`delete from review_panels where id = ${res.json().id}`);
        await t.database.rows(sql`delete from audit_events where audit_id = ${ready!.id} and action = 'drawPanel'`);
        await putAuditsInState(t.database, [ready!.id], 'reportSubmitted', sql`version = version + 1`);
      }
    }
    expect(seated).toBeGreaterThan(0);
    const mine = (await expertAgent.get('/api/v1/my/assignments')).json();
    expect(mine.map((a: { panelId: number }) => a.panelId)).toContain(seated);
    expect(mine.find((a: { panelId: number }) => a.panelId === seated).template.items).toHaveLength(7);
  });

  it('when the city draws an evaluation panel, then the seed, the pool and every exclusion with its reason are kept and the audit is in evaluation', async () => {
    const res = await city.post(`/api/v1/audits/${auditId}/panels`, { stage: 'evaluation', seed: 20260302 });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.seed).toBe(20260302);
    expect(p.members).toHaveLength(3);
    const reasons = new Map<number, string>(p.exclusions.map((x: { expertId: number; reason: string }) => [x.expertId, x.reason]));
    for (const [id, reason] of conflicted) expect(reasons.get(id), `expert ${id}`).toBe(reason);
    // Every expert of the pool is either eligible or excluded.
    const total = await one<{ n: number }>(sql`select count(*)::int as n from experts`);
    expect(p.eligible.length + p.exclusions.length).toBe(total.n);
    // The only eligible 建材 expert holds the industry seat.
    const bm = await t.database.rows<{ id: number }>(sql`select id from experts where specialities @> '["building_materials"]'::jsonb order by id`);
    expect(p.members.find((m: { role: string }) => m.role === 'industry').expertId).toBe(bm[1]!.id);
    const audit = await one<{ state: string }>(sql`select state from audits where id = ${auditId}`);
    expect(audit.state).toBe('evaluation');
    const ev = await one<{ n: number }>(sql`select count(*)::int as n from audit_events where audit_id = ${auditId} and action = 'drawPanel'`);
    expect(ev.n).toBe(1);
    const log = await one<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'panel.draw' and object_id = ${String(p.id)}`);
    expect(log.n).toBe(1);
    // A second draw while this one is open: conflict.
    expect((await city.post(`/api/v1/audits/${auditId}/panels`, { stage: 'evaluation' })).statusCode).toBe(409);
  });

  it('when the panel is read, then officials see names and the pool, the enterprise sees neither before the decision', async () => {
    const off = (await city.get(`/api/v1/audits/${auditId}/panels`)).json();
    expect(off[0].members.every((m: { name: string | null }) => typeof m.name === 'string')).toBe(true);
    // Every demo expert has a login (zj_demo for the first, zj_NN for the NN-th by id): officials see it to pass it on.
    const logins = await t.database.rows<{ id: number; username: string }>(sql`select x.id, u.username from experts x join users u on u.id = x.user_id`);
    const loginOf = new Map(logins.map((l) => [l.id, l.username]));
    for (const m of off[0].members as { expertId: number; account: string | null }[]) expect(m.account).toBe(loginOf.get(m.expertId));
    expect(off[0].members.every((m: { account: string | null }) => /^zj_(demo|\d\d)$/.test(m.account ?? ''))).toBe(true);
    const mine = (await ent.get(`/api/v1/audits/${auditId}/panels`)).json();
    expect(mine[0].members).toHaveLength(3);
    expect(mine[0].members.every((m: { name: string | null; expertId: number | null; account: string | null }) => m.name === null && m.expertId === null && m.account === null)).toBe(true);
    expect(mine[0].exclusions).toBeNull();
    expect(mine[0].eligible).toBeNull();
    expect(mine[0].seed).toBeNull();
  });

  it('when drawn with 15 seeds and sizes 3 and 5, then no conflicted expert is ever drawn and the same seed gives the same panel', async () => {
    const seen = new Map<number, number[]>();
    for (let seed = 1; seed <= 15; seed++) {
      for (const size of [3, 5]) {
        await reset();
        const res = await city.post(`/api/v1/audits/${auditId}/panels`, { stage: 'evaluation', seed, size });
        expect(res.statusCode, res.body).toBe(201);
        const ids: number[] = res.json().members.map((m: { expertId: number }) => m.expertId);
        expect(ids).toHaveLength(size);
        for (const id of ids) expect(conflicted.has(id), `seed ${seed}: expert ${id} is conflicted`).toBe(false);
        if (size === 3) seen.set(seed, ids);
      }
    }
    await reset();
    const again = (await city.post(`/api/v1/audits/${auditId}/panels`, { stage: 'evaluation', seed: 7 })).json();
    expect(again.members.map((m: { expertId: number }) => m.expertId)).toEqual(seen.get(7));
  });

  it('when an expert declines, then a replacement is drawn with a recorded seed, never conflicted nor already seated', async () => {
    const [p] = (await city.get(`/api/v1/audits/${auditId}/panels`)).json();
    const other = p.members.find((m: { role: string }) => m.role === 'other');
    const stale = await city.post(`/api/v1/panels/${p.id}/members/${other.id}/replace`, { version: p.version + 5, reason: '出差' });
    expect(stale.statusCode).toBe(409);
    const res = await city.post(`/api/v1/panels/${p.id}/members/${other.id}/replace`, { version: p.version, seed: 99, reason: '时间冲突，无法参加' });
    expect(res.statusCode, res.body).toBe(200);
    const q = res.json();
    const active = q.members.filter((m: { replaced: boolean }) => !m.replaced);
    expect(active).toHaveLength(3);
    const newcomer = active.find((m: { seat: number }) => m.seat === other.seat);
    expect(newcomer.expertId).not.toBe(other.expertId);
    expect(p.members.map((m: { expertId: number }) => m.expertId)).not.toContain(newcomer.expertId);
    expect(conflicted.has(newcomer.expertId)).toBe(false);
    expect(q.draws.at(-1)).toMatchObject({ kind: 'replace', seed: 99, replacedExpertId: other.expertId, newExpertId: newcomer.expertId });
    expect(q.members.find((m: { id: number }) => m.id === other.id)).toMatchObject({ response: 'declined', replaced: true });
  });

  it('when three experts score and the city decides, then the mean and outcome come from the sheets, the audit passes evaluation and the opinion docx names everyone', async () => {
    const [p] = (await city.get(`/api/v1/audits/${auditId}/panels`)).json();
    const active = p.members.filter((m: { replaced: boolean }) => !m.replaced);
    const template = p.template;
    // Sheets of 92, 88 and 85.5 points → mean 88.5 → passWithRevisions (70 ≤ mean < 90).
    const totals = [92, 88, 85.5];
    const scoresFor = (total: number): Record<string, number> => {
      // Full marks on every item but the last, which takes the rest.
      const items = template.items as { key: string; maxPoints: number }[];
      const out: Record<string, number> = {};
      let rest = total;
      for (const it of items.slice(0, -1)) {
        out[it.key] = it.maxPoints;
        rest -= it.maxPoints;
      }
      // Take points off the first items when the last cannot absorb the difference.
      const last = items.at(-1)!;
      let shortfall = last.maxPoints - rest;
      out[last.key] = last.maxPoints;
      for (const it of items) {
        if (shortfall <= 0) break;
        const take = Math.min(shortfall, out[it.key]!);
        out[it.key] = Math.round((out[it.key]! - take) * 100) / 100;
        shortfall = Math.round((shortfall - take) * 100) / 100;
      }
      return out;
    };
    // Not a member: zj_demo linked to nobody on this panel.
    await t.database.rows(sql`update experts set user_id = null where user_id = ${zjUserId}`);
    const outsider = await expertAgent.put(`/api/v1/panels/${p.id}/sheets/mine`, { version: 0, items: {}, vetoes: [], comment: '' });
    expect(outsider.statusCode).toBe(403);
    // Deciding before the sheets are in: refused.
    expect((await city.post(`/api/v1/panels/${p.id}/decide`, { version: p.version })).statusCode).toBe(422);
    for (const [i, m] of active.entries()) {
      await t.database.rows(sql`update experts set user_id = null where user_id = ${zjUserId}`);
      await t.database.rows(sql`update experts set user_id = ${zjUserId} where id = ${m.expertId}`);
      const mine = (await expertAgent.get('/api/v1/my/assignments')).json();
      const a = mine.find((x: { panelId: number }) => x.panelId === p.id);
      expect(a.audit.enterpriseName).toBe(enterpriseName);
      expect(a.template.items.length).toBeGreaterThan(0);
      const items = scoresFor(totals[i]!);
      // Over the maximum: located error.
      const first = template.items[0];
      const bad = await expertAgent.put(`/api/v1/panels/${p.id}/sheets/mine`, { version: 0, items: { [first.key]: first.maxPoints + 1 }, vetoes: [], comment: '' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details[0].field).toBe(`items.${first.key}`);
      const saved = await expertAgent.put(`/api/v1/panels/${p.id}/sheets/mine`, { version: 0, items, vetoes: [], comment: `专家${i + 1}意见：物料平衡需补充实测数据` });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json().total).toBe(totals[i]);
      expect((await expertAgent.put(`/api/v1/panels/${p.id}/sheets/mine`, { version: 0, items, vetoes: [], comment: '' })).statusCode).toBe(409);
      const sub = await expertAgent.post(`/api/v1/panels/${p.id}/sheets/mine/submit`, { version: saved.json().version });
      expect(sub.statusCode, sub.body).toBe(200);
      expect(sub.json().submittedAt).toMatch(/\+08:00$/);
      expect((await expertAgent.put(`/api/v1/panels/${p.id}/sheets/mine`, { version: sub.json().version, items, vetoes: [], comment: '' })).statusCode).toBe(422);
    }
    const before = (await city.get(`/api/v1/audits/${auditId}/panels`)).json()[0];
    expect(before.submitted).toBe(3);
    expect((await city.post(`/api/v1/panels/${p.id}/decide`, { version: before.version - 1 })).statusCode).toBe(409);
    const res = await city.post(`/api/v1/panels/${p.id}/decide`, { version: before.version });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().panel.result).toMatchObject({ mean: 88.5, outcome: 'passWithRevisions', vetoes: [] });
    expect(res.json().auditState).toBe('evaluationPassed');
    expect((await one<{ state: string }>(sql`select state from audits where id = ${auditId}`)).state).toBe('evaluationPassed');
    expect((await one<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'panel.decide' and object_id = ${String(p.id)}`)).n).toBe(1);
    // Decided: the enterprise now sees the names.
    const mine = (await ent.get(`/api/v1/audits/${auditId}/panels`)).json()[0];
    expect(mine.members.map((m: { name: string }) => m.name).sort()).toEqual(active.map((m: { name: string }) => m.name).sort());
    const doc = await city.get(`/api/v1/panels/${p.id}/opinion.docx`);
    expect(doc.statusCode).toBe(200);
    expect(doc.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const xml = await docxText(doc.rawPayload);
    expect(xml).toContain(enterpriseName);
    for (const m of active) expect(xml).toContain(m.name);
    expect(xml).toContain('88.50');
    expect(xml).toContain('清洁生产审核评估技术审查意见');
    expect(xml).toContain('补充完善后通过');
  });

  it('when a veto item is ticked by one expert, then the panel fails whatever the points (vetoRule any)', async () => {
    // Unit-level check of the decision path through the domain: 95 points with a veto → fail.
    const { panelResult, DEFAULT_EVALUATION_TEMPLATE } = await import('@cpaudit/domain');
    const full = Object.fromEntries(DEFAULT_EVALUATION_TEMPLATE.items.map((i) => [i.key, i.maxPoints]));
    const r = panelResult(DEFAULT_EVALUATION_TEMPLATE, [
      { expertId: 1, scores: full, vetoes: ['fabricatedData'] },
      { expertId: 2, scores: full, vetoes: [] },
      { expertId: 3, scores: full, vetoes: [] },
    ]);
    expect(r).toMatchObject({ mean: 100, outcome: 'fail', vetoes: ['fabricatedData'] });
  });

  it('when the audit is not in a drawable state, then the draw is refused (409 INVALID_STATE_TRANSITION), an acceptance draw too', async () => {
    const res = await city.post(`/api/v1/audits/${auditId}/panels`, { stage: 'evaluation' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INVALID_STATE_TRANSITION');
    expect((await city.post(`/api/v1/audits/${auditId}/panels`, { stage: 'acceptance' })).statusCode).toBe(409);
  });

  it('when the panel has decided, then a redraw and a replacement of it are refused (422 RULE_VIOLATION) and its members stay as they were', async () => {
    const [p] = (await city.get(`/api/v1/audits/${auditId}/panels`)).json();
    expect(p.status).toBe('decided');
    const seated = p.members.map((m: { id: number; expertId: number; replaced: boolean }) => [m.id, m.expertId, m.replaced]);
    const redraw = await city.post(`/api/v1/panels/${p.id}/redraw`, { version: p.version, reason: '决定后重抽' });
    expect(redraw.statusCode).toBe(422);
    expect(redraw.json().error.code).toBe('RULE_VIOLATION');
    expect(redraw.json().error.message).toContain('不能重新抽取');
    const active = p.members.find((m: { replaced: boolean }) => !m.replaced);
    const replace = await city.post(`/api/v1/panels/${p.id}/members/${active.id}/replace`, { version: p.version, reason: '决定后替换' });
    expect(replace.statusCode).toBe(422);
    const after = (await city.get(`/api/v1/audits/${auditId}/panels`)).json()[0];
    expect(after.version).toBe(p.version);
    expect(after.members.map((m: { id: number; expertId: number; replaced: boolean }) => [m.id, m.expertId, m.replaced])).toEqual(seated);
  });
});
