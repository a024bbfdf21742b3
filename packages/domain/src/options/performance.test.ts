import { describe, expect, it } from 'vitest';
import type { OptionForTotals } from '@cpaudit/contracts';
import type { FactorTable } from '../energy/carbon.ts';
import { checkReportCompleteness, performanceTable } from './performance.ts';

const factors: FactorTable = {
  version: 'test-v1',
  energy: [
    { item: '电力（当量值）', unit: 'kWh', coefKgcePerUnit: 0.1229, basis: null, source: 'GB/T 2589-2020' },
    { item: '柴油', unit: 'kg', coefKgcePerUnit: 1.4571, basis: null, source: 'GB/T 2589' },
    { item: '原煤', unit: 'kg', coefKgcePerUnit: 0.7143, basis: null, source: 'GB/T 2589' },
  ],
  co2: [
    { factorType: 'grid_provincial', scope: '广西', dataYear: 2022, dataYearText: '2022', value: 0.4044, unit: 'kgCO2/kWh', source: 'MEE' },
    { factorType: 'fuel_combustion', scope: '柴油', dataYear: null, dataYearText: 'n/a', value: 3.0959, unit: 'tCO2/t', source: 'NDRC' },
  ],
};

const benefits = (b: Partial<OptionForTotals['benefits']>): OptionForTotals['benefits'] => ({ energy: {}, waterM3: 0, rawMaterials: [], reductions: {}, economicBenefitWan: 0, ...b });
const options: OptionForTotals[] = [
  { id: 'L1', name: '照明改LED', costClass: 'low', direction: 'equipment', status: 'implemented', investmentWan: 2.5, hasFeasibilityAnalysis: false, benefits: benefits({ energy: { electricity: 10_000 }, economicBenefitWan: 0.7 }) },
  { id: 'L2', name: '逆流漂洗', costClass: 'low', direction: 'processTechnology', status: 'implemented', investmentWan: 1.5, hasFeasibilityAnalysis: false, benefits: benefits({ waterM3: 1200, reductions: { cod: 150, cr: 0.8 }, rawMaterials: [{ name: '铬酐', unit: 't', amount: 0.2 }] }) },
  { id: 'H1', name: '柴油叉车改电动', costClass: 'high', direction: 'materialsAndEnergy', status: 'feasible', investmentWan: 80, hasFeasibilityAnalysis: true, benefits: benefits({ energy: { diesel: 10, electricity: -20_000 }, economicBenefitWan: 12 }) },
  { id: 'H2', name: '锅炉改造', costClass: 'high', direction: 'equipment', status: 'implementing', investmentWan: 120, hasFeasibilityAnalysis: false, benefits: benefits({ energy: { rawCoal: 100 }, reductions: { so2: 800, pm: 120 }, economicBenefitWan: 20 }) },
  { id: 'X', name: '被否决方案', costClass: 'high', direction: 'product', status: 'rejected', investmentWan: 999, hasFeasibilityAnalysis: false, benefits: benefits({ waterM3: 999 }) },
];

describe('performanceTable', () => {
  const t = performanceTable(options, factors, 2022);
  it('when the low-cost options are summed, then investment 4, benefit 0.7, 1.229 tce, 4.044 t CO2, 1200 m³, COD 150 kg, Cr 0.8 kg', () => {
    expect(t.low).toMatchObject({ count: 2, investmentWan: 4, economicBenefitWan: 0.7, energy: { electricity: 10_000 }, energySavedTce: 1.229, co2ReducedT: 4.044, waterM3: 1200 });
    expect(t.low.reductions).toMatchObject({ cod: 150, cr: 0.8, so2: 0 });
    expect(t.low.rawMaterials).toEqual([{ name: '铬酐', unit: 't', amount: 0.2 }]);
  });
  it('when the high-cost options are summed (rejected left out), then tce = 14.571 − 2.458 + 71.43 = 83.543, CO2 = 30.959 − 8.088 = 22.871 (coal not counted)', () => {
    expect(t.high).toMatchObject({ count: 2, investmentWan: 200, economicBenefitWan: 32, energy: { diesel: 10, electricity: -20_000, rawCoal: 100 }, energySavedTce: 83.543, co2ReducedT: 22.871, waterM3: 0 });
    expect(t.high.reductions).toMatchObject({ so2: 800, pm: 120 });
    expect(t.co2NotCounted).toEqual(['rawCoal']);
  });
  it('when all options are summed, then low + high and the factor version is recorded', () => {
    expect(t.all).toMatchObject({ count: 4, investmentWan: 204, economicBenefitWan: 32.7, energy: { electricity: -10_000, diesel: 10, rawCoal: 100 }, energySavedTce: 84.772, co2ReducedT: 26.915, waterM3: 1200 });
    expect(t.factorVersion).toBe('test-v1');
  });
});

