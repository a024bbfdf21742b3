import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { loadRefdata } from '../src/db/refdata.ts';
import { backends, openTestDatabase } from './support.ts';

describe('migrations and reference data on a new PGlite database', () => {
  it('when the database is new, then every migration is pending; after migrate none are, and migrate again applies nothing', async () => {
    const database = await openDatabase({ kind: 'pglite' });
    try {
      expect(await database.pendingMigrations()).toEqual(['0000_init', '0001_audit_log_append_only', '0002_registry_environmental_data', '0003_screening', '0004_review_revoke', '0005_audit_lists', '0006_experts_agencies', '0007_indicator_definitions', '0008_documents_plans_reports', '0009_public_portal', '0010_audit_workflow', '0011_review_panels', '0012_cp_options', '0013_dashboard_index', '0014_work_calendar', '0015_voluntary_applications', '0016_must_change_password', '0017_group_members_follow_lead', '0018_screening_results_bulk_store']);
      expect(await database.migrate()).toEqual({ applied: 19 });
      expect(await database.pendingMigrations()).toEqual([]);
      expect(await database.migrate()).toEqual({ applied: 0 });
      const first = await loadRefdata(database.db);
      expect(first.every((r) => r.loaded)).toBe(true);
      const second = await loadRefdata(database.db);
      expect(second.every((r) => !r.loaded)).toBe(true);
    } finally {
      await database.close();
    }
  });
});

describe.each(backends)('reference data on %s', (kind) => {
  it('when loaded, then it holds the region, 14 cities, 111 counties, 13 key industries and the GB/T 4754 codes', async () => {
    const { database, drop } = await openTestDatabase(kind);
    try {
      const levels = await database.rows<{ level: string; n: number }>(sql`select level, count(*)::int as n from divisions group by level order by level`);
      expect(levels).toEqual([{ level: 'city', n: 14 }, { level: 'county', n: 111 }, { level: 'region', n: 1 }]);
      const hengzhou = await database.rows(sql`select code, name, parent_code from divisions where code = '450181'`);
      expect(hengzhou).toEqual([{ code: '450181', name: '横州市', parent_code: '450100' }]);
      const industries = await database.rows<{ key: string; name_zh: string }>(sql`select key, name_zh from key_industries order by sort_order`);
      expect(industries.map((i) => i.name_zh)).toEqual([
        '能源', '冶金', '建材', '有色', '化工', '印染', '造纸', '原料药', '电镀', '农副食品加工', '工业涂装', '包装印刷', '废铅蓄电池',
      ]);
      const mapping = await database.rows<{ n: number }>(sql`select count(*)::int as n from key_industry_codes`);
      expect(mapping[0]!.n).toBe(215);
      const codes = await database.rows<{ level: string; n: number }>(sql`select level, count(*)::int as n from industry_codes group by level order by n`);
      expect(Object.fromEntries(codes.map((c) => [c.level, c.n]))).toEqual({ 门类: 5, 大类: 43, 中类: 210, 小类: 675 });
      const sugar = await database.rows(sql`select key_industry, industry_name from key_industry_codes where industry_code = '1340'`);
      expect(sugar).toEqual([{ key_industry: 'agri_food_processing', industry_name: '制糖业' }]);
      const gx = await database.rows(sql`select value::text as value, unit from co2_factors where factor_type = 'grid_provincial' and scope = '广西' and data_year = 2022`);
      expect(gx).toEqual([{ value: '0.4044', unit: 'kgCO2/kWh' }]);
      const elec = await database.rows(sql`select coef_kgce_per_unit::text as c from energy_factors where item = '电力（当量值）'`);
      expect(elec).toEqual([{ c: '0.1229' }]);
      const lead = await database.rows<{ cas_numbers: string[] }>(sql`select cas_numbers from hazardous_substances where name_zh like '%铅%' limit 1`);
      expect(lead[0]!.cas_numbers).toContain('7439-92-1');
    } finally {
      await drop();
    }
  });
});

describe.each(backends)('enterprises are never deleted on %s (migration 0018)', (kind) => {
  it('when a row of enterprises is deleted, then the database refuses it with restrict_violation and the row stays', async () => {
    const { database, drop } = await openTestDatabase(kind);
    try {
      await database.rows(sql`insert into enterprises (uscc, name, division_code, industry_codes) values ('91450100MA5KXXXX1X', '删除测试企业', '450102', array['2614'])`);
      const error = await database.rows(sql`delete from enterprises where uscc = '91450100MA5KXXXX1X'`).then(
        () => null,
        (e: unknown) => e as { code?: string; message: string; cause?: { code?: string; message: string } },
      );
      const cause = error?.cause ?? error;
      expect(cause?.code).toBe('23001');
      expect(cause?.message).toMatch(/91450100MA5KXXXX1X\) cannot be deleted: enterprises are closed/);
      const left = await database.rows<{ n: number }>(sql`select count(*)::int as n from enterprises where uscc = '91450100MA5KXXXX1X'`);
      expect(left[0]!.n).toBe(1);
    } finally {
      await drop();
    }
  });
});
