import type { ImportKind } from '@cpaudit/contracts';
import { naturalKeyOf } from '@cpaudit/contracts';
import { describe, expect, it } from 'vitest';
import { energyPerUnitKgce } from './kinds/energy.ts';
import { isValidCasNo } from './kinds/hazardous.ts';
import { parseImport, type ParsedImport } from './parse-import.ts';
import { refdataReference, xlsxOf } from './test-support.ts';

const reference = refdataReference();
const U1 = '914501026420642331'; // 南宁市云桂水泥有限公司, 兴宁区
const U2 = '91450203720368815A'; // 柳州市瑞禾纸业有限公司

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvOf = (rows: readonly (readonly string[])[]) => Buffer.from(rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n', 'utf8');

function parse<K extends ImportKind>(kind: K, rows: readonly (readonly string[])[]): Promise<ParsedImport<K>> {
  return parseImport({ kind, file: csvOf(rows), fileName: `${kind}.csv`, reference });
}

const ENT_HEADER = ['单位名称', '统一社会信用代码', '许可证编号', '管理类别', '行业类别代码', '行业类别', '行政区划代码', '有效期起', '有效期止', '主要污染物类别'];
const ent = (over: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    单位名称: '南宁市云桂水泥有限公司',
    统一社会信用代码: U1,
    许可证编号: `${U1}001P`,
    管理类别: '重点管理',
    行业类别代码: '3011',
    行业类别: '水泥制造',
    行政区划代码: '450102',
    有效期起: '2020-07-01',
    有效期止: '2025-06-30',
    主要污染物类别: '废水,废气',
    ...over,
  };
  return ENT_HEADER.map((h) => base[h]!);
};

async function oneEnterprise(over: Partial<Record<string, string>>) {
  return parse('enterprises', [ENT_HEADER, ent(over)]);
}

describe('enterprises: credit code (GB 32100-2015)', () => {
  it('when the code is valid, then the row is normalised', async () => {
    const r = await oneEnterprise({});
    expect(r.errors).toEqual([]);
    expect(r.rows[0]).toEqual({
      row: 2,
      data: {
        name: '南宁市云桂水泥有限公司',
        uscc: U1,
        permitNo: `${U1}001P`,
        permitCategory: 'key',
        industryCodes: ['3011'],
        industryNames: ['水泥制造'],
        divisionCode: '450102',
        address: null,
        legalRepresentative: null,
        issuedOn: null,
        validFrom: '2020-07-01',
        validTo: '2025-06-30',
        pollutantCategories: ['废水', '废气'],
        issuingAuthority: null,
        lastAcceptanceDate: null,
      },
    });
  });

  it('when the code is typed in full-width digits with spaces around, then it is accepted and folded', async () => {
    const r = await oneEnterprise({ 统一社会信用代码: ' ９１４５０１０２６４２０６４２３３１ ', 许可证编号: '９１４５０１０２６４２０６４２３３１００１Ｐ' });
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.data.uscc).toBe(U1);
    expect(r.rows[0]!.data.permitNo).toBe(`${U1}001P`);
  });

  it('when the code has a lower-case letter, then it is upper-cased', async () => {
    const r = await oneEnterprise({ 统一社会信用代码: U2.toLowerCase(), 许可证编号: '', 行政区划代码: '450203', 行业类别代码: '2221' });
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.data.uscc).toBe(U2);
  });

  it.each([
    ['914501026420642332', /校验位错误：按 GB 32100-2015 前 17 位算出第 18 位应为 1，此处为 2/],
    ['91450102642064233', /应为 18 位（GB 32100-2015），此处为 17 位/],
    ['9145010264206423311', /此处为 19 位/],
    ['91450102642O642331', /不允许的字符/],
    ['', /不能为空/],
  ])('when the code is %j, then the row is rejected with a message saying what is expected', async (code, message) => {
    const r = await oneEnterprise({ 统一社会信用代码: code, 许可证编号: '' });
    expect(r.rows).toEqual([]);
    expect(r.errors).toEqual([{ row: 2, column: '统一社会信用代码', value: code, message: expect.stringMatching(message) }]);
  });

  it('when Excel stored the credit code as a number, then the row is rejected: precision is lost', async () => {
    const file = await xlsxOf([
      ['单位名称', '统一社会信用代码', '行业类别代码', '行政区划代码'],
      ['甲', 914501026420642331, 3011, 450102],
    ]);
    const r = await parseImport({ kind: 'enterprises', file, fileName: 'n.xlsx', reference });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(/存成了数字，已丢失精度/);
  });
});

