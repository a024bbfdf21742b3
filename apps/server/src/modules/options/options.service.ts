/**
 * The options register of an audit (清洁生产方案, issue 7 items 1, 3, 4, 6, 7; issue 6 item 9):
 * options with expected/achieved yearly benefits, their tce/CO2 computed at write time with the
 * factor table of the database (`factorTableFromDb`, GB/T 2589-2020 + the MEE grid factors) and
 * the factor version stored; the performance table (绩效表, forms-and-procedures.md §1.7) and the
 * completeness check; the feasibility analysis of high-cost options (regulations.md §6); the
 * acceptance level before/after scored against a published indicator-system definition; and the
 * regional figures (减排成效).
 *
 * Every write is one transaction with its audit-log row and checks the row `version` (409 when
 * stale). Options are editable while the audit is between `started` and `implementing`
 * (《清洁生产审核办法》 art. 17–18: the audit runs from its start until implementation).
 */
import {
  OptionBenefitsSchema,
  energyCarrierKeys,
  pollutantKeys,
  type CpOption,
  type Feasibility,
  type FeasibilityBody,
  type OptionBenefits,
  type OptionForTotals,
  type OptionInput,
  type OptionMeasures,
  type ReductionRow,
  type StatedTotalsBody,
} from '@cpaudit/contracts';
import {
  checkReportCompleteness,
  co2Known,
  factorTableLabel,
  type FactorTableLabel,
  energySaving,
  evaluateOptionEconomics,
  performanceTable,
  roundTo,
  scoreIndicatorSystem,
  type FactorTable,
  type IndicatorScore,
  type IndicatorSystem,
  type IndicatorValues,
  type PerformanceTable,
  type CompletenessFinding,
  type ScopeFilter,
} from '@cpaudit/domain';
import { sql, type SQL } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/client.ts';
import { factorTableFromDb } from '../../db/factors.ts';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { toIsoCst } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { scopeFilterSql } from '../../platform/scope-sql.ts';
import { getDefinition } from '../indicator-systems/indicator-systems.service.ts';

async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Who acts, for the audit log. */
export interface OptionActor {
  userId: number;
  username: string;
  orgId: number;
  orgName: string;
  ip: string | null;
  requestId: string | null;
}

function log(tx: Db, who: OptionActor, at: Date, action: string, objectType: string, objectId: number, details: Record<string, unknown>): Promise<void> {
  return writeAuditLog(tx, {
    at,
    action,
    result: 'success',
    actorUserId: who.userId,
    actorUsername: who.username,
    orgId: who.orgId,
    orgName: who.orgName,
    objectType,
    objectId,
    ip: who.ip,
    requestId: who.requestId,
    details,
  });
}

/** The audit an option belongs to, as needed for authorisation and denormalisation. */
export interface AuditRef {
  id: number;
  enterpriseId: number;
  countyCode: string;
  cityCode: string;
  keyIndustry: string | null;
  listYear: number;
  state: string;
}

/** States in which options may be edited: from the start of the audit until implementation. */
export const OPTION_EDIT_STATES = ['started', 'reportSubmitted', 'evaluation', 'evaluationPassed', 'evaluationFailed', 'implementing'] as const;

/** @throws AppError NOT_FOUND when no audit has this id */
export async function auditRef(db: Db, auditId: number): Promise<AuditRef> {
  const rows = await rowsOf<{ id: number; enterprise_id: number; county_code: string; city_code: string; key_industry: string | null; list_year: number; state: string }>(
    db,
    sql`select id, enterprise_id, county_code, city_code, key_industry, list_year, state from audits where id = ${auditId}`,
  );
  const a = rows[0];
  if (!a) throw new AppError('NOT_FOUND', '审核不存在 (no such audit)');
  return { id: a.id, enterpriseId: a.enterprise_id, countyCode: a.county_code, cityCode: a.city_code, keyIndustry: a.key_industry, listYear: a.list_year, state: a.state };
}

/** The audit of option `optionId`. @throws AppError NOT_FOUND */
export async function auditOfOption(db: Db, optionId: number): Promise<AuditRef> {
  const rows = await rowsOf<{ audit_id: number }>(db, sql`select audit_id from cp_options where id = ${optionId}`);
  if (!rows[0]) throw new AppError('NOT_FOUND', '方案不存在 (no such option)');
  return auditRef(db, rows[0].audit_id);
}

