/**
 * The shared cases end to end: the five import files of each case folder go through the real
 * import pipeline (parse, validate, merge), then screening of data year 2021 must give exactly
 * the expected list (uscc, name, division, key industry, recommendation, nextDueYear, criteria).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