describe('enterprises: permit number (HJ 608-2017) and management category', () => {
  it.each([
    [`${U1}001`, /应为 22 位（HJ 608-2017），此处为 21 位/],
    [`${U1}0A1P`, /18 位统一社会信用代码 \+ 3 位数字 \+ 1 位字母/],
    ['914501026420642332001P', /前 18 位不是有效的统一社会信用代码/],
    [`${U2}001P`, new RegExp(`前 18 位应与本行统一社会信用代码 ${U1} 一致`)],
  ])('when the permit number is %s, then the row is rejected', async (permit, message) => {
    const r = await oneEnterprise({ 许可证编号: permit });
    expect(r.errors).toEqual([{ row: 2, column: '许可证编号', value: permit, message: expect.stringMatching(message) }]);
  });

  it('when the permit number has the H9 substitute form, then it need not repeat the credit code', async () => {
    const r = await oneEnterprise({ 许可证编号: 'H9450102abcdefghij001P' });
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.data.permitNo).toBe('H9450102ABCDEFGHIJ001P');
  });

  it('when the issuing authority comes under the alias 发证单位 with spaces around, then it is the trimmed text; an empty cell is null', async () => {
    const r = await parse('enterprises', [
      [...ENT_HEADER, '发证单位'],
      [...ent(), '  南宁市生态环境局 '],
      [...ent({ 许可证编号: `${U1}002P` }), ''],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.data.issuingAuthority)).toEqual(['南宁市生态环境局', null]);
  });

  it('when an enterprise has no permit, then permitNo is null and the natural key says so', async () => {
    const r = await oneEnterprise({ 许可证编号: '', 管理类别: '' });
    expect(r.rows[0]!.data).toMatchObject({ permitNo: null, permitCategory: null });
    expect(naturalKeyOf('enterprises', r.rows[0]!.data)).toBe(JSON.stringify([U1, null]));
  });

  it.each([
    ['重点管理', 'key'],
    ['重点', 'key'],
    ['简化管理', 'simplified'],
    [' 简化 ', 'simplified'],
    ['登记管理', 'registration'],
    ['登记', 'registration'],
  ])('when 管理类别 is %j, then the category is %s', async (label, category) => {
    const r = await oneEnterprise({ 管理类别: label });
    expect(r.rows[0]!.data.permitCategory).toBe(category);
  });

  it('when 管理类别 is something else, then the row is rejected naming the three categories', async () => {
    const r = await oneEnterprise({ 管理类别: '一般' });
    expect(r.errors[0]).toEqual({ row: 2, column: '管理类别', value: '一般', message: '管理类别应为 重点管理、简化管理 或 登记管理' });
  });
});

