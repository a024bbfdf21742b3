/**
 * Indicator systems (清洁生产评价指标体系, issue 7 item 5): the catalogue (附件4, refdata
 * `cp_indicator_systems.csv`) and its versioned definitions, imported from JSON (the shape of
 * `cpaudit score --system`), validated (weights sum to 1 per group and overall within 1e-6;
 * benchmarks ordered per direction), published, and used to score values by hand.
 * Scoring rules: regulations.md §3.
 */
import { IndicatorSystemJsonSchema, type DefinitionIssue, type IndicatorDefinition, type IndicatorSystemJson } from '@cpaudit/contracts';
import { scoreIndicatorSystem, validateIndicatorSystem, type IndicatorScore, type IndicatorSystem, type IndicatorValues } from '@cpaudit/domain';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { indicatorDefinitionGroups, indicatorDefinitionItems, indicatorDefinitions, indicatorSystems } from '../../db/schema.ts';
import { writeAuditLog, type AuditEntry } from '../../platform/audit-log.ts';
import { toIsoCst } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';

/** Who acts, for `created_by` and the audit log (null user for the reference-data load). */
export interface DefinitionActor {
  userId: number | null;
  name: string;
  audit: Omit<AuditEntry, 'action' | 'objectType' | 'objectId' | 'details' | 'result'> | null;
}

/** The catalogue with each system's versions, in catalogue order. */
export async function listCatalogue(db: Db) {
  const [systems, defs] = await Promise.all([
    db.select().from(indicatorSystems).orderBy(asc(indicatorSystems.id)),
    db
      .select({ id: indicatorDefinitions.id, systemId: indicatorDefinitions.systemId, version: indicatorDefinitions.version, status: indicatorDefinitions.status, complete: indicatorDefinitions.complete })
      .from(indicatorDefinitions)
      .orderBy(asc(indicatorDefinitions.systemId), desc(indicatorDefinitions.version)),
  ]);
  return systems.map((s) => ({
    id: s.id,
    title: s.title,
    docNumber: s.docNumber,
    year: s.year,
    issuer: s.issuer,
    industryKey: s.industryKey,
    confidence: s.confidence,
    note: s.note,
    versions: defs.filter((d) => d.systemId === s.id).map(({ id, version, status, complete }) => ({ id, version, status: status as 'draft' | 'published', complete })),
  }));
}

/**
 * One stored version with its definition rebuilt from the group and indicator rows.
 * @throws AppError NOT_FOUND
 */
export async function getDefinition(db: Db, definitionId: number): Promise<IndicatorDefinition> {
  const [d] = await db.select().from(indicatorDefinitions).where(eq(indicatorDefinitions.id, definitionId));
  if (!d) throw new AppError('NOT_FOUND', `指标体系版本不存在：${definitionId}`);
  const groups = await db.select().from(indicatorDefinitionGroups).where(eq(indicatorDefinitionGroups.definitionId, d.id)).orderBy(asc(indicatorDefinitionGroups.position));
  const items = await db.select().from(indicatorDefinitionItems).where(eq(indicatorDefinitionItems.definitionId, d.id)).orderBy(asc(indicatorDefinitionItems.position));
  const definition: IndicatorSystemJson = {
    id: d.code,
    name: d.name,
    levelRule: d.levelRule as IndicatorSystemJson['levelRule'],
    groups: groups.map((g) => ({
      name: g.name,
      weight: g.weight,
      indicators: items
        .filter((i) => i.groupId === g.id)
        .map((i) => ({
          id: i.code,
          name: i.name,
          unit: i.unit,
          weight: i.weight,
          direction: i.direction as 'lower' | 'higher' | 'qualitative',
          ...(i.benchmarkI !== null && i.benchmarkII !== null && i.benchmarkIII !== null ? { benchmarks: { I: i.benchmarkI, II: i.benchmarkII, III: i.benchmarkIII } } : {}),
          ...(i.requirementI !== null || i.requirementII !== null || i.requirementIII !== null ? { requirements: { I: i.requirementI, II: i.requirementII, III: i.requirementIII } } : {}),
          limiting: i.limiting,
          ...(i.note !== null ? { note: i.note } : {}),
        })),
    })),
  };
  return {
    id: d.id,
    systemId: d.systemId,
    version: d.version,
    status: d.status as 'draft' | 'published',
    complete: d.complete,
    source: d.source,
    definition,
    issues: d.issues as DefinitionIssue[],
    createdByName: d.createdByName,
    createdAt: toIsoCst(d.createdAt),
    publishedAt: d.publishedAt ? toIsoCst(d.publishedAt) : null,
    rowVersion: d.rowVersion,
  };
}

const zodPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '') || '(root)';

/**
 * Parses a definition JSON and lists its issues. Shape errors and duplicate indicator ids are
 * refused (nothing can be stored); other issues (weights, benchmark order, known gaps in
 * `extraIssues`) are stored with the draft, which then stays incomplete.
 * @throws AppError VALIDATION_FAILED with `details: [{field, message}]`, `field` the JSON path under `definition`
 */
export function parseDefinition(json: unknown): { definition: IndicatorSystemJson; issues: DefinitionIssue[] } {
  const parsed = IndicatorSystemJsonSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      'VALIDATION_FAILED',
      '指标体系 JSON 格式不正确',
      parsed.error.issues.slice(0, 50).map((i) => ({ field: `definition.${zodPath(i.path)}`, message: i.message })),
    );
  }
  const issues = validateIndicatorSystem(parsed.data as IndicatorSystem);
  const dup = issues.filter((i) => i.code === 'duplicateId');
  if (dup.length) throw new AppError('VALIDATION_FAILED', '指标编号重复', dup.map((i) => ({ field: `definition.${i.path}`, message: i.message })));
  return { definition: parsed.data, issues };
}

/** JSON with sorted keys and without null members, so stored and submitted definitions compare equal whatever the key order (jsonb reorders keys). */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x !== null && typeof x === 'object') {
    const entries = Object.entries(x as Record<string, unknown>).filter(([, v]) => v !== null && v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(x);
}

/**
 * Stores a definition as the next draft version of catalogue entry `systemId`, in one
 * transaction with its audit entry. Idempotent: when the newest version holds the same
 * definition (and the same known gaps), that version is returned and nothing is written.
 *
 * @param extraIssues known gaps of the source (e.g. missing groups of a partial table); they keep the version incomplete
 * @throws AppError NOT_FOUND (no such catalogue entry), VALIDATION_FAILED (see {@link parseDefinition})
 */
export async function importDefinition(
  db: Db,
  input: { systemId: number; json: unknown; source: string | null; extraIssues?: DefinitionIssue[] },
  actor: DefinitionActor,
  now: Date,
): Promise<{ id: number; version: number; created: boolean; complete: boolean; issues: DefinitionIssue[] }> {
  const { definition, issues: found } = parseDefinition(input.json);
  const issues = [...found, ...(input.extraIssues ?? [])];
  const complete = issues.length === 0;
  return db.transaction(async (tx) => {
    const [system] = await tx.select({ id: indicatorSystems.id }).from(indicatorSystems).where(eq(indicatorSystems.id, input.systemId)).for('update');
    if (!system) throw new AppError('NOT_FOUND', `指标体系目录中没有编号 ${input.systemId}`);
    const [latest] = await tx.select().from(indicatorDefinitions).where(eq(indicatorDefinitions.systemId, input.systemId)).orderBy(desc(indicatorDefinitions.version)).limit(1);
    if (latest) {
      const current = await getDefinition(tx as unknown as Db, latest.id);
      if (canonical(current.definition) === canonical(definition) && canonical(current.issues) === canonical(issues)) {
        return { id: latest.id, version: latest.version, created: false, complete: latest.complete, issues };
      }
    }
    const version = (latest?.version ?? 0) + 1;
    const [row] = await tx
      .insert(indicatorDefinitions)
      .values({
        systemId: input.systemId,
        version,
        code: definition.id,
        name: definition.name,
        levelRule: definition.levelRule,
        status: 'draft',
        complete,
        issues,
        source: input.source,
        createdBy: actor.userId,
        createdByName: actor.name,
        createdAt: now,
      })
      .returning({ id: indicatorDefinitions.id });
    const definitionId = row!.id;
    for (const [gi, g] of definition.groups.entries()) {
      const [group] = await tx.insert(indicatorDefinitionGroups).values({ definitionId, position: gi, name: g.name, weight: g.weight }).returning({ id: indicatorDefinitionGroups.id });
      if (g.indicators.length === 0) continue;
      await tx.insert(indicatorDefinitionItems).values(
        g.indicators.map((ind, ii) => ({
          groupId: group!.id,
          definitionId,
          position: ii,
          code: ind.id,
          name: ind.name,
          unit: ind.unit,
          weight: ind.weight,
          direction: ind.direction,
          // A qualitative indicator with numbers is an issue (benchmarksNotAllowed); its numbers are not stored.
          benchmarkI: ind.direction === 'qualitative' ? null : (ind.benchmarks?.I ?? null),
          benchmarkII: ind.direction === 'qualitative' ? null : (ind.benchmarks?.II ?? null),
          benchmarkIII: ind.direction === 'qualitative' ? null : (ind.benchmarks?.III ?? null),
          requirementI: ind.requirements?.I ?? null,
          requirementII: ind.requirements?.II ?? null,
          requirementIII: ind.requirements?.III ?? null,
          limiting: ind.limiting,
          note: ind.note ?? null,
        })),
      );
    }
    if (actor.audit) {
      await writeAuditLog(tx as unknown as Db, {
        ...actor.audit,
        action: 'indicatorSystem.manage',
        result: 'success',
        objectType: 'indicatorDefinition',
        objectId: definitionId,
        details: { systemId: input.systemId, version, code: definition.id, complete, issues: issues.length },
      });
    }
    return { id: definitionId, version, created: true, complete, issues };
  });
}

/**
 * Publishes a draft version (the optimistic `rowVersion` the user saw must match), in one
 * transaction with its audit entry. Publishing a published version again is a no-op.
 * @throws AppError NOT_FOUND; CONFLICT (409) when the row changed since it was read;
 *   RULE_VIOLATION (422) when the version is incomplete (its issues are in `details`)
 */
export async function publishDefinition(db: Db, definitionId: number, rowVersion: number, actor: DefinitionActor, now: Date): Promise<{ published: boolean }> {
  return db.transaction(async (tx) => {
    const [d] = await tx.select().from(indicatorDefinitions).where(eq(indicatorDefinitions.id, definitionId)).for('update');
    if (!d) throw new AppError('NOT_FOUND', `指标体系版本不存在：${definitionId}`);
    if (d.status === 'published') return { published: false };
    if (d.rowVersion !== rowVersion) throw new AppError('CONFLICT', `该版本已被修改（当前版本号 ${d.rowVersion}），请刷新后重试`);
    if (!d.complete) throw new AppError('RULE_VIOLATION', '指标体系不完整，不能发布：请先补全并修正所列问题', { issues: d.issues });
    const updated = await tx
      .update(indicatorDefinitions)
      .set({ status: 'published', publishedAt: now, rowVersion: sql`${indicatorDefinitions.rowVersion} + 1` })
      .where(and(eq(indicatorDefinitions.id, definitionId), eq(indicatorDefinitions.rowVersion, rowVersion)))
      .returning({ id: indicatorDefinitions.id });
    if (updated.length === 0) throw new AppError('CONFLICT');
    if (actor.audit) {
      await writeAuditLog(tx as unknown as Db, {
        ...actor.audit,
        action: 'indicatorSystem.manage',
        result: 'success',
        objectType: 'indicatorDefinition',
        objectId: definitionId,
        details: { published: true, systemId: d.systemId, version: d.version },
      });
    }
    return { published: true };
  });
}

/**
 * Scores values entered by hand against a stored version ("try scoring"; nothing stored).
 * @throws AppError NOT_FOUND; RULE_VIOLATION when the version is incomplete or a value does not fit
 *   (unknown id, missing value, wrong type), the message naming the indicator
 */
export async function tryScore(db: Db, definitionId: number, values: IndicatorValues): Promise<IndicatorScore> {
  const d = await getDefinition(db, definitionId);
  if (!d.complete) throw new AppError('RULE_VIOLATION', '指标体系不完整（权重或基准值缺失），不能计算综合评价指数', { issues: d.issues });
  const known = new Set(d.definition.groups.flatMap((g) => g.indicators.map((i) => i.id)));
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  if (unknown.length) throw new AppError('RULE_VIOLATION', `未知的指标编号：${unknown.join('、')}`);
  try {
    return scoreIndicatorSystem(d.definition as IndicatorSystem, values);
  } catch (e) {
    throw new AppError('RULE_VIOLATION', (e as Error).message);
  }
}
