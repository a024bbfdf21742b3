/**
 * The SQL pre-filter of `runScreening` (issue 4 benchmark) never changes a result: on the shared
 * cases plus edge rows (equal to the limit, 31 Dec / 1 Jan, full-width CAS and pollutant names,
 * a heavy-metal pollutant within its limit, NaN), `screenAll` over `loadTriggeringInput` equals
 * `screenAll` over the full `loadScreeningInput`, every record that gives evidence on its own is
 * kept, and the diff computed in SQL equals the domain's `diffScreeningRuns`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffScreeningRuns, screenAll, screenEnterprise, type ScreeningRecords } from '@cpaudit/domain';
import type { ImportKind } from '@cpaudit/contracts';
import type { Database } from '../src/db/client.ts';
import { importFile } from '../src/modules/imports/import-file.ts';
import {
  loadKeyIndustryMapping,
  loadRunCriteria,
  loadScreeningInput,
  loadTriggeringInput,
  resolveRuleSet,
  runScreening,
} from '../src/modules/screening/screening.service.ts';
import { backends, openTestDatabase } from './support.ts';

const casesDir = fileURLToPath(new URL('./fixtures/cases/', import.meta.url));

/** Edge enterprises (credit codes sort after the case enterprises) and their 2021 records. */
const EDGE = {
  equal: '91450102MA00000E01',
  above: '91450102MA00000E02',
  lastDay: '91450102MA00000E03',
  nextYear: '91450102MA00000E04',
  fullWidthCas: '91450102MA00000E05',
  chromiumWithin: '91450102MA00000E06',
  fullWidthPollutant: '91450102MA00000E07',
  quotaEqual: '91450102MA00000E08',
  energyEqual: '91450102MA00000E09',
  energyAbove: '91450102MA00000E10',
};

async function addEdgeRows(database: Database): Promise<void> {
  for (const [i, uscc] of Object.values(EDGE).entries()) {
    await database.rows(sql`insert into enterprises (uscc, name, division_code, industry_codes) values (${uscc}, ${`边界企业${i + 1}`}, '450102', array['2614'])`);
  }
  const id = (uscc: string) => sql`(select id from enterprises where uscc = ${uscc})`;
  const exceedance = (uscc: string, pollutant: string, on: string, measured: string, limit: string) =>
    database.rows(sql`insert into exceedance_records (enterprise_id, outlet_code, pollutant, monitored_on, measured_value, limit_value, unit, data_source)
      values (${id(uscc)}, 'DA001', ${pollutant}, ${on}, ${measured}::numeric, ${limit}::numeric, 'mg/m3', 'online')`);
  await exceedance(EDGE.equal, '颗粒物', '2021-06-01', '30.000', '30');
  // Greater in numeric, equal as doubles: kept by SQL, no evidence in the domain (same result).
  await exceedance(EDGE.above, '颗粒物', '2021-06-01', '30.00000000000000000001', '30');
  await exceedance(EDGE.above, '二氧化硫', '2021-06-02', '200.01', '200');
  await exceedance(EDGE.lastDay, '颗粒物', '2021-12-31', '31', '30');
  await exceedance(EDGE.nextYear, '颗粒物', '2022-01-01', '31', '30');
  await exceedance(EDGE.nextYear, '颗粒物', '2020-12-31', '31', '30');
  await exceedance(EDGE.chromiumWithin, '总铬', '2021-01-01', '0.5', '1.5');
  await exceedance(EDGE.fullWidthPollutant, '\u3000三氯甲烷 ', '2021-05-05', '0.1', '0.3');
  await database.rows(sql`insert into hazardous_records (enterprise_id, year, category, substance_name, cas_no, match_key, quantity, unit)
    values (${id(EDGE.fullWidthCas)}, 2021, 'use', '某溶剂', '６７－６６－３', '６７－６６－３', 2.5, 't')`);
  await database.rows(sql`insert into quota_records (enterprise_id, year, pollutant, actual_t, quota_t) values (${id(EDGE.quotaEqual)}, 2021, '氨氮', 12.5, 12.50)`);
  const energy = (uscc: string, perUnit: string) =>
    database.rows(sql`insert into energy_records (enterprise_id, year, product_name, output, output_unit, comprehensive_energy_tce, energy_per_unit_kgce, limit_kgce_per_unit, limit_standard)
      values (${id(uscc)}, 2021, '烧碱', 1000, 't', 350, ${perUnit}::numeric, 350, 'GB 21257-2014')`);
  await energy(EDGE.energyEqual, '350.0');
  await energy(EDGE.energyAbove, '350.1');
}

