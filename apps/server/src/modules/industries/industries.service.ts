/**
 * Editing the key-industry catalogue: the region edits the mapping of any industry to GB/T 4754
 * codes; a city adds and edits its own local industries (the Guangxi plan lets cities add
 * industries). Every change is in the change history and the audit log. Enterprises keep the key
 * industry derived when they were written; a later import or edit re-derives it.
 */
import { eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../../db/client.ts';
import { changeHistory, keyIndustries, keyIndustryCodes } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';

async function checkCodes(db: Db, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  const rows = (await db.execute(sql`select code, name from industry_codes where code = any(${sql.param(unique)}::text[])`)) as unknown as {
    rows: { code: string; name: string }[];
  };
  const names = new Map(rows.rows.map((r) => [r.code, r.name]));
  const unknown = unique.filter((c) => !names.has(c));
  if (unknown.length) {
    throw new AppError('VALIDATION_FAILED', `不是 GB/T 4754-2017 的代码：${unknown.join('、')}`, [{ field: 'body.codes', message: `未知代码 ${unknown.join('、')}` }]);
  }
  return names;
}

/**
 * Adds a key industry with its codes.
 * @throws {AppError} CONFLICT when the key exists; VALIDATION_FAILED for unknown codes.
 */
export async function createKeyIndustry(
  database: Database,
  input: { key: string; nameZh: string; cityCode: string | null; codes: string[] },
  userId: number,
  now: Date,
): Promise<void> {
  const names = await checkCodes(database.db, input.codes);
  await database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const inserted = await tx
      .insert(keyIndustries)
      .values({ key: input.key, nameZh: input.nameZh, cityCode: input.cityCode, sortOrder: 100, source: input.cityCode ? `${input.cityCode} 本地重点行业` : '自治区新增重点行业' })
      .onConflictDoNothing()
      .returning({ key: keyIndustries.key });
    if (inserted.length === 0) throw new AppError('CONFLICT', `重点行业标识 ${input.key} 已存在`);
    await tx.insert(keyIndustryCodes).values(
      [...new Set(input.codes)].map((c) => ({ keyIndustry: input.key, industryCode: c, industryName: names.get(c)!, status: 'local', source: `user:${userId}` })),
    );
    await tx.insert(changeHistory).values({
      at: now,
      userId,
      entityType: 'keyIndustry',
      entityId: 0,
      action: 'insert',
      changes: { key: [null, input.key], nameZh: [null, input.nameZh], cityCode: [null, input.cityCode], codes: [null, input.codes] },
    });
  });
}

/** The industry row (for the caller's area check). */
export async function findKeyIndustry(database: Database, key: string) {
  const [row] = await database.db.select().from(keyIndustries).where(eq(keyIndustries.key, key));
  return row ?? null;
}

/**
 * Replaces an industry's codes.
 * @returns the codes before and after.
 */
export async function replaceKeyIndustryCodes(database: Database, key: string, codes: string[], userId: number, now: Date) {
  const names = await checkCodes(database.db, codes);
  return database.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const before = (await tx.select({ c: keyIndustryCodes.industryCode }).from(keyIndustryCodes).where(eq(keyIndustryCodes.keyIndustry, key))).map((r) => r.c).sort();
    const after = [...new Set(codes)].sort();
    if (JSON.stringify(before) === JSON.stringify(after)) return { before, after };
    await tx.delete(keyIndustryCodes).where(eq(keyIndustryCodes.keyIndustry, key));
    await tx.insert(keyIndustryCodes).values(after.map((c) => ({ keyIndustry: key, industryCode: c, industryName: names.get(c)!, status: 'edited', source: `user:${userId}` })));
    await tx.insert(changeHistory).values({ at: now, userId, entityType: 'keyIndustry', entityId: 0, action: 'update', changes: { key: [key, key], codes: [before, after] } });
    return { before, after };
  });
}
