/**
 * The shared cases end to end: the five import files of each case folder go through the real
 * import pipeline (parse, validate, merge), then screening of data year 2021 must give exactly
 * the expected list (uscc, name, division, key industry, recommendation, nextDueYear, criteria).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportKind } from '@cpaudit/contracts';
import type { Database } from '../src/db/client.ts';
import { importFile } from '../src/modules/imports/import-file.ts';
import { runScreening } from '../src/modules/screening/screening.service.ts';
import screeningExpected from './fixtures/expected/screening-expected-screen-2021.json' with { type: 'json' };
import realExpected from './fixtures/expected/real-input-expected-screen-2021.json' with { type: 'json' };
import { backends, openTestDatabase } from './support.ts';

const casesDir = fileURLToPath(new URL('./fixtures/cases/', import.meta.url));

const folders = [
  { name: 'screening', enterprises: 'enterprises.csv', expected: screeningExpected },
  { name: 'real-input', enterprises: 'enterprises.xlsx', expected: realExpected },
] as const;

describe.each(backends)('shared cases on %s', (kind) => {
  describe.each(folders)('case folder $name', (folder) => {
    let database: Database;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      ({ database, drop } = await openTestDatabase(kind));
    });
    afterAll(async () => drop());

    const importCase = (k: ImportKind, file: string) =>
      importFile({ database, kind: k, file: path.join(casesDir, folder.name, file), fileName: file, now: new Date('2026-03-02T01:00:00Z') });

    it('when the five files are imported, then every row is accepted', async () => {
      for (const [k, file] of [
        ['enterprises', folder.enterprises],
        ['exceedances', 'exceedances.csv'],
        ['quotas', 'quotas.csv'],
        ['hazardous', 'hazardous.csv'],
        ['energy', 'energy.csv'],
      ] as const) {
        const r = await importCase(k, file);
        expect(r.errors, `${k}: ${JSON.stringify(r.errors)}`).toEqual([]);
        expect(r.rejected).toBe(0);
        expect(r.inserted).toBe(r.rows);
      }
    });

    if (folder.name === 'real-input') {
      it('when the GBK CSV of the same enterprises is imported after the xlsx, then every row is unchanged', async () => {
        const r = await importCase('enterprises', 'enterprises-gbk.csv');
        expect(r).toMatchObject({ inserted: 0, updated: 0, rejected: 0 });
        expect(r.unchanged).toBe(r.rows);
      });
    }

    if (folder.name === 'screening') {
      it('when a file without the optional columns is imported, then stored addresses, acceptance dates and permit data stay', async () => {
        const fs = await import('node:fs');
        const os = await import('node:os');
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minimal-'));
        const minimal = path.join(dir, 'minimal.csv');
        // The 北海 enterprise: its acceptance date (2018-06-01) decides notDue in 2021.
        fs.writeFileSync(minimal, '单位名称,统一社会信用代码,许可证编号,行业类别代码,行政区划代码\n北海市嘉鹭制药有限公司,91450502939057632J,91450502939057632J001P,2710,450502\n');
        const before = await database.rows(sql`select e.address, e.last_acceptance_date, p.category, p.valid_to from enterprises e join permits p on p.enterprise_id = e.id where e.uscc = '91450502939057632J'`);
        const r = await importFile({ database, kind: 'enterprises', file: minimal, fileName: 'minimal.csv', now: new Date('2026-03-03T01:00:00Z') });
        expect(r).toMatchObject({ rows: 1, inserted: 0, updated: 0, unchanged: 1, rejected: 0 });
        const after = await database.rows(sql`select e.address, e.last_acceptance_date, p.category, p.valid_to from enterprises e join permits p on p.enterprise_id = e.id where e.uscc = '91450502939057632J'`);
        expect(after).toEqual(before);
        expect((before[0] as { last_acceptance_date: string }).last_acceptance_date).toBe('2018-06-01');
        fs.rmSync(dir, { recursive: true, force: true });
      });
    }

    it('when data year 2021 is screened, then the result equals the expected list exactly', async () => {
      const outcome = await runScreening(database, { dataYear: 2021, scopeDivisionCode: '450000', actor: { userId: null, name: 'test' }, now: new Date() });
      const got = outcome.results.map((r) => ({
        uscc: r.uscc,
        name: r.name,
        divisionCode: r.divisionCode,
        keyIndustry: r.keyIndustry,
        recommendation: r.recommendation,
        nextDueYear: r.nextDueYear,
        criteria: [...new Set(r.reasons.map((x) => x.criterion))].sort(),
      }));
      expect(got).toEqual(folder.expected);
    });
  });
});
