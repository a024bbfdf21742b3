/**
 * Screening runs (issue 4 §2): load the enterprises of a scope that have records in data year Y,
 * apply the domain rules (`screenAll`, 清洁生产审核办法 art. 8 and 12) with a versioned rule set,
 * store the run and its results, and compare with the previous run of the same year and scope.
 */
import {
  buildRuleSet,
  countScreeningResults,
  divisionPrefixOf,
  matchHazardousSubstance,
  screenAll,
  type HazardousList,
  type KeyIndustryMapping,
  type ScreeningRecords,
  type ScreeningCriterion,
  type ScreeningDiffItem,
  type ScreeningResult,
  type ScreeningRuleSet,
  DEFAULT_SCREENING_RULE_SET_VERSION,
} from '@cpaudit/domain';
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { copyTextField } from '../../db/bulk.ts';
import { hazardousSubstances, keyIndustries, keyIndustryCodes, screeningRuleSets, screeningRuns } from '../../db/schema.ts';

/** Who runs a screening: a user, or the command line (`userId` null). */
export interface ScreeningActor {
  userId: number | null;
  name: string;
}

/** A stored run with its results (the CLI contract's array is `results`). */
export interface ScreeningRunOutcome {
  runId: number;
  ruleSetVersion: string;
  enterprisesScanned: number;
  results: ScreeningResult[];
  counts: ReturnType<typeof countScreeningResults>;
  diff: { previousRunId: number | null; added: string[]; dropped: string[]; reasonsChanged: { uscc: string; before: string[]; after: string[] }[] };
}

/** The key-industry mapping with the catalogue order, for `deriveKeyIndustry`. */
export async function loadKeyIndustryMapping(db: Db): Promise<KeyIndustryMapping[]> {
  return db
    .select({ keyIndustry: keyIndustryCodes.keyIndustry, industryCode: keyIndustryCodes.industryCode, sortOrder: keyIndustries.sortOrder, cityCode: keyIndustries.cityCode })
    .from(keyIndustryCodes)
    .innerJoin(keyIndustries, eq(keyIndustries.key, keyIndustryCodes.keyIndustry));
}

/**
 * The rule set to use: `version` if given, else the latest published one. When none exists yet,
 * the default version is built from the hazardous lists in the reference data and published.
 * @throws {AppError} NOT_FOUND when the requested version does not exist.
 */
export async function resolveRuleSet(db: Db, version?: string, now: Date = new Date()): Promise<ScreeningRuleSet> {
  if (version) {
    const [row] = await db.select().from(screeningRuleSets).where(eq(screeningRuleSets.version, version));
    if (!row) throw new AppError('NOT_FOUND', `筛选规则版本不存在：${version}`);
    return row.definition as ScreeningRuleSet;
  }
  const [latest] = await db
    .select()
    .from(screeningRuleSets)
    .where(isNotNull(screeningRuleSets.publishedAt))
    .orderBy(desc(screeningRuleSets.publishedAt))
    .limit(1);
  if (latest) return latest.definition as ScreeningRuleSet;
  const ruleSet = buildRuleSet({ version: DEFAULT_SCREENING_RULE_SET_VERSION, hazardousLists: await hazardousListsFromRefdata(db) });
  await db
    .insert(screeningRuleSets)
    .values({ version: ruleSet.version, definition: ruleSet, note: '默认规则：参考数据中的有毒有害物质名录', createdAt: now, publishedAt: now })
    .onConflictDoNothing();
  return ruleSet;
}

/** Groups the reference hazardous-substance rows into lists. */
export async function hazardousListsFromRefdata(db: Db): Promise<HazardousList[]> {
  const rows = await db.select().from(hazardousSubstances).orderBy(hazardousSubstances.id);
  const lists = new Map<string, HazardousList>();
  for (const r of rows) {
    const list = lists.get(r.listName) ?? { listName: r.listName, substances: [] };
    list.substances.push({ nameZh: r.nameZh, casNumbers: r.casNumbers });
    lists.set(r.listName, list);
  }
  return [...lists.values()];
}

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

type EnterpriseRow = { id: number; uscc: string; name: string; division_code: string; industry_codes: string[]; last_acceptance_date: string | null };
type RecordRow = Record<string, unknown> & { enterprise_id: number };

/**
 * The domain's input from the rows of the enterprise and record queries: enterprises sorted by
 * credit code, each record with its enterprise's credit code (records of enterprises not among
 * `enterpriseRows` are dropped), numbers parsed from PostgreSQL's numeric text with `Number`.
 */
