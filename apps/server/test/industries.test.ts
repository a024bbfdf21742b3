import { sql } from 'drizzle-orm';
import { usccCheckChar } from '@cpaudit/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp } from './support.ts';

describe.each(backends)('key-industry catalogue edits on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => t.close());

  it('when 南宁 adds a local stationery industry (2411), then a new 南宁 stationery maker gets it and a 柳州 one does not', async () => {
    const nn = await t.login('nn_eeb');
    const add = await nn.post('/api/v1/key-industries', { key: 'nn_stationery', nameZh: '文具制造（南宁）', codes: ['2411'] });
    expect(add.statusCode, add.body).toBe(201);
    const [row] = await t.database.rows(sql`select city_code from key_industries where key = 'nn_stationery'`);
    expect(row).toEqual({ city_code: '450100' });
    const u = (county: string, n: string) => `91${county}${n}${usccCheckChar(`91${county}${n}`)}`;
    const inNanning = await nn.post('/api/v1/enterprises', { uscc: u('450107', '550000011'), name: '南宁文华文具有限公司', divisionCode: '450107', industryCodes: ['2411'] });
    expect(inNanning.json().keyIndustry).toBe('nn_stationery');
    const region = await t.login('gx_dee');
    const inLiuzhou = await region.post('/api/v1/enterprises', { uscc: u('450202', '550000029'), name: '柳州文具有限公司', divisionCode: '450202', industryCodes: ['2411'] });
    expect(inLiuzhou.json().keyIndustry).toBeNull();
    const list = (await nn.get('/api/v1/key-industries')).json();
    expect(list.find((k: { key: string }) => k.key === 'nn_stationery')).toMatchObject({ nameZh: '文具制造（南宁）', cityCode: '450100', codes: [expect.objectContaining({ industryCode: '2411', name: '文具制造' })] });
  });

  it('when a city tries to edit a region-wide industry or another city\'s, then 403; the region may, and unknown codes are 400', async () => {
    const nn = await t.login('nn_eeb');
    expect((await nn.put('/api/v1/key-industries/papermaking/codes', { codes: ['22'] })).statusCode).toBe(403);
    const lz = await t.login('lz_eeb');
    const other = await lz.put('/api/v1/key-industries/nn_stationery/codes', { codes: ['2411', '2412'] });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('OUT_OF_SCOPE');
    const region = await t.login('gx_dee');
    const bad = await region.put('/api/v1/key-industries/nn_stationery/codes', { codes: ['2411', '9999'] });
    expect(bad.statusCode).toBe(400);
    const ok = await region.put('/api/v1/key-industries/nn_stationery/codes', { codes: ['2411', '2412'] });
    expect(ok.json()).toEqual({ before: ['2411'], after: ['2411', '2412'] });
    const audit = await t.database.rows(sql`select action, object_id from audit_log where action like 'industry.%' and result = 'success' order by id`);
    expect(audit).toEqual([
      { action: 'industry.create', object_id: 'nn_stationery' },
      { action: 'industry.update', object_id: 'nn_stationery' },
    ]);
  });
});
