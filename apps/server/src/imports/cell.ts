/**
 * The values a spreadsheet cell can hold once read (read-file.ts), before normalisation
 * (normalize.ts).
 */

/**
 * A cell that cannot be used as a value, with the reason in Chinese: a formula without a cached
 * result (`公式无法计算，请粘贴为数值`), a formula whose cached result is an error, or an error
 * value such as `#N/A`. The validators report it as a row error at its row and column.
 */
export class CellProblem {
  /**
   * @param message what is wrong, in Chinese
   * @param text the cell as text for the error report, e.g. `=SUM(A1:A3)` or `#N/A`
   */
  constructor(
    readonly message: string,
    readonly text: string,
  ) {}
}

/**
 * One cell as read: a string (CSV cells and xlsx text), a number (xlsx numbers, including date
 * serials of cells without a date format), a boolean, a `Date` (xlsx cells with a date format;
 * ExcelJS builds it at UTC midnight of the calendar date written), a {@link CellProblem}, or
 * `null` for an empty cell.
 */
export type CellValue = string | number | boolean | Date | CellProblem | null;

/** One row of the first worksheet (or of the CSV): its number as Excel shows it and its cells, `cells[0]` being column A. */
export interface SheetRow {
  /** 1-based row number as Excel shows it (CSV: the record number; the header of a plain CSV is 1). */
  row: number;
  cells: CellValue[];
}

/** Column letters as Excel shows them: 0 → `A`, 25 → `Z`, 26 → `AA`. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