const recordKeys = (r: ScreeningRecords): Set<string> =>
  new Set([...r.exceedances, ...r.quotas, ...r.hazardous, ...r.energy].map((x) => JSON.stringify(x)));

describe.each(backends)('screening pre-filter on %s', (kind) => {
  let database: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ database, drop } = await openTestDatabase(kind));
    for (const folder of ['screening', 'real-input']) {
      for (const [k, file] of [
        ['enterprises', folder === 'screening' ? 'enterprises.csv' : 'enterprises.xlsx'],
        ['exceedances', 'exceedances.csv'],
        ['quotas', 'quotas.csv'],
        ['hazardous', 'hazardous.csv'],
        ['energy', 'energy.csv'],
      ] as const) {
        const r = await importFile({ database, kind: k as ImportKind, file: path.join(casesDir, folder, file), fileName: file, now: new Date('2026-03-02T01:00:00Z') });
        expect(r.rejected, `${folder}/${file}`).toBe(0);
      }
    }
    await addEdgeRows(database);
  }, 60_000);
  afterAll(async () => drop());

  const both = async (dataYear: number, scope: string) => {
    const ruleSet = await resolveRuleSet(database.db);
    const options = { dataYear, ruleSet, keyIndustryMapping: await loadKeyIndustryMapping(database.db) };
    const full = await loadScreeningInput(database, dataYear, scope);
    const pre = await loadTriggeringInput(database, dataYear, scope, [ruleSet]);
    return { options, full, pre };
  };

  it.each([
    [2021, '450000'],
    [2021, '450100'],
    [2020, '450000'],
    [2022, '450000'],
  ])('when data year %i of %s is screened from the pre-filtered rows, then the results equal those from every row', async (dataYear, scope) => {
    const { options, full, pre } = await both(dataYear, scope);
    const expected = screenAll(full.enterprises, full.records, options);
    expect(screenAll(pre.enterprises, pre.records, options)).toStrictEqual(expected);
    expect(pre.enterprisesScanned).toBe(full.enterprises.length);
    if (dataYear === 2021 && scope === '450000') expect(expected.length).toBeGreaterThan(10);
  });

  it('when a record gives evidence on its own, then the pre-filter keeps it; rows equal to their limit are dropped', async () => {
    const { options, full, pre } = await both(2021, '450000');
    const kept = recordKeys(pre.records);
    const byUscc = new Map(full.enterprises.map((e) => [e.uscc, e]));
    const none: ScreeningRecords = { exceedances: [], quotas: [], hazardous: [], energy: [] };
    let triggering = 0;
    for (const [key, list] of Object.entries(full.records) as [keyof ScreeningRecords, ScreeningRecords[keyof ScreeningRecords]][]) {
      for (const record of list) {
        if (screenEnterprise(byUscc.get(record.uscc)!, { ...none, [key]: [record] }, options) === null) continue;
        triggering += 1;
        expect(kept.has(JSON.stringify(record)), JSON.stringify(record)).toBe(true);
      }
    }
    // More than the six triggering edge rows: the case files' rows are checked too.
    expect(triggering).toBeGreaterThan(6);
    expect(kept.size).toBeLessThan(recordKeys(full.records).size);
    const keptUscc = new Set(pre.enterprises.map((e) => e.uscc));
    expect([EDGE.equal, EDGE.nextYear, EDGE.quotaEqual, EDGE.energyEqual].filter((u) => keptUscc.has(u))).toEqual([]);
    expect([EDGE.above, EDGE.lastDay, EDGE.fullWidthCas, EDGE.chromiumWithin, EDGE.fullWidthPollutant, EDGE.energyAbove].filter((u) => !keptUscc.has(u))).toEqual([]);
    const listed = new Map(screenAll(pre.enterprises, pre.records, options).map((r) => [r.uscc, r.reasons.map((x) => x.criterion)]));
    expect(listed.get(EDGE.above)).toEqual(['exceedsStandard']);
    expect(listed.get(EDGE.lastDay)).toEqual(['exceedsStandard']);
    expect(listed.get(EDGE.fullWidthCas)).toEqual(['usesHazardousMaterials']);
    expect(listed.get(EDGE.chromiumWithin)).toEqual(['dischargesHazardousSubstances']);
    expect(listed.get(EDGE.fullWidthPollutant)).toEqual(['dischargesHazardousSubstances']);
    expect(listed.get(EDGE.energyAbove)).toEqual(['exceedsEnergyLimit']);
  });

  it('when a compared value is NaN, then the pre-filter keeps the row and the same RangeError is raised', async () => {
    const { options } = await both(2021, '450000');
    await database.rows(sql`update exceedance_records set limit_value = 'NaN' where enterprise_id = (select id from enterprises where uscc = ${EDGE.equal})`);
    try {
      const { full, pre } = await both(2021, '450000');
      const message = `screening: limitValue of ${EDGE.equal} is not a finite number: NaN`;
      expect(() => screenAll(full.enterprises, full.records, options)).toThrow(message);
      expect(() => screenAll(pre.enterprises, pre.records, options)).toThrow(message);
    } finally {
      await database.rows(sql`update exceedance_records set limit_value = 30 where enterprise_id = (select id from enterprises where uscc = ${EDGE.equal})`);
    }
  });

  it('when the data changes between two runs, then the stored diff equals the domain diff against the previous run', async () => {
    const first = await runScreening(database, { dataYear: 2021, scopeDivisionCode: '450000', actor: { userId: null, name: 'test' }, now: new Date() });
    expect(first.diff).toStrictEqual({ previousRunId: null, added: first.results.map((r) => r.uscc), dropped: [], reasonsChanged: [] });
    // EDGE.equal now exceeds (added); EDGE.lastDay's record moves to 2022 (dropped); EDGE.energyAbove also exceeds a standard (reasons changed).
    await database.rows(sql`update exceedance_records set measured_value = 30.5 where enterprise_id = (select id from enterprises where uscc = ${EDGE.equal})`);
    await database.rows(sql`update exceedance_records set monitored_on = '2022-01-01' where enterprise_id = (select id from enterprises where uscc = ${EDGE.lastDay})`);
    await database.rows(sql`insert into exceedance_records (enterprise_id, outlet_code, pollutant, monitored_on, measured_value, limit_value, unit, data_source)
      values ((select id from enterprises where uscc = ${EDGE.energyAbove}), 'DA001', '颗粒物', '2021-03-03', 40, 30, 'mg/m3', 'online')`);
    const before = await loadRunCriteria(database.db, first.runId);
    const second = await runScreening(database, { dataYear: 2021, scopeDivisionCode: '450000', actor: { userId: null, name: 'test' }, now: new Date() });
    const d = diffScreeningRuns(before, second.results);
    const expected = {
      previousRunId: first.runId,
      added: d.added.map((r) => r.uscc),
      dropped: d.dropped.map((r) => r.uscc),
      reasonsChanged: d.reasonsChanged.map((c) => ({ uscc: c.uscc, before: [...c.before], after: [...c.after] })),
    };
    expect(expected).toStrictEqual({
      previousRunId: first.runId,
      added: [EDGE.equal],
      dropped: [EDGE.lastDay],
      reasonsChanged: [{ uscc: EDGE.energyAbove, before: ['exceedsEnergyLimit'], after: ['exceedsEnergyLimit', 'exceedsStandard'] }],
    });
    expect(second.diff).toStrictEqual(expected);
    const [stored] = await database.rows<{ diff: unknown }>(sql`select diff from screening_runs where id = ${second.runId}`);
    expect(stored!.diff).toStrictEqual(expected);
  });
});
