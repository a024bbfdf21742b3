/**
 * The public information service (issue 8 §4): public reads without login, search with literal
 * `%`/`_`, editing by region staff with version check and audit log, open data JSON and CSV.
 * Demo content (src/db/portal-demo.ts): 4 articles (3 policies, 1 news), 4 technologies, 2 cases, all published.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOM, csvCell, toCsv } from '../src/modules/portal/portal.csv.ts';
import { escapeLike, parseSince } from '../src/modules/portal/portal.repository.ts';
import { beijingDate } from '../src/modules/portal/portal.service.ts';
import { backends, createTestApp, type Agent, type TestApp } from './support.ts';

describe('portal helpers', () => {
  it.each([
    ['50%', '50\\%'],
    ['a_b', 'a\\_b'],
    ['c:\\x', 'c:\\\\x'],
    ['清洁生产', '清洁生产'],
  ])('when %s is escaped for LIKE, then %s', (input, out) => {
    expect(escapeLike(input)).toBe(out);
  });

  it.each([
    ['=1+1', `"'=1+1"`],
    ['-2', `"'-2"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['说 "好"', '"说 ""好"""'],
    [12, '"12"'],
    [null, '""'],
  ])('when %s is written as a CSV cell, then %s', (input, out) => {
    expect(csvCell(input)).toBe(out);
  });

  it('when rows are written as CSV, then the text starts with the BOM and lines end with CRLF', () => {
    expect(toCsv(['名称'], [['甲'], ['=x']])).toBe(`${BOM}"名称"\r\n"甲"\r\n"'=x"\r\n`);
  });

  it.each([
    ['2026-03-02', '2026-03-01T16:00:00.000Z'],
    ['2026-03-02T09:00', '2026-03-02T01:00:00.000Z'],
    ['2026-03-02T09:00:00Z', '2026-03-02T09:00:00.000Z'],
  ])('when updatedSince is %s, then it means %s', (s, iso) => {
    expect(parseSince(s).toISOString()).toBe(iso);
  });

  it('when updatedSince is an impossible date, then VALIDATION_FAILED', () => {
    expect(() => parseSince('2026-02-30')).toThrow(/不是有效的日期/);
  });

  it('when it is 2026-03-01 20:00 UTC, then the Beijing date is 2026-03-02', () => {
    expect(beijingDate(new Date('2026-03-01T20:00:00Z'))).toBe('2026-03-02');
  });
});

describe.each(backends)('public portal on %s', (kind) => {
  let t: TestApp;
  let dee: Agent;
  const anon = (url: string) => t.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    t = await createTestApp(kind);
    dee = await t.login('gx_dee');
  });
  afterAll(async () => {
    await t.close();
  });

  it('when a visitor without login lists policies, then the 3 demo policies come newest first (undated last)', async () => {
    const res = await anon('/api/v1/public/content/articles?kind=policy');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.data.map((a: { publishedOn: string | null }) => a.publishedOn)).toEqual(['2016-05-16', '2012-02-29', null]);
    expect(body.data[0].title).toContain('清洁生产审核办法');
  });

  it('when a visitor searches 审核办法, then the Order 38 policy is the hit', async () => {
    const body = (await anon(`/api/v1/public/search?q=${encodeURIComponent('审核办法')}`)).json();
    expect(body.data.map((h: { type: string; title: string }) => [h.type, h.title])).toEqual([['policy', '清洁生产审核办法（国家发展和改革委员会 环境保护部令第38号）']]);
    expect(body.data[0].snippet).toContain('审核办法');
  });

  it('when a visitor searches %, then only the 3 technologies whose text contains a literal % match (not everything)', async () => {
    const body = (await anon('/api/v1/public/search?q=%25')).json();
    expect(body.total).toBe(3);
    expect(body.data.every((h: { type: string }) => h.type === 'technology')).toBe(true);
    expect((await anon('/api/v1/public/search?q=_')).json().total).toBe(0);
  });

  it('when a visitor searches an enterprise of the published 2025 list by name or credit code, then it is a listedEnterprise hit with its list', async () => {
    const [e] = await t.database.rows<{ id: number; name: string; uscc: string; city: string }>(sql`
      select a.id, e.name, e.uscc, d.name as city from audits a join enterprises e on e.id = a.enterprise_id join divisions d on d.code = a.city_code
      where a.list_year = 2025 and a.publication_id is not null order by a.id limit 1`);
    for (const q of [e!.name, e!.uscc.toLowerCase()]) {
      const body = (await anon(`/api/v1/public/search?q=${encodeURIComponent(q)}`)).json();
      const hit = body.data.find((h: { type: string; id: number }) => h.type === 'listedEnterprise' && h.id === e!.id);
      expect(hit, q).toEqual({ type: 'listedEnterprise', id: e!.id, title: e!.name, snippet: `${e!.uscc} · ${e!.city} · 2025年名单 · 桂环函〔2025〕12号`, date: '2025-03-10' });
    }
  });

  it('when a visitor searches with an empty q, then 400', async () => {
    expect((await anon('/api/v1/public/search?q=')).statusCode).toBe(400);
  });

  it('when the statistics are asked for, then they count the demo 2025 list (details in public-stats.test.ts)', async () => {
    expect((await anon('/api/v1/public/stats')).json()).toMatchObject({ available: true, year: 2025 });
  });

  it('when region staff create, edit, publish and withdraw an article, then the public sees it only while published, versions are checked and each step is audit-logged', async () => {
    const created = await dee.post('/api/v1/portal/articles', { kind: 'news', title: '关于组织清洁生产培训的通知', body: '## 时间\n\n3月10日', attachments: [{ name: '回执.docx', url: 'https://example.org/r.docx' }] });
    expect(created.statusCode).toBe(201);
    const a = created.json();
    expect(a).toMatchObject({ status: 'draft', version: 1, publishedOn: null, kind: 'news' });
    expect((await anon(`/api/v1/public/content/articles/${a.id}`)).statusCode).toBe(404);
    expect((await anon(`/api/v1/public/search?q=${encodeURIComponent('清洁生产培训')}`)).json().total).toBe(0);

    const edited = await dee.put(`/api/v1/portal/articles/${a.id}`, { kind: 'news', title: '关于组织清洁生产审核培训的通知', body: '3月10日', version: 1 });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ version: 2, title: '关于组织清洁生产审核培训的通知', attachments: [] });
    const stale = await dee.put(`/api/v1/portal/articles/${a.id}`, { kind: 'news', title: '旧版本的修改', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details).toEqual({ currentVersion: 2 });

    const published = await dee.post(`/api/v1/portal/articles/${a.id}/publish`, { version: 2 });
    expect(published.json()).toMatchObject({ status: 'published', version: 3, publishedOn: '2026-03-02' });
    // Publishing again (a retried click) changes nothing.
    expect((await dee.post(`/api/v1/portal/articles/${a.id}/publish`, { version: 2 })).json()).toMatchObject({ status: 'published', version: 3 });
    expect((await anon(`/api/v1/public/content/articles/${a.id}`)).json().title).toBe('关于组织清洁生产审核培训的通知');
    expect((await anon(`/api/v1/public/search?q=${encodeURIComponent('审核培训')}`)).json().data).toEqual([
      { type: 'news', id: a.id, title: '关于组织清洁生产审核培训的通知', snippet: '3月10日', date: '2026-03-02' },
    ]);

    expect((await dee.post(`/api/v1/portal/articles/${a.id}/unpublish`, { version: 3 })).json()).toMatchObject({ status: 'draft', version: 4 });
    expect((await anon(`/api/v1/public/content/articles/${a.id}`)).statusCode).toBe(404);

    const log = await t.database.rows<{ action: string; actor_username: string }>(
      sql`select action, actor_username from audit_log where object_type = 'portalArticle' and object_id = ${String(a.id)} order by id`,
    );
    expect(log).toEqual(['portal.create', 'portal.update', 'portal.publish', 'portal.unpublish'].map((action) => ({ action, actor_username: 'gx_dee' })));
  });

  it('when an attachment link is javascript: or the title is empty, then 400 naming the field and nothing is stored', async () => {
    const before = (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from portal_articles`))[0]!.n;
    const bad = await dee.post('/api/v1/portal/articles', { kind: 'policy', title: 'x', attachments: [{ name: 'a', url: 'javascript:alert(1)' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('attachments.0.url');
    expect((await dee.post('/api/v1/portal/technologies', { name: '' })).json().error.message).toContain('name');
    expect((await t.database.rows<{ n: number }>(sql`select count(*)::int as n from portal_articles`))[0]!.n).toBe(before);
  });

  it('when a case named like a formula is published, then the CSV is UTF-8 with BOM and the cell is defused', async () => {
    const c = (await dee.post('/api/v1/portal/cases', { name: '=HYPERLINK("http://x","点我")', industry: '电镀' })).json();
    await dee.post(`/api/v1/portal/cases/${c.id}/publish`, { version: 1 });
    const res = await anon('/api/v1/open-data/cases/csv');
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(BOM, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 3); // header + 2 demo cases + this one
    expect(lines[0]!.startsWith('"编号 id","案例名称 name"')).toBe(true);
    expect(lines.find((l) => l.startsWith(`"${c.id}"`))).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
  });

  it('when open data is paged with updatedSince, then only items changed at or after it come, oldest change first', async () => {
    const tech = (await dee.post('/api/v1/portal/technologies', { name: '开放数据测试技术', year: 2024 })).json();
    await dee.post(`/api/v1/portal/technologies/${tech.id}/publish`, { version: 1 }); // at 2026-03-02T09:00+08:00 (test clock)
    const ids = async (since: string) =>
      (await anon(`/api/v1/open-data/technologies?pageSize=200&updatedSince=${encodeURIComponent(since)}`)).json().data.map((x: { id: number }) => x.id);
    expect(await ids('2026-03-02T09:00:00+08:00')).toContain(tech.id);
    expect(await ids('2026-03-02T09:00:01+08:00')).not.toContain(tech.id);
    expect(await ids('2100-01-01')).toEqual([]);
    expect((await anon('/api/v1/open-data/technologies?updatedSince=yesterday')).statusCode).toBe(400);
    const page = (await anon('/api/v1/open-data/technologies?pageSize=2&current=1')).json();
    expect(page).toMatchObject({ total: 5, current: 1, pageSize: 2 });
    expect(page.data).toHaveLength(2);
  });

  it('when region staff list articles in the console, then drafts are included and the most recently changed comes first', async () => {
    const d = (await dee.post('/api/v1/portal/articles', { kind: 'policy', title: '控制台排序测试草稿' })).json();
    const body = (await dee.get('/api/v1/portal/articles?pageSize=200')).json();
    expect(body.data.find((x: { id: number }) => x.id === d.id)).toMatchObject({ status: 'draft' });
    const times = body.data.map((x: { updatedAt: string }) => x.updatedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(body.total).toBe((await t.database.rows<{ n: number }>(sql`select count(*)::int as n from portal_articles`))[0]!.n);
  });

  it('when a city officer tries to edit the portal, then 403 and the denial is not a write', async () => {
    const nn = await t.login('nn_eeb');
    expect((await nn.post('/api/v1/portal/articles', { kind: 'news', title: 'x' })).statusCode).toBe(403);
  });
});

describe('public portal rate limit', () => {
  it('when one IP calls the public routes more often than PUBLIC_RATE_PER_MINUTE, then 429 RATE_LIMITED', async () => {
    const t = await createTestApp('pglite', { PUBLIC_RATE_PER_MINUTE: '2' });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await t.app.inject({ method: 'GET', url: '/api/v1/public/stats' })).statusCode);
      expect(codes).toEqual([200, 200, 429]);
    } finally {
      await t.close();
    }
  });
});
