/**
 * The database side of imports: staging, natural-key merge, change history, all-or-nothing,
 * skip-invalid, dry run and idempotency — fed with already-parsed rows.
 */
import { sql } from 'drizzle-orm';
import { usccCheckChar } from '@cpaudit/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeStaleImports, runImport, type EnterpriseImportRow, type ImportKind, type ImportRowError } from '../src/modules/imports/import.service.ts';
import type { ExceedanceRow } from '../src/modules/imports/merge-specs.ts';
import { backends, openTestDatabase } from './support.ts';
import type { Database } from '../src/db/client.ts';

const uscc = (county: string, body9: string) => `91${county}${body9}${usccCheckChar(`91${county}${body9}`)}`;
const A = uscc('450102', '77000001X');
const B = uscc('450203', '770000028');

const ent = (over: Partial<EnterpriseImportRow>): EnterpriseImportRow => ({
  name: '测试企业',
  uscc: A,
  permitNo: null,
  permitCategory: null,
  industryCodes: ['3011'],
  industryNames: ['水泥制造'],
  divisionCode: '450102',
  address: '南宁市兴宁区测试路1号',
  legalRepresentative: '张三',
  issuedOn: null,
  validFrom: null,
  validTo: null,
  pollutantCategories: [],
  issuingAuthority: null,
  lastAcceptanceDate: null,
  ...over,
});

async function* batches<R>(rows: { row: number; data: R }[], errors: ImportRowError[] = [], size = Infinity) {
  if (size === Infinity) {
    yield { rows, errors };
    return;
  }
  // One batch per `size` rows; each parse error goes with the batch whose rows surround it.
  for (let i = 0; i < rows.length; i += size) {
    const part = rows.slice(i, i + size);
    const last = i + size >= rows.length ? Infinity : rows[i + size]!.row;
    yield { rows: part, errors: errors.filter((e) => e.row < last && (i === 0 || e.row >= part[0]!.row)) };
  }
}