function assertEditable(a: AuditRef): void {
  if (!(OPTION_EDIT_STATES as readonly string[]).includes(a.state)) {
    throw new AppError('INVALID_STATE_TRANSITION', `审核状态为 ${a.state}：方案只能在审核启动后、实施完成前填写 (options can be edited from 'started' to 'implementing')`);
  }
}

/** The latest data year with a grid factor (广西, 南方 or 全国) that is ≤ `year`, else `year` itself. */
export function defaultDataYear(factors: FactorTable, listYear: number): number {
  const want = listYear - 1;
  const years = factors.co2.filter((f) => f.factorType.startsWith('grid_') && ['广西', '南方', '全国'].includes(f.scope) && f.value !== null && f.dataYear !== null && f.dataYear <= want).map((f) => f.dataYear as number);
  return years.length ? Math.max(...years) : want;
}

/** A named factor used by an option (contracts `NamedFactorSchema`). */
export type NamedFactor = CpOption['factors'][number];

/**
 * The yearly measures of one set of benefits: tce and t CO2 summed over the carriers
 * ({@link energySaving}, data year `year`), water m³, 万元/yr and kg/yr per pollutant (4 decimals).
 * @throws AppError VALIDATION_FAILED located at `<path>.energy.<carrier>` when a factor is missing
 */
export function measuresOf(benefits: OptionBenefits, factors: FactorTable, year: number, path: string, used?: Map<string, NamedFactor>): OptionMeasures {
  let tce = 0;
  let co2 = 0;
  for (const key of energyCarrierKeys) {
    const amount = benefits.energy[key];
    if (amount === undefined || amount === 0) continue;
    try {
      const s = energySaving(factors, key, amount, year);
      tce += s.tce;
      co2 += s.co2t ?? 0;
      used?.set(key, { carrier: key, unit: s.unit, kgcePerUnit: s.factors.energy.kgcePerUnit, co2Factor: s.factors.co2, co2Note: s.factors.co2Note });
    } catch (e) {
      throw new AppError('VALIDATION_FAILED', `${path}.energy.${key}: ${(e as Error).message}`, { issues: [{ path: `${path}.energy.${key}`, message: (e as Error).message }] });
    }
  }
  return {
    tce: roundTo(tce, 4),
    co2T: co2Known(benefits.energy) ? roundTo(co2, 4) : null,
    waterM3: roundTo(benefits.waterM3, 4),
    benefitWan: roundTo(benefits.economicBenefitWan, 4),
    reductions: Object.fromEntries(pollutantKeys.map((k) => [k, roundTo(benefits.reductions[k] ?? 0, 4)])),
  };
}

type OptionRow = Record<string, unknown> & {
  id: number;
  audit_id: number;
  code: string;
  name: string;
  cost_class: 'low' | 'high';
  direction: CpOption['direction'];
  description: string;
  investment_wan: number;
  status: CpOption['status'];
  planned_start: string | null;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  data_year: number;
  expected: OptionBenefits;
  achieved: OptionBenefits | null;
  factor_version: string;
  factors: NamedFactor[];
  fiscal_funding_wan: number | null;
  fiscal_funding_source: string | null;
  acceptance_status: CpOption['acceptanceStatus'];
  feasibility: Feasibility | null;
  version: number;
  updated_at: Date | string;
};

const MEASURE_COLS = { tce: 'tce', co2T: 'co2_t', waterM3: 'water_m3', benefitWan: 'benefit_wan' } as const;
/**
 * The stored measures of an option row. The column `co2_t` is not nullable (it holds 0 when the CO2
 * is unknown), so `co2T` is `null` when the benefits it was computed from save energy none of which
 * has a CO2 factor (`co2Known` of the domain), a real 0 otherwise.
 */
const measuresFromRow = (r: Record<string, unknown>, prefix: '' | 'exp_', benefits: OptionBenefits | null): OptionMeasures => ({
  tce: Number(r[`${prefix}${MEASURE_COLS.tce}`]),
  co2T: benefits && !co2Known(benefits.energy) ? null : Number(r[`${prefix}${MEASURE_COLS.co2T}`]),
  waterM3: Number(r[`${prefix}${MEASURE_COLS.waterM3}`]),
  benefitWan: Number(r[`${prefix}${MEASURE_COLS.benefitWan}`]),
  reductions: Object.fromEntries(pollutantKeys.map((k) => [k, Number(r[`${prefix}${k}_kg`])])),
});

