import { describe, expect, it } from 'vitest';
import { deriveKeyIndustry, type KeyIndustryMapping } from './derive-key-industry.ts';

// A slice of refdata/industry_gb4754_mapping.csv with the plan's order.
const mapping: KeyIndustryMapping[] = [
  { keyIndustry: 'energy', industryCode: '44', sortOrder: 1 },
  { keyIndustry: 'metallurgy', industryCode: '31', sortOrder: 2 },
  { keyIndustry: 'nonferrous', industryCode: '3212', sortOrder: 4 },
  { keyIndustry: 'papermaking', industryCode: '22', sortOrder: 7 },
  { keyIndustry: 'papermaking', industryCode: '2231', sortOrder: 7 },
  { keyIndustry: 'electroplating', industryCode: '3360', sortOrder: 9 },
  { keyIndustry: 'agri_food_processing', industryCode: '1340', sortOrder: 10 },
  { keyIndustry: 'packaging_printing', industryCode: '2231', sortOrder: 12 },
  { keyIndustry: 'waste_lead_acid_battery', industryCode: '3212', sortOrder: 13 },
];

describe('deriveKeyIndustry', () => {
  it.each([
    { codes: ['1340'], expected: 'agri_food_processing', matched: '1340', why: 'exact 小类 match (制糖业)' },
    { codes: ['4411'], expected: 'energy', matched: '44', why: '大类 44 covers 4411 火力发电' },
    { codes: ['2231'], expected: 'papermaking', matched: '2231', why: '2231 in two industries: 造纸 comes first in the plan' },
    { codes: ['3212'], expected: 'nonferrous', matched: '3212', why: '3212 铅锌冶炼: 有色 before 废铅蓄电池' },
    { codes: ['2221'], expected: 'papermaking', matched: '22', why: '2221 机制纸 by 大类 22' },
    { codes: ['3360', '1810'], expected: 'electroplating', matched: '3360', why: 'the principal (first) code decides' },
    { codes: [' 3360 '], expected: 'electroplating', matched: '3360', why: 'spaces are trimmed' },
  ])('when the codes are $codes, then the key industry is $expected ($why)', ({ codes, expected, matched }) => {
    expect(deriveKeyIndustry(codes, mapping)).toEqual({ keyIndustry: expected, matchedCode: matched, byCode: codes[0]!.trim() });
  });

  it('when a 4-digit code is mapped to a later industry and its 大类 to an earlier one, then the earlier industry wins', () => {
    const m: KeyIndustryMapping[] = [
      { keyIndustry: 'chemical', industryCode: '26', sortOrder: 5 },
      { keyIndustry: 'api_pharma', industryCode: '2710', sortOrder: 8 },
      { keyIndustry: 'industrial_coating', industryCode: '2641', sortOrder: 11 },
    ];
    expect(deriveKeyIndustry(['2641'], m)).toEqual({ keyIndustry: 'chemical', matchedCode: '26', byCode: '2641' });
    expect(deriveKeyIndustry(['2710'], m)).toEqual({ keyIndustry: 'api_pharma', matchedCode: '2710', byCode: '2710' });
  });

  it('when a city adds a local industry, then it applies to that city\'s enterprises only', () => {
    const m: KeyIndustryMapping[] = [...mapping, { keyIndustry: 'nn_furniture', industryCode: '2110', sortOrder: 100, cityCode: '450100' }];
    expect(deriveKeyIndustry(['2110'], m, '450102')).toEqual({ keyIndustry: 'nn_furniture', matchedCode: '2110', byCode: '2110' });
    expect(deriveKeyIndustry(['2110'], m, '450202')).toBeNull();
    expect(deriveKeyIndustry(['2110'], m)).toBeNull();
    // A region-wide industry still wins by catalogue order over a city's local one.
    const both: KeyIndustryMapping[] = [...m, { keyIndustry: 'nn_sugar', industryCode: '1340', sortOrder: 100, cityCode: '450100' }];
    expect(deriveKeyIndustry(['1340'], both, '450102')?.keyIndustry).toBe('agri_food_processing');
  });

  it.each([[['1810']], [['1810', '3360']], [[]], [['abc']], [['C']]])('when the codes are %j, then there is no key industry', (codes) => {
    expect(deriveKeyIndustry(codes, mapping)).toBeNull();
  });
});
