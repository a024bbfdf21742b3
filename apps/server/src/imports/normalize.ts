/**
 * Cell normalisation of the import engine (issue 3 §3 "normalises values"; security-and-
 * reliability.md F4): full-width digits and letters, surrounding spaces, thousands separators,
 * numbers written as text, dates as Excel serials, `Date` objects or text in the usual Chinese
 * office forms, and lists in one cell. Pure functions: no I/O, no clock, no time zone.
 */
import { CellProblem, type CellValue } from './cell.ts';

/** Result of parsing one cell: the value (`null` for an empty cell) or a Chinese message saying what was expected. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/**
 * Folds full-width digits `０-９` and letters `Ａ-Ｚ` `ａ-ｚ` (Unicode Halfwidth and Fullwidth
 * Forms, U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A) to ASCII and the ideographic space U+3000 to
 * an ASCII space. Chinese punctuation such as `（）` and `，` is kept (it belongs to names).
 */
const WIDE_ALNUM = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]/;
const WIDE_ANY = /[\uff01-\uff5e\u3000]/;

export function foldWidth(s: string): string {
  if (!WIDE_ALNUM.test(s)) return s; // the common case: nothing to fold, no new string
  let out = '';
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)) {
      out += String.fromCharCode(c - 0xfee0);
      changed = true;
    } else if (c === 0x3000) {
      out += ' ';
      changed = true;
    } else out += s[i];
  }
  return changed ? out : s;
}

/** Folds every full-width ASCII form U+FF01–FF5E (also `．`, `－`, `，`) and U+3000; for numbers and dates. */
function foldAll(s: string): string {
  if (!WIDE_ANY.test(s)) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += s[i];
  }
  return out;
}

/**
 * Text of a cell for a text field: {@link foldWidth}, then trimmed (spaces, tabs, line breaks,
 * U+3000, no-break space, BOM); empty → `null`. Numbers become their shortest decimal form
 * (`3011`, `12.5`), booleans `TRUE`/`FALSE`, a `Date` its calendar date `YYYY-MM-DD`.
 *
 * @throws never; a {@link CellProblem} gives `null` (callers check problems first with {@link problemOf})
 */
export function cellText(value: CellValue | undefined): string | null {
  if (value === null || value === undefined || value instanceof CellProblem) return null;
  if (typeof value === 'string') {
    const t = foldWidth(value).trim();
    return t === '' ? null : t;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return Number.isNaN(value.getTime()) ? null : isoOfUtc(value);
}

/** The cell as text for an error report (`value` of a row error): the string as written, the number, the date, or the formula. */
export function rawText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof CellProblem) return value.text;
  if (typeof value === 'string') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : isoOfUtc(value);
  return String(value);
}

/** The {@link CellProblem} of a cell, or `null`. */
export function problemOf(value: CellValue | undefined): CellProblem | null {
  return value instanceof CellProblem ? value : null;
}

/** True when the cell is empty: `null`, or a string of white space only (full-width space included). */
export function isBlank(value: CellValue | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return foldWidth(value).trim() === '';
  return false;
}

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/**
 * A number from a cell: xlsx numbers as they are; text after folding full-width forms
 * (`１２．５` → 12.5) and trimming, in plain (`12.5`, `-3`, `1.2E+03`) or thousands-grouped form
 * with `,` or `，` between groups of exactly three digits (`1,234.5`, `1，234`). Empty → `null`.
 *
 * Rejected (message `应为数字`): `1,5` (ambiguous decimal comma), `12.5吨` (units belong in
 * their own column), booleans, dates, NaN and infinities.
 */
export function parseNumber(value: CellValue | undefined): Parsed<number | null> {
  if (value === null || value === undefined) return ok(null);
  if (typeof value === 'number') return Number.isFinite(value) ? ok(value) : fail('应为数字');
  if (typeof value !== 'string') return fail('应为数字');
  const s = foldAll(value).trim();
  if (s === '') return ok(null);
  if (PLAIN_NUMBER.test(s)) return ok(Number(s));
  if (GROUPED_NUMBER.test(s)) return ok(Number(s.replace(/,/g, '')));
  return fail('应为数字，如 1234.5 或 1,234.5');
}

/**
 * An integer from a cell, as {@link parseNumber}, also accepting a trailing `年` for years
 * (`2021年`). Message `应为整数` when the number has a fraction.
 */
export function parseInteger(value: CellValue | undefined): Parsed<number | null> {
  const v = typeof value === 'string' ? foldAll(value).trim().replace(/年$/, '') : value;
  const n = parseNumber(v);
  if (!n.ok || n.value === null) return n;
  return Number.isInteger(n.value) ? n : fail('应为整数');
}

