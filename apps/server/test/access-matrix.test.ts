/**
 * The authorisation matrix: every API route x every demo role x own / other area.
 * A route missing from ROUTES fails the coverage test, so no endpoint ships untested.
 */
import { sql } from 'drizzle-orm';
import { usccCheckChar } from '@cpaudit/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type Agent, type TestApp } from './support.ts';

type Expect = number | { own: number; other: number };

/** Demo accounts by role (see src/db/demo.ts). */
const USERS = ['admin', 'auditor', 'gx_dee', 'gx_drc', 'nn_eeb', 'nn_drc', 'nn_xn', 'qy_demo', 'jg_demo', 'zj_demo', 'gz_demo'] as const;
type User = (typeof USERS)[number];

/**
 * For each route: the expected status per user. `own`/`other` routes are called twice, with a
 * record inside the user's area and one outside it (see `targets`).
 */
type IdKind = 'enterprise' | 'run' | 'candidate';
const ROUTES: { method: 'GET' | 'POST' | 'PATCH' | 'PUT'; url: string; path?: string; ids?: IdKind; body?: (id: number) => unknown; expect: Record<User, Expect> | Expect }[] = [
  { method: 'GET', url: '/api/health', expect: 200 },
  { method: 'GET', url: '/api/ready', expect: 200 },
  { method: 'GET', url: '/api/openapi.json', expect: 200 },
  { method: 'GET', url: '/api/v1/divisions', expect: 200 },
  { method: 'GET', url: '/api/v1/key-industries', expect: 200 },
  { method: 'GET', url: '/api/v1/auth/me', expect: 200 },
  { method: 'POST', url: '/api/v1/auth/login', expect: 400 /* empty body */ },
  { method: 'POST', url: '/api/v1/auth/logout', expect: 204 },
  { method: 'POST', url: '/api/v1/auth/password', expect: 400 /* empty body */ },
  {
    method: 'GET',
    url: '/api/v1/stats/overview',
    expect: { admin: 403, auditor: 403, gx_dee: 200, gx_drc: 200, nn_eeb: 200, nn_drc: 200, nn_xn: 200, qy_demo: 200, jg_demo: 200, zj_demo: 200, gz_demo: 403 },
  },
  {
    method: 'GET',
    url: '/api/v1/enterprises',
    expect: { admin: 403, auditor: 403, gx_dee: 200, gx_drc: 200, nn_eeb: 200, nn_drc: 200, nn_xn: 200, qy_demo: 200, jg_demo: 200, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'GET',
    url: '/api/v1/enterprises/:id',
    expect: {
      admin: 403,
      auditor: 403,
      gx_dee: { own: 200, other: 200 },
      gx_drc: { own: 200, other: 200 },
      nn_eeb: { own: 200, other: 403 },
      nn_drc: { own: 200, other: 403 },
      nn_xn: { own: 200, other: 403 },
      qy_demo: { own: 200, other: 403 },
      jg_demo: { own: 403, other: 403 },
      zj_demo: 403,
      gz_demo: 403,
    },
  },
  ...(['/api/v1/enterprises/:id/detail', '/api/v1/enterprises/:id/environmental', '/api/v1/enterprises/:id/history'] as const).map((url) => ({
    method: 'GET' as const,
    url,
    expect: {
      admin: 403,
      auditor: 403,
      gx_dee: { own: 200, other: 200 },
      gx_drc: { own: 200, other: 200 },
      nn_eeb: { own: 200, other: 403 },
      nn_drc: { own: 200, other: 403 },
      nn_xn: { own: 200, other: 403 },
      qy_demo: { own: 200, other: 403 },
      jg_demo: { own: 403, other: 403 },
      zj_demo: 403,
      gz_demo: 403,
    } satisfies Record<User, Expect>,
  })),
  {
    method: 'GET',
    url: '/api/v1/enterprises/:id/screening',
    expect: {
      admin: 403,
      auditor: 403,
      gx_dee: { own: 200, other: 200 },
      gx_drc: { own: 200, other: 200 },
      nn_eeb: { own: 200, other: 403 },
      nn_drc: { own: 200, other: 403 },
      nn_xn: { own: 200, other: 403 },
      qy_demo: 403,
      jg_demo: 403,
      zj_demo: 403,
      gz_demo: 403,
    },
  },
  {
    method: 'GET',
    url: '/api/v1/enterprises/export.xlsx',
    expect: { admin: 403, auditor: 403, gx_dee: 200, gx_drc: 200, nn_eeb: 200, nn_drc: 200, nn_xn: 200, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'POST',
    url: '/api/v1/enterprises',
    body: () => newEnterpriseBody('450102'),
    expect: { admin: 403, auditor: 403, gx_dee: 201, gx_drc: 403, nn_eeb: 201, nn_drc: 403, nn_xn: 201, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'PATCH',
    url: '/api/v1/enterprises/:id',
    body: () => ({ contactPhone: '0771-5550000' }),
    expect: {
      admin: 403,
      auditor: 403,
      gx_dee: { own: 200, other: 200 },
      gx_drc: 403,
      nn_eeb: { own: 200, other: 403 },
      nn_drc: 403,
      nn_xn: { own: 200, other: 403 },
      qy_demo: { own: 200, other: 403 },
      jg_demo: 403,
      zj_demo: 403,
      gz_demo: 403,
    },
  },
  {
    method: 'GET',
    url: '/api/v1/imports/templates/:kind',
    path: '/api/v1/imports/templates/energy',
    expect: { admin: 403, auditor: 403, gx_dee: 200, gx_drc: 403, nn_eeb: 200, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'POST',
    url: '/api/v1/imports/:kind',
    path: '/api/v1/imports/energy',
    // An empty JSON body instead of a file: refused before or after the permission check.
    expect: { admin: 403, auditor: 403, gx_dee: 400, gx_drc: 403, nn_eeb: 400, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'GET',
    url: '/api/v1/imports',
    expect: { admin: 403, auditor: 403, gx_dee: 200, gx_drc: 403, nn_eeb: 200, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  ...(['/api/v1/imports/:id', '/api/v1/imports/:id/errors.xlsx'] as const).map((url) => ({
    method: 'GET' as const,
    url,
    path: url.replace(':id', '999999'),
    expect: { admin: 403, auditor: 403, gx_dee: 404, gx_drc: 403, nn_eeb: 404, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 } satisfies Record<User, Expect>,
  })),
  {
    method: 'POST',
    url: '/api/v1/key-industries',
    body: () => ({ key: `local_${Math.random().toString(36).slice(2, 10)}`, nameZh: '本地测试行业', codes: ['2110'] }),
    expect: { admin: 403, auditor: 403, gx_dee: 201, gx_drc: 403, nn_eeb: 201, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'PUT',
    url: '/api/v1/key-industries/:key/codes',
    path: '/api/v1/key-industries/packaging_printing/codes',
    body: () => ({ codes: ['2311', '2312', '2319'] }),
    expect: { admin: 403, auditor: 403, gx_dee: 200, gx_drc: 403, nn_eeb: 403, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'GET',
    url: '/api/v1/audit-log',
    expect: { admin: 403, auditor: 200, gx_dee: 403, gx_drc: 403, nn_eeb: 403, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'GET',
    url: '/api/v1/users',
    expect: { admin: 200, auditor: 200, gx_dee: 403, gx_drc: 403, nn_eeb: 403, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'POST',
    url: '/api/v1/screening/runs',
    body: () => ({ dataYear: 2025 }),
    expect: { admin: 403, auditor: 403, gx_dee: 201, gx_drc: 403, nn_eeb: 201, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'GET',
    url: '/api/v1/screening/runs',
    expect: { admin: 403, auditor: 403, gx_dee: 200, gx_drc: 200, nn_eeb: 200, nn_drc: 200, nn_xn: 200, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  ...(['/api/v1/screening/runs/:id', '/api/v1/screening/runs/:id/results', '/api/v1/screening/runs/:id/results.xlsx'] as const).map((url) => ({
    method: 'GET' as const,
    url,
    ids: 'run' as const,
    expect: {
      admin: 403,
      auditor: 403,
      gx_dee: { own: 200, other: 200 },
      gx_drc: { own: 200, other: 200 },
      nn_eeb: { own: 200, other: 403 },
      nn_drc: { own: 200, other: 403 },
      nn_xn: { own: 200, other: 403 },
      qy_demo: 403,
      jg_demo: 403,
      zj_demo: 403,
      gz_demo: 403,
    } satisfies Record<User, Expect>,
  })),
  {
    method: 'GET',
    url: '/api/v1/screening/rule-sets',
    expect: { admin: 403, auditor: 403, gx_dee: 200, gx_drc: 200, nn_eeb: 200, nn_drc: 200, nn_xn: 200, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'POST',
    url: '/api/v1/screening/rule-sets',
    body: () => ({ version: `matrix-${Math.random().toString(36).slice(2, 10)}` }),
    expect: { admin: 403, auditor: 403, gx_dee: 201, gx_drc: 403, nn_eeb: 403, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'POST',
    url: '/api/v1/screening/rule-sets/:version/publish',
    path: '/api/v1/screening/rule-sets/order38-art8-art12.v1/publish',
    expect: { admin: 403, auditor: 403, gx_dee: 204, gx_drc: 403, nn_eeb: 403, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'POST',
    url: '/api/v1/screening/compare',
    body: () => ({ dataYear: 2025, baseVersion: 'order38-art8-art12.v1', candidateVersion: 'order38-art8-art12.v1' }),
    expect: { admin: 403, auditor: 403, gx_dee: 200, gx_drc: 403, nn_eeb: 403, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  {
    method: 'POST',
    url: '/api/v1/screening/reviews',
    ids: 'candidate',
    body: (id: number) => ({ dataYear: 2025, enterpriseId: id, decision: 'confirm' }),
    expect: {
      admin: 403,
      auditor: 403,
      gx_dee: 403,
      gx_drc: 403,
      nn_eeb: { own: 201, other: 403 },
      nn_drc: 403,
      nn_xn: 403,
      qy_demo: 403,
      jg_demo: 403,
      zj_demo: 403,
      gz_demo: 403,
    },
  },
  // Public portal (issue 8 §4): public reads for everyone, editing for region DEE officers only.
  ...(
    [
      ['/api/v1/public/content/:collection', '/api/v1/public/content/articles'],
      ['/api/v1/public/content/:collection/:id', '/api/v1/public/content/articles/1'],
      ['/api/v1/public/search', '/api/v1/public/search?q=%E6%B8%85%E6%B4%81'],
      ['/api/v1/public/stats', '/api/v1/public/stats'],
      ['/api/v1/open-data/:collection', '/api/v1/open-data/technologies?updatedSince=2020-01-01'],
      ['/api/v1/open-data/:collection/csv', '/api/v1/open-data/cases/csv'],
    ] as const
  ).map(([url, path]) => ({ method: 'GET' as const, url, path, expect: 200 })),
  ...(
    [
      ['/api/v1/portal/:collection', '/api/v1/portal/articles'],
      ['/api/v1/portal/:collection/:id', '/api/v1/portal/technologies/1'],
    ] as const
  ).map(([url, path]) => ({
    method: 'GET' as const,
    url,
    path,
    expect: { admin: 403, auditor: 403, gx_dee: 200, gx_drc: 403, nn_eeb: 403, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 } satisfies Record<User, Expect>,
  })),
  {
    method: 'POST',
    url: '/api/v1/portal/:collection',
    path: '/api/v1/portal/cases',
    body: () => ({ name: '矩阵测试案例', industry: '电镀' }),
    expect: { admin: 403, auditor: 403, gx_dee: 201, gx_drc: 403, nn_eeb: 403, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 },
  },
  // A missing item: the permission is checked first (403), then the item (404).
  ...(
    [
      ['PUT', '/api/v1/portal/:collection/:id', '/api/v1/portal/cases/999999'],
      ['POST', '/api/v1/portal/:collection/:id/publish', '/api/v1/portal/cases/999999/publish'],
      ['POST', '/api/v1/portal/:collection/:id/unpublish', '/api/v1/portal/cases/999999/unpublish'],
    ] as const
  ).map(([method, url, path]) => ({
    method,
    url,
    path,
    body: () => ({ name: '矩阵测试案例', version: 1 }),
    expect: { admin: 403, auditor: 403, gx_dee: 404, gx_drc: 403, nn_eeb: 403, nn_drc: 403, nn_xn: 403, qy_demo: 403, jg_demo: 403, zj_demo: 403, gz_demo: 403 } satisfies Record<User, Expect>,
  })),
];

let created = 0;
/** A new enterprise in `county` with a valid, unique credit code. */
function newEnterpriseBody(county: string) {
  created++;
  const first17 = `91${county}${String(880000000 + created).padStart(9, '0')}`;
  return { uscc: first17 + usccCheckChar(first17), name: `矩阵测试企业${created}`, divisionCode: county, industryCodes: ['3011'] };
}

describe.each(backends)('authorisation matrix on %s', (kind) => {
  let t: TestApp;
  const agents = new Map<User, Agent>();
  /** Per user: an enterprise id inside its area and one outside it. */
  const targets = new Map<User, { own: number; other: number }>();
  /** A region-wide screening run (own: visible to every official) and a 柳州 run (other). */
  const runs = { own: 0, other: 0 };
  /** Screening candidates of 2025: one in 南宁 (own for 南宁 users) and one in 柳州. */
  const candidates = { own: 0, other: 0 };

  beforeAll(async () => {
    t = await createTestApp(kind);
    for (const u of USERS) agents.set(u, await t.login(u));
    const pick = async (where: ReturnType<typeof sql>) =>
      (await t.database.rows<{ id: number }>(sql`select id from enterprises e where ${where} order by id limit 1`))[0]!.id;
    const qy = (await t.database.rows<{ enterprise_id: number; division_code: string }>(
      sql`select o.enterprise_id, o.division_code from orgs o join users u on u.org_id = o.id where u.username = 'qy_demo'`,
    ))[0]!;
    const nanning = await pick(sql`e.division_code like '4501%'`);
    const liuzhou = await pick(sql`e.division_code like '4502%'`);
    const xingning = await pick(sql`e.division_code = '450102'`);
    const qingxiu = await pick(sql`e.division_code = '450103'`);
    for (const u of USERS) targets.set(u, { own: nanning, other: liuzhou });
    targets.set('nn_xn', { own: xingning, other: qingxiu });
    targets.set('qy_demo', { own: qy.enterprise_id, other: nanning === qy.enterprise_id ? liuzhou : nanning });
    runs.own = (await agents.get('gx_dee')!.post('/api/v1/screening/runs', { dataYear: 2025 })).json().id;
    runs.other = (await agents.get('gx_dee')!.post('/api/v1/screening/runs', { dataYear: 2025, cityCode: '450200' })).json().id;
    const cand = async (prefix: string) =>
      (await t.database.rows<{ enterprise_id: number }>(sql`select enterprise_id from screening_results where run_id = ${runs.own} and division_code like ${`${prefix}%`} order by enterprise_id limit 1`))[0]!.enterprise_id;
    candidates.own = await cand('4501');
    candidates.other = await cand('4502');
  });
  afterAll(async () => {
    await t.close();
  });

  it('when the app is built, then every API route appears in the matrix', () => {
    const listed = new Set(ROUTES.map((r) => `${r.method} ${r.url}`));
    const actual = t.app.apiRoutes.map((r) => `${r.method} ${r.url}`);
    expect(actual.filter((r) => !listed.has(r))).toEqual([]);
    expect([...listed].filter((r) => !actual.includes(r))).toEqual([]);
  });

  const cases = ROUTES.flatMap((route) =>
    USERS.flatMap((user) => {
      const e = typeof route.expect === 'number' || 'own' in route.expect ? route.expect : route.expect[user];
      const exp = e as Expect;
      if (typeof exp === 'number') return [{ route, user, which: null as 'own' | 'other' | null, status: exp }];
      return (['own', 'other'] as const).map((which) => ({ route, user, which, status: exp[which] }));
    }),
  );

  it.each(cases.map((c) => [`${c.route.method} ${c.route.url}`, c.user, c.which ?? '-', c.status, c] as const))(
    'when %s is called by %s (%s area), then %i',
    async (_r, user, _w, status, c) => {
      // Log in afresh for logout so the shared agent survives.
      const agent = c.route.url.endsWith('/logout') ? await t.login(user) : agents.get(user)!;
      const pool = c.route.ids === 'run' ? runs : c.route.ids === 'candidate' ? candidates : targets.get(user)!;
      const id = c.which ? pool[c.which] : pool.own;
      const url = c.route.path ?? c.route.url.replace(':id', String(id));
      const body = c.route.body ? c.route.body(id) : {};
      const res =
        c.route.method === 'GET'
          ? await agent.get(url)
          : c.route.method === 'PATCH'
            ? await agent.patch(url, body)
            : c.route.method === 'PUT'
              ? await agent.put(url, body)
              : await agent.post(url, body);
      expect(res.statusCode, res.body.slice(0, 200)).toBe(status);
      if (status === 403) expect(['FORBIDDEN', 'OUT_OF_SCOPE']).toContain(res.json().error.code);
    },
  );

  it('when a route needs a login and none is sent, then 401 UNAUTHENTICATED', async () => {
    for (const url of ['/api/v1/auth/me', '/api/v1/stats/overview', '/api/v1/enterprises', '/api/v1/enterprises/1']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('when a city user reads another city\'s enterprise, then OUT_OF_SCOPE, the denial is audited, and a region user may read it', async () => {
    const other = targets.get('nn_eeb')!.other;
    const res = await agents.get('nn_eeb')!.get(`/api/v1/enterprises/${other}`);
    expect(res.json().error.code).toBe('OUT_OF_SCOPE');
    const denied = await t.database.rows<{ action: string; object_id: string }>(
      sql`select action, object_id from audit_log where actor_username = 'nn_eeb' and result = 'denied' order by id desc limit 1`,
    );
    expect(denied[0]).toEqual({ action: 'enterprise.read', object_id: String(other) });
    expect((await agents.get('gx_dee')!.get(`/api/v1/enterprises/${other}`)).statusCode).toBe(200);
  });

  it('when a city user lists enterprises, then every row is in the city and the total matches the city\'s rows', async () => {
    const res = await agents.get('nn_eeb')!.get('/api/v1/enterprises?pageSize=200');
    const body = res.json();
    const expected = (await t.database.rows<{ division_code: string }>(sql`select division_code from enterprises`)).filter((r) =>
      r.division_code.startsWith('4501'),
    ).length;
    expect(body.total).toBe(expected);
    expect(body.data.every((e: { divisionCode: string }) => e.divisionCode.startsWith('4501'))).toBe(true);
    const filtered = await agents.get('nn_eeb')!.get('/api/v1/enterprises?divisionCode=450200');
    expect(filtered.json().total).toBe(0);
  });

  it('when an enterprise user lists enterprises, then it sees only itself', async () => {
    const body = (await agents.get('qy_demo')!.get('/api/v1/enterprises')).json();
    expect(body.total).toBe(1);
    expect(body.data[0].id).toBe(targets.get('qy_demo')!.own);
  });
});
