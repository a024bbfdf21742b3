import { describe, expect, it } from 'vitest';
import type { KeyIndustryMapping } from '../industries/derive-key-industry.ts';
import {
  DEFAULT_HEAVY_METAL_CAS,
  DEFAULT_HEAVY_METAL_NAME_MARKERS,
  DEFAULT_SCREENING_BASIS,
  DEFAULT_SCREENING_RULE_SET_VERSION,
  buildRuleSet,
  matchHazardousSubstance,
  normalizeCasNo,
  normalizeSubstanceName,
  parseCasNumbers,
} from './rule-set.ts';
import { screenAll, screenEnterprise, type ScreeningOptions } from './screen.ts';
import type {
  EnergyRecord,
  ExceedanceRecord,
  HazardousRecord,
  QuotaRecord,
  ScreeningCriterion,
  ScreeningEnterprise,
  ScreeningRecords,
} from './types.ts';

const WATER = '有毒有害水污染物名录（第一批）';
const PRIORITY = '优先控制化学品名录（第一批）';

const ruleSet = buildRuleSet({
  version: 'test.1',
  hazardousLists: [
    {
      listName: WATER,
      substances: [
        { nameZh: '三氯甲烷', casNumbers: ['67-66-3'] },
        { nameZh: '甲醛', casNumbers: ['50-00-0'] },
        { nameZh: '镉及镉化合物', casNumbers: [] },
      ],
    },
    {
      listName: PRIORITY,
      substances: [
        { nameZh: '三氯甲烷', casNumbers: ['67-66-3'] },
        { nameZh: '萘', casNumbers: ['91-20-3'] },
      ],
    },
  ],
});

const mapping: KeyIndustryMapping[] = [
  { keyIndustry: 'metallurgy', industryCode: '31', sortOrder: 2 },
  { keyIndustry: 'building_materials', industryCode: '3011', sortOrder: 3 },
  { keyIndustry: 'chemical', industryCode: '26', sortOrder: 5 },
  { keyIndustry: 'api_pharma', industryCode: '2710', sortOrder: 8 },
];

const options: ScreeningOptions = { dataYear: 2021, ruleSet, keyIndustryMapping: mapping };

const USCC = '91450421600968074C';

function enterprise(over: Partial<ScreeningEnterprise> = {}): ScreeningEnterprise {
  return { uscc: USCC, name: '梧州市泓泰化工有限公司', divisionCode: '450421', industryCodes: ['2611'], lastAcceptanceDate: null, ...over };
}

function exceedance(over: Partial<ExceedanceRecord> = {}): ExceedanceRecord {
  return {
    uscc: USCC,
    outletCode: 'DW001',
    pollutant: '化学需氧量',
    monitoredOn: '2021-06-15',
    measuredValue: 130,
    limitValue: 100,
    unit: 'mg/L',
    dataSource: 'enforcement',
    ...over,
  };
}

function quota(over: Partial<QuotaRecord> = {}): QuotaRecord {
  return { uscc: USCC, year: 2021, pollutant: '氮氧化物', actualT: 260.4, quotaT: 250, ...over };
}

function hazardous(over: Partial<HazardousRecord> = {}): HazardousRecord {
  return { uscc: USCC, year: 2021, category: 'use', substanceName: '三氯甲烷', casNo: '67-66-3', quantity: 12.5, unit: '吨', ...over };
}

function energy(over: Partial<EnergyRecord> = {}): EnergyRecord {
  return {
    uscc: USCC,
    year: 2021,
    productName: '粗钢',
    output: 1_000_000,
    outputUnit: 't',
    comprehensiveEnergyTce: 560_000,
    energyPerUnitKgce: 560,
    limitKgcePerUnit: 540,
    limitStandard: 'GB 21256-2013',
    ...over,
  };
}

function records(over: Partial<ScreeningRecords> = {}): ScreeningRecords {
  return { exceedances: [], quotas: [], hazardous: [], energy: [], ...over };
}

function criteria(recs: Partial<ScreeningRecords>, ent: ScreeningEnterprise = enterprise(), opts: ScreeningOptions = options): ScreeningCriterion[] {
  return screenEnterprise(ent, records(recs), opts)?.reasons.map((r) => r.criterion) ?? [];
}

