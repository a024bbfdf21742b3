import { FactorMissingError, gridFactorFor, type FactorTable } from './carbon.ts';

/**
 * A human description of the factor table a result used, for display next to the result instead
 * of the internal content `version` (which stays stored for reproducibility):
 * - `energyStandard`: the edition of GB/T 2589 (综合能耗计算通则) the standard-coal coefficients
 *   cite, e.g. `GB/T 2589-2020` (the newest edition named in the table's sources; `GB/T 2589`
 *   when no edition is named);
 * - `grid`: the grid CO2 factor chosen for `dataYear` by {@link gridFactorFor} — its `scope`
 *   (广西, 南方 or 全国), `dataYear`, and its `source` without the bracketed remarks (the MEE/NBS
 *   announcement's title); `null` when the table has no grid factor for the year;
 * - `digest`: the short content hashes of the two factor files (`abcdef12+34567890`), to tell
 *   two loads of the factor files apart; empty when `version` holds no hash.
 */
export interface FactorTableLabel {
  energyStandard: string;
  grid: { scope: string; dataYear: number; source: string } | null;
  digest: string;
}

/** Describes `table` for data year `dataYear` (see {@link FactorTableLabel}). Pure; never throws. */
export function factorTableLabel(table: FactorTable, dataYear: number): FactorTableLabel {
  const editions = table.energy.flatMap((f) => [...f.source.matchAll(/GB\/T\s*2589-(\d{4})/g)].map((m) => Number(m[1])));
  const energyStandard = editions.length ? `GB/T 2589-${Math.max(...editions)}` : 'GB/T 2589';
  let grid: FactorTableLabel['grid'] = null;
  try {
    const g = gridFactorFor(table, dataYear);
    grid = { scope: g.scope, dataYear, source: g.source.replace(/\s*[(（].*$/, '').trim() };
  } catch (e) {
    if (!(e instanceof FactorMissingError)) throw e;
  }
  const digest = [...table.version.matchAll(/@([0-9a-f]{8})/g)].map((m) => m[1]).join('+');
  return { energyStandard, grid, digest };
}
