import type { EnergyCarrierKey } from '@cpaudit/contracts';
import { roundTo } from '../economics/round.ts';

/**
 * One GB/T 2589 standard-coal coefficient as loaded from `refdata/energy_conversion_factors.csv`
 * (table `energy_factors`): identified by `item` + `unit` (stable across databases), with the
 * coefficient in kgce per `unit` (`null` when the source gives a range or no fixed value).
 */
export interface EnergyFactor {
  item: string;
  unit: string;
  coefKgcePerUnit: number | null;
  basis: string | null;
  source: string;
}

/**
 * One CO2 emission factor as loaded from `refdata/co2_emission_factors.csv` (table
 * `co2_factors`): identified by `factorType` + `scope` + `dataYearText`; `value` null where the
 * source has a gap. Units: grid factors kgCO2/kWh; fuel factors tCO2/t or tCO2/10^4 Nm3.
 */
export interface Co2Factor {
  factorType: string;
  scope: string;
  dataYear: number | null;
  dataYearText: string;
  value: number | null;
  unit: string;
  source: string;
}

/**
 * The factor table the accounting works on, with a `version` that identifies its content (for
 * example `refdata:energy_conversion_factors.csv@<sha256 prefix>+co2_emission_factors.csv@<…>`),
 * so a stored result can be reproduced after the factors change.
 */
export interface FactorTable {
  version: string;
  energy: readonly EnergyFactor[];
  co2: readonly Co2Factor[];
}

/**
 * An energy carrier an option can save: the unit the enterprise states (`unit`), the GB/T 2589
 * item and the multiplier from `unit` to that item's unit, and the CO2 factor used
 * (`co2: 'grid'` for electricity, a `fuel_combustion` scope with the multiplier from `unit` to the
 * factor's unit, or `null` where the factor table has no factor, e.g. coal, whose default is a gap
 * in the NDRC guides, and purchased steam/heat, indirect emissions without a published factor).
 */
export interface EnergyCarrier {
  key: EnergyCarrierKey;
  nameZh: string;
  unit: string;
  energyItem: string;
  energyUnit: string;
  toEnergyUnit: number;
  co2: 'grid' | { scope: string; toFactorUnit: number } | null;
}

/**
 * The carriers, their units and the factor rows they use. Natural gas uses 1.3300 kgce/m³
 * (油田天然气, the value GB/T 2589-2020 users apply to pipeline gas per the refdata note) and
 * 21.6219 tCO2/10⁴ Nm³ (NDRC sector guide default).
 */
export const energyCarriers: readonly EnergyCarrier[] = [
  { key: 'electricity', nameZh: '电力', unit: 'kWh', energyItem: '电力（当量值）', energyUnit: 'kWh', toEnergyUnit: 1, co2: 'grid' },
  { key: 'rawCoal', nameZh: '原煤', unit: 't', energyItem: '原煤', energyUnit: 'kg', toEnergyUnit: 1000, co2: null },
  { key: 'cleanedCoal', nameZh: '洗精煤', unit: 't', energyItem: '洗精煤', energyUnit: 'kg', toEnergyUnit: 1000, co2: null },
  { key: 'coke', nameZh: '焦炭', unit: 't', energyItem: '焦炭', energyUnit: 'kg', toEnergyUnit: 1000, co2: null },
  { key: 'crudeOil', nameZh: '原油', unit: 't', energyItem: '原油', energyUnit: 'kg', toEnergyUnit: 1000, co2: { scope: '原油', toFactorUnit: 1 } },
  { key: 'fuelOil', nameZh: '燃料油', unit: 't', energyItem: '燃料油', energyUnit: 'kg', toEnergyUnit: 1000, co2: { scope: '燃料油', toFactorUnit: 1 } },
  { key: 'gasoline', nameZh: '汽油', unit: 't', energyItem: '汽油', energyUnit: 'kg', toEnergyUnit: 1000, co2: { scope: '汽油', toFactorUnit: 1 } },
  { key: 'kerosene', nameZh: '煤油', unit: 't', energyItem: '煤油', energyUnit: 'kg', toEnergyUnit: 1000, co2: { scope: '一般煤油', toFactorUnit: 1 } },
  { key: 'diesel', nameZh: '柴油', unit: 't', energyItem: '柴油', energyUnit: 'kg', toEnergyUnit: 1000, co2: { scope: '柴油', toFactorUnit: 1 } },
  { key: 'lpg', nameZh: '液化石油气', unit: 't', energyItem: '液化石油气', energyUnit: 'kg', toEnergyUnit: 1000, co2: { scope: '液化石油气', toFactorUnit: 1 } },
  { key: 'naturalGas', nameZh: '天然气', unit: 'm³', energyItem: '油田天然气', energyUnit: 'm3', toEnergyUnit: 1, co2: { scope: '天然气', toFactorUnit: 1e-4 } },
  { key: 'cokeOvenGas', nameZh: '焦炉煤气', unit: 'm³', energyItem: '焦炉煤气', energyUnit: 'm3', toEnergyUnit: 1, co2: null },
  { key: 'steam', nameZh: '蒸汽（低压）', unit: 't', energyItem: '蒸汽（低压）', energyUnit: 'kg', toEnergyUnit: 1000, co2: null },
  { key: 'heat', nameZh: '热力', unit: 'GJ', energyItem: '热力', energyUnit: 'MJ', toEnergyUnit: 1000, co2: null },
];