function toOption(r: OptionRow): CpOption {
  // Parsed so that a row written with a partial jsonb (`{}`) reads with every default.
  const expected = OptionBenefitsSchema.parse(r.expected ?? {});
  const achieved = r.achieved === null ? null : OptionBenefitsSchema.parse(r.achieved);
  return {
    id: r.id,
    auditId: r.audit_id,
    code: r.code,
    name: r.name,
    costClass: r.cost_class,
    direction: r.direction,
    description: r.description,
    investmentWan: Number(r.investment_wan),
    status: r.status,
    plannedStart: r.planned_start,
    plannedEnd: r.planned_end,
    actualStart: r.actual_start,
    actualEnd: r.actual_end,
    dataYear: r.data_year,
    expected,
    achieved,
    fiscalFundingWan: r.fiscal_funding_wan === null ? null : Number(r.fiscal_funding_wan),
    fiscalFundingSource: r.fiscal_funding_source,
    acceptanceStatus: r.acceptance_status,
    expectedMeasures: measuresFromRow(r, 'exp_', expected),
    achievedMeasures: measuresFromRow(r, '', achieved),
    factorVersion: r.factor_version,
    factors: r.factors,
    feasibility: r.feasibility,
    version: r.version,
    updatedAt: toIsoCst(r.updated_at instanceof Date ? r.updated_at : new Date(r.updated_at)),
  };
}

/** The options of an audit, by code. */
export async function listOptions(db: Db, auditId: number): Promise<CpOption[]> {
  const rows = await rowsOf<OptionRow>(db, sql`select * from cp_options where audit_id = ${auditId} order by cost_class desc, code, id`);
  return rows.map(toOption);
}

/** One option. @throws AppError NOT_FOUND */
export async function getOption(db: Db, optionId: number): Promise<CpOption> {
  const rows = await rowsOf<OptionRow>(db, sql`select * from cp_options where id = ${optionId}`);
  if (!rows[0]) throw new AppError('NOT_FOUND', '方案不存在 (no such option)');
  return toOption(rows[0]);
}

/** Preview of the tce/CO2 of benefits (nothing stored), with the factors named. */
export async function previewMeasures(db: Db, audit: AuditRef, benefits: OptionBenefits, dataYear?: number) {
  const factors = await factorTableFromDb(db);
  const year = dataYear ?? defaultDataYear(factors, audit.listYear);
  const used = new Map<string, NamedFactor>();
  const measures = measuresOf(benefits, factors, year, 'benefits', used);
  return { measures, factors: [...used.values()], factorVersion: factors.version, factorLabel: factorTableLabel(factors, year), dataYear: year };
}

function computed(input: OptionInput, factors: FactorTable, year: number) {
  const used = new Map<string, NamedFactor>();
  const exp = measuresOf(input.expected, factors, year, 'expected', used);
  const ach = input.achieved ? measuresOf(input.achieved, factors, year, 'achieved', used) : { tce: 0, co2T: 0, waterM3: 0, benefitWan: 0, reductions: Object.fromEntries(pollutantKeys.map((k) => [k, 0])) };
  return { exp, ach, factors: [...used.values()] };
}

function measureAssignments(exp: OptionMeasures, ach: OptionMeasures): SQL {
  const parts: SQL[] = [
    sql`exp_tce = ${exp.tce}`, sql`exp_co2_t = ${exp.co2T ?? 0}`, sql`exp_water_m3 = ${exp.waterM3}`, sql`exp_benefit_wan = ${exp.benefitWan}`,
    sql`tce = ${ach.tce}`, sql`co2_t = ${ach.co2T ?? 0}`, sql`water_m3 = ${ach.waterM3}`, sql`benefit_wan = ${ach.benefitWan}`,
  ];
  for (const k of pollutantKeys) {
    parts.push(sql`${sql.raw(`exp_${k}_kg`)} = ${exp.reductions[k] ?? 0}`);
    parts.push(sql`${sql.raw(`${k}_kg`)} = ${ach.reductions[k] ?? 0}`);
  }
  return sql.join(parts, sql`, `);
}

