import { sql } from 'drizzle-orm';
import { usccCheckChar } from '@cpaudit/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createTestApp, type TestApp } from './support.ts';

/** A valid credit code in `county` with organisation part `body9`. */
const uscc = (county: string, body9: string) => {
  const first17 = `91${county}${body9}`;
  return first17 + usccCheckChar(first17);
};

describe.each(backends)('home-page figures on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  type Overview = { totalEnterprises: number; keyIndustryEnterprises: number; byDivision: { divisionCode: string; name: string; count: number }[]; byKeyIndustry: { key: string; count: number }[] };
  const overview = async (user: string): Promise<Overview> => (await (await t.login(user)).get('/api/v1/stats/overview')).json();
  const count = (o: Overview, code: string) => o.byDivision.find((d) => d.divisionCode === code)?.count;

  it('when a region user looks, then there is one row per city (14) and they add up to the total', async () => {
    const o = await overview('gx_dee');
    expect(o.byDivision).toHaveLength(14);
    expect(o.byDivision[0]).toMatchObject({ divisionCode: '450100', name: '南宁市' });
    expect(o.byDivision.at(-1)).toMatchObject({ divisionCode: '451400', name: '崇左市' });
    expect(o.byDivision.reduce((s, d) => s + d.count, 0)).toBe(o.totalEnterprises);
    expect(o.byKeyIndustry).toHaveLength(13);
    expect(o.byKeyIndustry.map((k) => k.key).slice(0, 3)).toEqual(['energy', 'metallurgy', 'building_materials']);
    expect(o.byKeyIndustry.reduce((s, k) => s + k.count, 0)).toBe(o.keyIndustryEnterprises);
  });

  it('when three enterprises are added (2 in 南宁: 兴宁区 and 横州市, 1 in 柳州), then each user sees exactly its share', async () => {
    const before = { region: await overview('gx_dee'), nn: await overview('nn_eeb'), lz: await overview('lz_eeb'), xn: await overview('nn_xn') };
    await t.database.rows(sql`
      insert into enterprises (uscc, name, division_code, industry_codes, key_industry) values
        (${uscc('450102', '000000011')}, '测试糖业甲', '450102', '{1340}', 'agri_food_processing'),
        (${uscc('450181', '000000022')}, '测试电镀乙', '450181', '{3360}', 'electroplating'),
        (${uscc('450202', '000000033')}, '测试机械丙', '450202', '{3411}', null)`);
    const after = { region: await overview('gx_dee'), nn: await overview('nn_eeb'), lz: await overview('lz_eeb'), xn: await overview('nn_xn') };

    expect(after.region.totalEnterprises - before.region.totalEnterprises).toBe(3);
    expect(after.region.keyIndustryEnterprises - before.region.keyIndustryEnterprises).toBe(2);
    expect(count(after.region, '450100')! - count(before.region, '450100')!).toBe(2);
    expect(count(after.region, '450200')! - count(before.region, '450200')!).toBe(1);

    expect(after.nn.totalEnterprises - before.nn.totalEnterprises).toBe(2);
    expect(count(after.nn, '450102')! - count(before.nn, '450102')!).toBe(1);
    expect(count(after.nn, '450181')! - count(before.nn, '450181')!).toBe(1);
    expect(after.nn.byDivision.every((d) => d.divisionCode.startsWith('4501'))).toBe(true);
    expect(after.nn.byDivision).toHaveLength(12); // 南宁's 12 county-level units

    expect(after.lz.totalEnterprises - before.lz.totalEnterprises).toBe(1);
    expect(after.lz.keyIndustryEnterprises).toBe(before.lz.keyIndustryEnterprises);

    expect(after.xn.byDivision).toEqual([{ divisionCode: '450102', name: '兴宁区', count: count(before.xn, '450102')! + 1 }]);
    const agri = (o: Overview) => o.byKeyIndustry.find((k) => k.key === 'agri_food_processing')!.count;
    expect(agri(after.xn) - agri(before.xn)).toBe(1);
  });

  it('when a city user looks, then the totals equal a count of the city\'s rows', async () => {
    const o = await overview('nn_eeb');
    const rows = await t.database.rows<{ division_code: string; key_industry: string | null }>(sql`select division_code, key_industry from enterprises`);
    const mine = rows.filter((r) => r.division_code.startsWith('4501'));
    expect(o.totalEnterprises).toBe(mine.length);
    expect(o.keyIndustryEnterprises).toBe(mine.filter((r) => r.key_industry).length);
  });
});