describe('enterprises: industries (GB/T 4754-2017)', () => {
  it('when several codes are in one cell, then the first is the principal and names come from the reference', async () => {
    const r = await oneEnterprise({ 行业类别代码: '3215，3212、3222', 行业类别: '' });
    expect(r.rows[0]!.data).toMatchObject({ industryCodes: ['3215', '3212', '3222'], industryNames: ['锑冶炼', '铅锌冶炼', '银冶炼'] });
  });

  it('when the code cell is empty, then the names are mapped to codes by exact name', async () => {
    const r = await oneEnterprise({ 行业类别代码: '', 行业类别: '锑冶炼,铅锌冶炼' });
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.data).toMatchObject({ industryCodes: ['3215', '3212'], industryNames: ['锑冶炼', '铅锌冶炼'] });
  });

  it('when a name is shared by a 中类 and its only 小类, then the 小类 code is used', async () => {
    const r = await oneEnterprise({ 行业类别代码: '', 行业类别: '制糖业' });
    expect(r.rows[0]!.data.industryCodes).toEqual(['1340']);
  });

  it('when a name is not in the standard, then the row is rejected asking for the code', async () => {
    const r = await oneEnterprise({ 行业类别代码: '', 行业类别: '水泥厂' });
    expect(r.errors[0]).toMatchObject({ column: '行业类别', value: '水泥厂', message: expect.stringMatching(/不是 GB\/T 4754-2017 的行业名称/) });
  });

  it('when both industry cells are empty, then the row is rejected', async () => {
    const r = await oneEnterprise({ 行业类别代码: '', 行业类别: '' });
    expect(r.errors[0]).toMatchObject({ column: '行业类别代码', message: '行业类别代码与行业类别至少填写一项（GB/T 4754-2017）' });
  });

  it.each([
    ['9999', /9999 不是 GB\/T 4754-2017 的行业代码/],
    ['30A1', /应为 GB\/T 4754-2017 的 4 位数字代码/],
    ['3011,8888', /8888 不是/],
  ])('when the code cell is %j, then the row is rejected', async (codes, message) => {
    const r = await oneEnterprise({ 行业类别代码: codes });
    expect(r.errors[0]).toMatchObject({ column: '行业类别代码', value: codes, message: expect.stringMatching(message) });
  });

  it('when a 2011-style code xxx0 is not in GB/T 4754-2017 but its 中类 is, then it is accepted with a warning', async () => {
    const r = await oneEnterprise({ 行业类别代码: '1810', 行业类别: '机织服装制造' });
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.data).toMatchObject({ industryCodes: ['1810'], industryNames: ['机织服装制造'] });
    expect(r.warnings).toEqual(['第 2 行：行业类别代码 1810 不在 GB/T 4754-2017 小类中，按其中类 181「机织服装制造」接受']);
  });

  it('when Excel stored a code with a leading zero as a number, then the zero is restored', async () => {
    const file = await xlsxOf([
      ['单位名称', '统一社会信用代码', '行业类别代码', '行政区划代码'],
      ['甲', U1, 610, 450102],
    ]);
    const r = await parseImport({ kind: 'enterprises', file, fileName: 'n.xlsx', reference });
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.data.industryCodes).toEqual(['0610']);
    expect(r.rows[0]!.data.divisionCode).toBe('450102');
  });
});

describe('enterprises: division code (GB/T 2260)', () => {
  it.each([
    ['450100', /应为县级（县、市、区）代码，450100 是设区市代码/],
    ['450000', /450000 是省级代码/],
    ['450199', /450199 不是已知的广西县级行政区划代码/],
    ['110101', /不是已知的广西县级/],
    ['4501', /应为 6 位数字/],
    ['', /不能为空/],
  ])('when the division code is %j, then the row is rejected', async (code, message) => {
    const r = await oneEnterprise({ 行政区划代码: code });
    expect(r.errors).toEqual([{ row: 2, column: '行政区划代码', value: code, message: expect.stringMatching(message) }]);
  });
});