function checkDates(input: OptionInput): void {
  const pairs = [['plannedStart', 'plannedEnd'], ['actualStart', 'actualEnd']] as const;
  for (const [a, b] of pairs) {
    const x = input[a];
    const y = input[b];
    if (x && y && x > y) throw new AppError('VALIDATION_FAILED', `${b}: 结束日期早于开始日期 (end before start)`, { issues: [{ path: b, message: 'end before start' }] });
  }
  if (input.status === 'implemented' && !input.achieved) {
    throw new AppError('VALIDATION_FAILED', 'achieved: 已实施方案须填写实际成效 (an implemented option states its achieved benefits)', { issues: [{ path: 'achieved', message: 'required when status is implemented' }] });
  }
}

/**
 * Adds an option to an audit; tce/CO2 computed now with the database factor table.
 * Idempotent by (audit, code): the same code again is 409 CONFLICT (the option exists).
 * @throws AppError INVALID_STATE_TRANSITION, VALIDATION_FAILED (located), CONFLICT
 */
export async function createOption(db: Db, audit: AuditRef, input: OptionInput, who: OptionActor, at: Date): Promise<CpOption> {
  assertEditable(audit);
  checkDates(input);
  const factors = await factorTableFromDb(db);
  const year = input.dataYear ?? defaultDataYear(factors, audit.listYear);
  const c = computed(input, factors, year);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const dup = await rowsOf<{ id: number }>(tx, sql`select id from cp_options where audit_id = ${audit.id} and code = ${input.code}`);
    if (dup[0]) throw new AppError('CONFLICT', `code: 方案编号 ${input.code} 已存在 (option code already used)`, { issues: [{ path: 'code', message: 'duplicate' }], id: dup[0].id });
    const rows = await rowsOf<{ id: number }>(
      tx,
      sql`insert into cp_options (audit_id, enterprise_id, county_code, city_code, key_industry, list_year, data_year, code, name, cost_class, direction, description,
            investment_wan, planned_start, planned_end, actual_start, actual_end, status, expected, achieved, factor_version, factors,
            fiscal_funding_wan, fiscal_funding_source, acceptance_status, created_by)
          values (${audit.id}, ${audit.enterpriseId}, ${audit.countyCode}, ${audit.cityCode}, ${audit.keyIndustry}, ${audit.listYear}, ${year}, ${input.code}, ${input.name},
            ${input.costClass}, ${input.direction}, ${input.description}, ${input.investmentWan}, ${input.plannedStart}, ${input.plannedEnd}, ${input.actualStart}, ${input.actualEnd},
            ${input.status}, ${JSON.stringify(input.expected)}::jsonb, ${input.achieved === null ? null : JSON.stringify(input.achieved)}::jsonb, ${factors.version},
            ${JSON.stringify(c.factors)}::jsonb, ${input.fiscalFundingWan}, ${input.fiscalFundingSource}, ${input.acceptanceStatus}, ${who.userId})
          returning id`,
    );
    const id = rows[0]!.id;
    await tx.execute(sql`update cp_options set ${measureAssignments(c.exp, c.ach)} where id = ${id}`);
    await log(tx, who, at, 'option.create', 'option', id, { auditId: audit.id, code: input.code, costClass: input.costClass, tce: c.exp.tce, co2T: c.exp.co2T, factorVersion: factors.version });
    return getOption(tx, id);
  });
}

/**
 * Replaces an option (all fields); recomputes tce/CO2 with the current factor table.
 * @throws AppError NOT_FOUND, INVALID_STATE_TRANSITION, VALIDATION_FAILED, CONFLICT (stale version or code taken)
 */