describe('exceedsStandard (双超 超标, art. 8 (一)): strictly greater, monitored in year Y', () => {
  it.each([
    ['when the measured value is above the limit, then it exceeds', { measuredValue: 130, limitValue: 100 }, ['exceedsStandard']],
    ['when the measured value equals the limit, then it does not exceed', { measuredValue: 100, limitValue: 100 }, []],
    ['when the measured value is below the limit, then it does not exceed', { measuredValue: 99.9, limitValue: 100 }, []],
    ['when it is above by a hair (30.000001 > 30), then it exceeds', { measuredValue: 30.000001, limitValue: 30 }, ['exceedsStandard']],
    ['when it is dated 31 December of Y, then it counts', { monitoredOn: '2021-12-31' }, ['exceedsStandard']],
    ['when it is dated 1 January of Y, then it counts', { monitoredOn: '2021-01-01' }, ['exceedsStandard']],
    ['when it is dated 1 January of Y+1, then it does not count', { monitoredOn: '2022-01-01' }, []],
    ['when it is dated 31 December of Y-1, then it does not count', { monitoredOn: '2020-12-31' }, []],
  ] as const)('%s', (_name, over, expected) => {
    expect(criteria({ exceedances: [exceedance(over)] })).toEqual(expected);
  });

  it('when two records exceed, then both are evidence, ordered by date, outlet and pollutant, with values, limits and units', () => {
    const result = screenEnterprise(
      enterprise(),
      records({
        exceedances: [
          exceedance({ monitoredOn: '2021-09-09', outletCode: 'DW002' }),
          exceedance({ monitoredOn: '2021-03-02', measuredValue: 100 }),
          exceedance({ monitoredOn: '2021-03-02', outletCode: 'DA001', pollutant: '颗粒物', measuredValue: 32.5, limitValue: 30, unit: 'mg/m3', dataSource: 'online' }),
        ],
      }),
      options,
    );
    expect(result?.reasons).toStrictEqual([
      {
        criterion: 'exceedsStandard',
        basis: '清洁生产审核办法 第八条第（一）项',
        evidence: [
          { kind: 'exceedance', outletCode: 'DA001', pollutant: '颗粒物', monitoredOn: '2021-03-02', measuredValue: 32.5, limitValue: 30, unit: 'mg/m3', dataSource: 'online' },
          { kind: 'exceedance', outletCode: 'DW002', pollutant: '化学需氧量', monitoredOn: '2021-09-09', measuredValue: 130, limitValue: 100, unit: 'mg/L', dataSource: 'enforcement' },
        ],
      },
    ]);
  });
});

describe('exceedsQuota (双超 超总量, art. 8 (一)): actual > quota in tonnes, year Y only', () => {
  it.each([
    ['when the actual discharge is above the quota, then it exceeds', { actualT: 260.4, quotaT: 250 }, ['exceedsQuota']],
    ['when the actual discharge equals the quota, then it does not exceed', { actualT: 250, quotaT: 250 }, []],
    ['when the actual discharge is below the quota, then it does not exceed', { actualT: 10, quotaT: 250 }, []],
    ['when the record is of year Y-1, then it does not count', { year: 2020 }, []],
    ['when the record is of year Y+1, then it does not count', { year: 2022 }, []],
  ] as const)('%s', (_name, over, expected) => {
    expect(criteria({ quotas: [quota(over)] })).toEqual(expected);
  });

  it('when one pollutant of two exceeds, then only that one is evidence, in t', () => {
    const result = screenEnterprise(enterprise(), records({ quotas: [quota({ pollutant: '二氧化硫', actualT: 10, quotaT: 20 }), quota()] }), options);
    expect(result?.reasons[0]?.evidence).toStrictEqual([{ kind: 'quota', pollutant: '氮氧化物', year: 2021, actualT: 260.4, quotaT: 250, unit: 't' }]);
  });
});

