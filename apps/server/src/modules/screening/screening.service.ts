/**
 * Screening runs (issue 4 §2): load the enterprises of a scope that have records in data year Y,
 * apply the domain rules (`screenAll`, 清洁生产审核办法 art. 8 and 12) with a versioned rule set,
 * store the run and its results, and compare with the previous run of the same year and scope.
 */
import {
  buildRuleSet,
  countScreeningResults,
  diffScreeningRuns,
  divisionPrefixOf,
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
  type Rec = Record<string, unknown> & { enterprise_id: number };
  const [enterpriseRows, excRows, quoRows, hazRows, eneRows] = await Promise.all([
    database.rows<{ id: number; uscc: string; name: string; division_code: string; industry_codes: string[]; last_acceptance_date: string | null }>(
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
  // Credit codes are digits and capital letters: code-unit order is the database's order.
  const enterprises = enterpriseRows.sort((a, b) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0));
  const usccById = new Map(enterprises.map((e) => [e.id, e.uscc]));
  /** `make(row, uscc)` for each row whose enterprise was loaded. */
  const withUscc = <T>(rows: Rec[], make: (r: Rec, uscc: string) => T): T[] => {
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

/**
 * Stores the results of run `runId` in chunks of 5,000, each chunk one JSON parameter expanded by
 * `jsonb_to_recordset` (one string to parse instead of ten arrays with per-element escaping; the
 * same SQL on PGlite and PostgreSQL). `criteria` holds the sorted distinct criteria of the reasons.
 */
async function storeScreeningResults(tx: Db, runId: number, results: readonly ScreeningResult[], idByUscc: ReadonlyMap<string, number>): Promise<void> {
  for (let i = 0; i < results.length; i += 5000) {
    const chunk = results.slice(i, i + 5000).map((r) => ({
      e: idByUscc.get(r.uscc),
      u: r.uscc,
      n: r.name,
      d: r.divisionCode,
      k: r.keyIndustry,
      r: r.recommendation,
      y: r.nextDueYear,
      c: [...new Set(r.reasons.map((x) => x.criterion))].sort(),
      j: r.reasons,
    }));
    await tx.execute(sql`
      insert into screening_results (run_id, enterprise_id, uscc, name, division_code, key_industry, recommendation, next_due_year, criteria, reasons)
      select ${runId}::int, x.e, x.u, x.n, x.d, x.k, x.r, x.y, array(select jsonb_array_elements_text(x.c)), x.j
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(e int, u text, n text, d text, k text, r text, y smallint, c jsonb, j jsonb)`);
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
  const { enterprises, records } = await loadScreeningInput(database, input.dataYear, input.scopeDivisionCode);
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
    const before = previous ? await loadRunCriteria(tx, previous.id) : [];
    const d = diffScreeningRuns(before, results);
    const diff = {
      previousRunId: previous?.id ?? null,
      added: d.added.map((r) => r.uscc),
      dropped: d.dropped.map((r) => r.uscc),
      reasonsChanged: d.reasonsChanged.map((c) => ({ uscc: c.uscc, before: [...c.before], after: [...c.after] })),
    };
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
        enterprisesScanned: enterprises.length,
        counts,
        previousRunId: previous?.id ?? null,
        diff,
      })
      .returning({ id: screeningRuns.id });
    await storeScreeningResults(tx, run!.id, results, idByUscc);
    return { runId: run!.id, ruleSetVersion: ruleSet.version, enterprisesScanned: enterprises.length, results, counts, diff };
  });
}