export async function updateOption(db: Db, audit: AuditRef, optionId: number, input: OptionInput & { version: number }, who: OptionActor, at: Date): Promise<CpOption> {
  assertEditable(audit);
  checkDates(input);
  const factors = await factorTableFromDb(db);
  const year = input.dataYear ?? defaultDataYear(factors, audit.listYear);
  const c = computed(input, factors, year);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const dup = await rowsOf<{ id: number }>(tx, sql`select id from cp_options where audit_id = ${audit.id} and code = ${input.code} and id <> ${optionId}`);
    if (dup[0]) throw new AppError('CONFLICT', `code: 方案编号 ${input.code} 已存在 (option code already used)`, { issues: [{ path: 'code', message: 'duplicate' }] });
    const rows = await rowsOf<{ id: number }>(
      tx,
      sql`update cp_options set code = ${input.code}, name = ${input.name}, cost_class = ${input.costClass}, direction = ${input.direction}, description = ${input.description},
            investment_wan = ${input.investmentWan}, planned_start = ${input.plannedStart}, planned_end = ${input.plannedEnd}, actual_start = ${input.actualStart}, actual_end = ${input.actualEnd},
            status = ${input.status}, data_year = ${year}, expected = ${JSON.stringify(input.expected)}::jsonb, achieved = ${input.achieved === null ? null : JSON.stringify(input.achieved)}::jsonb,
            factor_version = ${factors.version}, factors = ${JSON.stringify(c.factors)}::jsonb, fiscal_funding_wan = ${input.fiscalFundingWan},
            fiscal_funding_source = ${input.fiscalFundingSource}, acceptance_status = ${input.acceptanceStatus}, ${measureAssignments(c.exp, c.ach)},
            version = version + 1, updated_at = now()
          where id = ${optionId} and audit_id = ${audit.id} and version = ${input.version} returning id`,
    );
    if (!rows[0]) throw new AppError('CONFLICT', '方案已被他人修改，请刷新后重试 (the option changed since it was read)');
    await log(tx, who, at, 'option.update', 'option', optionId, { auditId: audit.id, code: input.code, status: input.status, tce: c.exp.tce, co2T: c.exp.co2T, factorVersion: factors.version });
    return getOption(tx, optionId);
  });
}

/** Deletes an option (version-checked). @throws AppError NOT_FOUND, INVALID_STATE_TRANSITION, CONFLICT */
export async function deleteOption(db: Db, audit: AuditRef, optionId: number, version: number, who: OptionActor, at: Date): Promise<{ deleted: boolean }> {
  assertEditable(audit);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const rows = await rowsOf<{ code: string }>(tx, sql`delete from cp_options where id = ${optionId} and audit_id = ${audit.id} and version = ${version} returning code`);
    if (!rows[0]) throw new AppError('CONFLICT', '方案已被他人修改或删除 (the option changed since it was read)');
    await log(tx, who, at, 'option.delete', 'option', optionId, { auditId: audit.id, code: rows[0].code });
    return { deleted: true };
  });
}

/**
 * Stores the feasibility analysis of an option ({@link evaluateOptionEconomics}, regulations.md §6)
 * with the decision hints: NPV ≥ 0 and IRR above the discount rate → economically feasible.
 * Repeating the same inputs stores the same result (idempotent).
 * @throws AppError NOT_FOUND, INVALID_STATE_TRANSITION, RULE_VIOLATION (inputs out of range)
 */
export async function storeFeasibility(db: Db, audit: AuditRef, optionId: number, body: FeasibilityBody, who: OptionActor, at: Date): Promise<Feasibility> {
  assertEditable(audit);
  let e;
  try {
    e = evaluateOptionEconomics(body);
  } catch (err) {
    throw new AppError('RULE_VIOLATION', (err as Error).message);
  }
  const npvNonNegative = e.npv >= 0;
  const irrAboveDiscount = e.irr !== null && e.irr > body.discountRate;
  const f: Feasibility = { inputs: body, ...e, hints: { npvNonNegative, irrAboveDiscount, feasible: npvNonNegative && irrAboveDiscount } };
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const rows = await rowsOf<{ id: number }>(tx, sql`update cp_options set feasibility = ${JSON.stringify(f)}::jsonb, version = version + 1, updated_at = now() where id = ${optionId} and audit_id = ${audit.id} returning id`);
    if (!rows[0]) throw new AppError('NOT_FOUND', '方案不存在 (no such option)');
    await log(tx, who, at, 'option.feasibility', 'option', optionId, { auditId: audit.id, ...body, npv: e.npv, irr: e.irr });
    return f;
  });
}

interface PerformanceRow {
  stated_totals: StatedTotalsBody['stated'] | null;
  targets: StatedTotalsBody['focuses'];
  level_before_definition_id: number | null;
  level_before: string | null;
  level_before_result: IndicatorScore | null;
  level_after_definition_id: number | null;
  level_after: string | null;
  level_after_result: IndicatorScore | null;
  version: number;
}

async function performanceRow(db: Db, auditId: number): Promise<PerformanceRow | null> {
  return (await rowsOf<PerformanceRow>(db, sql`select * from audit_performance where audit_id = ${auditId}`))[0] ?? null;
}

