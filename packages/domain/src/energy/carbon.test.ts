import { describe, expect, it } from 'vitest';
import { energySaving, FactorMissingError, gridFactorFor, type FactorTable } from './carbon.ts';

const MEE = 'MEE/NBS announcement';
const NDRC = 'NDRC sector guide';
/** Rows copied from refdata/energy_conversion_factors.csv and co2_emission_factors.csv. */
const table: FactorTable = {
  version: 'test-v1',
  energy: [
    { item: '电力（当量值）', unit: 'kWh', coefKgcePerUnit: 0.1229, basis: 'calorific equivalent (当量值)', source: 'GB/T 2589-2020' },
    { item: '电力（等价值）', unit: 'kWh', coefKgcePerUnit: null, basis: 'primary-energy equivalent (等价值)', source: 'GB/T 2589' },
    { item: '原煤', unit: 'kg', coefKgcePerUnit: 0.7143, basis: 'low heat value', source: 'GB/T 2589 附录A' },
    { item: '柴油', unit: 'kg', coefKgcePerUnit: 1.4571, basis: 'low heat value', source: 'GB/T 2589 附录A' },
    { item: '油田天然气', unit: 'm3', coefKgcePerUnit: 1.33, basis: 'low heat value', source: 'GB/T 2589 附录A' },
    { item: '蒸汽（低压）', unit: 'kg', coefKgcePerUnit: 0.1286, basis: 'calorific equivalent', source: 'GB/T 2589' },
    { item: '热力', unit: 'MJ', coefKgcePerUnit: 0.03412, basis: 'calorific equivalent (当量值)', source: 'GB/T 2589' },
    { item: '焦炉煤气', unit: 'm3', coefKgcePerUnit: null, basis: 'low heat value', source: 'GB/T 2589 附录A' },
  ],
  co2: [
    { factorType: 'grid_average', scope: '全国', dataYear: 2021, dataYearText: '2021', value: 0.5568, unit: 'kgCO2/kWh', source: MEE },
    { factorType: 'grid_average', scope: '全国', dataYear: 2022, dataYearText: '2022', value: 0.5366, unit: 'kgCO2/kWh', source: MEE },
    { factorType: 'grid_regional', scope: '南方', dataYear: 2022, dataYearText: '2022', value: 0.3869, unit: 'kgCO2/kWh', source: MEE },
    { factorType: 'grid_provincial', scope: '广西', dataYear: 2022, dataYearText: '2022', value: 0.4044, unit: 'kgCO2/kWh', source: MEE },
    { factorType: 'grid_average', scope: '全国', dataYear: 2023, dataYearText: '2023', value: 0.5306, unit: 'kgCO2/kWh', source: MEE },
    { factorType: 'grid_regional', scope: '南方', dataYear: 2023, dataYearText: '2023', value: 0.4042, unit: 'kgCO2/kWh', source: MEE },
    { factorType: 'grid_provincial', scope: '广西', dataYear: 2023, dataYearText: '2023', value: null, unit: 'kgCO2/kWh', source: MEE },
    { factorType: 'fuel_combustion', scope: '柴油', dataYear: null, dataYearText: 'n/a', value: 3.0959, unit: 'tCO2/t', source: NDRC },
    { factorType: 'fuel_combustion', scope: '天然气', dataYear: null, dataYearText: 'n/a', value: 21.6219, unit: 'tCO2/10^4 Nm3', source: NDRC },
  ],
};

describe('energySaving: tce and CO2 worked by hand', () => {
  it.each<[string, string, number, number, number, number | null, string | null]>([
    ['10 000 kWh in 2022: 10 000·0.1229/1000 = 1.229 tce; ·0.4044 (广西 2022)/1000 = 4.044 t', 'electricity', 10_000, 2022, 1.229, 4.044, '广西'],
    ['10 000 kWh in 2023: Guangxi has a gap, 南方 0.4042 → 4.042 t', '电力', 10_000, 2023, 1.229, 4.042, '南方'],
    ['10 000 kWh in 2021: only the national 0.5568 → 5.568 t', 'electricity', 10_000, 2021, 1.229, 5.568, '全国'],
    ['10 t diesel: 10 000 kg·1.4571/1000 = 14.571 tce; 10·3.0959 = 30.959 t', 'diesel', 10, 2022, 14.571, 30.959, '柴油'],
    ['10 000 m³ natural gas: ·1.33/1000 = 13.3 tce; 1 (10⁴ m³)·21.6219 = 21.6219 t', 'naturalGas', 10_000, 2022, 13.3, 21.6219, '天然气'],
    ['100 t raw coal: 100 000·0.7143/1000 = 71.43 tce; no CO2 factor (gap)', '原煤', 100, 2022, 71.43, null, null],
    ['50 t low-pressure steam: 50 000·0.1286/1000 = 6.43 tce; no CO2 factor', 'steam', 50, 2022, 6.43, null, null],
    ['1 000 GJ heat: 1 000 000 MJ·0.03412/1000 = 34.12 tce', 'heat', 1000, 2022, 34.12, null, null],
    ['a negative saving (−1 000 kWh, more use) gives negative tce and CO2', 'electricity', -1000, 2022, -0.1229, -0.4044, '广西'],
  ])('%s', (_name, carrier, amount, year, tce, co2t, scope) => {
    const r = energySaving(table, carrier, amount, year);
    expect(r.tce).toBe(tce);
    expect(r.co2t).toBe(co2t);
    expect(r.factors.co2?.scope ?? null).toBe(scope);
    expect(r.factors.version).toBe('test-v1');
  });

  it('when electricity is converted, then the result names the 当量值 coefficient and the grid factor used', () => {
    expect(energySaving(table, 'electricity', 10_000, 2022).factors).toEqual({
      version: 'test-v1',
      energy: { item: '电力（当量值）', unit: 'kWh', kgcePerUnit: 0.1229, basis: 'calorific equivalent (当量值)', source: 'GB/T 2589-2020' },
      co2: { factorType: 'grid_provincial', scope: '广西', dataYear: '2022', value: 0.4044, unit: 'kgCO2/kWh', source: MEE },
      co2Note: null,
    });
  });

  it('when the factor table changes version, then the result records the new version (reproducibility)', () => {
    expect(energySaving({ ...table, version: 'test-v2' }, 'diesel', 1, 2022).factors.version).toBe('test-v2');
  });
});

describe('energySaving: errors', () => {
  it.each<[string, () => unknown, RegExp]>([
    ['an unknown carrier names the known ones', () => energySaving(table, 'hydrogen', 1, 2022), /unknown energy carrier "hydrogen".*electricity \(电力, kWh\)/],
    ['electricity in a year without grid factors lists the years that have them', () => energySaving(table, 'electricity', 1, 2019), /no grid emission factor for data year 2019.*2021, 2022, 2023/],
    ['a carrier whose coefficient is a range (焦炉煤气) has no fixed coefficient', () => energySaving(table, 'cokeOvenGas', 1, 2022), /no fixed GB\/T 2589 coefficient for 焦炉煤气/],
    ['a carrier whose row is absent (汽油)', () => energySaving(table, 'gasoline', 1, 2022), /no fixed GB\/T 2589 coefficient for 汽油/],
    ['a non-finite amount', () => energySaving(table, 'diesel', Number.NaN, 2022), /finite/],
  ])('%s', (_name, f, message) => {
    expect(f).toThrow(message);
  });

  it('when no grid factor exists, then the error is a FactorMissingError', () => {
    expect(() => gridFactorFor(table, 2024)).toThrow(FactorMissingError);
  });
});