describe('usesHazardousMaterials (双有, art. 8 (三)): CAS first, else exact name, else heavy metal', () => {
  it.each([
    ['when the CAS is on a list, then it matches by CAS and names the first list', { casNo: '67-66-3' }, 'cas', WATER],
    ['when the CAS has extra spaces around it, then it still matches by CAS', { casNo: '  67-66-3  ' }, 'cas', WATER],
    ['when the CAS has spaces inside and ideographic spaces around it, then it matches by CAS', { casNo: '\u300067 - 66 - 3\u3000' }, 'cas', WATER],
    ['when the CAS is written in full-width digits and dashes, then it matches by CAS', { casNo: '６７－６６－３' }, 'cas', WATER],
    ['when the CAS is on a later list only, then that list is named', { substanceName: '精萘', casNo: '91-20-3' }, 'cas', PRIORITY],
    ['when the CAS is of another listed substance, then the CAS decides (甲醛), not the name', { substanceName: '三氯甲烷', casNo: '50-00-0' }, 'cas', WATER],
    ['when the CAS is missing but the name is listed, then it matches by name', { casNo: null }, 'name', WATER],
    ['when the CAS is unknown but the name is listed, then it matches by name', { casNo: '1-11-1' }, 'name', WATER],
    ['when the name has full-width spaces around it, then it matches by name', { substanceName: '\u3000三氯甲烷 ', casNo: null }, 'name', WATER],
    ['when the name is a listed class name, then it matches by name', { substanceName: '镉及镉化合物', casNo: null }, 'name', WATER],
    ['when the CAS is an element CAS (lead 7439-92-1), then it matches as heavy metal by CAS', { substanceName: '金属块料', casNo: '7439-92-1' }, 'heavyMetalCas', null],
    ['when the element CAS is full-width (mercury), then it matches as heavy metal by CAS', { substanceName: '液态金属', casNo: '７４３９－９７－６' }, 'heavyMetalCas', null],
    ['when the name contains 铅, then it matches as heavy metal by name', { substanceName: '硝酸铅', casNo: '10099-74-8' }, 'heavyMetalName', null],
    ['when the name contains 铬, then it matches as heavy metal by name', { substanceName: '三氧化铬', casNo: null }, 'heavyMetalName', null],
    ['when the name contains 砷, then it matches as heavy metal by name', { substanceName: '含砷废渣', casNo: null }, 'heavyMetalName', null],
    ['when the name contains 汞, then it matches as heavy metal by name', { substanceName: '氯化汞', casNo: null }, 'heavyMetalName', null],
    ['when the name contains 镉, then it matches as heavy metal by name', { substanceName: '硫化镉', casNo: null }, 'heavyMetalName', null],
  ] as const)('%s', (_name, over, matchedBy, listName) => {
    const record = hazardous(over);
    const result = screenEnterprise(enterprise(), records({ hazardous: [record] }), options);
    expect(result?.reasons).toStrictEqual([
      {
        criterion: 'usesHazardousMaterials',
        basis: '清洁生产审核办法 第八条第（三）项',
        evidence: [
          {
            kind: 'hazardous',
            category: 'use',
            year: 2021,
            substanceName: record.substanceName,
            casNo: record.casNo,
            matchedBy,
            listName,
            quantity: 12.5,
            unit: '吨',
          },
        ],
      },
    ]);
  });

  it.each([
    ['when the name only contains a listed name (三氯甲烷溶液) and there is no CAS, then no match', { substanceName: '三氯甲烷溶液', casNo: null }],
    ['when neither CAS nor name is known and no heavy metal, then no match', { substanceName: '氢氧化钠', casNo: '1310-73-2' }],
    ['when the CAS and the name are blank, then no match', { substanceName: ' ', casNo: ' ' }],
    ['when the record is of year Y-1, then it does not count', { year: 2020 }],
    ['when the record is of year Y+1, then it does not count', { year: 2022 }],
  ] as const)('%s', (_name, over) => {
    expect(criteria({ hazardous: [hazardous(over)] })).toEqual([]);
  });

  it('when the quantity and unit are missing, then the evidence says null', () => {
    const result = screenEnterprise(enterprise(), records({ hazardous: [hazardous({ quantity: null, unit: null })] }), options);
    expect(result?.reasons[0]?.evidence[0]).toMatchObject({ quantity: null, unit: null });
  });
});

