/**
 * The expert pool (自治区级清洁生产审核专家库) and consulting agencies (issue 6 items 6–7):
 * list, create, update with an optimistic `version`, and the atomic xlsx import of experts.
 * Every write and its audit-log row commit in one transaction.
 */
import { crossSpecialities, type AgencyInput, type ExpertInput } from '@cpaudit/contracts';
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { consultingAgencies, experts } from '../../db/schema.ts';
import type { AuditEntry } from '../../platform/audit-log.ts';
import { writeAuditLog } from '../../platform/audit-log.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';

/** The audit-log fields of the request (actor, ip, request id); the action and object are added here. */
export type AuditContext = Omit<AuditEntry, 'action' | 'result' | 'objectType' | 'objectId' | 'details'>;

type ExpertRow = typeof experts.$inferSelect;
type AgencyRow = typeof consultingAgencies.$inferSelect;

function expertOut(r: ExpertRow, cityName: string | null) {
  return {
    id: r.id,
    version: r.version,
    userId: r.userId,
    name: r.name,
    employerName: r.employerName,
    employerUscc: r.employerUscc,
    title: r.title,
    specialities: r.specialities,
    cityCode: r.cityCode,
    cityName,
    available: r.available,
    unavailableReason: r.unavailableReason,
    phone: r.phone,
    email: r.email,
  };
}

function agencyOut(r: AgencyRow) {
  return {
    id: r.id,
    version: r.version,
    orgId: r.orgId,
    name: r.name,
    uscc: r.uscc,
    divisionCode: r.divisionCode,
    auditors: r.auditors,
    industries: r.industries,
    contactPhone: r.contactPhone,
  };
}

/**
 * Checks speciality keys against the key-industry catalogue plus `energy` / `environment`, and
 * that `cityCode` is a city (设区市) of the division tree.
 * @throws AppError VALIDATION_FAILED naming the field (`specialities`, `cityCode`)
 */
export async function checkExpertRefs(db: Db, input: { specialities?: string[]; cityCode?: string }, where = 'body'): Promise<void> {
  if (input.specialities) {
    const rows = await db.execute(sql`select key from key_industries`) as unknown as { rows: { key: string }[] };
    const known = new Set([...rows.rows.map((r) => r.key), ...crossSpecialities]);
    const unknown = input.specialities.filter((s) => !known.has(s));
    if (unknown.length) throw new AppError('VALIDATION_FAILED', `未知专业领域：${unknown.join('、')}`, [{ field: `${where}.specialities`, message: `未知专业领域 ${unknown.join('、')}` }]);
  }
  if (input.cityCode) {
    const rows = await db.execute(sql`select 1 from divisions where code = ${input.cityCode} and level = 'city'`) as unknown as { rows: unknown[] };
    if (rows.rows.length === 0) throw new AppError('VALIDATION_FAILED', `${input.cityCode} 不是设区市代码`, [{ field: `${where}.cityCode`, message: '应为设区市代码' }]);
  }
}