function forTotals(o: CpOption): OptionForTotals {
  return {
    id: String(o.id),
    name: `${o.code} ${o.name}`,
    costClass: o.costClass,
    direction: o.direction,
    status: o.status,
    investmentWan: o.investmentWan,
    hasFeasibilityAnalysis: o.feasibility !== null,
    benefits: o.status === 'implemented' && o.achieved ? o.achieved : o.expected,
  };
}

/**
 * The performance table of an audit (绩效表; low/high/all totals of tce, CO2, water, each
 * pollutant, investment and benefit) — achieved benefits for implemented options, expected for
 * the others; each option converted with its own data year (the table's data year is the
 * options' common year, or the latest one).
 */
export async function auditPerformanceTable(db: Db, audit: AuditRef): Promise<PerformanceTable & { dataYear: number; namedFactors: NamedFactor[]; factorLabel: FactorTableLabel }> {
  const options = await listOptions(db, audit.id);
  const factors = await factorTableFromDb(db);
  const year = options.length ? Math.max(...options.map((o) => o.dataYear)) : defaultDataYear(factors, audit.listYear);
  let table: PerformanceTable;
  try {
    table = performanceTable(options.map(forTotals), factors, year);
  } catch (e) {
    throw new AppError('RULE_VIOLATION', (e as Error).message);
  }
  const named = new Map<string, NamedFactor>();
  for (const o of options) for (const f of o.factors) named.set(f.carrier, f);
  return { ...table, dataYear: year, namedFactors: [...named.values()], factorLabel: factorTableLabel(factors, year) };
}

/** Completeness findings of an audit (stated totals vs sums, feasibility of high-cost options, targets per focus). */
export async function auditCompleteness(db: Db, audit: AuditRef): Promise<{ complete: boolean; findings: CompletenessFinding[]; stated: PerformanceRow['stated_totals']; focuses: StatedTotalsBody['focuses']; version: number }> {
  const table = await auditPerformanceTable(db, audit);
  const options = await listOptions(db, audit.id);
  const p = await performanceRow(db, audit.id);
  const focuses = p?.targets ?? [];
  const findings = checkReportCompleteness({
    table,
    stated: p?.stated_totals ?? {},
    options: options.map(forTotals),
    focuses: focuses.map((f) => ({ name: f.name, targetCount: f.targets.length })),
  });
  if (!p?.stated_totals || Object.keys(p.stated_totals).length === 0) {
    findings.unshift({ code: 'statedMissing', path: 'stated', message: '报告绩效表合计尚未填写 (the totals stated in the report are not entered yet)', detail: {} });
  }
  return { complete: findings.length === 0, findings, stated: p?.stated_totals ?? null, focuses, version: p?.version ?? 0 };
}

/**
 * Stores the totals the report states and the audit focuses with targets. `version` 0 creates
 * the row; otherwise it must match. @throws AppError INVALID_STATE_TRANSITION, CONFLICT
 */
export async function putStatedTotals(db: Db, audit: AuditRef, body: StatedTotalsBody, who: OptionActor, at: Date): Promise<{ version: number }> {
  assertEditable(audit);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const current = await performanceRow(tx, audit.id);
    if ((current?.version ?? 0) !== body.version) throw new AppError('CONFLICT', '绩效数据已被他人修改，请刷新后重试 (changed since read)');
    const rows = await rowsOf<{ version: number }>(
      tx,
      sql`insert into audit_performance (audit_id, stated_totals, targets) values (${audit.id}, ${JSON.stringify(body.stated)}::jsonb, ${JSON.stringify(body.focuses)}::jsonb)
          on conflict (audit_id) do update set stated_totals = excluded.stated_totals, targets = excluded.targets, version = audit_performance.version + 1, updated_at = now()
          returning version`,
    );
    await log(tx, who, at, 'audit.statedTotals', 'audit', audit.id, { stated: body.stated, focuses: body.focuses.length });
    return { version: rows[0]!.version };
  });
}

/** Stored acceptance levels of an audit (before/after), each with the explained score. */
export async function auditLevels(db: Db, auditId: number) {
  const p = await performanceRow(db, auditId);
  const stage = (defId: number | null, level: string | null, result: IndicatorScore | null) => (defId === null ? null : { definitionId: defId, level, result });
  return {
    before: stage(p?.level_before_definition_id ?? null, p?.level_before ?? null, p?.level_before_result ?? null),
    after: stage(p?.level_after_definition_id ?? null, p?.level_after ?? null, p?.level_after_result ?? null),
    version: p?.version ?? 0,
  };
}

