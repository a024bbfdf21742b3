/**
 * The energy/CO2 factor table read from the database equals the one read from the bundled
 * refdata files (same rows, same version string), so a result computed by `cpaudit energy` and
 * one computed by the server name the same factors.
 */
import { energySaving } from '@cpaudit/domain';
import { describe, expect, it } from 'vitest';
import { factorTableFromDb, factorTableFromFiles } from '../src/db/factors.ts';
import { backends, openTestDatabase } from './support.ts';

describe.each(backends)('factor table on %s', (kind) => {
  it('when read from the database and from the files, then both are equal and 10 000 kWh of 2022 gives 1.229 tce and 4.044 t CO2 with either', async () => {
    const { database, drop } = await openTestDatabase(kind);
    try {
      const fromDb = await factorTableFromDb(database.db);
      const fromFiles = factorTableFromFiles();
      expect(fromDb).toEqual(fromFiles);
      expect(fromDb.energy).toHaveLength(43);
      expect(fromDb.co2).toHaveLength(42);
      const a = energySaving(fromDb, 'electricity', 10_000, 2022);
      expect([a.tce, a.co2t, a.factors.co2?.scope]).toEqual([1.229, 4.044, '广西']);
      expect(a).toEqual(energySaving(fromFiles, 'electricity', 10_000, 2022));
    } finally {
      await drop();
    }
  });
});
