import { describe, expect, it } from 'vitest';
import { CellProblem, type CellValue } from './cell.ts';
import {
  cellText,
  excelSerialToIsoDate,
  foldWidth,
  isBlank,
  normalizeHeader,
  parseDate,
  parseInteger,
  parseNumber,
  rawText,
  splitList,
} from './normalize.ts';

describe('foldWidth', () => {
  it.each([
    ['９１４５０１０２６４２０６４２３３１', '914501026420642331'],
    ['ＡＢＣｘｙｚ', 'ABCxyz'],
    ['\u3000甲\u3000', ' 甲 '],
    ['南宁市（示例）有限公司，１号', '南宁市（示例）有限公司，1号'],
    ['plain', 'plain'],
  ])('when %j is folded, then %j', (input, expected) => {
    expect(foldWidth(input)).toBe(expected);
  });
});

describe('cellText', () => {
  it.each<[CellValue | undefined, string | null]>([
    [null, null],
    [undefined, null],
    ['', null],
    ['   ', null],
    ['\u3000\t\r\n', null],
    ['  南宁市云桂水泥有限公司 ', '南宁市云桂水泥有限公司'],
    ['上轮清洁生产验收日期\n', '上轮清洁生产验收日期'],
    ['\ufeff单位名称', '单位名称'],
    ['工业园区１号', '工业园区1号'],
    [3011, '3011'],
    [12.5, '12.5'],
    [450102, '450102'],
    [true, 'TRUE'],
    [new Date(Date.UTC(2021, 2, 1)), '2021-03-01'],
    [new CellProblem('x', '=A1'), null],
  ])('when the cell is %j, then the text is %j', (input, expected) => {
    expect(cellText(input)).toBe(expected);
  });
});

describe('rawText and isBlank', () => {
  it('when a cell is reported, then its text is as written (formula text for a problem)', () => {
    expect(rawText(' a ')).toBe(' a ');
    expect(rawText(12.5)).toBe('12.5');
    expect(rawText(null)).toBe('');
    expect(rawText(new CellProblem('公式无法计算，请粘贴为数值', '=SUM(A1:A3)'))).toBe('=SUM(A1:A3)');
    expect(rawText(new Date(Date.UTC(2020, 5, 30)))).toBe('2020-06-30');
  });
  it.each<[CellValue | undefined, boolean]>([
    [null, true],
    ['', true],
    [' \u3000 ', true],
    ['0', false],
    [0, false],
    [false, false],
  ])('when the cell is %j, then blank is %s', (input, expected) => {
    expect(isBlank(input)).toBe(expected);
  });
});

