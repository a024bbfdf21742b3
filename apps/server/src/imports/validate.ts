/**
 * Row validation of the import engine (issue 3 §3 "validates every row"): reads the mapped
 * cells of one row through {@link RowReader}, which normalises each value (normalize.ts) and
 * records a row error `{ row, column, value, message }` for each problem, with `column` the
 * header as written in the file and a Chinese message that says what was expected. Domain
 * checks shared by several kinds live here (credit code, year, positive numbers); the rest is
 * in kinds/*.ts. The kind's zod schema (`@cpaudit/contracts`) is applied last as a guard.
 */
import { importRowSchemas, type ImportError, type ImportKind, type ImportRowOf } from '@cpaudit/contracts';
import { normalizeCode, usccCheckChar, validateUscc } from '@cpaudit/domain';
import type { CellValue, SheetRow } from './cell.ts';
import type { HeaderMap } from './header.ts';
import type { ImportReference, KindSpec } from './kinds/spec.ts';
import { cellText, parseDate, parseInteger, parseNumber, problemOf, rawText } from './normalize.ts';

/** Marker returned by {@link RowReader} getters when the cell had an error (already recorded). */
export const INVALID: unique symbol = Symbol('invalid');
/** {@link INVALID}'s type. */
export type Invalid = typeof INVALID;

/**
 * Access to the cells of one data row by field, with normalisation and error recording.
 * Every getter returns the normalised value, `null` for an empty (or absent) optional cell, or
 * {@link INVALID} after recording an error.
 */
export class RowReader {
  readonly errors: ImportError[] = [];
  /** Row-level notes that do not reject the row (e.g. an industry code accepted by its 中类). */
  readonly warnings: string[] = [];

  /** True when an error has been recorded for this row. */
  get failed(): boolean {
    return this.errors.length > 0;
  }

  constructor(
    readonly row: number,
    private readonly cells: readonly CellValue[],
    private readonly map: HeaderMap,
  ) {}

  /** True when the file has a column for `field`. */
  has(field: string): boolean {
    return this.map.columns.has(field);
  }

  /** The header of `field` as written in the file, or the expected header when the column is absent. */
  header(field: string): string {
    return this.map.columns.get(field)?.header ?? this.map.spec.find((c) => c.field === field)?.header ?? field;
  }

  /** The raw cell of `field` (`null` when the column is absent). */
  cell(field: string): CellValue {
    const col = this.map.columns.get(field);
    return col === undefined ? null : (this.cells[col.index] ?? null);
  }

  /** Records an error for `field` with the cell's text as `value`. Returns {@link INVALID}. */
  fail(field: string, message: string, value?: string): Invalid {
    this.errors.push({ row: this.row, column: this.header(field), value: value ?? rawText(this.cell(field)), message });
    return INVALID;
  }

  private problem(field: string): Invalid | null {
    const p = problemOf(this.cell(field));
    return p ? this.fail(field, p.message, p.text) : null;
  }

  /**
   * Text of a text field (folded, trimmed).
   * @param opts.required message when empty (the field is then required)
   * @param opts.max longest length in characters
   */
  text(field: string, opts: { required?: string; max?: number } = {}): string | null | Invalid {
    const bad = this.problem(field);
    if (bad) return bad;
    const t = cellText(this.cell(field));
    if (t === null) return opts.required ? this.fail(field, opts.required) : null;
    if (opts.max !== undefined && [...t].length > opts.max) return this.fail(field, `${this.header(field)}不能超过 ${opts.max} 个字`);
    return t;
  }

  /**
   * A number; `opts.min` inclusive lower bound, `opts.positive` requires > 0.
   * Messages name the expected form.
   */
  number(field: string, opts: { required?: string; min?: number; positive?: boolean } = {}): number | null | Invalid {
    const bad = this.problem(field);
    if (bad) return bad;
    const p = parseNumber(this.cell(field));
    if (!p.ok) return this.fail(field, `${this.header(field)}${p.message}`);
    if (p.value === null) return opts.required ? this.fail(field, opts.required) : null;
    if (opts.positive && !(p.value > 0)) return this.fail(field, `${this.header(field)}应大于 0`);
    if (opts.min !== undefined && p.value < opts.min) return this.fail(field, `${this.header(field)}不能小于 ${opts.min}`);
    return p.value;
  }

  /** A calendar date `YYYY-MM-DD` (normalize.ts `parseDate`). */
  date(field: string, opts: { required?: string } = {}): string | null | Invalid {
    const bad = this.problem(field);
    if (bad) return bad;
    const p = parseDate(this.cell(field));
    if (!p.ok) return this.fail(field, `${this.header(field)}${p.message}`);
    if (p.value === null) return opts.required ? this.fail(field, opts.required) : null;
    return p.value;
  }

