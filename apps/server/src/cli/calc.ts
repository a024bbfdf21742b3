/**
 * The calculation commands of the CLI (issue 7 Contract): `cpaudit score`, `cpaudit econ`,
 * `cpaudit energy`. No database: `score` reads two JSON files, `energy` reads the factor table
 * from the bundled reference files (`refdata/`, the same files `db migrate` loads), so the
 * result's `factors.version` names those files by content hash.
 */
import fs from 'node:fs';
import type { z } from 'zod';
import { IndicatorSystemJsonSchema, TryScoreBodySchema } from '@cpaudit/contracts';
import { energySaving, evaluateOptionEconomics, roundTo, scoreIndicatorSystem, validateIndicatorSystem, type IndicatorScore, type IndicatorSystem } from '@cpaudit/domain';
import { factorTableFromFiles } from '../db/factors.ts';

/** A CLI input error that names the file, the JSON path and what was expected. */
export class InputError extends Error {}

function zodPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '') || '(root)';
}

/**
 * Reads and parses a JSON file against `schema`.
 * @throws InputError `<file>: <path>: <message>` when the file is missing, not JSON, or of the wrong shape
 */
export function readJsonFile<T>(file: string, schema: z.ZodType<T>, what: string): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InputError(`${file}: not valid JSON (${(e as Error).message}); expected ${what}`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${zodPath(i.path)}: ${i.message}`);
    throw new InputError(`${file}: not ${what}: ${first.join('; ')}`);
  }
  return parsed.data;
}

const ValuesSchema = TryScoreBodySchema.shape.values;

/** The score CLI result: indices rounded to 2 decimals (contract), level, indicators explained. */
export function scoreFiles(systemFile: string, valuesFile: string): IndicatorScore {
  const system = readJsonFile(systemFile, IndicatorSystemJsonSchema, 'an indicator system {id, name, levelRule, groups: [{name, weight, indicators: [...]}]}') as IndicatorSystem;
  const issues = validateIndicatorSystem(system);
  if (issues.length) throw new InputError(`${systemFile}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  const values = readJsonFile(valuesFile, ValuesSchema, 'an object mapping indicator ids to numbers, "I"/"II"/"III"/"none" or null');
  const known = new Set(system.groups.flatMap((g) => g.indicators.map((i) => i.id)));
  const unknown = Object.keys(values).filter((k) => !known.has(k));
  if (unknown.length) throw new InputError(`${valuesFile}: unknown indicator id(s) ${unknown.join(', ')} (not in ${systemFile})`);
  const missing = [...known].filter((k) => !Object.hasOwn(values, k));
  if (missing.length) throw new InputError(`${valuesFile}: no value for ${missing.join(', ')} (use null when an indicator does not apply)`);
  let result: IndicatorScore;
  try {
    result = scoreIndicatorSystem(system, values);
  } catch (e) {
    throw new InputError(`${valuesFile}: ${(e as Error).message}`);
  }
  const r2 = (x: number): number => roundTo(x, 2);
  return { indices: { I: r2(result.indices.I), II: r2(result.indices.II), III: r2(result.indices.III) }, level: result.level, indicators: result.indicators };
}

/** `cpaudit econ`: the option economics of regulations.md §6, rounded to 4 decimals. */
export function econ(opts: { investment: number; annualBenefit: number; life: number; taxRate: number; discountRate: number; subsidy?: number }) {
  try {
    return evaluateOptionEconomics(opts);
  } catch (e) {
    throw new InputError((e as Error).message.replace('evaluateOptionEconomics: ', ''));
  }
}

/** `cpaudit energy`: `{tce, co2t, factors}` of a saving, factors from the bundled refdata files. */
export function energy(opts: { carrier: string; amount: number; year: number }) {
  if (!Number.isInteger(opts.year)) throw new InputError(`--year: expected a data year such as 2022, got ${opts.year}`);
  try {
    const r = energySaving(factorTableFromFiles(), opts.carrier, opts.amount, opts.year);
    return { tce: r.tce, co2t: r.co2t, factors: r.factors };
  } catch (e) {
    throw new InputError(`--carrier ${opts.carrier} --year ${opts.year}: ${(e as Error).message}`);
  }
}