const DAY_MS = 86_400_000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoOfUtc(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** `YYYY-MM-DD` of year, month, day when that date exists, else `null`. */
export function isoDate(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/**
 * The calendar date of an Excel serial number in the 1900 date system (the default of Excel
 * and WPS): serial 1 is 1900-01-01, 59 is 1900-02-28, 61 is 1900-03-01, and 60 is the
 * non-existent 1900-02-29 that Excel keeps for Lotus 1-2-3 compatibility (ECMA-376 Part 1
 * §18.17.4.1), so serials from 61 on count from 1899-12-30. A fraction (time of day) is dropped.
 *
 * @returns `YYYY-MM-DD`, or `null` for serial 60, for serials below 1 and above 2958465 (9999-12-31)
 */
export function excelSerialToIsoDate(serial: number): string | null {
  if (!Number.isFinite(serial)) return null;
  const days = Math.floor(serial);
  if (days < 1 || days > 2_958_465 || days === 60) return null;
  const base = days < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return isoOfUtc(new Date(base + days * DAY_MS));
}

/** Bounds of {@link parseDate}: dates outside are implausible for this system's records. */
export interface DateBounds {
  /** Earliest accepted date, `YYYY-MM-DD`; default `1950-01-01`. */
  min?: string;
  /** Latest accepted date, `YYYY-MM-DD`; default `2100-12-31`. */
  max?: string;
}

const DASHED = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const CHINESE = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * A calendar date `YYYY-MM-DD` from a cell (issue 3 §3; F4):
 *
 * - a `Date` (an xlsx cell with a date format): its calendar date as written; ExcelJS builds
 *   these at UTC midnight, so the UTC fields are read and no time-zone shift happens;
 * - a number: an 8-digit `yyyymmdd` (`20210301`) when it is one, else an Excel serial of the
 *   1900 date system ({@link excelSerialToIsoDate});
 * - text, after folding full-width forms: `2021-03-01`, `2021-3-1`, `2021/3/1`, `2021.3.1`
 *   (one separator throughout, an optional time such as ` 00:00:00` dropped), `2021年3月1日`
 *   (`日` optional), `20210301`.
 *
 * Empty → `null`. A date that does not exist (`2021-02-30`, serial 60) or lies outside
 * `bounds` (default 1950-01-01 … 2100-12-31, which also catches a year typed into a date
 * cell and read as serial 2021 = 1905-07-13) is rejected with a Chinese message.
 */
export function parseDate(value: CellValue | undefined, bounds: DateBounds = {}): Parsed<string | null> {
  const min = bounds.min ?? '1950-01-01';
  const max = bounds.max ?? '2100-12-31';
  let iso: string | null;
  if (value === null || value === undefined) return ok(null);
  if (value instanceof Date) {
    iso = Number.isNaN(value.getTime()) ? null : isoOfUtc(value);
  } else if (typeof value === 'number') {
    const compact = Number.isInteger(value) ? COMPACT.exec(String(value)) : null;
    if (compact && value >= 19000101) iso = isoDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));
    else {
      if (Math.floor(value) === 60) return fail('Excel 日期序列号 60 对应不存在的 1900-02-29');
      iso = excelSerialToIsoDate(value);
    }
  } else if (typeof value === 'string') {
    const s = foldAll(value).trim();
    if (s === '') return ok(null);
    const m = DASHED.exec(s) ?? COMPACT.exec(s);
    if (m) {
      const parts = m.length === 5 ? [m[1], m[3], m[4]] : [m[1], m[2], m[3]];
      iso = isoDate(Number(parts[0]), Number(parts[1]), Number(parts[2]));
    } else {
      const c = CHINESE.exec(s);
      iso = c ? isoDate(Number(c[1]), Number(c[2]), Number(c[3])) : null;
    }
  } else {
    iso = null;
  }
  if (iso === null) return fail('应为日期，如 2021-03-01、2021/3/1 或 2021年3月1日');
  if (iso < min || iso > max) return fail(`日期 ${iso} 不在 ${min} 至 ${max} 之间`);
  return ok(iso);
}

const LIST_SEPARATORS = /[,，、;；\r\n]+/;

/**
 * A list in one cell (industry codes, industry names, pollutant categories): split on `,`
 * `，` `、` `;` `；` and line breaks, each item {@link foldWidth}-ed and trimmed, empty items
 * dropped, order kept (the first industry is the principal one).
 */
export function splitList(text: string | null): string[] {
  if (text === null) return [];
  const out: string[] = [];
  for (const part of foldWidth(text).split(LIST_SEPARATORS)) {
    const t = part.trim();
    if (t !== '') out.push(t);
  }
  return out;
}

/**
 * Normalises a header cell for matching by name: {@link foldWidth} and the full-width forms of
 * `()` `*`, all white space removed (also line breaks inside a cell), `（）` → `()`, a leading
 * or trailing `*` (required marks) dropped, ASCII letters lower-cased. `县（市、区）代码` →
 * `县(市、区)代码`; ` CAS 号 ` → `cas号`.
 */
export function normalizeHeader(value: CellValue | undefined): string {
  const t = cellText(value);
  if (t === null) return '';
  return t
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/＊/g, '*')
    .replace(/[\s\u3000\u00a0\ufeff]+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .toLowerCase();
}
