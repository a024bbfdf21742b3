import { describe, expect, it } from 'vitest';
import { prefillDisclosure } from './disclosure.ts';

describe('prefillDisclosure', () => {
  it('when the evidence names a COD exceedance 125 vs 100 mg/L, then the exceedance is 25 % and the discharge mode is left to fill', () => {
    const f = prefillDisclosure({
      exceedsStandard: [{ kind: 'exceedance', outletCode: 'DW001', pollutant: 'COD', monitoredOn: '2025-05-01', measuredValue: 125, limitValue: 100, unit: 'mg/L', dataSource: 'online' }],
    });
    expect(f.exceedances).toEqual([{ pollutant: 'COD', outletCode: 'DW001', monitoredOn: '2025-05-01', measuredValue: 125, limitValue: 100, unit: 'mg/L', exceedanceRatio: 0.25, dischargeMode: '' }]);
    expect(f.quotas).toEqual([]);
    expect(f.energy).toEqual([]);
  });

  it('when 双超 quota, 双有 use/discharge and 高耗能 evidence are given, then each lands in its section with the excess computed', () => {
    const f = prefillDisclosure({
      exceedsQuota: [{ kind: 'quota', pollutant: 'SO2', year: 2024, actualT: 130.5, quotaT: 120, unit: 't' }],
      usesHazardousMaterials: [{ kind: 'hazardous', category: 'use', year: 2024, substanceName: '甲苯', casNo: '108-88-3', matchedBy: 'cas', listName: '优先控制化学品名录', quantity: 12, unit: 't' }],
      dischargesHazardousSubstances: [{ kind: 'hazardous', category: 'discharge', year: 2024, substanceName: '铅', casNo: null, matchedBy: 'heavyMetal', listName: null, quantity: 0.3, unit: 't' }],
      exceedsEnergyLimit: [{ kind: 'energy', productName: '水泥熟料', year: 2024, output: 1_000_000, outputUnit: 't', comprehensiveEnergyTce: 120_000, energyPerUnitKgce: 120, limitKgcePerUnit: 112, unit: 'kgce/t', limitStandard: 'GB 16780-2021' }],
    });
    expect(f.quotas).toEqual([{ pollutant: 'SO2', year: 2024, actualT: 130.5, quotaT: 120, excessT: 10.5 }]);
    expect(f.toxicRawMaterials).toEqual([{ substanceName: '甲苯', casNo: '108-88-3', quantity: 12, unit: 't' }]);
    expect(f.toxicSubstancesDischarged).toEqual([{ substanceName: '铅', casNo: null, quantity: 0.3, unit: 't' }]);
    // 120 / 112 − 1 = 0.0714 (rounded to 4 decimals)
    expect(f.energy[0]).toMatchObject({ productName: '水泥熟料', energyPerUnitKgce: 120, limitKgcePerUnit: 112, excessRatio: 0.0714, limitStandard: 'GB 16780-2021' });
    expect(f.hazardousWaste).toEqual([]);
    expect(f.energyTypes).toEqual([]);
  });

  it.each([[null], [{}], [[]], [{ exceedsStandard: 'x' }], [{ exceedsStandard: [{ kind: 'unknown' }] }]])('when the evidence is %j, then every section is empty', (ev) => {
    const f = prefillDisclosure(ev);
    expect(Object.values(f).every((s) => Array.isArray(s) && s.length === 0)).toBe(true);
  });
});