describe('dischargesHazardousSubstances (双有, art. 8 (三)): 排放 records and monitored hazardous pollutants', () => {
  it('when a discharge record is listed, then it is dischargesHazardousSubstances, not usesHazardousMaterials', () => {
    const result = screenEnterprise(enterprise(), records({ hazardous: [hazardous({ category: 'discharge', substanceName: '甲醛', casNo: ' 50-00-0 ', quantity: 0.3, unit: 't' })] }), options);
    expect(result?.reasons).toStrictEqual([
      {
        criterion: 'dischargesHazardousSubstances',
        basis: '清洁生产审核办法 第八条第（三）项',
        evidence: [
          { kind: 'hazardous', category: 'discharge', year: 2021, substanceName: '甲醛', casNo: ' 50-00-0 ', matchedBy: 'cas', listName: WATER, quantity: 0.3, unit: 't' },
        ],
      },
    ]);
  });

  it.each([
    ['when a monitored pollutant contains 铅 and is below its limit, then it discharges a hazardous substance only', { pollutant: '总铅', measuredValue: 0.05, limitValue: 0.5 }, ['dischargesHazardousSubstances']],
    ['when a monitored pollutant contains 铬 and exceeds, then both reasons hold', { pollutant: '六价铬', measuredValue: 0.8, limitValue: 0.5 }, ['dischargesHazardousSubstances', 'exceedsStandard']],
    ['when a monitored pollutant is a listed name (甲醛), then it discharges a hazardous substance', { pollutant: '甲醛', measuredValue: 1, limitValue: 5 }, ['dischargesHazardousSubstances']],
    ['when a monitored pollutant is not hazardous and within its limit, then nothing holds', { pollutant: '化学需氧量', measuredValue: 50, limitValue: 100 }, []],
    ['when a monitored hazardous pollutant is dated 1 January of Y+1, then it does not count', { pollutant: '总汞', monitoredOn: '2022-01-01' }, []],
    ['when a monitored hazardous pollutant is dated 31 December of Y, then it counts', { pollutant: '总汞', measuredValue: 0, limitValue: 0.05, monitoredOn: '2021-12-31' }, ['dischargesHazardousSubstances']],
  ] as const)('%s', (_name, over, expected) => {
    expect(criteria({ exceedances: [exceedance(over)] })).toEqual(expected);
  });

  it('when both a discharge record and a monitored pollutant match, then the declared record comes first, then the monitoring', () => {
    const result = screenEnterprise(
      enterprise(),
      records({ hazardous: [hazardous({ category: 'discharge', substanceName: '萘', casNo: null })], exceedances: [exceedance({ pollutant: '总铅', measuredValue: 0.1, limitValue: 0.5 })] }),
      options,
    );
    expect(result?.reasons[0]?.evidence).toStrictEqual([
      { kind: 'hazardous', category: 'discharge', year: 2021, substanceName: '萘', casNo: null, matchedBy: 'name', listName: PRIORITY, quantity: 12.5, unit: '吨' },
      {
        kind: 'hazardousExceedance',
        outletCode: 'DW001',
        pollutant: '总铅',
        monitoredOn: '2021-06-15',
        measuredValue: 0.1,
        limitValue: 0.5,
        unit: 'mg/L',
        dataSource: 'enforcement',
        matchedBy: 'heavyMetalName',
        listName: null,
      },
    ]);
  });
});

describe('exceedsEnergyLimit (高耗能, art. 8 (二)): kgce per unit strictly above the limit, year Y', () => {
  it.each([
    ['when the energy per unit is above the limit, then it exceeds', { energyPerUnitKgce: 560, limitKgcePerUnit: 540 }, ['exceedsEnergyLimit']],
    ['when the energy per unit equals the limit, then it does not exceed', { energyPerUnitKgce: 540, limitKgcePerUnit: 540 }, []],
    ['when the energy per unit is below the limit, then it does not exceed', { energyPerUnitKgce: 500, limitKgcePerUnit: 540 }, []],
    ['when the record is of year Y-1, then it does not count', { year: 2020 }, []],
    ['when the record is of year Y+1, then it does not count', { year: 2022 }, []],
  ] as const)('%s', (_name, over, expected) => {
    expect(criteria({ energy: [energy(over)] })).toEqual(expected);
  });

  it('when a product exceeds, then the evidence gives kgce/<output unit>, the output, tce and the standard', () => {
    const result = screenEnterprise(enterprise(), records({ energy: [energy({ productName: '熟料', outputUnit: 't', comprehensiveEnergyTce: null, limitStandard: null }), energy({ productName: '电解铝', energyPerUnitKgce: 10, limitKgcePerUnit: 20 })] }), options);
    expect(result?.reasons).toStrictEqual([
      {
        criterion: 'exceedsEnergyLimit',
        basis: '清洁生产审核办法 第八条第（二）项',
        evidence: [
          {
            kind: 'energy',
            productName: '熟料',
            year: 2021,
            output: 1_000_000,
            outputUnit: 't',
            comprehensiveEnergyTce: null,
            energyPerUnitKgce: 560,
            limitKgcePerUnit: 540,
            unit: 'kgce/t',
            limitStandard: null,
          },
        ],
      },
    ]);
  });
});

