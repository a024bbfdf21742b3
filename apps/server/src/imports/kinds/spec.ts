/**
 * What an import kind is made of: its columns (Chinese header, aliases, required or not,
 * template note and example) and the function that turns one mapped row into a normalised row.
 */
import type { ImportKind, ImportRowOf } from '@cpaudit/contracts';
import type { RowReader } from '../validate.ts';

/**
 * One column of an import kind.
 *
 * - `header`: the Chinese header of issue 3 §4 (what templates write);
 * - `aliases`: other headers accepted for it (permit platform, exchange formats of
 *   regulations.md §9, common office variants); compared after `normalizeHeader`;
 * - `required`: the column must be present (its cells may still be checked row by row);
 * - `group`: columns of which at least one must be present (e.g. 行业类别代码 or 行业类别);
 * - `note`: shown in the template as the header's comment;
 * - `example`: the template's example value;
 * - `alternative`: accepted in files but not written in templates (e.g. 有效期限, which may
 *   replace 有效期起 and 有效期止).
 */
export interface ColumnSpec<F extends string = string> {
  field: F;
  header: string;
  aliases: readonly string[];
  required: boolean;
  group?: string;
  note: string;
  example: string | number | null;
  alternative?: boolean;
}

/**
 * The reference data a validation needs, passed in by the caller (the database layer loads it):
 * - `divisionCodes`: known GB/T 2260 codes (at least Guangxi's county-level ones);
 * - `industryCodes`: GB/T 4754-2017 code → name (any level; 门类 letters are ignored).
 */
export interface ImportReference {
  divisionCodes: ReadonlySet<string>;
  industryCodes: ReadonlyMap<string, string>;
}

/** One import kind: its columns and its row validator. */
export interface KindSpec<K extends ImportKind = ImportKind> {
  kind: K;
  /** Chinese title, used for templates and messages, e.g. `企业与排污许可`. */
  title: string;
  columns: readonly ColumnSpec[];
  /**
   * Turns one mapped row into a normalised row, or returns `null` after recording its errors
   * on the reader. Never throws for bad data.
   */
  validate(r: RowReader, ref: ImportReference): ImportRowOf<K> | null;
}
