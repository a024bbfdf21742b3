/**
 * The energy and CO2 factor table ({@link FactorTable} of `@cpaudit/domain`) read either from the
 * bundled reference files (`refdata/energy_conversion_factors.csv`, `co2_emission_factors.csv`)
 * or from the tables `energy_factors` / `co2_factors` they are loaded into. Both give the same
 * `version`: `refdata:energy_conversion_factors.csv@<sha256[0..12]>+co2_emission_factors.csv@<…>`,
 * the content hashes recorded in `refdata_loads`, so a result names the exact files it used.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { factorNumber, type FactorTable } from '@cpaudit/domain';
import type { Db } from './client.ts';

async function rowsOf<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
import { refdataFolder } from './refdata.ts';

export const ENERGY_FACTOR_FILE = 'energy_conversion_factors.csv';
export const CO2_FACTOR_FILE = 'co2_emission_factors.csv';

const versionOf = (energySha: string, co2Sha: string): string => `refdata:${ENERGY_FACTOR_FILE}@${energySha.slice(0, 12)}+${CO2_FACTOR_FILE}@${co2Sha.slice(0, 12)}`;
const yearOf = (text: string): number | null => (/^\d{4}/.test(text) ? Number(text.slice(0, 4)) : null);

/**
 * Reads the factor table from the bundled CSV files (no database). Used by `cpaudit energy`.
 * @throws if a file is missing or malformed
 */
export function factorTableFromFiles(folder = refdataFolder): FactorTable {
  const read = (file: string): { rows: Record<string, string>[]; sha: string } => {
    const text = fs.readFileSync(`${folder}/${file}`);
    return { rows: parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Record<string, string>[], sha: crypto.createHash('sha256').update(text).digest('hex') };
  };
  const e = read(ENERGY_FACTOR_FILE);
  const c = read(CO2_FACTOR_FILE);
  return {
    version: versionOf(e.sha, c.sha),
    energy: e.rows.map((r) => ({ item: r.item!, unit: r.unit!, coefKgcePerUnit: factorNumber(r.coef_kgce_per_unit), basis: r.basis || null, source: r.source! })),
    co2: c.rows.map((r) => ({
      factorType: r.factor_type!,
      scope: r.scope!,
      dataYear: yearOf(r.data_year ?? ''),
      dataYearText: r.data_year ?? '',
      value: factorNumber(r.value),
      unit: r.unit!,
      source: r.source!,
    })),
  };
}

/**
 * Reads the factor table from the database (tables loaded by `loadRefdata`).
 * @throws Error when the factor files were never loaded (run `cpaudit db migrate`)
 */
export async function factorTableFromDb(db: Db): Promise<FactorTable> {
  const loads = await rowsOf<{ name: string; sha256: string }>(db, sql`select name, sha256 from refdata_loads where name in (${ENERGY_FACTOR_FILE}, ${CO2_FACTOR_FILE})`);
  const sha = new Map(loads.map((l) => [l.name, l.sha256]));
  if (!sha.has(ENERGY_FACTOR_FILE) || !sha.has(CO2_FACTOR_FILE)) throw new Error('energy/CO2 factors not loaded: run `cpaudit db migrate`');
  const energy = await rowsOf<Record<string, string | null>>(db, sql`select item, unit, coef_kgce_per_unit, basis, source from energy_factors order by id`);
  const co2 = await rowsOf<Record<string, string | number | null>>(db, sql`select factor_type, scope, data_year, data_year_text, value, unit, source from co2_factors order by id`);
  return {
    version: versionOf(sha.get(ENERGY_FACTOR_FILE)!, sha.get(CO2_FACTOR_FILE)!),
    energy: energy.map((r) => ({ item: r.item!, unit: r.unit!, coefKgcePerUnit: r.coef_kgce_per_unit === null ? null : Number(r.coef_kgce_per_unit), basis: r.basis ?? null, source: r.source! })),
    co2: co2.map((r) => ({
      factorType: String(r.factor_type),
      scope: String(r.scope),
      dataYear: r.data_year === null ? null : Number(r.data_year),
      dataYearText: String(r.data_year_text),
      value: r.value === null ? null : Number(r.value),
      unit: String(r.unit),
      source: String(r.source),
    })),
  };
}