describe('recommendation (art. 12): 双有-only is notDue while acceptance + 5 years falls after 31 December of Y+1', () => {
  const uses = { hazardous: [hazardous()] };
  const both = { hazardous: [hazardous(), hazardous({ category: 'discharge' })] };
  it.each([
    ['when 双有-only and no acceptance is known, then mandatory', uses, null, 'mandatory', null],
    ['when 双有-only and accepted 2018-06-01 (北海 fixture), then notDue until 2023', uses, '2018-06-01', 'notDue', 2023],
    ['when 双有-only and accepted 2017-12-31 (5 years end exactly on 31 Dec of Y+1), then mandatory', uses, '2017-12-31', 'mandatory', null],
    ['when 双有-only and accepted 2018-01-01 (5 years end on 1 Jan of Y+2), then notDue until 2023', uses, '2018-01-01', 'notDue', 2023],
    ['when 双有-only and accepted 2017-06-01 (5 years end within Y+1), then mandatory', uses, '2017-06-01', 'mandatory', null],
    ['when 双有-only and accepted 2016-12-31 (5 years end on 31 Dec of Y), then mandatory', uses, '2016-12-31', 'mandatory', null],
    ['when 双有-only and accepted 2020-02-29 (5 years end 2025-02-28), then notDue until 2025', uses, '2020-02-29', 'notDue', 2025],
    ['when 双有-only and accepted in Y itself (2021-03-01), then notDue until 2026', uses, '2021-03-01', 'notDue', 2026],
    ['when both 双有 reasons and accepted 2019-05-20, then notDue until 2024', both, '2019-05-20', 'notDue', 2024],
    ['when 双有 and 超标 and accepted 2020-01-01, then mandatory (only 双有-only can be deferred)', { ...uses, exceedances: [exceedance()] }, '2020-01-01', 'mandatory', null],
    ['when 双有 and 超总量 and accepted 2020-01-01, then mandatory', { ...uses, quotas: [quota()] }, '2020-01-01', 'mandatory', null],
    ['when 双有 and 高耗能 and accepted 2020-01-01, then mandatory', { ...uses, energy: [energy()] }, '2020-01-01', 'mandatory', null],
    ['when 超标 only and accepted 2020-01-01, then mandatory (art. 12 does not defer 双超)', { exceedances: [exceedance()] }, '2020-01-01', 'mandatory', null],
    ['when 高耗能 only and accepted 2020-01-01, then mandatory', { energy: [energy()] }, '2020-01-01', 'mandatory', null],
  ] as const)('%s', (_name, recs, lastAcceptanceDate, recommendation, nextDueYear) => {
    const result = screenEnterprise(enterprise({ lastAcceptanceDate }), records(recs), options);
    expect(result).not.toBeNull();
    expect({ recommendation: result!.recommendation, nextDueYear: result!.nextDueYear }).toEqual({ recommendation, nextDueYear });
  });

  it.each([
    ['when the interval is 3 years and accepted 2019-06-01, then mandatory', '2019-06-01', 'mandatory', null],
    ['when the interval is 3 years and accepted 2020-01-01, then notDue until 2023', '2020-01-01', 'notDue', 2023],
  ] as const)('%s (the interval is rule-set data)', (_name, lastAcceptanceDate, recommendation, nextDueYear) => {
    const threeYears = buildRuleSet({ version: 'test.3y', hazardousLists: ruleSet.hazardousLists, auditIntervalYears: 3 });
    const result = screenEnterprise(enterprise({ lastAcceptanceDate }), records(uses), { ...options, ruleSet: threeYears });
    expect({ recommendation: result!.recommendation, nextDueYear: result!.nextDueYear }).toEqual({ recommendation, nextDueYear });
  });

  it('when the data year is 2022 and accepted 2018-06-01, then the 北海 enterprise is due (nextDueYear 2023 is that list year)', () => {
    const result = screenEnterprise(enterprise({ lastAcceptanceDate: '2018-06-01' }), records({ hazardous: [hazardous({ year: 2022 })] }), { ...options, dataYear: 2022 });
    expect(result?.recommendation).toBe('mandatory');
  });
});