/**
 * Finds a carrier by key (`electricity`) or Chinese name (`电力`, `原煤`, `天然气`).
 * @returns the carrier, or `undefined` when the name is unknown
 */
export function findEnergyCarrier(name: string): EnergyCarrier | undefined {
  const n = name.trim();
  return energyCarriers.find((c) => c.key === n || c.nameZh === n || c.energyItem === n);
}

/**
 * Whether the CO2 of a set of energy savings (carrier key → amount) can be stated: `false` when
 * energy is saved but none of the carriers saved has a CO2 factor (原煤 and other coal, 蒸汽, 热力:
 * `co2` null in {@link energyCarriers}) — the CO2 is then unknown and must be shown as absent,
 * not as 0; `true` otherwise, including when no energy is saved (a real 0 t). When some carriers
 * have a factor and others not, the CO2 of the former is stated (the others are named apart).
 * Unknown keys are ignored.
 *
 * Example: `{ rawCoal: 100 }` → false; `{ rawCoal: 100, electricity: 1000 }` → true; `{}` → true.
 */
export function co2Known(energy: Readonly<Partial<Record<string, number>>>): boolean {
  let missing = false;
  for (const [key, amount] of Object.entries(energy)) {
    if (amount === undefined || amount === 0) continue;
    const carrier = energyCarriers.find((c) => c.key === key);
    if (!carrier) continue;
    if (carrier.co2 !== null) return true;
    missing = true;
  }
  return !missing;
}

/** The factor rows a result used, named so that the result can be reproduced. */
export interface FactorsUsed {
  /** {@link FactorTable.version} */
  version: string;
  energy: { item: string; unit: string; kgcePerUnit: number; basis: string | null; source: string };
  /** `null` when no CO2 factor exists for the carrier (then `co2t` is null and `co2Note` says why). */
  co2: { factorType: string; scope: string; dataYear: string; value: number; unit: string; source: string } | null;
  co2Note: string | null;
}

/**
 * Energy and carbon of one saving: `tce` tonnes of standard coal (4 decimals), `co2t` tonnes of
 * CO2 (4 decimals, `null` when the table has no factor for the carrier) and the factors used.
 */
export interface EnergySaving {
  carrier: EnergyCarrierKey;
  amount: number;
  unit: string;
  year: number;
  tce: number;
  co2t: number | null;
  factors: FactorsUsed;
}

/** Raised when the factor table cannot answer (missing coefficient, no grid factor for the year). */
export class FactorMissingError extends RangeError {
  override name = 'FactorMissingError';
}

/**
 * The grid emission factor of data year `year`, by the order the issue fixes: Guangxi's
 * provincial factor where published (`grid_provincial` 广西), else the Southern grid's
 * (`grid_regional` 南方), else the national average (`grid_average` 全国); rows whose value is a
 * gap are skipped. Source of the factors: MEE/NBS announcements of the electricity CO2 emission
 * factors (2021: 公告2024年第12号; 2022, 2023: see refdata/README.md §5b).
 *
 * @returns the factor row (kgCO2/kWh)
 * @throws FactorMissingError when none of the three is published for the year
 */
export function gridFactorFor(table: FactorTable, year: number): Co2Factor & { value: number } {
  for (const [type, scope] of [
    ['grid_provincial', '广西'],
    ['grid_regional', '南方'],
    ['grid_average', '全国'],
  ] as const) {
    const row = table.co2.find((f) => f.factorType === type && f.scope === scope && f.dataYear === year && f.value !== null);
    if (row) return row as Co2Factor & { value: number };
  }
  const years = [...new Set(table.co2.filter((f) => f.factorType.startsWith('grid_') && f.value !== null && f.dataYear !== null).map((f) => f.dataYear))].sort();
  throw new FactorMissingError(`no grid emission factor for data year ${year} (广西, 南方 or 全国); years with factors: ${years.join(', ')}`);
}

