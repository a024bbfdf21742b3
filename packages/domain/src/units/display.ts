/**
 * Display of measurement units as imported (e.g. 排污许可 and monitoring exports write `mg/m3`,
 * `Nm3`, `m2`): the console shows the exponent of a length unit as a superscript (`mg/m³`,
 * `Nm³`, `m²`), the way GB 3101-93 (有关量、单位和符号的一般原则) and the emission standards
 * print them. Display only: stored values, API payloads and exports keep the text as imported.
 */

/**
 * Length-unit tokens whose power is superscripted: metre and its usual prefixes (km, dm, cm, mm),
 * and the normal / standard cubic metre written `Nm3` / `Sm3` in emission data (标态立方米).
 */
const LENGTH_TOKENS = ['m', 'km', 'dm', 'cm', 'mm', 'Nm', 'Sm'];

/**
 * A unit token (a whole run of Latin letters: not preceded by one) that is a length unit, then the
 * power 2 or 3, written plainly or after `^`, and not followed by another digit, letter or decimal
 * point (so `m30`, `m3h`, `PM2.5`, `SO2`, `CH4` are left alone).
 */
const POWER = new RegExp(`(^|[^A-Za-z])(${LENGTH_TOKENS.join('|')})\\^?([23])(?![0-9A-Za-z.])`, 'g');

const SUPERSCRIPT: Record<string, string> = { '2': '²', '3': '³' };

/**
 * The unit text for display: `m3` → `m³` and `m2` → `m²` where `m` (or km, dm, cm, mm, Nm, Sm) is a
 * unit token of its own, e.g. `mg/m3` → `mg/m³`, `mg/Nm3` → `mg/Nm³`, `万m3` → `万m³`,
 * `m3/h` → `m³/h`, `m^2` → `m²`; anything else unchanged (`mg/L`, `t`, `kgce/t`, `MWh`, `mg/m³`).
 * Pure and idempotent; apply it only where a unit is shown, never to stored or exported data.
 * @param unit the unit as stored (any text; whitespace kept)
 */
export function displayUnit(unit: string): string {
  return unit.replace(POWER, (_m, before: string, token: string, power: string) => `${before}${token}${SUPERSCRIPT[power]}`);
}