function toScreeningInput(enterpriseRows: EnterpriseRow[], excRows: RecordRow[], quoRows: RecordRow[], hazRows: RecordRow[], eneRows: RecordRow[]) {
  // Credit codes are digits and capital letters: code-unit order is the database's order.
  const enterprises = enterpriseRows.sort((a, b) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0));
  const usccById = new Map(enterprises.map((e) => [e.id, e.uscc]));
  /** `make(row, uscc)` for each row whose enterprise was loaded. */
  const withUscc = <T>(rows: RecordRow[], make: (r: RecordRow, uscc: string) => T): T[] => {
    const out: T[] = [];
    for (const r of rows) {
      const uscc = usccById.get(r.enterprise_id);
      if (uscc !== undefined) out.push(make(r, uscc));
    }
    return out;
  };
  const records: ScreeningRecords = {
    exceedances: withUscc(excRows, (r, uscc) => ({
      uscc,
      outletCode: String(r.outlet_code),
      pollutant: String(r.pollutant),
      monitoredOn: String(r.monitored_on),
      measuredValue: num(r.measured_value),
      limitValue: num(r.limit_value),
      unit: String(r.unit),
      dataSource: r.data_source as 'online',
    })),
    quotas: withUscc(quoRows, (r, uscc) => ({ uscc, year: num(r.year), pollutant: String(r.pollutant), actualT: num(r.actual_t), quotaT: num(r.quota_t) })),
    hazardous: withUscc(hazRows, (r, uscc) => ({
      uscc,
      year: num(r.year),
      category: r.category as 'use',
      substanceName: String(r.substance_name),
      casNo: (r.cas_no as string | null) ?? null,
      quantity: numOrNull(r.quantity),
      unit: (r.unit as string | null) ?? null,
    })),
    energy: withUscc(eneRows, (r, uscc) => ({
      uscc,
      year: num(r.year),
      productName: String(r.product_name),
      output: num(r.output),
      outputUnit: String(r.output_unit),
      comprehensiveEnergyTce: numOrNull(r.comprehensive_energy_tce),
      energyPerUnitKgce: num(r.energy_per_unit_kgce),
      limitKgcePerUnit: num(r.limit_kgce_per_unit),
      limitStandard: (r.limit_standard as string | null) ?? null,
    })),
  };
  return {
    enterprises: enterprises.map((e) => ({
      id: e.id,
      uscc: e.uscc,
      name: e.name,
      divisionCode: e.division_code,
      industryCodes: e.industry_codes,
      lastAcceptanceDate: e.last_acceptance_date,
    })),
    records,
  };
}

/**
 * Loads the inputs of a screening: enterprises in the scope with at least one record of year Y
 * (the only ones that can meet a criterion), sorted by credit code, and their records of year Y.
 *
 * The record queries read the record tables alone and carry `enterprise_id`; each record gets its
 * enterprise's credit code from the enterprises loaded, and records of enterprises not loaded
 * (outside the scope) are dropped. A region-wide scope therefore scans `enterprises` once instead
 * of once per record table; a city or county scope still narrows the records in SQL.
 */
