/**
 * Indicator systems through the API (issue 7 item 5): the electroplating example loaded with the
 * reference data (incomplete), JSON import with located errors, idempotent re-import, completing
 * a version, publish (422 while incomplete, 409 on a stale rowVersion), try scoring with every
 * indicator explained, and the audit log.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import scoringSystem from '../../../packages/domain/test/fixtures/scoring/system.json' with { type: 'json' };
import { backends, createTestApp, type Agent, type TestApp } from './support.ts';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe.each(backends)('indicator systems on %s', (kind) => {
  let t: TestApp;
  let region: Agent;
  let electroplating: { id: number; versions: { id: number; version: number; status: string; complete: boolean }[] };
  let steel: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    region = await t.login('gx_dee');
    const catalogue = (await region.get('/api/v1/indicator-systems')).json();
    electroplating = catalogue.find((c: { title: string }) => c.title === '电镀行业清洁生产评价指标体系');
    steel = catalogue.find((c: { title: string }) => c.title === '钢铁行业清洁生产评价指标体系').id;
  });
  afterAll(async () => t.close());

  it('when the catalogue is read, then the electroplating table 1 is there as an incomplete draft: 3 of its groups (0.33 + 0.1 + 0.18 = 0.61), 12 indicators, gaps listed', async () => {
    expect(electroplating.versions).toEqual([{ id: expect.any(Number), version: 1, status: 'draft', complete: false }]);
    const d = (await region.get(`/api/v1/indicator-systems/${electroplating.id}/definitions/${electroplating.versions[0]!.id}`)).json();
    expect(d.definition.groups.map((g: { name: string; weight: number }) => [g.name, g.weight])).toEqual([
      ['生产工艺及装备指标', 0.33],
      ['资源消耗指标', 0.1],
      ['资源综合利用指标', 0.18],
    ]);
    expect(d.definition.groups.flatMap((g: { indicators: unknown[] }) => g.indicators)).toHaveLength(12);
    const rinse = d.definition.groups[1].indicators[0];
    expect(rinse).toMatchObject({ id: 'rinse_water', unit: 'L/m2', weight: 1, direction: 'lower', benchmarks: { I: 8, II: 24, III: 40 }, limiting: true });
    const zinc = d.definition.groups[2].indicators[0];
    expect(zinc.weight).toBeCloseTo(0.8 / 7, 12);
    expect(d.issues.map((i: { code: string; path: string }) => `${i.code} ${i.path}`)).toEqual([
      'groupWeights groups',
      'indicatorWeights groups[2]',
      'sourceGap groups[2]',
      'sourceGap groups',
      'sourceGap groups',
      'sourceGap groups',
    ]);
  });

  it('when the incomplete example is published or scored, then 422 with its issues', async () => {
    const v = electroplating.versions[0]!;
    const pub = await region.post(`/api/v1/indicator-systems/${electroplating.id}/definitions/${v.id}/publish`, { rowVersion: 1 });
    expect(pub.statusCode).toBe(422);
    expect(pub.json().error.details.issues.length).toBe(6);
    const score = await region.post(`/api/v1/indicator-systems/${electroplating.id}/definitions/${v.id}/score`, { values: {} });
    expect(score.statusCode).toBe(422);
  });

  it('when JSON of the wrong shape is imported, then 400 with each error located under definition', async () => {
    const bad = clone(scoringSystem) as any;
    bad.groups[1].indicators[0].weight = 'half';
    bad.groups[2].indicators[1].direction = 'up';
    const res = await region.post(`/api/v1/indicator-systems/${steel}/definitions`, { definition: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { field: string }) => d.field)).toEqual(['definition.groups[1].indicators[0].weight', 'definition.groups[2].indicators[1].direction']);
  });

  it('when a definition with weights off and disordered benchmarks is imported, then it is stored incomplete with located issues; the corrected one is complete, publishes once, and a stale rowVersion is 409', async () => {
    const broken = clone(scoringSystem) as any;
    broken.groups[0].weight = 0.4; // groups sum to 1.1
    broken.groups[1].indicators[0].benchmarks = { I: 9, II: 8, III: 12 }; // lower: I ≤ II ≤ III broken
    const first = await region.post(`/api/v1/indicator-systems/${steel}/definitions`, { definition: broken, source: '测试' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ version: 1, created: true, complete: false });
    expect(first.json().issues.map((i: { path: string; code: string }) => [i.path, i.code])).toEqual([
      ['groups', 'groupWeights'],
      ['groups[1].indicators[0].benchmarks', 'benchmarkOrder'],
    ]);
    const again = await region.post(`/api/v1/indicator-systems/${steel}/definitions`, { definition: broken, source: '测试' });
    expect(again.json()).toMatchObject({ id: first.json().id, version: 1, created: false });

    const fixed = await region.post(`/api/v1/indicator-systems/${steel}/definitions`, { definition: scoringSystem });
    expect(fixed.json()).toMatchObject({ version: 2, created: true, complete: true, issues: [] });
    const id = fixed.json().id;
    const drc = await t.login('gx_drc');
    const stale = await drc.post(`/api/v1/indicator-systems/${steel}/definitions/${id}/publish`, { rowVersion: 0 });
    expect(stale.statusCode).toBe(409);
    const ok = await region.post(`/api/v1/indicator-systems/${steel}/definitions/${id}/publish`, { rowVersion: 1 });
    expect(ok.json()).toEqual({ published: true });
    expect((await drc.post(`/api/v1/indicator-systems/${steel}/definitions/${id}/publish`, { rowVersion: 1 })).json()).toEqual({ published: false });
    const read = (await (await t.login('qy_demo')).get(`/api/v1/indicator-systems/${steel}/definitions/${id}`)).json();
    expect(read).toMatchObject({ version: 2, status: 'published', complete: true, rowVersion: 2 });
    expect(read.definition).toEqual(scoringSystem);

    const audit = await t.database.rows<{ action: string; actor_username: string; details: Record<string, unknown> }>(
      sql`select action, actor_username, details from audit_log where object_type = 'indicatorDefinition' order by id`,
    );
    expect(audit.map((a) => [a.action, a.actor_username, a.details.version ?? null, a.details.published ?? null])).toEqual([
      ['indicatorSystem.manage', 'gx_dee', 1, null],
      ['indicatorSystem.manage', 'gx_dee', 2, null],
      ['indicatorSystem.manage', 'gx_dee', 2, true],
    ]);
  });

  it('when an enterprise user tries scoring with the limiting 取水 at II, then Y_I 85, level II, and 取水 explained (0.15 share, +15 to Y_II and Y_III only)', async () => {
    const catalogue = (await region.get('/api/v1/indicator-systems')).json();
    const published = catalogue.find((c: { id: number }) => c.id === steel).versions.find((v: { status: string }) => v.status === 'published');
    const qy = await t.login('qy_demo');
    const res = await qy.post(`/api/v1/indicator-systems/${steel}/definitions/${published.id}/score`, {
      values: { q_process: 'I', q_equipment: 'I', water: 6, energy: 290, reuse: 92, solid: 96, cod: 1.5, nh3n: 0.1 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.indices).toEqual({ I: 85, II: 100, III: 100 });
    expect(body.level).toBe('II');
    expect(body.indicators.find((i: { id: string }) => i.id === 'water')).toMatchObject({ level: 'II', limiting: true, effectiveWeight: 0.15, contribution: { I: 0, II: 15, III: 15 } });
    const missing = await qy.post(`/api/v1/indicator-systems/${steel}/definitions/${published.id}/score`, { values: { q_process: 'I' } });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error.message).toMatch(/q_equipment/);
  });
});