describe('parseNumber', () => {
  it.each<[CellValue | undefined, number | null]>([
    [null, null],
    ['', null],
    ['  ', null],
    [12.5, 12.5],
    [0, 0],
    ['12.5', 12.5],
    [' 12.5 ', 12.5],
    ['-3', -3],
    ['+4', 4],
    ['.5', 0.5],
    ['5.', 5],
    ['1.2E+03', 1200],
    ['1e-3', 0.001],
    ['1,234.5', 1234.5],
    ['1,234,567', 1234567],
    ['1，234', 1234],
    ['1，234，567.25', 1234567.25],
    ['１２．５', 12.5],
    ['１，２３４', 1234],
    ['－５', -5],
    ['1000000', 1000000],
  ])('when the cell is %j, then the number is %j', (input, expected) => {
    expect(parseNumber(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[CellValue]>([
    ['1,5'],
    ['12,34'],
    ['1,2345'],
    ['12.5吨'],
    ['abc'],
    ['1.2.3'],
    ['--1'],
    [true],
    [new Date(0)],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
  ])('when the cell is %j, then it is not a number', (input) => {
    expect(parseNumber(input).ok).toBe(false);
  });
});

describe('parseInteger', () => {
  it.each<[CellValue, number | null]>([
    [2021, 2021],
    ['2021', 2021],
    ['2021年', 2021],
    ['２０２１', 2021],
    [2021.0, 2021],
    ['', null],
  ])('when the cell is %j, then the integer is %j', (input, expected) => {
    expect(parseInteger(input)).toEqual({ ok: true, value: expected });
  });
  it.each<[CellValue]>([[2021.5], ['2021.5'], ['二〇二一'], ['2021年度']])('when the cell is %j, then it is refused', (input) => {
    expect(parseInteger(input).ok).toBe(false);
  });
});

describe('excelSerialToIsoDate (1900 date system with the 1900-02-29 bug)', () => {
  it.each<[number, string | null]>([
    [1, '1900-01-01'],
    [2, '1900-01-02'],
    [31, '1900-01-31'],
    [59, '1900-02-28'],
    [60, null],
    [61, '1900-03-01'],
    [366, '1900-12-31'],
    [367, '1901-01-01'],
    [25569, '1970-01-01'],
    [36526, '2000-01-01'],
    [44256, '2021-03-01'],
    [44012, '2020-06-30'],
    [45544.75, '2024-09-09'],
    [2958465, '9999-12-31'],
    [0, null],
    [-1, null],
    [2958466, null],
    [Number.NaN, null],
  ])('when the serial is %j, then the date is %j', (serial, expected) => {
    expect(excelSerialToIsoDate(serial)).toBe(expected);
  });
});

describe('parseDate', () => {
  it.each<[CellValue | undefined, string | null]>([
    [null, null],
    ['', null],
    [' ', null],
    ['2021-03-01', '2021-03-01'],
    ['2021-3-1', '2021-03-01'],
    ['2021/3/1', '2021-03-01'],
    ['2021/03/01', '2021-03-01'],
    ['2021.3.1', '2021-03-01'],
    ['2021年3月1日', '2021-03-01'],
    ['2021年03月01日', '2021-03-01'],
    ['2021 年 3 月 1 日', '2021-03-01'],
    ['2021年3月1', '2021-03-01'],
    ['20210301', '2021-03-01'],
    ['２０２１－０３－０１', '2021-03-01'],
    ['２０２１年３月１日', '2021-03-01'],
    [' 2020-06-30 ', '2020-06-30'],
    ['2020-06-30 00:00:00', '2020-06-30'],
    ['2020/6/30 8:15', '2020-06-30'],
    ['2020-06-30T00:00:00', '2020-06-30'],
    ['2024-02-29', '2024-02-29'],
    [44256, '2021-03-01'],
    [44256.99, '2021-03-01'],
    [20210301, '2021-03-01'],
    // ExcelJS builds date cells at UTC midnight of the date written; the UTC fields are read.
    [new Date(Date.UTC(2021, 2, 1)), '2021-03-01'],
    [new Date(Date.UTC(2021, 2, 1, 23, 59, 59)), '2021-03-01'],
    [new Date('2020-06-30T00:00:00.000Z'), '2020-06-30'],
  ])('when the cell is %j, then the date is %j', (input, expected) => {
    expect(parseDate(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[CellValue, RegExp]>([
    ['2021-02-29', /应为日期/],
    ['2021-13-01', /应为日期/],
    ['2021-04-31', /应为日期/],
    ['2021-3/1', /应为日期/],
    ['21-3-1', /应为日期/],
    ['3/1/2021', /应为日期/],
    ['明天', /应为日期/],
    ['2021年', /应为日期/],
    [60, /1900-02-29/],
    [2021, /不在 1950-01-01 至 2100-12-31 之间/],
    ['1900-01-01', /不在/],
    ['2101-01-01', /不在/],
    [true, /应为日期/],
    [new Date(Number.NaN), /应为日期/],
    [new CellProblem('x', '=A1'), /应为日期/],
  ])('when the cell is %j, then the date is refused (%s)', (input, message) => {
    const r = parseDate(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('when the bounds are widened, then old dates and the serials before 1900-03-01 are accepted', () => {
    expect(parseDate(59, { min: '1900-01-01' })).toEqual({ ok: true, value: '1900-02-28' });
    expect(parseDate(61, { min: '1900-01-01' })).toEqual({ ok: true, value: '1900-03-01' });
  });

  it('when the process time zone is not UTC, then a Date still gives the date as written (no shift)', () => {
    // The server project runs with TZ=UTC; the rule under test is that only UTC fields are read.
    const d = new Date(Date.UTC(2021, 0, 1, 0, 0, 0));
    expect(parseDate(d)).toEqual({ ok: true, value: '2021-01-01' });
  });
});

describe('splitList', () => {
  it.each<[string | null, string[]]>([
    [null, []],
    ['', []],
    ['3011', ['3011']],
    ['3215,3212,3222', ['3215', '3212', '3222']],
    ['3215，3212，3222', ['3215', '3212', '3222']],
    ['废水、废气', ['废水', '废气']],
    ['废水;废气；噪声', ['废水', '废气', '噪声']],
    [' 废水 , , 废气 ,', ['废水', '废气']],
    ['锑冶炼,铅锌冶炼\n银冶炼', ['锑冶炼', '铅锌冶炼', '银冶炼']],
    ['３２１５，３２１２', ['3215', '3212']],
  ])('when the cell is %j, then the list is %j', (input, expected) => {
    expect(splitList(input)).toEqual(expected);
  });
});

describe('normalizeHeader', () => {
  it.each<[CellValue, string]>([
    ['统一社会信用代码', '统一社会信用代码'],
    [' 统一 社会信用代码 ', '统一社会信用代码'],
    ['上轮清洁生产验收日期\n', '上轮清洁生产验收日期'],
    ['县（市、区）代码', '县(市、区)代码'],
    ['实际排放量(吨)', '实际排放量(吨)'],
    ['实际排放量（吨）', '实际排放量(吨)'],
    ['*单位名称', '单位名称'],
    ['单位名称＊', '单位名称'],
    ['CAS 号', 'cas号'],
    ['ＣＡＳ号', 'cas号'],
    [null, ''],
    [2021, '2021'],
  ])('when the header is %j, then it compares as %j', (input, expected) => {
    expect(normalizeHeader(input)).toBe(expected);
  });
});
