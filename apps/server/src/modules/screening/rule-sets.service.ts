/**
 * Screening rule-set versions (issue 4 §5): draft a version from a published one with hazardous
 * lists added or removed, compare two versions on the same data without storing a run, publish.
 * A rule set never changes once stored: a change is a new version.
 */
import { buildRuleSet, diffScreeningRuns, screenAll, type ScreeningResult, type ScreeningRuleSet } from '@cpaudit/domain';
import type { z } from 'zod';
import type { RuleSetComparisonSchema, RuleSetDraftSchema } from '@cpaudit/contracts';
import { desc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { screeningRuleSets } from '../../db/schema.ts';
import { AppError } from '../../platform/errors.ts';
import { toIsoCst } from '../../platform/clock.ts';
import { loadKeyIndustryMapping, loadScreeningInput, resolveRuleSet } from './screening.service.ts';

/** Every stored rule set, newest first, with its lists' sizes. */
export async function listRuleSets(database: Database, now: Date) {
  await resolveRuleSet(database.db, undefined, now); // makes sure the default version exists
  const rows = await database.db.select().from(screeningRuleSets).orderBy(desc(screeningRuleSets.createdAt));
  return rows.map((r) => {
    const def = r.definition as ScreeningRuleSet;
    return {
      version: r.version,
      note: r.note,
      createdAt: toIsoCst(r.createdAt),
      publishedAt: r.publishedAt ? toIsoCst(r.publishedAt) : null,
      lists: def.hazardousLists.map((l) => ({ listName: l.listName, substances: l.substances.length })),
    };
  });
}

/**
 * Stores a draft version.
 * @throws {AppError} CONFLICT when the version exists; NOT_FOUND for an unknown base;
 *   RULE_VIOLATION when a list to remove is not in the base or a list to add is already there.
 */
export async function createRuleSetDraft(database: Database, draft: z.infer<typeof RuleSetDraftSchema>, userId: number, now: Date): Promise<string> {
  const base = await resolveRuleSet(database.db, draft.baseVersion, now).catch(() => {
    throw new AppError('NOT_FOUND', `筛选规则版本不存在：${draft.baseVersion}`);
  });
  const names = new Set(base.hazardousLists.map((l) => l.listName));
  const missing = draft.removeListNames.filter((n) => !names.has(n));
  if (missing.length) throw new AppError('RULE_VIOLATION', `基础版本中没有这些名录：${missing.join('、')}`);
  const clash = draft.addHazardousLists.filter((l) => names.has(l.listName) && !draft.removeListNames.includes(l.listName));
  if (clash.length) throw new AppError('RULE_VIOLATION', `基础版本中已有这些名录：${clash.map((l) => l.listName).join('、')}`);
  const ruleSet = buildRuleSet({
    version: draft.version,
    hazardousLists: [...base.hazardousLists.filter((l) => !draft.removeListNames.includes(l.listName)), ...draft.addHazardousLists],
    heavyMetalNameMarkers: base.heavyMetalNameMarkers,
    heavyMetalCas: base.heavyMetalCas,
    auditIntervalYears: base.auditIntervalYears,
    basis: base.basis,
  });
  const inserted = await database.db
    .insert(screeningRuleSets)
    .values({ version: ruleSet.version, definition: ruleSet, note: draft.note ?? `基于 ${base.version}`, createdBy: userId, createdAt: now })
    .onConflictDoNothing()
    .returning({ version: screeningRuleSets.version });
  if (inserted.length === 0) throw new AppError('CONFLICT', `版本 ${draft.version} 已存在`);
  return ruleSet.version;
}

/** Publishes a version: later runs use it by default. Publishing twice changes nothing. */
export async function publishRuleSet(database: Database, version: string, now: Date): Promise<void> {
  const [row] = await database.db.select().from(screeningRuleSets).where(eq(screeningRuleSets.version, version));
  if (!row) throw new AppError('NOT_FOUND', `筛选规则版本不存在：${version}`);
  if (!row.publishedAt) await database.db.update(screeningRuleSets).set({ publishedAt: now }).where(eq(screeningRuleSets.version, version));
}

const brief = (r: ScreeningResult) => ({ uscc: r.uscc, name: r.name, divisionCode: r.divisionCode });
const criteriaOf = (r: ScreeningResult) => [...new Set(r.reasons.map((x) => x.criterion))].sort();

/** Screens the same inputs with two versions and returns who would be added, dropped or changed. */
export async function compareRuleSets(
  database: Database,
  input: { dataYear: number; scopeDivisionCode: string; baseVersion: string; candidateVersion: string },
): Promise<z.infer<typeof RuleSetComparisonSchema>> {
  const [base, candidate] = await Promise.all([
    resolveRuleSet(database.db, input.baseVersion),
    resolveRuleSet(database.db, input.candidateVersion),
  ]).catch((err: Error) => {
    throw new AppError('NOT_FOUND', err.message);
  });
  const mapping = await loadKeyIndustryMapping(database.db);
  const { enterprises, records } = await loadScreeningInput(database, input.dataYear, input.scopeDivisionCode);
  const before = screenAll(enterprises, records, { dataYear: input.dataYear, ruleSet: base, keyIndustryMapping: mapping });
  const after = screenAll(enterprises, records, { dataYear: input.dataYear, ruleSet: candidate, keyIndustryMapping: mapping });
  const d = diffScreeningRuns(before, after);
  const byUscc = new Map(after.map((r) => [r.uscc, r]));
  return {
    dataYear: input.dataYear,
    scopeDivisionCode: input.scopeDivisionCode,
    baseVersion: base.version,
    candidateVersion: candidate.version,
    baseListed: before.length,
    candidateListed: after.length,
    added: d.added.map((r) => ({ ...brief(r), criteria: criteriaOf(r) })),
    dropped: d.dropped.map((r) => ({ ...brief(r), criteria: criteriaOf(r) })),
    reasonsChanged: d.reasonsChanged.map((c) => ({ ...brief(byUscc.get(c.uscc)!), before: [...c.before], after: [...c.after] })),
    recommendationChanged: d.recommendationChanged.map((c) => ({ ...brief(byUscc.get(c.uscc)!), before: c.before.recommendation, after: c.after.recommendation })),
  };
}
