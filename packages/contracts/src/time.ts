/**
 * The one way a time is shown to people (issue 9 item 4): Beijing time (UTC+8, no daylight saving in
 * China since 1991) as `YYYY-MM-DD HH:mm`, whatever the browser's time zone and whatever offset the
 * server wrote (`Z` or `+08:00`).
 */

const BEIJING_OFFSET_MS = 8 * 3600_000;

/**
 * An instant as Beijing time `YYYY-MM-DD HH:mm`.
 *
 * @param value ISO 8601 date-time (`2025-04-03T02:00:00.000Z`, `2025-04-03T10:00:00+08:00`), a
 *   `Date`, or null/undefined/empty
 * @returns e.g. `2025-04-03 10:00` for both examples above; `—` for a missing value; a date-only
 *   value (`2025-04-03`) is returned as it is; text that is not a date is returned unchanged
 */
export function formatTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) return String(value);
  const s = new Date(ms + BEIJING_OFFSET_MS).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}
