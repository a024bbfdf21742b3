/**
 * Unit text as the console shows it: `displayUnit` of the domain (`mg/m3` → `mg/m³`, `万m3/a` →
 * `万m³/a`, GB 3101-93 superscripts) for table cells, labels and read-only suffixes. Display only:
 * never apply these to form values, API payloads or exports, which keep the unit as stored.
 */
import { displayUnit } from '@cpaudit/domain/units';

const none = (v: unknown) => v === null || v === undefined || v === '';

/**
 * A unit as shown (`mg/m3` → `mg/m³`), or `—` when there is none.
 * @param v the stored unit (any value; non-strings are shown as their text)
 */
export const unitText = (v: unknown): string => (none(v) ? '—' : displayUnit(String(v)));

/**
 * ` <unit>` to put after a number (`' m³/t'`), or nothing when there is no unit.
 * @param v the stored unit (any value; empty, null or undefined give `''`)
 */
export const unitAfter = (v: unknown): string => (none(v) ? '' : ` ${displayUnit(String(v))}`);