/** Lists experts, filtered by free text (name, employer, phone), speciality, city and availability; ordered by city then name. */
export async function listExperts(database: Database, q: { q?: string; speciality?: string; cityCode?: string; available?: 'true' | 'false' }) {
  const conds: SQL[] = [];
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(${experts.name} ilike ${like} or ${experts.employerName} ilike ${like} or coalesce(${experts.phone}, '') ilike ${like})`);
  }
  if (q.speciality) conds.push(sql`${experts.specialities} @> ${JSON.stringify([q.speciality])}::jsonb`);
  if (q.cityCode) conds.push(eq(experts.cityCode, q.cityCode));
  if (q.available) conds.push(eq(experts.available, q.available === 'true'));
  const rows = await database.db
    .select({ e: experts, cityName: sql<string | null>`(select name from divisions d where d.code = ${experts.cityCode})` })
    .from(experts)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(experts.cityCode), asc(experts.name), asc(experts.id));
  return rows.map((r) => expertOut(r.e, r.cityName));
}

const duplicate = isUniqueViolation;

/**
 * Adds an expert.
 * @throws AppError VALIDATION_FAILED (unknown speciality or city), CONFLICT (same name and employer)
 */
export async function createExpert(database: Database, input: ExpertInput, audit: AuditContext): Promise<{ id: number }> {
  await checkExpertRefs(database.db, input);
  try {
    return await database.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const [row] = await tx.insert(experts).values({ ...input, updatedAt: audit.at }).returning({ id: experts.id });
      await writeAuditLog(tx, { ...audit, action: 'expert.create', result: 'success', objectType: 'expert', objectId: row!.id, details: { name: input.name, employerName: input.employerName } });
      return { id: row!.id };
    });
  } catch (e) {
    if (duplicate(e)) throw new AppError('CONFLICT', `专家「${input.name}」（${input.employerName}）已在专家库中`);
    throw e;
  }
}

/**
 * Updates an expert when `version` matches; returns the new row.
 * @throws AppError NOT_FOUND, CONFLICT (version changed meanwhile, or name+employer taken), VALIDATION_FAILED
 */
export async function updateExpert(database: Database, id: number, patch: Partial<ExpertInput> & { version: number }, audit: AuditContext) {
  const { version, ...fields } = patch;
  await checkExpertRefs(database.db, fields);
  try {
    return await database.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const [before] = await tx.select().from(experts).where(eq(experts.id, id));
      if (!before) throw new AppError('NOT_FOUND', '专家不存在');
      const [after] = await tx
        .update(experts)
        .set({ ...fields, version: sql`${experts.version} + 1`, updatedAt: audit.at })
        .where(and(eq(experts.id, id), eq(experts.version, version)))
        .returning();
      if (!after) throw new AppError('CONFLICT', '该专家信息已被他人修改，请刷新后重试', { currentVersion: before.version });
      const changes = Object.fromEntries(
        Object.keys(fields)
          .filter((k) => JSON.stringify(before[k as keyof ExpertRow]) !== JSON.stringify(after[k as keyof ExpertRow]))
          .map((k) => [k, [before[k as keyof ExpertRow], after[k as keyof ExpertRow]]]),
      );
      await writeAuditLog(tx, { ...audit, action: 'expert.update', result: 'success', objectType: 'expert', objectId: id, details: { changes } });
      return expertOut(after, null);
    });
  } catch (e) {
    if (duplicate(e)) throw new AppError('CONFLICT', '同一单位已有同名专家');
    throw e;
  }
}

/**
 * Imports experts atomically: rows matched by (name, employer name) are updated, others created;
 * all or nothing, with one audit-log row.
 * @returns counts of created and updated rows
 */
export async function importExperts(database: Database, rows: ExpertInput[], audit: AuditContext & { fileName: string }): Promise<{ created: number; updated: number }> {
  const { fileName, ...ctx } = audit;
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    let created = 0;
    let updated = 0;
    for (const r of rows) {
      const [res] = await tx
        .insert(experts)
        .values({ ...r, updatedAt: ctx.at })
        .onConflictDoUpdate({
          target: [experts.name, experts.employerName],
          set: {
            employerUscc: r.employerUscc,
            title: r.title,
            specialities: r.specialities,
            cityCode: r.cityCode,
            available: r.available,
            unavailableReason: r.unavailableReason,
            phone: r.phone,
            email: r.email,
            version: sql`${experts.version} + 1`,
            updatedAt: ctx.at,
          },
        })
        .returning({ version: experts.version });
      if (res!.version === 1) created++;
      else updated++;
    }
    await writeAuditLog(tx, { ...ctx, action: 'expert.import', result: 'success', objectType: 'expert', objectId: null, details: { fileName, created, updated } });
    return { created, updated };
  });
}

/** Lists agencies by name; `onlyOrgId` restricts to one agency organisation (an agency user's own). */
export async function listAgencies(database: Database, filter: { q?: string; onlyOrgId?: number }) {
  const conds: SQL[] = [];
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(${consultingAgencies.name} ilike ${like} or ${consultingAgencies.uscc} ilike ${like})`);
  }
  if (filter.onlyOrgId !== undefined) conds.push(eq(consultingAgencies.orgId, filter.onlyOrgId));
  const rows = await database.db.select().from(consultingAgencies).where(conds.length ? and(...conds) : undefined).orderBy(asc(consultingAgencies.name));
  return rows.map(agencyOut);
}