describe('performanceTable CO2 absent vs 0', () => {
  it('when the only energy saved is 100 t coal (no CO2 factor), then CO2 is null (absent) but tce 71.43; an option saving only water has a real CO2 of 0', () => {
    const coal = performanceTable([options[3]!, options[1]!], factors, 2022);
    expect(coal.high.energySavedTce).toBe(71.43);
    expect(coal.high.co2ReducedT).toBeNull();
    expect(coal.low.co2ReducedT).toBe(0);
    expect(coal.all.co2ReducedT).toBeNull();
  });
  it('when the stated CO2 total cannot be compared (options CO2 unknown), then no mismatch is reported for it', () => {
    const coal = performanceTable([options[3]!], factors, 2022);
    expect(checkReportCompleteness({ table: coal, stated: { high: { co2ReducedT: 50 } }, options: [], focuses: [{ name: 'x', targetCount: 1 }] })).toEqual([]);
  });
});

describe('checkReportCompleteness', () => {
  const table = performanceTable(options, factors, 2022);
  const focuses = [{ name: '电镀车间', targetCount: 3 }];
  it('when the stated totals agree (within 0.01) and every high-cost option has its analysis, then no finding', () => {
    const ok = options.map((o) => ({ ...o, hasFeasibilityAnalysis: o.costClass === 'high' }));
    expect(checkReportCompleteness({ table, stated: { low: { investmentWan: 4, energySavedTce: 1.23, waterM3: 1200 }, high: { investmentWan: 200, co2ReducedT: 22.87 } }, options: ok, focuses })).toEqual([]);
  });
  it('when the report states 1.3 tce for low-cost options (sum 1.229) and 210 万元 high-cost investment, then two mismatches, plus H2 without a feasibility analysis', () => {
    const findings = checkReportCompleteness({ table, stated: { low: { energySavedTce: 1.3 }, high: { investmentWan: 210 } }, options, focuses });
    expect(findings.map((f) => [f.code, f.path])).toEqual([
      ['totalMismatch', 'stated.low.energySavedTce'],
      ['totalMismatch', 'stated.high.investmentWan'],
      ['feasibilityMissing', 'options[H2]'],
    ]);
    expect(findings[0]!.message).toContain('1.229');
  });
  it('when the report states 210 万元 high-cost investment (sum 200), then the finding carries its parts for the UI: class high, field investmentWan, 210 vs 200; a focus without target carries its name', () => {
    const findings = checkReportCompleteness({ table, stated: { high: { investmentWan: 210 } }, options: [], focuses: [{ name: '电镀车间', targetCount: 0 }] });
    expect(findings.map((f) => f.detail)).toEqual([
      { costClass: 'high', field: 'investmentWan', stated: 210, computed: 200 },
      { name: '电镀车间' },
    ]);
    expect(findings[0]!.message).toContain('方案投资（万元）');
  });
  it('when a stated COD reduction differs (140 vs 150 kg), then a mismatch at reductions.cod', () => {
    expect(checkReportCompleteness({ table, stated: { all: { reductions: { cod: 140 } } }, options: [], focuses }).map((f) => f.path)).toEqual(['stated.all.reductions.cod']);
  });
  it('when a focus has no target, or there is no focus, then targetsMissing / noFocus', () => {
    expect(checkReportCompleteness({ table, stated: {}, options: [], focuses: [...focuses, { name: '锅炉房', targetCount: 0 }] }).map((f) => [f.code, f.path])).toEqual([['targetsMissing', 'focuses[1]']]);
    expect(checkReportCompleteness({ table, stated: {}, options: [], focuses: [] }).map((f) => f.code)).toEqual(['noFocus']);
  });
});