export async function loadScreeningInput(database: Database, dataYear: number, scopeDivisionCode: string) {
  const areaPrefix = divisionPrefixOf(scopeDivisionCode);
  const prefix = `${areaPrefix}%`;
  const from = `${dataYear}-01-01`;
  const to = `${dataYear + 1}-01-01`;
  const cand = sql`(
    select enterprise_id from exceedance_records where monitored_on >= ${from} and monitored_on < ${to}
    union select enterprise_id from quota_records where year = ${dataYear}
    union select enterprise_id from hazardous_records where year = ${dataYear}
    union select enterprise_id from energy_records where year = ${dataYear})`;
  const inScope = sql`e.division_code like ${prefix}`;
  // Only an area smaller than the region narrows the records in SQL (the JS filter below is exact either way).
  const ofArea = areaPrefix.length > 2 ? sql` and r.enterprise_id in (select e.id from enterprises e where ${inScope})` : sql``;
  type Rec = RecordRow;
  const [enterpriseRows, excRows, quoRows, hazRows, eneRows] = await Promise.all([
    database.rows<EnterpriseRow>(
      sql`select e.id, e.uscc, e.name, e.division_code, e.industry_codes, e.last_acceptance_date
          from enterprises e where e.id in ${cand} and ${inScope}`,
    ),
    database.rows<Rec>(
      sql`select r.enterprise_id, r.outlet_code, r.pollutant, r.monitored_on, r.measured_value, r.limit_value, r.unit, r.data_source
          from exceedance_records r where r.monitored_on >= ${from} and r.monitored_on < ${to}${ofArea}`,
    ),
    database.rows<Rec>(sql`select r.enterprise_id, r.year, r.pollutant, r.actual_t, r.quota_t from quota_records r where r.year = ${dataYear}${ofArea}`),
    database.rows<Rec>(
      sql`select r.enterprise_id, r.year, r.category, r.substance_name, r.cas_no, r.quantity, r.unit from hazardous_records r where r.year = ${dataYear}${ofArea}`,
    ),
    database.rows<Rec>(
      sql`select r.enterprise_id, r.year, r.product_name, r.output, r.output_unit, r.comprehensive_energy_tce, r.energy_per_unit_kgce, r.limit_kgce_per_unit, r.limit_standard
          from energy_records r where r.year = ${dataYear}${ofArea}`,
    ),
  ]);
  return toScreeningInput(enterpriseRows, excRows, quoRows, hazRows, eneRows);
}

/**
 * The year-Y records that can give a screening reason, as SQL conditions on a record row `r`
 * (issue 4 benchmark: only these rows are read by `runScreening`). Each is a superset of what
 * the domain (`screenAll`, the judge) accepts, so the results do not change:
 * - exceedance: `measured_value > limit_value` (`exceedsStandard`), or a pollutant the rule set
 *   finds hazardous (`dischargesHazardousSubstances`, whatever the value: the names are matched
 *   in JS beforehand, `hazardousPollutants`);
 * - quota: `actual_t > quota_t`; energy: `energy_per_unit_kgce > limit_kgce_per_unit`;
 * - hazardous: every row of year Y (matching needs the domain's normalisation).
 * The comparison is on `numeric`, exact; JS compares the doubles `Number(text)`, and rounding to a
 * double never turns `a ≤ b` into `a > b`, so every row the domain finds over its limit is kept
 * (a row equal to its limit is dropped, as the domain ignores it). A value that is not a finite
 * double (NaN, ±Infinity, |x| ≥ 1e308) is kept as well, so the domain raises the same RangeError.
 */
function triggeringRowSql(hazardousPollutants: readonly string[]) {
  const finite = (a: string, b: string) => sql.raw(`not (abs(r.${a}) < 1e308 and abs(r.${b}) < 1e308)`);
  return {
    exceedance: sql`(r.measured_value > r.limit_value or r.pollutant in (select jsonb_array_elements_text(${JSON.stringify(hazardousPollutants)}::jsonb)) or ${finite('measured_value', 'limit_value')})`,
    quota: sql`(r.actual_t > r.quota_t or ${finite('actual_t', 'quota_t')})`,
    energy: sql`(r.energy_per_unit_kgce > r.limit_kgce_per_unit or ${finite('energy_per_unit_kgce', 'limit_kgce_per_unit')})`,
  };
}

/**
 * The pollutants of the exceedance records of year Y that one of `ruleSets` finds hazardous
 * (`matchHazardousSubstance(pollutant, null, ruleSet)`, the domain's own test), from the distinct
 * pollutant names in the database (a few dozen).
 */
async function hazardousPollutantsOf(database: Database, dataYear: number, ruleSets: readonly ScreeningRuleSet[]): Promise<string[]> {
  const rows = await database.rows<{ pollutant: string }>(
    sql`select distinct pollutant from exceedance_records where monitored_on >= ${`${dataYear}-01-01`} and monitored_on < ${`${dataYear + 1}-01-01`}`,
  );
  return rows.map((r) => r.pollutant).filter((p) => ruleSets.some((rs) => matchHazardousSubstance(p, null, rs) !== null));
}

/**
 * The inputs of a screening read for `runScreening`: like `loadScreeningInput`, but only the
 * year-Y records that can give a reason under one of `ruleSets` (see `triggeringRowSql`) and the
 * enterprises of the scope that have such a record, sorted by credit code. `screenAll` over them
 * gives exactly the results of `screenAll` over `loadScreeningInput` (proved on the shared cases
 * and edge cases by apps/server/test/screening-prefilter.test.ts): an enterprise without such a
 * record has no reason, and a dropped record gives no evidence.
 *
 * `enterprisesScanned` is still the number of enterprises of the scope with any record of year Y
 * (counted in SQL, not loaded; for a scope holding every division, counted over the record tables
 * alone).
 */