/** One agency, or null. */
export async function findAgency(database: Database, id: number) {
  const [row] = await database.db.select().from(consultingAgencies).where(eq(consultingAgencies.id, id));
  return row ? agencyOut(row) : null;
}

async function checkAgencyRefs(db: Db, input: Partial<AgencyInput>): Promise<void> {
  if (input.industries?.length) {
    const rows = await db.execute(sql`select key from key_industries`) as unknown as { rows: { key: string }[] };
    const known = new Set(rows.rows.map((r) => r.key));
    const unknown = input.industries.filter((s) => !known.has(s));
    if (unknown.length) throw new AppError('VALIDATION_FAILED', `未知重点行业：${unknown.join('、')}`, [{ field: 'body.industries', message: `未知重点行业 ${unknown.join('、')}` }]);
  }
  if (input.divisionCode) {
    const rows = await db.execute(sql`select 1 from divisions where code = ${input.divisionCode}`) as unknown as { rows: unknown[] };
    if (rows.rows.length === 0) throw new AppError('VALIDATION_FAILED', `${input.divisionCode} 不是广西的行政区划代码`, [{ field: 'body.divisionCode', message: '未知行政区划代码' }]);
  }
}

/**
 * Adds an agency (region).
 * @throws AppError VALIDATION_FAILED, CONFLICT (credit code taken)
 */
export async function createAgency(database: Database, input: AgencyInput, audit: AuditContext): Promise<{ id: number }> {
  await checkAgencyRefs(database.db, input);
  try {
    return await database.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const [row] = await tx.insert(consultingAgencies).values({ ...input, updatedAt: audit.at }).returning({ id: consultingAgencies.id });
      await writeAuditLog(tx, { ...audit, action: 'agency.create', result: 'success', objectType: 'consultingAgency', objectId: row!.id, details: { name: input.name, uscc: input.uscc } });
      return { id: row!.id };
    });
  } catch (e) {
    if (duplicate(e)) throw new AppError('CONFLICT', `统一社会信用代码 ${input.uscc} 的机构已存在`);
    throw e;
  }
}

/**
 * Updates an agency when `version` matches.
 * @throws AppError NOT_FOUND, CONFLICT, VALIDATION_FAILED
 */
export async function updateAgency(database: Database, id: number, patch: Partial<AgencyInput> & { version: number }, audit: AuditContext) {
  const { version, ...fields } = patch;
  await checkAgencyRefs(database.db, fields);
  try {
    return await database.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const [before] = await tx.select().from(consultingAgencies).where(eq(consultingAgencies.id, id));
      if (!before) throw new AppError('NOT_FOUND', '咨询机构不存在');
      const [after] = await tx
        .update(consultingAgencies)
        .set({ ...fields, version: sql`${consultingAgencies.version} + 1`, updatedAt: audit.at })
        .where(and(eq(consultingAgencies.id, id), eq(consultingAgencies.version, version)))
        .returning();
      if (!after) throw new AppError('CONFLICT', '该机构信息已被他人修改，请刷新后重试', { currentVersion: before.version });
      await writeAuditLog(tx, { ...audit, action: 'agency.update', result: 'success', objectType: 'consultingAgency', objectId: id, details: { fields: Object.keys(fields) } });
      return agencyOut(after);
    });
  } catch (e) {
    if (duplicate(e)) throw new AppError('CONFLICT', '统一社会信用代码已被其他机构使用');
    throw e;
  }
}