/**
 * Scores the values of one stage (before/after the audit) against a PUBLISHED indicator-system
 * definition (modules/indicator-systems; 《清洁生产评价指标体系编制通则》 classic-2013 rule) and
 * stores the level with every indicator explained.
 * @throws AppError NOT_FOUND; RULE_VIOLATION (definition not published, unknown indicator, bad value)
 */
export async function putLevel(db: Db, audit: AuditRef, stage: 'before' | 'after', definitionId: number, values: IndicatorValues, who: OptionActor, at: Date) {
  const d = await getDefinition(db, definitionId);
  if (d.status !== 'published') throw new AppError('RULE_VIOLATION', `definitionId: 指标体系版本 ${definitionId} 未发布 (only a published definition can score an audit)`);
  const known = new Set(d.definition.groups.flatMap((g) => g.indicators.map((i) => i.id)));
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  if (unknown.length) throw new AppError('RULE_VIOLATION', `values: 未知的指标编号 ${unknown.join('、')}`);
  let score: IndicatorScore;
  try {
    score = scoreIndicatorSystem(d.definition as IndicatorSystem, values);
  } catch (e) {
    throw new AppError('RULE_VIOLATION', `values: ${(e as Error).message}`);
  }
  const result = { ...score, definition: { id: d.id, name: d.definition.name, version: d.version }, values };
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const json = JSON.stringify(result);
    if (stage === 'before') {
      await tx.execute(sql`insert into audit_performance (audit_id, level_before_definition_id, level_before, level_before_result) values (${audit.id}, ${definitionId}, ${score.level}, ${json}::jsonb)
        on conflict (audit_id) do update set level_before_definition_id = excluded.level_before_definition_id, level_before = excluded.level_before, level_before_result = excluded.level_before_result, version = audit_performance.version + 1, updated_at = now()`);
    } else {
      await tx.execute(sql`insert into audit_performance (audit_id, level_after_definition_id, level_after, level_after_result) values (${audit.id}, ${definitionId}, ${score.level}, ${json}::jsonb)
        on conflict (audit_id) do update set level_after_definition_id = excluded.level_after_definition_id, level_after = excluded.level_after, level_after_result = excluded.level_after_result, version = audit_performance.version + 1, updated_at = now()`);
    }
    await log(tx, who, at, `audit.level.${stage}`, 'audit', audit.id, { definitionId, level: score.level, indices: score.indices });
  });
  return { stage, definitionId, level: score.level, result };
}

const zeroMeasures = (): ReductionRow['achieved'] => ({ tce: 0, co2T: 0, waterM3: 0, benefitWan: 0, reductions: Object.fromEntries(pollutantKeys.map((k) => [k, 0])) });

/**
 * Regional figures (减排成效, issue 7 item 7): per group (city, county, key industry or list year)
 * the sum of ACHIEVED measures of implemented options and the sum of EXPECTED measures of the
 * others (rejected options left out), limited to the actor's area (`filter`).
 */