export async function loadTriggeringInput(database: Database, dataYear: number, scopeDivisionCode: string, ruleSets: readonly ScreeningRuleSet[]) {
  const areaPrefix = divisionPrefixOf(scopeDivisionCode);
  const prefix = `${areaPrefix}%`;
  // When the scope holds every division (the region: every enterprise's division code is a
  // foreign key into `divisions`), every enterprise with a record is in scope, and the count needs
  // no pass over `enterprises` (at 1,000,000 enterprises: 0.2 s instead of 1.6 s).
  const [whole] =
    areaPrefix.length === 2 ? await database.rows<{ all: boolean }>(sql`select not exists (select 1 from divisions where code not like ${prefix}) as all`) : [];
  const from = `${dataYear}-01-01`;
  const to = `${dataYear + 1}-01-01`;
  const keep = triggeringRowSql(await hazardousPollutantsOf(database, dataYear, ruleSets));
  const exc = sql`from exceedance_records r where r.monitored_on >= ${from} and r.monitored_on < ${to} and ${keep.exceedance}`;
  const quo = sql`from quota_records r where r.year = ${dataYear} and ${keep.quota}`;
  const haz = sql`from hazardous_records r where r.year = ${dataYear}`;
  const ene = sql`from energy_records r where r.year = ${dataYear} and ${keep.energy}`;
  const candidates = sql`(
    select enterprise_id from exceedance_records where monitored_on >= ${from} and monitored_on < ${to}
    union select enterprise_id from quota_records where year = ${dataYear}
    union select enterprise_id from hazardous_records where year = ${dataYear}
    union select enterprise_id from energy_records where year = ${dataYear})`;
  const triggering = sql`(select r.enterprise_id ${exc} union select r.enterprise_id ${quo} union select r.enterprise_id ${haz} union select r.enterprise_id ${ene})`;
  type Rec = RecordRow;
  const [[scanned], enterpriseRows, excRows, quoRows, hazRows, eneRows] = await Promise.all([
    database.rows<{ n: number }>(
      whole?.all
        ? sql`select count(*)::int as n from ${candidates} c`
        : sql`select count(*)::int as n from enterprises e where e.id in ${candidates} and e.division_code like ${prefix}`,
    ),
    database.rows<EnterpriseRow>(
      sql`select e.id, e.uscc, e.name, e.division_code, e.industry_codes, e.last_acceptance_date
          from enterprises e where e.id in ${triggering} and e.division_code like ${prefix}`,
    ),
    database.rows<Rec>(sql`select r.enterprise_id, r.outlet_code, r.pollutant, r.monitored_on, r.measured_value, r.limit_value, r.unit, r.data_source ${exc}`),
    database.rows<Rec>(sql`select r.enterprise_id, r.year, r.pollutant, r.actual_t, r.quota_t ${quo}`),
    database.rows<Rec>(sql`select r.enterprise_id, r.year, r.category, r.substance_name, r.cas_no, r.quantity, r.unit ${haz}`),
    database.rows<Rec>(
      sql`select r.enterprise_id, r.year, r.product_name, r.output, r.output_unit, r.comprehensive_energy_tce, r.energy_per_unit_kgce, r.limit_kgce_per_unit, r.limit_standard ${ene}`,
    ),
  ]);
  return { ...toScreeningInput(enterpriseRows, excRows, quoRows, hazRows, eneRows), enterprisesScanned: scanned?.n ?? 0 };
}

/**
 * What a diff needs of a stored run (credit code, criteria, recommendation, next due year), read
 * from its columns without the evidence: comparing with the previous run stays cheap at 150,000
 * results.
 */
export async function loadRunCriteria(db: Db, runId: number): Promise<ScreeningDiffItem[]> {
  type Row = { uscc: string; recommendation: ScreeningResult['recommendation']; next_due_year: number | null; criteria: ScreeningCriterion[] };
  const rows = (await db.execute(sql`select uscc, recommendation, next_due_year, criteria from screening_results where run_id = ${runId}`)) as unknown as {
    rows: Row[];
  };
  return rows.rows.map((r) => ({
    uscc: r.uscc,
    recommendation: r.recommendation,
    nextDueYear: r.next_due_year,
    reasons: r.criteria.map((criterion) => ({ criterion })),
  }));
}