  /** A data year: a 4-digit integer 2000–2100 (`2021` or `2021年`). */
  year(field: string): number | Invalid {
    const bad = this.problem(field);
    if (bad) return bad;
    const p = parseInteger(this.cell(field));
    const message = `${this.header(field)}应为 2000–2100 之间的 4 位年份，如 2021`;
    if (!p.ok || p.value === null || p.value < 2000 || p.value > 2100) return this.fail(field, message);
    return p.value;
  }

  /**
   * A unified social credit code (GB 32100-2015; regulations.md §5), normalised with
   * `normalizeCode` (full-width and lower case accepted) and checked with `validateUscc`.
   * A credit code that Excel stored as a number (all digits, ≥ 16 significant digits) has lost
   * precision and is refused with a message saying so.
   */
  uscc(field: string): string | Invalid {
    const bad = this.problem(field);
    if (bad) return bad;
    const cell = this.cell(field);
    const h = this.header(field);
    if (typeof cell === 'number' && Math.abs(cell) >= 1e15) {
      return this.fail(field, `${h}被 Excel 存成了数字，已丢失精度；请把该列设为文本后重新填写 18 位代码`);
    }
    const t = cellText(cell);
    if (t === null) return this.fail(field, `${h}不能为空，应为 18 位统一社会信用代码（GB 32100-2015）`);
    const check = validateUscc(t);
    if (check.valid) return check.normalized;
    switch (check.error) {
      case 'length':
        return this.fail(field, `${h}应为 18 位（GB 32100-2015），此处为 ${[...check.normalized].length} 位`);
      case 'charset':
        return this.fail(field, `${h}含有不允许的字符：应为数字和大写字母（不含 I、O、Z、S、V），第 3–8 位为行政区划代码数字（GB 32100-2015）`);
      default:
        return this.fail(field, `${h}校验位错误：按 GB 32100-2015 前 17 位算出第 18 位应为 ${usccCheckChar(check.normalized.slice(0, 17))}，此处为 ${check.normalized.charAt(17)}；请核对是否抄错`);
    }
  }

  /** An identifier-like text (outlet code): folded, upper-cased (`normalizeCode`). */
  code(field: string, opts: { required?: string; max?: number } = {}): string | null | Invalid {
    const t = this.text(field, opts);
    return typeof t === 'string' ? normalizeCode(t) : t;
  }

  /**
   * A value from a fixed list of Chinese labels.
   * @param labels normalised label (spaces removed) → value
   */
  choice<T extends string>(field: string, labels: ReadonlyMap<string, T>, expected: string, required: boolean): T | null | Invalid {
    const t = this.text(field);
    if (t === INVALID) return t;
    if (t === null) return required ? this.fail(field, `${this.header(field)}不能为空，应为 ${expected}`) : null;
    const v = labels.get(t.replace(/\s+/g, '').toLowerCase());
    return v ?? this.fail(field, `${this.header(field)}应为 ${expected}`);
  }
}

/**
 * The value of a getter once the row is known to have no errors (`reader.failed` false).
 * @throws Error when called with {@link INVALID} (a programming error)
 */
export function v<T>(value: T | Invalid): T {
  if (value === INVALID) throw new Error('import validation: INVALID value used after errors were checked');
  return value;
}

/** The outcome of validating one row: the normalised row, or its errors. */
export type RowOutcome<K extends ImportKind> =
  | { ok: true; row: number; data: ImportRowOf<K>; warnings: string[] }
  | { ok: false; row: number; errors: ImportError[]; warnings: string[] };

/**
 * Validates one data row of kind `spec.kind`: the kind's own checks, then its zod schema as a
 * guard (a schema failure, which the kind's checks should make impossible, is reported on the
 * column of the failing field).
 */
export function validateRow<K extends ImportKind>(spec: KindSpec<K>, sheetRow: SheetRow, map: HeaderMap, ref: ImportReference): RowOutcome<K> {
  const reader = new RowReader(sheetRow.row, sheetRow.cells, map);
  const data = spec.validate(reader, ref);
  if (data === null || reader.errors.length > 0) {
    if (reader.errors.length === 0) reader.fail(spec.columns[0]!.field, '该行无效');
    return { ok: false, row: sheetRow.row, errors: reader.errors, warnings: reader.warnings };
  }
  const parsed = importRowSchemas[spec.kind].safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? spec.columns[0]!.field);
      reader.fail(field, `${reader.header(field)}无效：${issue.message}`);
    }
    return { ok: false, row: sheetRow.row, errors: reader.errors, warnings: reader.warnings };
  }
  return { ok: true, row: sheetRow.row, data: parsed.data as ImportRowOf<K>, warnings: reader.warnings };
}
