import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.ts';
import { loadRefdata } from '../src/db/refdata.ts';
import { backends, openTestDatabase } from './support.ts';

describe('migrations and reference data on a new PGlite database', () => {
  it('when the database is new, then every migration is pending; after migrate none are, and migrate again applies nothing', async () => {
    const database = await openDatabase({ kind: 'pglite' });
    try {
      expect(await database.pendingMigrations()).toEqual(['0000_init', '0001_audit_log_append_only', '0002_registry_environmental_data', '0003_screening', '0004_review_revoke', '0005_audit_lists', '0006_experts_agencies', '0007_indicator_definitions', '0008_documents_plans_reports', '0009_public_portal', '0010_audit_workflow', '0011_review_panels', '0012_cp_options', '0013_dashboard_index', '0014_work_calendar', '0015_voluntary_applications', '0016_must_change_password', '0017_group_members_follow_lead', '0018_screening_results_bulk_store', '0019_registry_bulk_import']);
      expect(await database.migrate()).toEqual({ applied: 20 });
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

describe.each(backends)('references checked per statement on %s (migration 0019)', (kind) => {
  type PgError = { code?: string; message: string; cause?: { code?: string; message: string } };
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => {
        const err = e as PgError;
        return err.cause ?? err;
      },
    );

  it('when an enterprise or permit names an unknown division, key industry or enterprise, then the whole statement is refused with foreign_key_violation; known ones pass', async () => {
    const { database, drop } = await openTestDatabase(kind);
    try {
      const count = async () => (await database.rows<{ e: number; p: number }>(sql`select (select count(*)::int from enterprises) as e, (select count(*)::int from permits) as p`))[0]!;
      const before = await count();
      // Two rows in one statement, the second one wrong: nothing of the statement stays.
      const badDivision = await failure(
        database.rows(sql`insert into enterprises (uscc, name, division_code, industry_codes) values ('91450100MA5KREF01X', '甲', '450102', array['2614']), ('91450100MA5KREF02X', '乙', '459999', array['2614'])`),
      );
      expect(badDivision?.code).toBe('23503');
      expect(badDivision?.message).toMatch(/division_code 459999 is not a known division/);
      const badKey = await failure(
        database.rows(sql`insert into enterprises (uscc, name, division_code, industry_codes, key_industry) values ('91450100MA5KREF03X', '丙', '450102', array['2614'], 'no_such_industry')`),
      );
      expect(badKey?.code).toBe('23503');
      expect(badKey?.message).toMatch(/key_industry no_such_industry is not a known key industry/);
      expect(await count()).toEqual(before);

      const [ok] = await database.rows<{ id: number }>(
        sql`insert into enterprises (uscc, name, division_code, industry_codes, key_industry) values ('91450100MA5KREF04X', '丁', '450102', array['2614'], 'chemical') returning id`,
      );
      const moved = await failure(database.rows(sql`update enterprises set division_code = '450000x' where id = ${ok!.id}`));
      expect(moved?.code).toBe('23503');
      const badPermit = await failure(
        database.rows(sql`insert into permits (enterprise_id, permit_no, category, industry_codes) values (${ok!.id}, '91450100MA5KREF04X001P', 'key', array['2614']), (${ok!.id + 100000}, '91450100MA5KREF04X002P', 'key', array['2614'])`),
      );
      expect(badPermit?.code).toBe('23503');
      expect(badPermit?.message).toMatch(new RegExp(`enterprise_id ${ok!.id + 100000} is not a known enterprise`));
      await database.rows(sql`insert into permits (enterprise_id, permit_no, category, industry_codes) values (${ok!.id}, '91450100MA5KREF04X001P', 'key', array['2614'])`);
      const repointed = await failure(database.rows(sql`update permits set enterprise_id = -1 where permit_no = '91450100MA5KREF04X001P'`));
      expect(repointed?.code).toBe('23503');
      expect(await count()).toEqual({ e: before.e + 1, p: before.p + 1 });
    } finally {
      await drop();
    }
  });

  it('when a division or key industry is deleted, re-keyed or truncated, or an enterprise re-keyed, then the database refuses it with restrict_violation; truncating enterprises takes their permits along', async () => {
    const { database, drop } = await openTestDatabase(kind);
    try {
      for (const statement of [
        sql`delete from divisions where code = '450102'`,
        sql`update divisions set code = '450199' where code = '450102'`,
        sql`truncate divisions cascade`,
        sql`delete from key_industries where key = 'chemical'`,
        sql`update key_industries set key = 'chemicals' where key = 'chemical'`,
      ]) {
        const error = await failure(database.rows(statement));
        expect(error?.code).toBe('23001');
      }
      const [e] = await database.rows<{ id: number }>(sql`insert into enterprises (uscc, name, division_code, industry_codes) values ('91450100MA5KREF05X', '戊', '450102', array['2614']) returning id`);
      const rekeyed = await failure(database.rows(sql`update enterprises set id = ${e!.id + 100000} where id = ${e!.id}`));
      expect(rekeyed?.code).toBe('23001');
      const left = await database.rows<{ d: number; k: number }>(sql`select (select count(*)::int from divisions where code = '450102') as d, (select count(*)::int from key_industries where key = 'chemical') as k`);
      expect(left[0]).toEqual({ d: 1, k: 1 });
      // A name may still be corrected.
      await database.rows(sql`update divisions set name = name where code = '450102'`);
      // Truncating enterprises (a test reset) takes their permits along, as the foreign key's cascade did.
      await database.rows(sql`insert into permits (enterprise_id, permit_no, category, industry_codes) values (${e!.id}, '91450100MA5KREF05X001P', 'key', array['2614'])`);
      await database.rows(sql`truncate enterprises cascade`);
      const after = await database.rows<{ e: number; p: number }>(sql`select (select count(*)::int from enterprises) as e, (select count(*)::int from permits) as p`);
      expect(after[0]).toEqual({ e: 0, p: 0 });
    } finally {
      await drop();
    }
  });
});