describe('result shape and key industry', () => {
  it('when every criterion holds, then reasons are sorted by criterion name with their article, and the keys follow the contract', () => {
    const result = screenEnterprise(
      enterprise({ industryCodes: ['3011', '2611'] }),
      records({
        exceedances: [exceedance()],
        quotas: [quota()],
        hazardous: [hazardous(), hazardous({ category: 'discharge' })],
        energy: [energy()],
      }),
      options,
    );
    expect(Object.keys(result!)).toEqual(['uscc', 'name', 'divisionCode', 'keyIndustry', 'recommendation', 'nextDueYear', 'reasons']);
    expect(result!.reasons.map((r) => [r.criterion, r.basis])).toEqual([
      ['dischargesHazardousSubstances', '清洁生产审核办法 第八条第（三）项'],
      ['exceedsEnergyLimit', '清洁生产审核办法 第八条第（二）项'],
      ['exceedsQuota', '清洁生产审核办法 第八条第（一）项'],
      ['exceedsStandard', '清洁生产审核办法 第八条第（一）项'],
      ['usesHazardousMaterials', '清洁生产审核办法 第八条第（三）项'],
    ]);
    for (const reason of result!.reasons) expect(Object.keys(reason)).toEqual(['criterion', 'basis', 'evidence']);
    expect(result).toMatchObject({ uscc: USCC, name: '梧州市泓泰化工有限公司', divisionCode: '450421', keyIndustry: 'building_materials', recommendation: 'mandatory', nextDueYear: null });
  });

  it.each([
    ['when the principal code is 3011, then building_materials', ['3011'], 'building_materials'],
    ['when the principal code is 2710 (原料药, class 27), then api_pharma', ['2710'], 'api_pharma'],
    ['when the principal code is 2641, then chemical by its class 26', ['2641'], 'chemical'],
    ['when the principal code has spaces around it, then they are trimmed', [' 3011 '], 'building_materials'],
    ['when the principal code is 3120, then metallurgy by its class 31', ['3120'], 'metallurgy'],
    ['when only a later code is mapped, then none (principal code only)', ['1810', '3011'], null],
    ['when there is no code, then none', [], null],
  ] as const)('%s', (_name, industryCodes, keyIndustry) => {
    const result = screenEnterprise(enterprise({ industryCodes: [...industryCodes] }), records({ quotas: [quota()] }), options);
    expect(result?.keyIndustry).toBe(keyIndustry);
  });

  it('when an enterprise has no records, or none of year Y, then it is not listed (null)', () => {
    expect(screenEnterprise(enterprise(), records(), options)).toBeNull();
    expect(screenEnterprise(enterprise(), records({ quotas: [quota({ year: 2020 })], energy: [energy({ year: 2022 })] }), options)).toBeNull();
  });

  it('when a custom basis is configured, then the reason carries it', () => {
    const custom = buildRuleSet({ version: 'test.basis', hazardousLists: [], basis: { exceedsQuota: '《清洁生产审核办法》第八条第一款第（一）项' } });
    expect(screenEnterprise(enterprise(), records({ quotas: [quota()] }), { ...options, ruleSet: custom })?.reasons[0]?.basis).toBe('《清洁生产审核办法》第八条第一款第（一）项');
  });
});

