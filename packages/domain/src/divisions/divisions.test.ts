import { describe, expect, it } from 'vitest';
import { cityCodeOf, divisionLevelOf, divisionPrefixOf, isDivisionCode, isWithinArea } from './divisions.ts';

describe('divisionLevelOf', () => {
  it.each([
    ['when the code is 450000 (广西壮族自治区), then region', '450000', 'region'],
    ['when the code is 450100 (南宁市), then city', '450100', 'city'],
    ['when the code is 451400 (崇左市), then city', '451400', 'city'],
    ['when the code is 451000 (百色市, ends in 000), then city', '451000', 'city'],
    ['when the code is 450102 (兴宁区), then county', '450102', 'county'],
    ['when the code is 450181 (横州市, county-level city), then county', '450181', 'county'],
    ['when the code is 451481 (凭祥市), then county', '451481', 'county'],
  ] as const)('%s', (_name, code, level) => {
    expect(divisionLevelOf(code)).toBe(level);
  });

  it.each([
    ['when the code has 5 digits, then it throws', '45010'],
    ['when the code has a letter, then it throws', '45010A'],
    ['when the code is empty, then it throws', ''],
  ])('%s', (_name, code) => {
    expect(() => divisionLevelOf(code)).toThrow(RangeError);
  });
});

describe('cityCodeOf', () => {
  it.each([
    ['when a county of 南宁 (450102 兴宁区) is given, then 450100', '450102', '450100'],
    ['when 横州市 450181 is given, then 450100', '450181', '450100'],
    ['when a city (451400 崇左市) is given, then itself', '451400', '451400'],
    ['when a county of 崇左 (451402 江州区) is given, then 451400', '451402', '451400'],
    ['when the region is given, then null', '450000', null],
  ])('%s', (_name, code, expected) => {
    expect(cityCodeOf(code)).toBe(expected);
  });

  it('when the code is malformed, then it throws', () => {
    expect(() => cityCodeOf('4501')).toThrow(RangeError);
  });
});

describe('divisionPrefixOf', () => {
  it.each([
    ['when the area is the region, then 2 digits', '450000', '45'],
    ['when the area is a city, then 4 digits', '450100', '4501'],
    ['when the area is a county, then 6 digits', '450102', '450102'],
  ])('%s', (_name, code, expected) => {
    expect(divisionPrefixOf(code)).toBe(expected);
  });
});

describe('isWithinArea', () => {
  it.each([
    ['when a 兴宁区 record is checked against 广西, then inside', '450102', '450000', true],
    ['when a 崇左市 record is checked against 广西, then inside', '451400', '450000', true],
    ['when the region record is checked against 广西, then inside', '450000', '450000', true],
    ['when a Guangdong record (440103) is checked against 广西, then outside', '440103', '450000', false],
    ['when a 兴宁区 record is checked against 南宁市, then inside', '450102', '450100', true],
    ['when a 横州市 record is checked against 南宁市, then inside', '450181', '450100', true],
    ['when a city-level 南宁 record is checked against 南宁市, then inside', '450100', '450100', true],
    ['when a 柳州 城中区 record is checked against 南宁市, then outside', '450202', '450100', false],
    ['when a region-level record is checked against 南宁市, then outside', '450000', '450100', false],
    ['when a 兴宁区 record is checked against 兴宁区, then inside', '450102', '450102', true],
    ['when a 青秀区 record is checked against 兴宁区, then outside', '450103', '450102', false],
    ['when a city-level 南宁 record is checked against 兴宁区, then outside', '450100', '450102', false],
    ['when a 崇左 江州区 record is checked against 崇左市, then inside', '451402', '451400', true],
    ['when a 百色 record (451002) is checked against 崇左市, then outside', '451002', '451400', false],
    ['when the record code is malformed, then outside (fail closed)', '4501', '450000', false],
    ['when the area code is malformed, then outside (fail closed)', '450102', '45', false],
    ['when the record code is empty, then outside (fail closed)', '', '450000', false],
  ])('%s', (_name, record, area, expected) => {
    expect(isWithinArea(record, area)).toBe(expected);
  });
});

describe('isDivisionCode', () => {
  it.each([
    ['when 6 digits, then true', '450102', true],
    ['when 7 digits, then false', '4501020', false],
    ['when full-width digits, then false', '４５０１０２', false],
  ])('%s', (_name, code, expected) => {
    expect(isDivisionCode(code)).toBe(expected);
  });
});
