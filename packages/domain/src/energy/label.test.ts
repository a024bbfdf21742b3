import { describe, expect, it } from 'vitest';
import type { FactorTable } from './carbon.ts';
import { factorTableLabel } from './label.ts';

const table: FactorTable = {
  version: 'refdata:energy_conversion_factors.csv@0123456789ab+co2_emission_factors.csv@fedcba987654',
  energy: [
    { item: '原煤', unit: 'kg', coefKgcePerUnit: 0.7143, basis: null, source: 'GB/T 2589 附录A' },
    { item: '电力（当量值）', unit: 'kWh', coefKgcePerUnit: 0.1229, basis: null, source: 'GB/T 2589-2020' },
    { item: '蒸汽', unit: 'kg', coefKgcePerUnit: 0.0857, basis: null, source: 'GB/T 2589-2008 附录B' },
  ],
  co2: [
    { factorType: 'grid_average', scope: '全国', dataYear: 2021, dataYearText: '2021', value: 0.5568, unit: 'kgCO2/kWh', source: '生态环境部、国家统计局《关于发布2021年电力二氧化碳排放因子的公告》(公告2024年第12号, 2024-04-12)' },
    { factorType: 'grid_provincial', scope: '广西', dataYear: 2022, dataYearText: '2022', value: 0.4044, unit: 'kgCO2/kWh', source: '生态环境部、国家统计局《关于发布2022年电力二氧化碳排放因子的公告》(dated 2024-12-20)' },
  ],
};

describe('factorTableLabel', () => {
  it('when the data year is 2022, then GB/T 2589-2020 (newest edition cited), the 广西 2022 grid factor with the announcement title, and the two 8-digit hashes', () => {
    expect(factorTableLabel(table, 2022)).toEqual({
      energyStandard: 'GB/T 2589-2020',
      grid: { scope: '广西', dataYear: 2022, source: '生态环境部、国家统计局《关于发布2022年电力二氧化碳排放因子的公告》' },
      digest: '01234567+fedcba98',
    });
  });
  it('when the data year is 2021 (no 广西 or 南方 factor), then the 全国 factor of 2021', () => {
    expect(factorTableLabel(table, 2021).grid).toEqual({ scope: '全国', dataYear: 2021, source: '生态环境部、国家统计局《关于发布2021年电力二氧化碳排放因子的公告》' });
  });
  it('when no grid factor exists for the year (2019) and the version holds no hash, then grid is null and digest empty', () => {
    expect(factorTableLabel({ ...table, version: 'test-v1' }, 2019)).toEqual({ energyStandard: 'GB/T 2589-2020', grid: null, digest: '' });
  });
});