describe('errors', () => {
  it.each([
    ['when the data year is not an integer, then RangeError', () => screenEnterprise(enterprise(), records(), { ...options, dataYear: 2021.5 })],
    ['when the data year is out of range, then RangeError', () => screenAll([], records(), { ...options, dataYear: 99 })],
    ['when a monitoring date is malformed, then RangeError', () => screenEnterprise(enterprise(), records({ exceedances: [exceedance({ monitoredOn: '2021/06/15' })] }), options)],
    ['when a measured value of year Y is NaN, then RangeError', () => screenEnterprise(enterprise(), records({ exceedances: [exceedance({ measuredValue: Number.NaN })] }), options)],
    ['when a quota of year Y is infinite, then RangeError', () => screenEnterprise(enterprise(), records({ quotas: [quota({ quotaT: Number.POSITIVE_INFINITY })] }), options)],
    ['when an energy limit of year Y is NaN, then RangeError', () => screenEnterprise(enterprise(), records({ energy: [energy({ limitKgcePerUnit: Number.NaN })] }), options)],
    ['when the acceptance date is malformed for a 双有-only enterprise, then RangeError', () => screenEnterprise(enterprise({ lastAcceptanceDate: '2018-13-01' }), records({ hazardous: [hazardous()] }), options)],
    ['when two enterprises share a credit code, then RangeError', () => screenAll([enterprise(), enterprise()], records(), options)],
  ])('%s', (_name, run) => {
    expect(run).toThrow(RangeError);
  });

  it('when a NaN value belongs to another year, then it is ignored', () => {
    expect(screenEnterprise(enterprise(), records({ quotas: [quota({ year: 2020, actualT: Number.NaN })] }), options)).toBeNull();
  });
});

describe('screenAll', () => {
  const a = enterprise({ uscc: '91450502939057632J', name: 'B', lastAcceptanceDate: '2018-06-01' });
  const b = enterprise({ uscc: '914501026420642331', name: 'A', industryCodes: ['3011'] });
  const c = enterprise({ uscc: '91450203720368815A', name: 'C' });
  const all = records({
    exceedances: [exceedance({ uscc: b.uscc, monitoredOn: '2021-12-31' }), exceedance({ uscc: c.uscc, measuredValue: 100 })],
    hazardous: [hazardous({ uscc: a.uscc, substanceName: '甲醛', casNo: '50-00-0' })],
    quotas: [quota({ uscc: '914500000000000000' })],
  });

  it('when several enterprises are screened, then only those with a reason are listed, sorted by credit code', () => {
    const results = screenAll([a, b, c], all, options);
    expect(results.map((r) => [r.uscc, r.recommendation, r.nextDueYear, r.keyIndustry])).toEqual([
      ['914501026420642331', 'mandatory', null, 'building_materials'],
      ['91450502939057632J', 'notDue', 2023, 'chemical'],
    ]);
  });

  it('when screened together or one by one, then the results are the same', () => {
    const one = (e: ScreeningEnterprise): ReturnType<typeof screenEnterprise> =>
      screenEnterprise(
        e,
        {
          exceedances: all.exceedances.filter((r) => r.uscc === e.uscc),
          quotas: all.quotas.filter((r) => r.uscc === e.uscc),
          hazardous: all.hazardous.filter((r) => r.uscc === e.uscc),
          energy: all.energy.filter((r) => r.uscc === e.uscc),
        },
        options,
      );
    expect(screenAll([c, b, a], all, options)).toStrictEqual([b, a].map(one));
  });

  it('when records belong to no enterprise in scope (another city), then they are ignored', () => {
    expect(screenAll([c], all, options)).toEqual([]);
  });
});