/**
 * Converts a yearly saving of one energy carrier into tonnes of standard coal and tonnes of CO2.
 *
 * Standard coal (GB/T 2589-2020 综合能耗计算通则, Appendix A fuels, B energy-consuming media):
 * tce = amount · toEnergyUnit · kgce per unit / 1000. Electricity uses the calorific-equivalent
 * coefficient (当量值) 0.1229 kgce/kWh = 3600 kJ/kWh ÷ 29 307 kJ/kgce. Why 当量值 and not 等价值:
 * GB/T 2589-2020 fixes a coefficient for electricity only as 当量值; 等价值 is the year's
 * thermal-power coal consumption per kWh, which the standard does not fix (refdata/README.md §5a,
 * `电力（等价值）` has no number in the factor table), so a 当量值 result is reproducible from the
 * factor table alone and does not move when a new year's coal-consumption figure is published.
 * (The standard's clause numbers were not checked against its text; the coefficients were, per
 * refdata/README.md.) A report that needs 等价值 must convert separately and say so.
 *
 * CO2: electricity × the grid factor of `year` ({@link gridFactorFor}; kgCO2/kWh → t: /1000);
 * fuels × the NDRC sector-guide default (tCO2/t, natural gas tCO2/10⁴ Nm³); the data year does
 * not change fuel factors.
 *
 * Example: 10 000 kWh in 2022 → tce = 10 000 · 0.1229 / 1000 = 1.229; CO2 = 10 000 · 0.4044 / 1000
 * = 4.044 t (广西 2022).
 *
 * @param amount the saving in the carrier's unit (negative for an increase), finite
 * @throws RangeError on an unknown carrier or non-finite amount; FactorMissingError when the
 *   table lacks the coefficient or (electricity) the year's grid factor
 */
export function energySaving(table: FactorTable, carrierName: string, amount: number, year: number): EnergySaving {
  const carrier = findEnergyCarrier(carrierName);
  if (!carrier) throw new RangeError(`unknown energy carrier ${JSON.stringify(carrierName)}; known: ${energyCarriers.map((c) => `${c.key} (${c.nameZh}, ${c.unit})`).join(', ')}`);
  if (!Number.isFinite(amount)) throw new RangeError(`amount must be a finite number, got ${amount}`);
  if (!Number.isInteger(year) || year < 1990 || year > 2100) throw new RangeError(`year must be a data year such as 2022, got ${year}`);
  const ef = table.energy.find((f) => f.item === carrier.energyItem && f.unit === carrier.energyUnit);
  if (!ef || ef.coefKgcePerUnit === null) throw new FactorMissingError(`no fixed GB/T 2589 coefficient for ${carrier.energyItem} (${carrier.energyUnit}) in factor table ${table.version}`);
  const tce = (amount * carrier.toEnergyUnit * ef.coefKgcePerUnit) / 1000;

  let co2t: number | null = null;
  let co2: FactorsUsed['co2'] = null;
  let co2Note: string | null = null;
  if (carrier.co2 === 'grid') {
    const g = gridFactorFor(table, year);
    co2t = (amount * g.value) / 1000;
    co2 = { factorType: g.factorType, scope: g.scope, dataYear: g.dataYearText, value: g.value, unit: g.unit, source: g.source };
  } else if (carrier.co2 !== null) {
    const { scope, toFactorUnit } = carrier.co2;
    const f = table.co2.find((r) => r.factorType === 'fuel_combustion' && r.scope === scope && r.value !== null);
    if (!f) throw new FactorMissingError(`no CO2 factor fuel_combustion/${scope} in factor table ${table.version}`);
    co2t = amount * toFactorUnit * (f.value as number);
    co2 = { factorType: f.factorType, scope: f.scope, dataYear: f.dataYearText, value: f.value as number, unit: f.unit, source: f.source };
  } else {
    co2Note = `no CO2 factor for ${carrier.nameZh} in the factor table (coal: default is a gap in the NDRC guides, use measured NCV; steam/heat: indirect emissions without a published factor)`;
  }
  return {
    carrier: carrier.key,
    amount,
    unit: carrier.unit,
    year,
    tce: roundTo(tce, 4),
    co2t: co2t === null ? null : roundTo(co2t, 4),
    factors: {
      version: table.version,
      energy: { item: ef.item, unit: ef.unit, kgcePerUnit: ef.coefKgcePerUnit, basis: ef.basis, source: ef.source },
      co2,
      co2Note,
    },
  };
}

/** Parses a numeric cell of the factor files: a plain decimal, else `null` (ranges, `GAP`, text). */
export function factorNumber(text: string | null | undefined): number | null {
  return text !== null && text !== undefined && /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : null;
}
