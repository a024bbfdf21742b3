/**
 * Enterprise detail reads (basic data with permits, environmental data, change history,
 * screening history, audits) and writes (create, edit) with the same checks as imports.
 */
import type { ChangeEntry, EnterpriseAudit, EnterpriseDetail, EnterprisePatchSchema, EnterpriseWrite, EnvironmentalData } from '@cpaudit/contracts';
import { deriveKeyIndustry, divisionLevelOf, isDivisionCode, usccCheckChar, validateUscc } from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Db } from '../../db/client.ts';
import { changeHistory, enterprises } from '../../db/schema.ts';
import { toIsoCst } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { loadKeyIndustryMapping } from '../screening/screening.service.ts';

const n = (v: unknown) => Number(v);
const nn = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The enterprise with its division names and permits; null when it does not exist. */
export async function getEnterpriseDetail(database: Database, id: number): Promise<EnterpriseDetail | null> {
  const [e] = await database.rows<Record<string, unknown>>(sql`
    select e.*, d.name as county_name, c.code as city_code, c.name as city_name
    from enterprises e join divisions d on d.code = e.division_code join divisions c on c.code = substr(e.division_code, 1, 4) || '00'
    where e.id = ${id}`);
  if (!e) return null;
  const permits = await database.rows<Record<string, unknown>>(sql`select * from permits where enterprise_id = ${id} order by permit_no`);
  return {
    id: e.id as number,
    uscc: e.uscc as string,
    name: e.name as string,
    legalRepresentative: (e.legal_representative as string | null) ?? null,
    address: (e.address as string | null) ?? null,
    divisionCode: e.division_code as string,
    countyName: e.county_name as string,
    cityCode: e.city_code as string,
    cityName: e.city_name as string,
    industryCodes: e.industry_codes as string[],
    industryNames: e.industry_names as string[],
    keyIndustry: (e.key_industry as string | null) ?? null,
    scale: (e.scale as EnterpriseDetail['scale']) ?? null,
    contactName: (e.contact_name as string | null) ?? null,
    contactPhone: (e.contact_phone as string | null) ?? null,
    status: e.status as EnterpriseDetail['status'],
    lastAcceptanceDate: (e.last_acceptance_date as string | null) ?? null,
    updatedAt: toIsoCst(new Date(e.updated_at as string)),
    permits: permits.map((p) => ({
      id: p.id as number,
      permitNo: p.permit_no as string,
      category: p.category as 'key',
      industryCodes: p.industry_codes as string[],
      issuedOn: (p.issued_on as string | null) ?? null,
      validFrom: (p.valid_from as string | null) ?? null,
      validTo: (p.valid_to as string | null) ?? null,
      issuingAuthority: (p.issuing_authority as string | null) ?? null,
      pollutantCategories: p.pollutant_categories as string[],
    })),
  };
}

/** All environmental records of an enterprise, newest year first. */
export async function getEnvironmentalData(database: Database, id: number): Promise<EnvironmentalData> {
  const [exc, quo, haz, ene] = await Promise.all([
    database.rows<Record<string, unknown>>(sql`select * from exceedance_records where enterprise_id = ${id} order by monitored_on desc, outlet_code, pollutant`),
    database.rows<Record<string, unknown>>(sql`select * from quota_records where enterprise_id = ${id} order by year desc, pollutant`),
    database.rows<Record<string, unknown>>(sql`select * from hazardous_records where enterprise_id = ${id} order by year desc, category, substance_name`),
    database.rows<Record<string, unknown>>(sql`select * from energy_records where enterprise_id = ${id} order by year desc, product_name`),
  ]);
  const years = new Set<number>([
    ...exc.map((r) => Number(String(r.monitored_on).slice(0, 4))),
    ...quo.map((r) => n(r.year)),
    ...haz.map((r) => n(r.year)),
    ...ene.map((r) => n(r.year)),
  ]);
  return {
    years: [...years].sort((a, b) => b - a),
    exceedances: exc.map((r) => ({
      id: r.id as number,
      outletCode: r.outlet_code as string,
      pollutant: r.pollutant as string,
      monitoredOn: r.monitored_on as string,
      measuredValue: n(r.measured_value),
      limitValue: n(r.limit_value),
      unit: r.unit as string,
      dataSource: r.data_source as string,
    })),
    quotas: quo.map((r) => ({ id: r.id as number, year: n(r.year), pollutant: r.pollutant as string, actualT: n(r.actual_t), quotaT: n(r.quota_t) })),
    hazardous: haz.map((r) => ({
      id: r.id as number,
      year: n(r.year),
      category: r.category as 'use',
      substanceName: r.substance_name as string,
      casNo: (r.cas_no as string | null) ?? null,
      quantity: nn(r.quantity),
      unit: (r.unit as string | null) ?? null,
    })),
    energy: ene.map((r) => ({
      id: r.id as number,
      year: n(r.year),
      productName: r.product_name as string,
      output: n(r.output),
      outputUnit: r.output_unit as string,
      comprehensiveEnergyTce: nn(r.comprehensive_energy_tce),
      energyPerUnitKgce: n(r.energy_per_unit_kgce),
      limitKgcePerUnit: n(r.limit_kgce_per_unit),
      limitStandard: (r.limit_standard as string | null) ?? null,
    })),
  };
}