describe('rule set', () => {
  it('when built from a version and lists, then the defaults are filled and it is frozen', () => {
    const built = buildRuleSet({ version: DEFAULT_SCREENING_RULE_SET_VERSION, hazardousLists: [] });
    expect(built).toStrictEqual({
      version: DEFAULT_SCREENING_RULE_SET_VERSION,
      hazardousLists: [],
      heavyMetalNameMarkers: ['铅', '汞', '镉', '铬', '砷'],
      heavyMetalCas: ['7439-92-1', '7439-97-6', '7440-43-9', '7440-47-3', '7440-38-2'],
      auditIntervalYears: 5,
      basis: {
        dischargesHazardousSubstances: '清洁生产审核办法 第八条第（三）项',
        exceedsEnergyLimit: '清洁生产审核办法 第八条第（二）项',
        exceedsQuota: '清洁生产审核办法 第八条第（一）项',
        exceedsStandard: '清洁生产审核办法 第八条第（一）项',
        usesHazardousMaterials: '清洁生产审核办法 第八条第（三）项',
      },
    });
    expect(Object.isFrozen(built)).toBe(true);
    expect(Object.isFrozen(built.basis)).toBe(true);
    expect(DEFAULT_HEAVY_METAL_NAME_MARKERS).toHaveLength(5);
    expect(DEFAULT_HEAVY_METAL_CAS).toHaveLength(5);
    expect(DEFAULT_SCREENING_BASIS.exceedsStandard).toBe('清洁生产审核办法 第八条第（一）项');
  });

  it('when the input lists are changed after building, then the rule set is not', () => {
    const lists = [{ listName: 'L', substances: [{ nameZh: '萘', casNumbers: ['91-20-3'] }] }];
    const built = buildRuleSet({ version: 'v', hazardousLists: lists });
    lists[0]!.substances[0]!.casNumbers.push('1-11-1');
    expect(built.hazardousLists[0]!.substances[0]!.casNumbers).toEqual(['91-20-3']);
  });

  it.each([
    ['when the version is blank, then RangeError', { version: '  ', hazardousLists: [] }],
    ['when the interval is 0, then RangeError', { version: 'v', hazardousLists: [], auditIntervalYears: 0 }],
    ['when the interval is fractional, then RangeError', { version: 'v', hazardousLists: [], auditIntervalYears: 4.5 }],
    ['when a list name is blank, then RangeError', { version: 'v', hazardousLists: [{ listName: '', substances: [] }] }],
    ['when a basis override is blank, then RangeError', { version: 'v', hazardousLists: [], basis: { exceedsQuota: ' ' } }],
  ])('%s', (_name, input) => {
    expect(() => buildRuleSet(input)).toThrow(RangeError);
  });

  it('when heavy-metal markers are replaced, then the old ones no longer match', () => {
    const onlyLead = buildRuleSet({ version: 'v', hazardousLists: [], heavyMetalNameMarkers: ['铅'], heavyMetalCas: [] });
    expect(matchHazardousSubstance('氯化汞', null, onlyLead)).toBeNull();
    expect(matchHazardousSubstance('氯化汞', '7439-97-6', onlyLead)).toBeNull();
    expect(matchHazardousSubstance('硝酸铅', null, onlyLead)).toEqual({ matchedBy: 'heavyMetalName', listName: null });
  });
});

describe('normalisation helpers', () => {
  it.each([
    ['when the CAS has spaces around it, then they go', ' 67-66-3 ', '67-66-3'],
    ['when the CAS has spaces inside, then they go', '67 - 66 - 3', '67-66-3'],
    ['when the CAS is full-width with an ideographic space, then it becomes ASCII', '\u3000６７－６６－３', '67-66-3'],
    ['when the CAS uses an en dash and a minus sign, then they become hyphens', '67–66−3', '67-66-3'],
    ['when the CAS is blank, then empty', ' \t', ''],
  ])('normalizeCasNo: %s', (_name, input, expected) => {
    expect(normalizeCasNo(input)).toBe(expected);
  });

  it.each([
    ['when the name has full-width spaces around it, then they are trimmed', '\u3000三氯甲烷 ', '三氯甲烷'],
    ['when the name has full-width brackets and letters, then they become ASCII and keep their case', '全氟辛酸（ＰＦＯＡ）', '全氟辛酸(PFOA)'],
    ['when the name has lower-case letters, then the case is kept', 'pfos', 'pfos'],
    ['when the name has inner spaces, then they are kept', '多 氯联苯', '多 氯联苯'],
  ])('normalizeSubstanceName: %s', (_name, input, expected) => {
    expect(normalizeSubstanceName(input)).toBe(expected);
  });

  it.each([
    ['when a cell has a note in brackets, then the note goes', '7440-43-9 (Cd)', ['7440-43-9']],
    ['when a cell has several numbers separated by semicolons, then each is kept', '87-86-5; 131-52-2', ['87-86-5', '131-52-2']],
    ['when a cell has full-width notes and separators, then they are handled', '7440-43-9（镉）；７４３９－９２－１', ['7440-43-9', '7439-92-1']],
    ['when a note contains a comma, then it is dropped with the note', '53-70-3 (二苯并[a,h]蒽), 218-01-9', ['53-70-3', '218-01-9']],
    ['when a cell is empty, then none', '', []],
    ['when a cell repeats a number, then it is kept once', '50-00-0, 50-00-0', ['50-00-0']],
    ['when a part is not shaped like a CAS number, then it is dropped', 'n/a; 5000-0', []],
  ])('parseCasNumbers: %s', (_name, input, expected) => {
    expect(parseCasNumbers(input)).toEqual(expected);
  });
});