const compareUscc = (a: { uscc: string }, b: { uscc: string }): number => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0);

/**
 * The change from stored run `previousId` to stored run `currentId`, computed in SQL from the
 * `uscc` and `criteria` columns (one hash join; only the differences come back): the credit codes
 * `added` (only in the current run) and `dropped` (only in the previous one), and `reasonsChanged`
 * (in both, another set of criteria; `before`/`after` the sorted criteria as stored). Each list is
 * sorted by credit code in code-unit order. The same lists as `diffScreeningRuns` over both runs
 * (the `criteria` column holds the sorted distinct criteria of the reasons, see
 * `storeScreeningResults`).
 */
export async function diffStoredRuns(
  db: Db,
  previousId: number,
  currentId: number,
): Promise<{ added: string[]; dropped: string[]; reasonsChanged: { uscc: string; before: ScreeningCriterion[]; after: ScreeningCriterion[] }[] }> {
  type Row = { uscc: string; before: ScreeningCriterion[] | null; after: ScreeningCriterion[] | null };
  const rows = ((await db.execute(sql`
    select coalesce(n.uscc, p.uscc) as uscc, p.criteria as before, n.criteria as after
    from (select uscc, criteria from screening_results where run_id = ${previousId}) p
    full join (select uscc, criteria from screening_results where run_id = ${currentId}) n on n.uscc = p.uscc
    where p.uscc is null or n.uscc is null or p.criteria <> n.criteria`)) as unknown as { rows: Row[] }).rows.sort(compareUscc);
  return {
    added: rows.filter((r) => r.before === null).map((r) => r.uscc),
    dropped: rows.filter((r) => r.after === null).map((r) => r.uscc),
    reasonsChanged: rows.filter((r) => r.before !== null && r.after !== null).map((r) => ({ uscc: r.uscc, before: r.before!, after: r.after! })),
  };
}

const RESULT_COLUMNS = 'run_id, enterprise_id, uscc, name, division_code, key_industry, recommendation, next_due_year, criteria, reasons';

/**
 * Stores the results of run `runId`, in enterprise id order (not the credit-code order of
 * `results`: the `(run_id, enterprise_id)` unique index is then appended to at its right edge;
 * readers order by credit code, so the storage order is not visible). `criteria` holds the sorted
 * distinct criteria of the reasons; `reasons` the domain's reasons with their evidence, as JSON.
 *
 * - PostgreSQL: one `COPY … FROM STDIN` (text format), its lines built 2,000 results at a time as
 *   the server takes them. At 1,000,000 enterprises (148,000 results, 65 MB of JSON) it took
 *   3.7 s against 6.8 s for the `json_to_recordset` statements below, in the same run.
 * - PGlite (no COPY from a stream): chunks of 5,000, each one JSON parameter expanded by
 *   `json_to_recordset` (`json`, not `jsonb`: the chunk is lexed once and each `reasons` kept as
 *   its text slice, the column being `json`), the next chunk's JSON built while the previous one is
 *   written.
 */
async function storeScreeningResults(
  database: Database,
  tx: Db,
  runId: number,
  results: readonly ScreeningResult[],
  idByUscc: ReadonlyMap<string, number>,
): Promise<void> {
  const rows = results.map((r) => ({ id: idByUscc.get(r.uscc)!, r })).sort((a, b) => a.id - b.id);
  const criteriaOf = (r: ScreeningResult) => [...new Set(r.reasons.map((x) => x.criterion))].sort();
  if (database.copyIn) {
    await database.copyIn(tx, `copy screening_results (${RESULT_COLUMNS}) from stdin`, copyLines(runId, rows, criteriaOf));
    return;
  }
  const chunkJson = (from: number): string =>
    JSON.stringify(
      rows.slice(from, from + STORE_CHUNK).map(({ id, r }) => ({
        e: id,
        u: r.uscc,
        n: r.name,
        d: r.divisionCode,
        k: r.keyIndustry,
        r: r.recommendation,
        y: r.nextDueYear,
        c: criteriaOf(r),
        j: r.reasons,
      })),
    );
  // One statement in flight: the next chunk's JSON is built while the server writes this one.
  let inFlight: Promise<unknown> | null = null;
  try {
    for (let i = 0; i < rows.length; i += STORE_CHUNK) {
      const json = chunkJson(i);
      if (inFlight) await inFlight;
      const query = tx.execute(sql`
        insert into screening_results (${sql.raw(RESULT_COLUMNS)})
        select ${runId}::int, x.e, x.u, x.n, x.d, x.k, x.r, x.y, array(select json_array_elements_text(x.c)), x.j
        from json_to_recordset(${json}::json) as x(e int, u text, n text, d text, k text, r text, y smallint, c json, j json)`);
      // Drizzle's query object starts its statement when `then` is called, and again on every
      // call: call it exactly once, now (inside the executor, synchronously), so the statement is
      // sent before the next chunk's JSON is built.
      inFlight = new Promise((resolve, reject) => {
        query.then(resolve, reject);
      });
      inFlight.catch(() => undefined); // rethrown by the await above or below, never left unhandled
    }
    if (inFlight) await inFlight;
  } finally {
    // On an error while building a chunk, the statement in flight settles before the transaction rolls back.
    if (inFlight) await inFlight.catch(() => undefined);
  }
}