/**
 * The change history of the enterprise and its records, newest first (at most 500). A record's
 * `entityLabel` names it (permit number; outlet, pollutant and date; year and pollutant, substance
 * or product); `enterpriseId` is left out of a record's changes (it is this enterprise).
 */
export async function getChangeHistory(database: Database, id: number): Promise<ChangeEntry[]> {
  const rows = await database.rows<Record<string, unknown>>(sql`
    select h.id, h.at, u.display_name as user_name, h.import_id, i.file_name, h.entity_type, h.entity_id, h.action, h.changes,
      case h.entity_type
        when 'permit' then (select p.permit_no from permits p where p.id = h.entity_id)
        when 'exceedanceRecord' then (select concat_ws(' ', x.outlet_code, x.pollutant, x.monitored_on::text) from exceedance_records x where x.id = h.entity_id)
        when 'quotaRecord' then (select concat_ws(' ', x.year::text || '年', x.pollutant) from quota_records x where x.id = h.entity_id)
        when 'hazardousRecord' then (select concat_ws(' ', x.year::text || '年', x.substance_name) from hazardous_records x where x.id = h.entity_id)
        when 'energyRecord' then (select concat_ws(' ', x.year::text || '年', x.product_name) from energy_records x where x.id = h.entity_id)
      end as entity_label
    from change_history h left join users u on u.id = h.user_id left join imports i on i.id = h.import_id
    where h.enterprise_id = ${id} order by h.id desc limit 500`);
  return rows.map((r) => ({
    id: Number(r.id),
    at: toIsoCst(new Date(r.at as string)),
    userName: (r.user_name as string | null) ?? null,
    importId: (r.import_id as number | null) ?? null,
    fileName: (r.file_name as string | null) ?? null,
    entityType: r.entity_type as string,
    entityId: r.entity_id as number,
    entityLabel: (r.entity_label as string | null) ?? null,
    action: r.action as 'insert',
    // Imports record column names (snake_case), console edits field names: show one form.
    changes: Object.fromEntries(
      Object.entries(r.changes as Record<string, [unknown, unknown]>)
        .map(([k, v]) => [k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()), v] as const)
        .filter(([k]) => !(k === 'enterpriseId' && r.entity_type !== 'enterprise')),
    ),
  }));
}

/** The screening runs that listed the enterprise, with the latest review decision of each data year. */
export async function getScreeningHistory(database: Database, id: number) {
  const rows = await database.rows<Record<string, unknown>>(sql`
    select s.run_id, r.data_year, r.rule_set_version, s.recommendation, s.next_due_year, s.criteria, r.started_at,
      (select v.decision from screening_reviews v where v.enterprise_id = s.enterprise_id and v.data_year = r.data_year order by v.id desc limit 1) as decision
    from screening_results s join screening_runs r on r.id = s.run_id where s.enterprise_id = ${id} order by r.id desc limit 100`);
  return rows.map((r) => ({
    runId: r.run_id as number,
    dataYear: n(r.data_year),
    ruleSetVersion: r.rule_set_version as string,
    recommendation: r.recommendation as 'mandatory',
    nextDueYear: nn(r.next_due_year),
    criteria: r.criteria as string[],
    runAt: toIsoCst(new Date(r.started_at as string)),
    decision: (r.decision as string | null) ?? null,
  }));
}

/**
 * The audits of an enterprise (every list year, both types), newest list year first, then by id.
 * Dates are the stored calendar days (`YYYY-MM-DD`); empty when the enterprise has none.
 */
export async function getEnterpriseAudits(database: Database, id: number): Promise<EnterpriseAudit[]> {
  const rows = await database.rows<{
    id: number;
    list_year: number;
    audit_type: EnterpriseAudit['auditType'];
    mode: EnterpriseAudit['mode'];
    state: EnterpriseAudit['state'];
    published_at: string;
    disclosure_due: string | null;
    report_due: string | null;
    accepted_on: string | null;
  }>(sql`
    select a.id, a.list_year, a.audit_type, a.mode, a.state, a.published_at::text as published_at, a.disclosure_due::text as disclosure_due,
      a.report_due::text as report_due, a.accepted_on::text as accepted_on
    from audits a where a.enterprise_id = ${id} order by a.list_year desc, a.id desc`);
  return rows.map((r) => ({
    id: r.id,
    listYear: n(r.list_year),
    auditType: r.audit_type,
    mode: r.mode,
    state: r.state,
    publishedAt: r.published_at,
    disclosureDue: r.disclosure_due,
    reportDue: r.report_due,
    acceptedOn: r.accepted_on,
  }));
}

/** Field errors in the VALIDATION_FAILED shape. */
function fieldError(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field: `body.${field}`, message }]);
}