describe.each(backends)('import merge on %s', (kind) => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await openTestDatabase(kind));
  });
  afterAll(async () => drop());

  const run = <R>(k: ImportKind, rows: { row: number; data: R }[], opts: { errors?: ImportRowError[]; dryRun?: boolean; skipInvalid?: boolean; range?: number } = {}) =>
    runImport<R>({
      database,
      kind: k,
      fileName: `${k}.xlsx`,
      sha256: () => 'f'.repeat(64),
      batches: batches(rows, opts.errors, opts.range),
      mergeRangeRows: opts.range,
      dryRun: opts.dryRun ?? false,
      skipInvalid: opts.skipInvalid ?? false,
      userId: 1,
      orgId: 1,
      now: new Date('2026-03-02T01:00:00Z'),
    });

  const firstFile = [
    { row: 2, data: ent({ permitNo: `${A}001P`, permitCategory: 'key', issuedOn: '2020-06-30' }) },
    { row: 3, data: ent({ permitNo: `${A}002P`, permitCategory: 'simplified' }) },
    { row: 4, data: ent({ uscc: B, name: '柳州测试纸业', divisionCode: '450203', industryCodes: ['2221'], industryNames: ['机制纸及纸板制造'] }) },
  ];

  it('when a new enterprises file is imported, then 2 enterprises and 2 permits are created with derived key industries and history', async () => {
    const r = await run('enterprises', firstFile);
    expect(r).toMatchObject({ kind: 'enterprises', rows: 3, inserted: 3, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    const rows = await database.rows(sql`select uscc, key_industry, division_code from enterprises where uscc in (${A}, ${B}) order by uscc`);
    expect(rows).toEqual(
      [
        { uscc: A, key_industry: 'building_materials', division_code: '450102' },
        { uscc: B, key_industry: 'papermaking', division_code: '450203' },
      ].sort((x, y) => x.uscc.localeCompare(y.uscc)),
    );
    const permits = await database.rows(sql`select permit_no, category, issued_on from permits where permit_no like ${`${A}%`} order by permit_no`);
    expect(permits).toEqual([
      { permit_no: `${A}001P`, category: 'key', issued_on: '2020-06-30' },
      { permit_no: `${A}002P`, category: 'simplified', issued_on: null },
    ]);
    const hist = await database.rows<{ entity_type: string; action: string; n: number }>(
      sql`select entity_type, action, count(*)::int as n from change_history where import_id = ${r.importId} group by 1, 2 order by 1`,
    );
    expect(hist).toEqual([
      { entity_type: 'enterprise', action: 'insert', n: 2 },
      { entity_type: 'permit', action: 'insert', n: 2 },
    ]);
    const [insert] = await database.rows<{ changes: Record<string, [unknown, unknown]> }>(
      sql`select h.changes from change_history h join enterprises e on e.id = h.entity_id where h.import_id = ${r.importId} and h.entity_type = 'enterprise' and e.uscc = ${B}`,
    );
    expect(insert!.changes.name).toEqual([null, '柳州测试纸业']);
    expect(insert!.changes.division_code).toEqual([null, '450203']);
    expect(insert!.changes.industry_codes).toEqual([null, ['2221']]);
  });

  it('when an import ends, then its staging table is gone; a job left running by a stopped process is closed at start with its staging table', async () => {
    const left = await database.rows<{ n: number }>(sql`select count(*)::int as n from pg_class where relname ~ '^import_staging_[0-9]+$'`);
    expect(left[0]!.n).toBe(0);
    const [job] = await database.rows<{ id: number }>(sql`
      insert into imports (kind, file_name, sha256, dry_run, skip_invalid, status, started_at)
      values ('quotas', 'killed.csv', '', false, false, 'running', '2026-03-01T00:00:00Z') returning id`);
    await database.rows(sql.raw(`create table import_staging_${job!.id} (row_no int)`));
    const closed = await closeStaleImports(database, new Date('2026-03-02T12:00:00Z'));
    expect(closed).toBe(1);
    const [after] = await database.rows<{ status: string }>(sql`select status from imports where id = ${job!.id}`);
    expect(after!.status).toBe('failed');
    const gone = await database.rows<{ n: number }>(sql`select count(*)::int as n from pg_class where relname = ${`import_staging_${job!.id}`}`);
    expect(gone[0]!.n).toBe(0);
  });

  it('when the same file is imported again, then every row is unchanged and no history is written', async () => {
    const before = await database.rows<{ n: number }>(sql`select count(*)::int as n from change_history`);
    const r = await run('enterprises', firstFile);
    expect(r).toMatchObject({ rows: 3, inserted: 0, updated: 0, unchanged: 3, rejected: 0 });
    const after = await database.rows<{ n: number }>(sql`select count(*)::int as n from change_history`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('when an address changes, then the enterprise is updated and its history holds [before, after] of that field only', async () => {
    const changed = firstFile.map((r) => (r.data.uscc === A ? { ...r, data: { ...r.data, address: '南宁市兴宁区新址9号' } } : r));
    const r = await run('enterprises', changed);
    expect(r).toMatchObject({ inserted: 0, updated: 2, unchanged: 1 });
    const h = await database.rows<{ changes: unknown; user_id: number }>(
      sql`select changes, user_id from change_history where import_id = ${r.importId}`,
    );
    expect(h).toEqual([{ changes: { address: ['南宁市兴宁区测试路1号', '南宁市兴宁区新址9号'] }, user_id: 1 }]);
  });

  it('when a file has one invalid row and skip-invalid is off, then nothing is written and the error is reported', async () => {
    const C = uscc('450103', '770000036');
    const before = await database.rows<{ n: number }>(sql`select count(*)::int as n from enterprises`);
    const r = await run('enterprises', [{ row: 2, data: ent({ uscc: C, divisionCode: '450103' }) }], {
      errors: [{ row: 3, column: '统一社会信用代码', value: 'X', message: '长度应为 18 位' }],
    });
    expect(r).toMatchObject({ rows: 2, inserted: 0, updated: 0, unchanged: 0, rejected: 1 });
    expect(r.errors).toEqual([{ row: 3, column: '统一社会信用代码', value: 'X', message: '长度应为 18 位' }]);
    const after = await database.rows<{ n: number }>(sql`select count(*)::int as n from enterprises`);
    expect(after[0]!.n).toBe(before[0]!.n);
    const status = await database.rows(sql`select status, rejected from imports where id = ${r.importId}`);
    expect(status).toEqual([{ status: 'rejected', rejected: 1 }]);

    const skipped = await run('enterprises', [{ row: 2, data: ent({ uscc: C, divisionCode: '450103' }) }], {
      errors: [{ row: 3, column: '统一社会信用代码', value: 'X', message: '长度应为 18 位' }],
      skipInvalid: true,
    });
    expect(skipped).toMatchObject({ rows: 2, inserted: 1, rejected: 1 });
  });

  it('when a permit names its issuing authority, then it is stored; a later file with the cell empty keeps it', async () => {
    const P = `${A}009P`;
    const first = await run('enterprises', [{ row: 2, data: ent({ permitNo: P, issuingAuthority: '南宁市生态环境局' }) }]);
    expect(first).toMatchObject({ inserted: 1, rejected: 0 });
    const blank = await run('enterprises', [{ row: 2, data: ent({ permitNo: P, issuingAuthority: null }) }]);
    expect(blank).toMatchObject({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await database.rows(sql`select issuing_authority from permits where permit_no = ${P}`)).toEqual([{ issuing_authority: '南宁市生态环境局' }]);
  });

  it('when 25,000 rows are rejected, then all count as rejected and the 10,000 errors kept are those of the lowest rows, whatever their order of arrival', async () => {
    const errors = Array.from({ length: 25_000 }, (_, i) => ({ row: 25_001 - i, column: '统一社会信用代码', value: 'X', message: '长度应为 18 位' }));
    const r = await run('enterprises', [], { errors });
    expect(r).toMatchObject({ rows: 25_000, inserted: 0, rejected: 25_000 });
    expect(r.errors).toHaveLength(10_000);
    expect([r.errors[0]!.row, r.errors.at(-1)!.row]).toEqual([2, 10_001]);
  });

  it('when a permit number in the file is held by another enterprise, then that row is rejected', async () => {
    const r = await run('enterprises', [{ row: 2, data: ent({ uscc: B, name: '柳州测试纸业', divisionCode: '450203', permitNo: `${A}001P` }) }]);
    expect(r.rejected).toBe(1);
    expect(r.errors[0]).toMatchObject({ row: 2, column: '许可证编号' });
    expect(r.errors[0]!.message).toContain(A);
  });

  const exc = (over: Partial<ExceedanceRow>): ExceedanceRow => ({
    uscc: A,
    outletCode: 'DA001',
    pollutant: '颗粒物',
    monitoredOn: '2021-06-15',
    measuredValue: 32.5,
    limitValue: 30,
    unit: 'mg/m3',
    dataSource: 'online',
    ...over,
  });

  it('when exceedances name an unknown enterprise or repeat a natural key, then each bad row is named and nothing is written', async () => {
    const unknown = uscc('450105', '770000044');
    const r = await run('exceedances', [
      { row: 2, data: exc({}) },
      { row: 3, data: exc({ uscc: unknown }) },
      { row: 4, data: exc({ measuredValue: 40 }) },
    ]);
    expect(r).toMatchObject({ rows: 3, inserted: 0, updated: 0, rejected: 2 });
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '统一社会信用代码'],
      [4, '排放口编号、污染物、监测日期'],
    ]);
    expect(r.errors[1]!.message).toContain('第 2 行');
    expect((await database.rows(sql`select r.id from exceedance_records r join enterprises e on e.id = r.enterprise_id where e.uscc = ${A}`)).length).toBe(0);
  });

  it('when exceedances are dry-run, then the counts say what would happen and nothing is written; a real run then writes them', async () => {
    const file = [
      { row: 2, data: exc({}) },
      { row: 3, data: exc({ monitoredOn: '2021-12-31', measuredValue: 29 }) },
    ];
    const dry = await run('exceedances', file, { dryRun: true });
    expect(dry).toMatchObject({ rows: 2, inserted: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect((await database.rows(sql`select r.id from exceedance_records r join enterprises e on e.id = r.enterprise_id where e.uscc = ${A}`)).length).toBe(0);
    expect(await database.rows(sql`select status from imports where id = ${dry.importId}`)).toEqual([{ status: 'dryRun' }]);
    const real = await run('exceedances', file);
    expect(real).toMatchObject({ inserted: 2, unchanged: 0 });
    const again = await run('exceedances', [{ row: 2, data: exc({ measuredValue: 32.5 }) }, { row: 3, data: exc({ monitoredOn: '2021-12-31', measuredValue: 31 }) }]);
    expect(again).toMatchObject({ inserted: 0, updated: 1, unchanged: 1 });
    const stored = await database.rows(sql`select r.monitored_on, r.measured_value::text as v from exceedance_records r join enterprises e on e.id = r.enterprise_id where e.uscc = ${A} order by r.monitored_on`);
    expect(stored).toEqual([
      { monitored_on: '2021-06-15', v: '32.5' },
      { monitored_on: '2021-12-31', v: '31' },
    ]);
  });

  // On PostgreSQL a file is staged, checked and merged range by range in one transaction (here 2
  // rows per range); on PGlite all at once. Both must find the same errors and write the same rows.
  describe('a file merged in ranges of 2 rows', () => {
    const E = uscc('450105', '770000052');
    const F = uscc('450105', '770000060');
    const G = uscc('450105', '770000079');
    const H = uscc('450105', '770000087');
    const K = uscc('450105', '770000095');
    const at = (row: number, over: Partial<EnterpriseImportRow>) => ({ row, data: ent({ divisionCode: '450105', ...over }) });
    const file = [
      at(2, { uscc: E, name: 'E一', permitNo: `${E}001P` }),
      at(3, { uscc: F, name: 'F' }),
      at(4, { uscc: E, name: 'E二', permitNo: `${E}002P` }),
      at(5, { uscc: G, name: 'G', permitNo: `${E}001P` }),
      at(6, { uscc: F, name: 'F' }),
      at(7, { uscc: G, name: 'G' }),
    ];

    it('when a permit number or a permit-less credit code repeats a row of an earlier range, then each repeat is named with that row and nothing is written', async () => {
      const r = await run('enterprises', file, { range: 2 });
      expect(r).toMatchObject({ rows: 6, inserted: 0, updated: 0, unchanged: 0, rejected: 2 });
      expect(r.errors).toEqual([
        { row: 5, column: '许可证编号', value: `${E}001P`, message: '许可证编号与第 2 行重复' },
        { row: 6, column: '统一社会信用代码', value: F, message: '无许可证的企业与第 3 行重复' },
      ]);
      expect(await database.rows(sql`select uscc from enterprises where uscc in (${E}, ${F}, ${G})`)).toEqual([]);
      expect(await database.rows(sql`select permit_no from permits where permit_no like ${`${E}%`}`)).toEqual([]);
    });

    it('when the same file is imported with skip-invalid, then the 4 valid rows are written and an enterprise keeps the attributes of its first row', async () => {
      const r = await run('enterprises', file, { range: 2, skipInvalid: true });
      expect(r).toMatchObject({ rows: 6, inserted: 4, updated: 0, unchanged: 0, rejected: 2 });
      expect(r.errors.map((e) => e.row)).toEqual([5, 6]);
      const ents = await database.rows(sql`select uscc, name from enterprises where uscc in (${E}, ${F}, ${G}) order by name`);
      expect(ents).toEqual([
        { uscc: E, name: 'E一' },
        { uscc: F, name: 'F' },
        { uscc: G, name: 'G' },
      ]);
      const permits = await database.rows(sql`select p.permit_no, e.uscc from permits p join enterprises e on e.id = p.enterprise_id where p.permit_no like ${`${E}%`} order by 1`);
      expect(permits).toEqual([
        { permit_no: `${E}001P`, uscc: E },
        { permit_no: `${E}002P`, uscc: E },
      ]);
      const hist = await database.rows(sql`select entity_type, count(*)::int as n from change_history where import_id = ${r.importId} group by 1 order by 1`);
      expect(hist).toEqual([
        { entity_type: 'enterprise', n: 3 },
        { entity_type: 'permit', n: 2 },
      ]);
      // Again: the 4 rows are unchanged; row 5's permit is now E's, so it is also another enterprise's.
      const again = await run('enterprises', file, { range: 2, skipInvalid: true });
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, rejected: 2 });
      expect(again.errors.filter((e) => e.row === 5).map((e) => e.message)).toEqual(['许可证编号与第 2 行重复', `该许可证已登记在另一企业（${E}）名下`]);
    });

    it('when the first row of a credit code is rejected (its permit is another enterprise\'s) and a later range has a valid row, then the enterprise is created from that later row', async () => {
      const r = await run(
        'enterprises',
        [at(2, { uscc: H, name: 'H一', permitNo: `${E}002P` }), at(3, { uscc: K, name: 'K' }), at(4, { uscc: H, name: 'H二', permitNo: `${H}001P` })],
        { range: 2, skipInvalid: true },
      );
      expect(r).toMatchObject({ rows: 3, inserted: 2, rejected: 1 });
      expect(r.errors).toEqual([{ row: 2, column: '许可证编号', value: `${E}002P`, message: `该许可证已登记在另一企业（${E}）名下` }]);
      expect(await database.rows(sql`select name from enterprises where uscc = ${H}`)).toEqual([{ name: 'H二' }]);
      expect(await database.rows(sql`select e.uscc from permits p join enterprises e on e.id = p.enterprise_id where p.permit_no = ${`${E}002P`}`)).toEqual([{ uscc: E }]);
    });

    it('when an exceedance repeats the natural key of a row in an earlier range, then it is named with that row; with skip-invalid the others are written', async () => {
      const rows = [
        { row: 2, data: exc({ outletCode: 'DA009', monitoredOn: '2021-03-01' }) },
        { row: 3, data: exc({ outletCode: 'DA009', monitoredOn: '2021-03-02' }) },
        { row: 4, data: exc({ outletCode: 'DA009', monitoredOn: '2021-03-01', measuredValue: 50 }) },
        { row: 5, data: exc({ outletCode: 'DA009', monitoredOn: '2021-03-03' }) },
      ];
      const r = await run('exceedances', rows, { range: 2 });
      expect(r).toMatchObject({ rows: 4, inserted: 0, rejected: 1 });
      expect(r.errors).toEqual([{ row: 4, column: '排放口编号、污染物、监测日期', value: A, message: '与第 2 行重复（同一企业的排放口编号、污染物、监测日期相同）' }]);
      const skipped = await run('exceedances', rows, { range: 2, skipInvalid: true });
      expect(skipped).toMatchObject({ rows: 4, inserted: 3, rejected: 1 });
      const stored = await database.rows(sql`select r.monitored_on, r.measured_value::text as v from exceedance_records r join enterprises e on e.id = r.enterprise_id where e.uscc = ${A} and r.outlet_code = 'DA009' order by 1`);
      expect(stored).toEqual([
        { monitored_on: '2021-03-01', v: '32.5' },
        { monitored_on: '2021-03-02', v: '32.5' },
        { monitored_on: '2021-03-03', v: '32.5' },
      ]);
    });
  });
});
