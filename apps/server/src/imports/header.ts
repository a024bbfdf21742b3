/**
 * Finds the header row of an import file and maps its columns by name (issue 3 §3 "finds the
 * header row itself, also below a merged title row or blank rows … maps headers by name,
 * accepting the aliases … a missing required column is named in the error; unknown columns are
 * reported and ignored").
 *
 * Headers are compared after `normalizeHeader` (normalize.ts): trimmed, full-width → half-width,
 * white space and line breaks removed, `（）` → `()`, required marks `*` dropped, ASCII lower case.
 */
import type { CellValue, SheetRow } from './cell.ts';
import { columnLetter } from './cell.ts';
import { ImportFileError } from './errors.ts';
import type { ColumnSpec } from './kinds/spec.ts';
import { cellText, normalizeHeader } from './normalize.ts';

/** How many rows from the top are searched for the header. */
export const HEADER_SEARCH_ROWS = 20;

/** A mapped column: its 0-based index and its header as written in the file (trimmed). */
export interface MappedColumn {
  index: number;
  header: string;
}

/** The header row found and the column of each field. */
export interface HeaderMap {
  /** Row number of the header as Excel shows it. */
  headerRow: number;
  /** field → column. */
  columns: Map<string, MappedColumn>;
  /** The kind's column specs (for expected headers). */
  spec: readonly ColumnSpec[];
  /** Unknown or duplicate columns, as Chinese sentences (reported, ignored). */
  warnings: string[];
}

/** normalised header → field, for the headers and aliases of `spec`. */
export function aliasIndex(spec: readonly ColumnSpec[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const c of spec) {
    for (const name of [c.header, ...c.aliases]) {
      const key = normalizeHeader(name);
      const prior = index.get(key);
      if (prior !== undefined && prior !== c.field) throw new Error(`alias ${name} maps to both ${prior} and ${c.field}`);
      index.set(key, c.field);
    }
  }
  return index;
}

/** The required groups of `spec`: each a list of fields of which one must be present. */
function requiredGroups(spec: readonly ColumnSpec[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const c of spec) {
    if (c.required) groups.set(c.field, [c.field]);
    else if (c.group !== undefined) groups.set(`group:${c.group}`, [...(groups.get(`group:${c.group}`) ?? []), c.field]);
  }
  return [...groups.values()];
}

/**
 * Maps the cells of one row to fields. Returns the mapping, the number of required groups it
 * covers, and the unknown and duplicate headers.
 */
export function mapHeaderCells(
  cells: readonly CellValue[],
  spec: readonly ColumnSpec[],
  index: Map<string, string> = aliasIndex(spec),
): { columns: Map<string, MappedColumn>; requiredMatched: number; warnings: string[] } {
  const columns = new Map<string, MappedColumn>();
  const warnings: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const key = normalizeHeader(cells[i]);
    if (key === '') continue;
    const header = cellText(cells[i]) ?? '';
    const field = index.get(key);
    if (field === undefined) {
      warnings.push(`未识别的列「${header}」（${columnLetter(i)} 列）已忽略`);
      continue;
    }
    const prior = columns.get(field);
    if (prior !== undefined) {
      warnings.push(`列「${header}」（${columnLetter(i)} 列）与「${prior.header}」（${columnLetter(prior.index)} 列）重复，只使用前者`);
      continue;
    }
    columns.set(field, { index: i, header });
  }
  const requiredMatched = requiredGroups(spec).filter((g) => g.some((f) => columns.has(f))).length;
  return { columns, requiredMatched, warnings };
}

/**
 * Incremental header search over streamed rows: feed rows in order with {@link HeaderFinder.offer};
 * the first row among the first {@link HEADER_SEARCH_ROWS} that matches at least
 * `min(2, number of required groups)` required headers is the header row. Title rows (such as a
 * merged `2021年度排污许可证信息（导出）` or `广西…企业名单`) and blank rows above it are skipped.
 */
export class HeaderFinder {
  private readonly index: Map<string, string>;
  private readonly groups: string[][];
  private readonly threshold: number;
  private best: { row: number; matched: number } | null = null;

  constructor(
    private readonly spec: readonly ColumnSpec[],
    private readonly fileName: string,
  ) {
    this.index = aliasIndex(spec);
    this.groups = requiredGroups(spec);
    this.threshold = Math.min(2, this.groups.length);
  }

  /**
   * Looks at one row. Returns the header map when this row is the header.
   * @throws ImportFileError `header` when the row is past the search window without a header;
   *   `missingColumn` when the header row lacks required columns (one error per column, row =
   *   header row, column = the expected header)
   */
  offer(row: SheetRow): HeaderMap | null {
    if (row.row > HEADER_SEARCH_ROWS) this.notFound();
    const { columns, requiredMatched, warnings } = mapHeaderCells(row.cells, this.spec, this.index);
    if (requiredMatched < this.threshold) {
      if (requiredMatched > 0 && (this.best === null || requiredMatched > this.best.matched)) this.best = { row: row.row, matched: requiredMatched };
      return null;
    }
    const missing = this.groups.filter((g) => !g.some((f) => columns.has(f)));
    if (missing.length > 0) {
      const errors = missing.map((g) => {
        const specs = g.map((f) => this.spec.find((c) => c.field === f)!);
        const names = specs.map((c) => `「${c.header}」`).join('或');
        const aliases = specs.flatMap((c) => c.aliases).slice(0, 4);
        return {
          row: row.row,
          column: specs.map((c) => c.header).join('/'),
          value: '',
          message: `缺少必填列${names}${aliases.length ? `（也可写作 ${aliases.join('、')}）` : ''}`,
        };
      });
      throw new ImportFileError(`文件「${this.fileName}」第 ${row.row} 行的表头${errors.map((e) => e.message).join('；')}`, {
        file: this.fileName,
        reason: 'missingColumn',
        row: row.row,
        column: errors[0]!.column,
        errors,
      });
    }
    return { headerRow: row.row, columns, spec: this.spec, warnings };
  }

  /** Call when the rows ended without a header. @throws ImportFileError `header` (or `empty`) */
  end(rowsSeen: number): never {
    if (rowsSeen === 0) throw new ImportFileError(`文件「${this.fileName}」没有任何数据行`, { file: this.fileName, reason: 'empty' });
    return this.notFound();
  }

  private notFound(): never {
    const expected = this.groups.map((g) => g.map((f) => this.spec.find((c) => c.field === f)!.header).join('/')).join('、');
    throw new ImportFileError(
      `文件「${this.fileName}」前 ${HEADER_SEARCH_ROWS} 行中没有找到表头：表头行应包含 ${expected} 等列名${this.best ? `（第 ${this.best.row} 行只匹配到 ${this.best.matched} 个）` : ''}`,
      { file: this.fileName, reason: 'header', ...(this.best ? { row: this.best.row } : {}) },
    );
  }
}