/** Results per insert statement on PGlite (≈ 2 MB of JSON). */
const STORE_CHUNK = 5000;

/** COPY text-format lines of `rows` (columns {@link RESULT_COLUMNS}), 2,000 results per string, built lazily. */
function* copyLines(
  runId: number,
  rows: readonly { id: number; r: ScreeningResult }[],
  criteriaOf: (r: ScreeningResult) => string[],
): Generator<string> {
  for (let i = 0; i < rows.length; i += 2000) {
    let buf = '';
    for (const { id, r } of rows.slice(i, i + 2000)) {
      buf += `${runId}\t${id}\t${copyTextField(r.uscc)}\t${copyTextField(r.name)}\t${copyTextField(r.divisionCode)}\t${copyTextField(r.keyIndustry)}\t${copyTextField(r.recommendation)}\t${copyTextField(r.nextDueYear)}\t{${criteriaOf(r).join(',')}}\t${copyTextField(JSON.stringify(r.reasons))}\n`;
    }
    yield buf;
  }
}

/**
 * Runs and stores a screening for `dataYear` over `scopeDivisionCode` (450000 or a city).
 * @returns the run id, its results sorted by credit code, counts and the change against the
 *   previous run of the same year and scope.
 * @throws Error for an unknown rule-set version.
 */
export async function runScreening(
  database: Database,
  input: { dataYear: number; scopeDivisionCode: string; ruleSetVersion?: string; actor: ScreeningActor; now: Date },
): Promise<ScreeningRunOutcome> {
  const db = database.db;
  const ruleSet = await resolveRuleSet(db, input.ruleSetVersion, input.now);
  const mapping = await loadKeyIndustryMapping(db);
  const { enterprises, records, enterprisesScanned } = await loadTriggeringInput(database, input.dataYear, input.scopeDivisionCode, [ruleSet]);
  const results = screenAll(enterprises, records, { dataYear: input.dataYear, ruleSet, keyIndustryMapping: mapping });
  const counts = countScreeningResults(results);
  const idByUscc = new Map(enterprises.map((e) => [e.uscc, e.id]));

  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [previous] = await tx
      .select({ id: screeningRuns.id })
      .from(screeningRuns)
      .where(and(eq(screeningRuns.dataYear, input.dataYear), eq(screeningRuns.scopeDivisionCode, input.scopeDivisionCode)))
      .orderBy(desc(screeningRuns.id))
      .limit(1);
    const [run] = await tx
      .insert(screeningRuns)
      .values({
        dataYear: input.dataYear,
        scopeDivisionCode: input.scopeDivisionCode,
        ruleSetVersion: ruleSet.version,
        runBy: input.actor.userId,
        runByName: input.actor.name,
        startedAt: input.now,
        finishedAt: new Date(),
        enterprisesScanned,
        counts,
        previousRunId: previous?.id ?? null,
      })
      .returning({ id: screeningRuns.id });
    await storeScreeningResults(database, tx, run!.id, results, idByUscc);
    const diff = previous
      ? { previousRunId: previous.id, ...(await diffStoredRuns(tx, previous.id, run!.id)) }
      : { previousRunId: null, added: results.map((r) => r.uscc), dropped: [], reasonsChanged: [] };
    await tx.update(screeningRuns).set({ diff }).where(eq(screeningRuns.id, run!.id));
    return { runId: run!.id, ruleSetVersion: ruleSet.version, enterprisesScanned, results, counts, diff };
  });
}