describe('enterprises: dates and the other cells', () => {
  it('when the validity ends before it starts, then the row is rejected on 有效期止', async () => {
    const r = await oneEnterprise({ 有效期起: '2025-07-01', 有效期止: '2020/6/30' });
    expect(r.errors).toEqual([{ row: 2, column: '有效期止', value: '2020/6/30', message: '有效期止 2020-06-30 早于有效期起 2025-07-01' }]);
  });

  it('when a date is not a date, then the message names the accepted forms', async () => {
    const r = await oneEnterprise({ 有效期起: '2020-13-01' });
    expect(r.errors[0]).toMatchObject({ column: '有效期起', message: '有效期起应为日期，如 2021-03-01、2021/3/1 或 2021年3月1日' });
  });

  it('when one row has several problems, then each is reported with its column', async () => {
    const r = await oneEnterprise({ 单位名称: '', 统一社会信用代码: '914501026420642332', 许可证编号: '', 行政区划代码: '450100', 管理类别: 'x' });
    expect(r.errors.map((e) => e.column)).toEqual(['单位名称', '统一社会信用代码', '管理类别', '行政区划代码']);
    expect(r.rejected).toBe(1);
  });

  it('when a 有效期限 column holds both dates, then it fills 有效期起 and 有效期止', async () => {
    const r = await parse('enterprises', [
      ['单位名称', '统一社会信用代码', '行业类别代码', '行政区划代码', '有效期限'],
      ['甲', U1, '3011', '450102', '自2020年07月01日至2025年06月30日止'],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.data).toMatchObject({ validFrom: '2020-07-01', validTo: '2025-06-30' });
  });

  it('when a formula cell has no cached value, then the row error is located at its row and column', async () => {
    const file = await xlsxOf([
      ['企业名单'],
      ['单位名称', '统一社会信用代码', '行业类别代码', '行政区划代码', '发证日期'],
      ['甲', U1, '3011', '450102', { formula: 'TODAY()' }],
    ]);
    const r = await parseImport({ kind: 'enterprises', file, fileName: 'f.xlsx', reference });
    expect(r.errors).toEqual([{ row: 3, column: '发证日期', value: '=TODAY()', message: '公式无法计算，请粘贴为数值' }]);
  });

  it('when a date cell is a real Excel date or a serial number, then it is the calendar date written', async () => {
    const file = await xlsxOf([
      ['单位名称', '统一社会信用代码', '行业类别代码', '行政区划代码', '发证日期', '有效期起', '有效期止'],
      ['甲', U1, '3011', '450102', new Date(Date.UTC(2020, 5, 30)), 44013, '2025年6月30日'],
    ]);
    const r = await parseImport({ kind: 'enterprises', file, fileName: 'd.xlsx', reference });
    expect(r.rows[0]!.data).toMatchObject({ issuedOn: '2020-06-30', validFrom: '2020-07-01', validTo: '2025-06-30' });
  });
});

describe('exceedances', () => {
  const H = ['统一社会信用代码', '排放口编号', '污染物', '监测日期', '实测值', '排放限值', '计量单位', '数据来源'];
  it('when a row is complete, then it is normalised with the English data source', async () => {
    const r = await parse('exceedances', [H, [U1, 'da001', '颗粒物', '2021/6/15', '32.5', '30', 'mg/m3', '在线监测']]);
    expect(r.rows[0]!.data).toEqual({ uscc: U1, outletCode: 'DA001', pollutant: '颗粒物', monitoredOn: '2021-06-15', measuredValue: 32.5, limitValue: 30, unit: 'mg/m3', dataSource: 'online' });
    expect(naturalKeyOf('exceedances', r.rows[0]!.data)).toBe(JSON.stringify([U1, 'DA001', '颗粒物', '2021-06-15']));
  });
  it.each([
    [['0'], '排放限值', '排放限值应大于 0'],
    [['-5'], '排放限值', '排放限值应大于 0'],
    [['30', '自己测'], '数据来源', '数据来源应为 在线监测、执法监测 或 自行监测'],
    [['30', '执法监测', '-1'], '实测值', '实测值不能小于 0'],
  ])('when the row has %j, then %s is rejected', async (vals, column, message) => {
    const [limit, source = '执法监测', measured = '100'] = vals;
    const r = await parse('exceedances', [H, [U1, 'DW001', '化学需氧量', '2021-03-02', measured, limit!, 'mg/L', source]]);
    expect(r.errors).toEqual([expect.objectContaining({ row: 2, column, message })]);
  });
  it.each([
    ['执法监测', 'enforcement'],
    ['自行监测', 'selfMonitoring'],
  ])('when 数据来源 is %s, then dataSource is %s', async (label, value) => {
    const r = await parse('exceedances', [H, [U1, 'DW001', '氨氮', '2021-03-02', '1', '8', 'mg/L', label]]);
    expect(r.rows[0]!.data.dataSource).toBe(value);
  });
});

describe('quotas', () => {
  const H = ['统一社会信用代码', '年度', '污染物', '实际排放量（吨）', '总量控制指标（吨）'];
  it('when amounts have thousands separators and the year a 年, then they are numbers', async () => {
    const r = await parse('quotas', [H, [U1, '2021年', '氮氧化物', '1,260.4', '1，250']]);
    expect(r.rows[0]!.data).toEqual({ uscc: U1, year: 2021, pollutant: '氮氧化物', actualT: 1260.4, quotaT: 1250 });
  });
  it.each([
    ['1999', '年度', '年度应为 2000–2100 之间的 4 位年份，如 2021'],
    ['21', '年度', '年度应为 2000–2100 之间的 4 位年份，如 2021'],
    ['2021.5', '年度', '年度应为 2000–2100 之间的 4 位年份，如 2021'],
  ])('when the year is %s, then it is rejected', async (year, column, message) => {
    const r = await parse('quotas', [H, [U1, year, '氨氮', '1', '2']]);
    expect(r.errors).toEqual([expect.objectContaining({ column, message, value: year })]);
  });
  it('when the quota is 0, then it is rejected: a limit must be greater than zero', async () => {
    const r = await parse('quotas', [H, [U1, '2021', '氨氮', '1', '0']]);
    expect(r.errors).toEqual([expect.objectContaining({ column: '总量控制指标（吨）', message: '总量控制指标（吨）应大于 0' })]);
  });
});

describe('hazardous', () => {
  const H = ['统一社会信用代码', '年度', '类别', '物质名称', 'CAS号', '数量', '计量单位'];
  it.each([
    ['67-66-3', true],
    ['50-00-0', true],
    ['7440-43-9', true],
    ['7732-18-5', true],
    ['67-66-4', false],
    ['6766-3', false],
  ])('when the CAS number is %s, then its check digit is valid: %s', (cas, valid) => {
    expect(isValidCasNo(cas)).toBe(valid);
  });
  it('when a substance is used, then category is use and the natural key takes the CAS number', async () => {
    const r = await parse('hazardous', [H, [U1, '2021', '使用', '三氯甲烷', '67-66-3', '12.5', '吨']]);
    expect(r.rows[0]!.data).toEqual({ uscc: U1, year: 2021, category: 'use', substanceName: '三氯甲烷', casNo: '67-66-3', quantity: 12.5, unit: '吨' });
    expect(naturalKeyOf('hazardous', r.rows[0]!.data)).toBe(JSON.stringify([U1, 2021, 'use', '67-66-3']));
  });
  it('when there is no CAS number, then the natural key takes the name', async () => {
    const r = await parse('hazardous', [H, [U1, '2021', '排放', '重金属废水', '', '', '']]);
    expect(r.rows[0]!.data).toMatchObject({ category: 'discharge', casNo: null, quantity: null, unit: null });
    expect(naturalKeyOf('hazardous', r.rows[0]!.data)).toBe(JSON.stringify([U1, 2021, 'discharge', '重金属废水']));
  });
  it.each([
    [['产生', '甲醛', '50-00-0', '3', '吨'], '类别', '类别应为 使用 或 排放'],
    [['使用', '甲醛', '50-00-1', '3', '吨'], 'CAS号', 'CAS号 50-00-1 校验位错误，请核对'],
    [['使用', '甲醛', '5000', '3', '吨'], 'CAS号', 'CAS号应为 CAS 登记号格式，如 67-66-3'],
    [['使用', '甲醛', '50-00-0', '3', ''], '计量单位', '填写了数量时应填写计量单位，如 吨'],
  ])('when the row is %j, then %s is rejected', async (rest, column, message) => {
    const r = await parse('hazardous', [H, [U1, '2021', ...rest]]);
    expect(r.errors).toEqual([expect.objectContaining({ column, message })]);
  });
});

describe('energy: the 1 % rule (issue 3 §4)', () => {
  const H = ['统一社会信用代码', '年度', '产品名称', '产量', '产量单位', '综合能耗（吨标准煤）', '单位产品能耗', '限额值', '限额标准'];
  const row = (tce: string, perUnit: string, limit = '117') => [U1, '2021', '水泥熟料', '1,200,000', 't', tce, perUnit, limit, 'GB 16780-2021'];

  it('when 单位产品能耗 is empty, then it is computed as tce × 1000 / output (kgce/t)', async () => {
    const r = await parse('energy', [H, row('132000', '')]);
    expect(r.rows[0]!.data).toMatchObject({ output: 1_200_000, comprehensiveEnergyTce: 132_000, energyPerUnitKgce: 110, limitKgcePerUnit: 117 });
    expect(energyPerUnitKgce(1, 3)).toBe(333.3333);
  });

  it.each([
    ['110', true],
    ['111.09', true], // +0.99 %
    ['108.91', true], // −0.99 %
    ['111.2', false], // +1.09 %
    ['108.8', false], // −1.09 %
    ['120', false],
  ])('when 单位产品能耗 given is %s against a computed 110, then accepted: %s', async (given, accepted) => {
    const r = await parse('energy', [H, row('132000', given)]);
    if (accepted) {
      expect(r.errors).toEqual([]);
      expect(r.rows[0]!.data.energyPerUnitKgce).toBe(Number(given));
    } else {
      expect(r.errors).toEqual([
        { row: 2, column: '单位产品能耗', value: given, message: `单位产品能耗 ${given} 与 综合能耗×1000÷产量 = 110 相差超过 1%，请核对综合能耗、产量或单位产品能耗` },
      ]);
    }
  });

  it('when only 单位产品能耗 is given, then comprehensiveEnergyTce is null', async () => {
    const r = await parse('energy', [H, row('', '560')]);
    expect(r.rows[0]!.data).toMatchObject({ comprehensiveEnergyTce: null, energyPerUnitKgce: 560 });
  });

  it('when neither is given, then the row is rejected', async () => {
    const r = await parse('energy', [H, row('', '')]);
    expect(r.errors).toEqual([expect.objectContaining({ column: '单位产品能耗', message: '综合能耗（吨标准煤）与单位产品能耗至少填写一项' })]);
  });

  it.each([
    ['0', '限额值', '限额值应大于 0'],
    ['', '限额值', '限额值不能为空，应大于 0（kgce/单位产品）'],
  ])('when the limit is %j, then it is rejected', async (limit, column, message) => {
    const r = await parse('energy', [H, row('132000', '', limit)]);
    expect(r.errors).toEqual([expect.objectContaining({ column, message })]);
  });

  it('when the output is 0, then it is rejected and no energy per unit is computed', async () => {
    const r = await parse('energy', [H, [U1, '2021', '粗钢', '0', 't', '5', '', '540', '']]);
    expect(r.errors).toEqual([expect.objectContaining({ column: '产量', message: '产量应大于 0' })]);
  });

  it('when a header has only 单位产品能耗 and no 综合能耗 column, then the file is accepted', async () => {
    const r = await parse('energy', [
      ['统一社会信用代码', '年度', '产品名称', '产量', '产量单位', '单位产品综合能耗', '能耗限额'],
      [U1, '2021', '粗钢', '1000000', 't', '560', '540'],
    ]);
    expect(r.errors).toEqual([]);
    expect(r.rows[0]!.data).toMatchObject({ energyPerUnitKgce: 560, limitKgcePerUnit: 540, limitStandard: null });
  });
});