export async function reductionFigures(
  db: Db,
  filter: ScopeFilter,
  q: { year?: number | undefined; groupBy: 'city' | 'county' | 'industry' | 'year'; cityCode?: string | undefined; keyIndustry?: string | undefined },
): Promise<ReductionRow[]> {
  const keyCol = { city: sql`o.city_code`, county: sql`o.county_code`, industry: sql`coalesce(o.key_industry, '')`, year: sql`o.list_year::text` }[q.groupBy];
  // Aggregate first (one pass over the option rows, grouped by the key), then look up each group's
  // name once: a name lookup per option row made the endpoint 5–15× its plain grouped SUM (bench).
  const nameJoin = {
    city: sql`left join divisions d on d.code = g.key`,
    county: sql`left join divisions d on d.code = g.key`,
    industry: sql`left join key_industries k on k.key = nullif(g.key, '')`,
    year: sql``,
  }[q.groupBy];
  const labelCol = {
    city: sql`coalesce(d.name, g.key)`,
    county: sql`coalesce(d.name, g.key)`,
    industry: sql`coalesce(k.name_zh, nullif(g.key, ''), '其他')`,
    year: sql`g.key`,
  }[q.groupBy];
  const where: SQL[] = [sql`o.status <> 'rejected'`, scopeFilterSql(filter, { division: sql`o.county_code`, enterpriseId: sql`o.enterprise_id` })];
  if (q.year !== undefined) where.push(sql`o.list_year = ${q.year}`);
  if (q.cityCode) where.push(sql`o.city_code = ${q.cityCode}`);
  if (q.keyIndustry) where.push(sql`o.key_industry = ${q.keyIndustry}`);
  const cols = ['tce', 'co2_t', 'water_m3', 'benefit_wan', ...pollutantKeys.map((k) => `${k}_kg`)];
  const sums = cols.flatMap((c) => [
    sql`coalesce(sum(o.${sql.raw(c)}) filter (where o.status = 'implemented'), 0)::float8 as ${sql.raw(`a_${c}`)}`,
    sql`coalesce(sum(o.${sql.raw(`exp_${c}`)}) filter (where o.status <> 'implemented'), 0)::float8 as ${sql.raw(`e_${c}`)}`,
  ]);
  const rows = await rowsOf<Record<string, unknown>>(
    db,
    sql`select g.*, ${labelCol} as label from (
          select ${keyCol} as key, count(*)::int as options, count(*) filter (where o.status = 'implemented')::int as implemented,
            sum(o.investment_wan)::float8 as investment_wan, ${sql.join(sums, sql`, `)}
          from cp_options o where ${sql.join(where, sql` and `)} group by 1) g
        ${nameJoin} order by g.key`,
  );
  const m = (r: Record<string, unknown>, p: 'a_' | 'e_'): ReductionRow['achieved'] => {
    const x = zeroMeasures();
    x.tce = roundTo(Number(r[`${p}tce`]), 4);
    x.co2T = roundTo(Number(r[`${p}co2_t`]), 4);
    x.waterM3 = roundTo(Number(r[`${p}water_m3`]), 4);
    x.benefitWan = roundTo(Number(r[`${p}benefit_wan`]), 4);
    for (const k of pollutantKeys) x.reductions[k] = roundTo(Number(r[`${p}${k}_kg`]), 4);
    return x;
  };
  return rows.map((r) => ({
    key: String(r.key),
    label: String(r.label),
    options: Number(r.options),
    implemented: Number(r.implemented),
    achieved: m(r, 'a_'),
    expected: m(r, 'e_'),
    investmentWan: roundTo(Number(r.investment_wan), 4),
  }));
}

/**
 * Adds the regional figures as sheet `sheetName` of `wb`: an optional title row (the filters), then
 * the header — group, 方案数, 已实施, 投资 (万元), each measure achieved (implemented options) and
 * expected (the others; tce/年, t CO₂/年, m³/年, 万元/年, kg/年 per pollutant) — and one row per group.
 * Shared by `/stats/reductions.xlsx` and the dashboard workbook (sheet 减排成效与投资).
 */
export function addReductionsSheet(wb: ExcelJS.Workbook, sheetName: string, rows: readonly ReductionRow[], groupLabel: string, title?: string): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(sheetName);
  const measures: [string, (x: ReductionRow['achieved']) => number][] = [
    ['节能量 (tce/年)', (x) => x.tce],
    ['减碳量 (t CO₂/年)', (x) => x.co2T],
    ['节水量 (m³/年)', (x) => x.waterM3],
    ['经济效益 (万元/年)', (x) => x.benefitWan],
    ...pollutantKeys.map((k) => [`${k.toUpperCase()} 削减 (kg/年)`, (x: ReductionRow['achieved']) => x.reductions[k] ?? 0] as [string, (x: ReductionRow['achieved']) => number]),
  ];
  if (title !== undefined) ws.addRow([title]);
  const header = ws.addRow([groupLabel, '方案数', '已实施', '投资 (万元)', ...measures.map(([l]) => `已实现 ${l}`), ...measures.map(([l]) => `预期 ${l}`)]);
  for (const r of rows) ws.addRow([r.label, r.options, r.implemented, r.investmentWan, ...measures.map(([, f]) => f(r.achieved)), ...measures.map(([, f]) => f(r.expected))]);
  header.font = { bold: true };
  return ws;
}

/** The regional figures as an xlsx workbook (one sheet 减排成效, see {@link addReductionsSheet}). */
export async function reductionsXlsx(rows: ReductionRow[], groupLabel: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  addReductionsSheet(wb, '减排成效', rows, groupLabel);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