async function checkWrite(db: Db, w: Partial<EnterpriseWrite>, currentDivision?: string): Promise<{ industryNames?: string[]; keyIndustry?: string | null }> {
  if (w.divisionCode !== undefined) {
    if (!isDivisionCode(w.divisionCode) || divisionLevelOf(w.divisionCode) !== 'county') throw fieldError('divisionCode', '行政区划代码应为县级（县、市、区）代码');
    const known = await db.execute(sql`select 1 from divisions where code = ${w.divisionCode}`);
    if ((known as unknown as { rows: unknown[] }).rows.length === 0) throw fieldError('divisionCode', `行政区划代码 ${w.divisionCode} 不是广西的县级区划代码`);
  }
  if (w.industryCodes === undefined) return {};
  const rows = (await db.execute(sql`select code, name from industry_codes where code = any(${sql.param(w.industryCodes)}::text[])`)) as unknown as {
    rows: { code: string; name: string }[];
  };
  const names = new Map(rows.rows.map((r) => [r.code, r.name]));
  const unknown = w.industryCodes.filter((c) => !names.has(c));
  if (unknown.length) throw fieldError('industryCodes', `行业类别代码 ${unknown.join('、')} 不是 GB/T 4754-2017 的小类代码`);
  const mapping = await loadKeyIndustryMapping(db);
  return { industryNames: w.industryCodes.map((c) => names.get(c)!), keyIndustry: deriveKeyIndustry(w.industryCodes, mapping, w.divisionCode ?? currentDivision)?.keyIndustry ?? null };
}

/**
 * Creates an enterprise (change history with the user, no import).
 * @throws {AppError} VALIDATION_FAILED for a bad credit code, division or industry code;
 *   CONFLICT when the credit code is registered already.
 */
export async function createEnterprise(database: Database, w: EnterpriseWrite, userId: number, now: Date): Promise<number> {
  const check = validateUscc(w.uscc);
  if (!check.valid) throw fieldError('uscc', `统一社会信用代码无效（${check.error === 'checksum' ? `校验位错误：第 18 位应为 ${usccCheckChar(check.normalized.slice(0, 17))}` : check.error === 'length' ? '应为 18 位' : '含有不允许的字符'}）`);
  const derived = await checkWrite(database.db, w);
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const clash = await tx.select({ id: enterprises.id }).from(enterprises).where(sql`${enterprises.uscc} = ${check.normalized}`);
    if (clash.length) throw new AppError('CONFLICT', `统一社会信用代码 ${check.normalized} 已登记`, { enterpriseId: clash[0]!.id });
    const values = {
      uscc: check.normalized,
      name: w.name,
      legalRepresentative: w.legalRepresentative ?? null,
      address: w.address ?? null,
      divisionCode: w.divisionCode,
      industryCodes: w.industryCodes,
      industryNames: derived.industryNames ?? [],
      keyIndustry: derived.keyIndustry ?? null,
      scale: w.scale ?? null,
      contactName: w.contactName ?? null,
      contactPhone: w.contactPhone ?? null,
      status: w.status ?? 'operating',
      lastAcceptanceDate: w.lastAcceptanceDate ?? null,
    };
    const [row] = await tx.insert(enterprises).values(values).returning({ id: enterprises.id });
    const changes = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [null, v]]));
    await tx.insert(changeHistory).values({ at: now, userId, entityType: 'enterprise', entityId: row!.id, enterpriseId: row!.id, action: 'insert', changes });
    return row!.id;
  });
}

/**
 * Edits an enterprise; only the given fields change; the history records each changed field.
 * @returns the number of fields changed (0: nothing written).
 */
export async function updateEnterprise(
  database: Database,
  id: number,
  patch: z.infer<typeof EnterprisePatchSchema>,
  userId: number,
  now: Date,
): Promise<number> {
  const [row] = await database.rows<{ division_code: string }>(sql`select division_code from enterprises where id = ${id}`);
  const derived = await checkWrite(database.db, patch, row?.division_code);
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [current] = await tx.select().from(enterprises).where(sql`${enterprises.id} = ${id}`).for('update');
    if (!current) throw new AppError('NOT_FOUND', '企业不存在');
    const next: Record<string, unknown> = { ...patch, ...derived };
    const changes: Record<string, [unknown, unknown]> = {};
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined) continue;
      const before = (current as Record<string, unknown>)[k];
      if (JSON.stringify(before ?? null) !== JSON.stringify(v ?? null)) changes[k] = [before ?? null, v ?? null];
    }
    if (Object.keys(changes).length === 0) return 0;
    const set = Object.fromEntries(Object.entries(changes).map(([k, [, v]]) => [k, v]));
    await tx.update(enterprises).set({ ...set, updatedAt: now }).where(sql`${enterprises.id} = ${id}`);
    await tx.insert(changeHistory).values({ at: now, userId, entityType: 'enterprise', entityId: id, enterpriseId: id, action: 'update', changes });
    return Object.keys(changes).length;
  });
}
