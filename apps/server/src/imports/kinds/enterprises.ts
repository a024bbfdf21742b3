/**
 * Import kind `enterprises` (issue 3 §4): one row per permit; an enterprise without a permit has
 * an empty 许可证编号. Required: 单位名称, 统一社会信用代码, 行政区划代码, and the industry
 * (行业类别代码, or when it is empty the names in 行业类别, mapped to codes).
 */
import type { EnterpriseImportRow, PermitCategory } from '@cpaudit/contracts';
import { divisionLevelOf, isSubstitutePermitNo, validatePermitNo } from '@cpaudit/domain';
import { parseDate, splitList } from '../normalize.ts';
import { v, INVALID, type Invalid, type RowReader } from '../validate.ts';
import { EXAMPLE_USCC, labels, usccColumn } from './common.ts';
import type { ColumnSpec, ImportReference, KindSpec } from './spec.ts';

const columns: readonly ColumnSpec[] = [
  {
    field: 'name',
    header: '单位名称',
    aliases: ['企业名称', '排污单位名称', '单位全称', '企业全称', '持证单位名称'],
    required: true,
    note: '必填。营业执照上的全称',
    example: '南宁市示例水泥有限公司',
  },
  usccColumn,
  {
    field: 'permitNo',
    header: '许可证编号',
    aliases: ['排污许可证编号', '排污许可证号', '许可证号', '排污许可编号', '登记编号', '排污登记编号'],
    required: false,
    note: '22 位排污许可证编号（HJ 608-2017），前 18 位与统一社会信用代码一致；无许可证的企业留空',
    example: `${EXAMPLE_USCC}001P`,
  },
  {
    field: 'permitCategory',
    header: '管理类别',
    aliases: ['排污许可管理类别', '许可管理类别', '管理级别', '排污许可管理类型'],
    required: false,
    note: '重点管理、简化管理 或 登记管理（也可写 重点/简化/登记）',
    example: '重点管理',
  },
  {
    field: 'industryCodes',
    header: '行业类别代码',
    aliases: ['行业代码', '国民经济行业代码', '国民经济行业分类代码', '行业分类代码', '所属行业代码'],
    required: false,
    group: 'industry',
    note: '与「行业类别」至少填一项。GB/T 4754-2017 代码，多个用逗号分隔，第一个为主行业',
    example: '3011',
  },
  {
    field: 'industryNames',
    header: '行业类别',
    aliases: ['所属行业', '行业名称', '行业类别名称', '国民经济行业分类', '国民经济行业类别'],
    required: false,
    group: 'industry',
    note: '行业类别代码为空时按名称（须与 GB/T 4754-2017 名称完全一致）换算为代码',
    example: '水泥制造',
  },
  {
    field: 'divisionCode',
    header: '行政区划代码',
    aliases: ['区划代码', '县(市、区)代码', '县级行政区划代码', '所在区县代码', '县区代码', '所属县区代码'],
    required: true,
    note: '必填。县级（县、市、区）6 位代码（GB/T 2260），如 450102 兴宁区',
    example: '450102',
  },
  {
    field: 'address',
    header: '生产经营场所地址',
    aliases: ['地址', '生产地址', '经营场所地址', '生产经营地址', '企业地址', '生产经营场所'],
    required: false,
    note: '',
    example: '广西壮族自治区南宁市兴宁区示例工业园1号',
  },
  {
    field: 'legalRepresentative',
    header: '法定代表人',
    aliases: ['法人代表', '法定代表人(主要负责人)', '法人', '法定代表人/主要负责人'],
    required: false,
    note: '',
    example: '李明',
  },
  {
    field: 'issuedOn',
    header: '发证日期',
    aliases: ['发证时间', '许可证发证日期', '领证日期'],
    required: false,
    note: '日期，如 2023-06-30、2023/6/30 或 2023年6月30日',
    example: '2023-06-30',
  },
  {
    field: 'issuingAuthority',
    header: '发证机关',
    aliases: ['发证单位', '发证部门', '核发机关', '审批部门'],
    required: false,
    note: '核发排污许可证的生态环境主管部门',
    example: '南宁市生态环境局',
  },
  {
    field: 'validFrom',
    header: '有效期起',
    aliases: ['有效期限起', '有效期开始日期', '有效期自', '有效期限(起)', '有效期起始日期', '有效期开始'],
    required: false,
    note: '日期',
    example: '2023-07-01',
  },
  {
    field: 'validTo',
    header: '有效期止',
    aliases: ['有效期限止', '有效期至', '有效期结束日期', '有效期限(止)', '有效期截止日期', '有效期结束'],
    required: false,
    note: '日期，不早于有效期起',
    example: '2028-06-30',
  },
  {
    field: 'validity',
    header: '有效期限',
    aliases: ['有效期'],
    required: false,
    note: '可代替「有效期起」「有效期止」两列，如 2020-07-01至2025-06-30',
    example: null,
    alternative: true,
  },
  {
    field: 'pollutantCategories',
    header: '主要污染物类别',
    aliases: ['污染物类别', '主要污染物种类', '排放污染物类别'],
    required: false,
    note: '多个用逗号或顿号分隔，如 废水,废气',
    example: '废气',
  },
  {
    field: 'lastAcceptanceDate',
    header: '上轮清洁生产验收日期',
    aliases: ['上轮清洁生产验收时间', '上一轮清洁生产验收日期', '上轮验收日期', '最近一次清洁生产验收日期'],
    required: false,
    note: '上一轮清洁生产审核通过验收的日期（用于 5 年规则）；没有则留空',
    example: null,
  },
];

const CATEGORY = labels<PermitCategory>({
  重点管理: 'key',
  重点: 'key',
  key: 'key',
  简化管理: 'simplified',
  简化: 'simplified',
  simplified: 'simplified',
  登记管理: 'registration',
  登记: 'registration',
  registration: 'registration',
});

/** name → code of the industry reference, preferring the most detailed (longest) code for names shared by several levels. */
const nameIndexes = new WeakMap<ReadonlyMap<string, string>, Map<string, string>>();
function industryNameIndex(codes: ReadonlyMap<string, string>): Map<string, string> {
  let index = nameIndexes.get(codes);
  if (!index) {
    index = new Map();
    for (const [code, name] of codes) {
      if (!/^\d{2,4}$/.test(code)) continue;
      const prior = index.get(name);
      if (prior === undefined || code.length > prior.length) index.set(name, code);
    }
    nameIndexes.set(codes, index);
  }
  return index;
}

/**
 * Resolves one industry code against the reference. A 4-digit code ending in 0 that GB/T
 * 4754-2017 does not list while its 3-digit 中类 exists (e.g. `1810`, the GB/T 4754-2011 code of
 * 机织服装制造, split into 1811/1819 in 2017) is accepted as written, named after its 中类, and
 * noted as a warning.
 */
function resolveIndustryCode(code: string, ref: ImportReference): { name: string; note?: string } | null {
  const name = ref.industryCodes.get(code);
  if (name !== undefined) return { name };
  if (/^\d{3}0$/.test(code)) {
    const group = ref.industryCodes.get(code.slice(0, 3));
    if (group !== undefined) {
      return { name: group, note: `行业类别代码 ${code} 不在 GB/T 4754-2017 小类中，按其中类 ${code.slice(0, 3)}「${group}」接受` };
    }
  }
  return null;
}

function industries(r: RowReader, ref: ImportReference): { codes: string[]; names: string[] } | Invalid {
  const codeCell = r.cell('industryCodes');
  let codesText = r.text('industryCodes');
  if (codesText === INVALID) return INVALID;
  // A 4-digit code stored by Excel as a number loses its leading zero (0610 → 610).
  if (typeof codeCell === 'number' && Number.isInteger(codeCell) && codeCell >= 100 && codeCell <= 999) codesText = `0${codeCell}`;
  if (codesText !== null) {
    const codes: string[] = [];
    const names: string[] = [];
    for (const raw of splitList(codesText)) {
      const code = raw.replace(/\s+/g, '');
      if (!/^\d{2,4}$/.test(code)) return r.fail('industryCodes', `行业类别代码「${raw}」应为 GB/T 4754-2017 的 4 位数字代码，多个用逗号分隔`);
      const hit = resolveIndustryCode(code, ref);
      if (hit === null) return r.fail('industryCodes', `行业类别代码 ${code} 不是 GB/T 4754-2017 的行业代码`);
      if (hit.note) r.warnings.push(`第 ${r.row} 行：${hit.note}`);
      if (!codes.includes(code)) {
        codes.push(code);
        names.push(hit.name);
      }
    }
    return { codes, names };
  }
  const namesText = r.text('industryNames');
  if (namesText === INVALID) return INVALID;
  if (namesText === null) {
    const field = r.has('industryCodes') ? 'industryCodes' : 'industryNames';
    return r.fail(field, '行业类别代码与行业类别至少填写一项（GB/T 4754-2017）');
  }
  const index = industryNameIndex(ref.industryCodes);
  const codes: string[] = [];
  const names: string[] = [];
  for (const name of splitList(namesText)) {
    const code = index.get(name);
    if (code === undefined) return r.fail('industryNames', `行业类别「${name}」不是 GB/T 4754-2017 的行业名称；请填写行业类别代码，或使用标准中的完整名称`);
    if (!codes.includes(code)) {
      codes.push(code);
      names.push(ref.industryCodes.get(code) ?? name);
    }
  }
  return { codes, names };
}

function division(r: RowReader, ref: ImportReference): string | Invalid {
  const t = r.text('divisionCode', { required: '行政区划代码不能为空，应为县级 6 位代码（GB/T 2260），如 450102' });
  if (t === INVALID || t === null) return INVALID;
  const code = t.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) return r.fail('divisionCode', '行政区划代码应为 6 位数字（GB/T 2260），如 450102');
  const level = divisionLevelOf(code);
  if (level !== 'county') {
    return r.fail('divisionCode', `行政区划代码应为县级（县、市、区）代码，${code} 是${level === 'city' ? '设区市' : '省级'}代码`);
  }
  if (!ref.divisionCodes.has(code)) return r.fail('divisionCode', `行政区划代码 ${code} 不是已知的广西县级行政区划代码（GB/T 2260）`);
  return code;
}

function permitNo(r: RowReader, uscc: string | Invalid): string | null | Invalid {
  const t = r.text('permitNo');
  if (t === INVALID || t === null) return t;
  const check = validatePermitNo(t);
  const h = r.header('permitNo');
  if (!check.valid) {
    if (check.error === 'length') return r.fail('permitNo', `${h}应为 22 位（HJ 608-2017），此处为 ${[...check.normalized].length} 位`);
    if (check.error === 'format') return r.fail('permitNo', `${h}应为 18 位统一社会信用代码 + 3 位数字 + 1 位字母（HJ 608-2017）`);
    return r.fail('permitNo', `${h}前 18 位不是有效的统一社会信用代码（HJ 608-2017）`);
  }
  if (uscc !== INVALID && !isSubstitutePermitNo(check.normalized) && check.normalized.slice(0, 18) !== uscc) {
    return r.fail('permitNo', `${h}前 18 位应与本行统一社会信用代码 ${uscc} 一致（HJ 608-2017）`);
  }
  return check.normalized;
}

/** `2020-07-01至2025-06-30` (also `~`, `～`, `—`, `到`, optional leading `自`) → [from, to]. */
function validityRange(r: RowReader): [string | null, string | null] | Invalid {
  const t = r.text('validity');
  if (t === INVALID) return INVALID;
  if (t === null) return [null, null];
  const parts = t.replace(/^自/, '').split(/\s*(?:至|到|~|～|—{1,2}|－)\s*/);
  const from = parts.length === 2 ? parseDate(parts[0]!) : null;
  const to = parts.length === 2 ? parseDate(parts[1]!.replace(/止$/, '')) : null;
  if (!from?.ok || !to?.ok) return r.fail('validity', `${r.header('validity')}应写作 起始日期至截止日期，如 2020-07-01至2025-06-30`);
  return [from.value, to.value];
}

function validate(r: RowReader, ref: ImportReference): EnterpriseImportRow | null {
  const name = r.text('name', { required: '单位名称不能为空', max: 200 });
  const uscc = r.uscc('uscc');
  const permit = permitNo(r, uscc);
  const category = r.choice('permitCategory', CATEGORY, '重点管理、简化管理 或 登记管理', false);
  const ind = industries(r, ref);
  const divisionCode = division(r, ref);
  const address = r.text('address', { max: 500 });
  const legalRepresentative = r.text('legalRepresentative', { max: 100 });
  const issuedOn = r.date('issuedOn');
  const issuingAuthority = r.text('issuingAuthority', { max: 100 });
  let validFrom = r.date('validFrom');
  let validTo = r.date('validTo');
  if (validFrom === null && validTo === null && r.has('validity')) {
    const range = validityRange(r);
    if (range === INVALID) validFrom = INVALID;
    else [validFrom, validTo] = range;
  }
  const pollutants = r.text('pollutantCategories');
  const lastAcceptanceDate = r.date('lastAcceptanceDate');
  if (r.failed) return null;
  const from = v(validFrom);
  const to = v(validTo);
  if (from !== null && to !== null && from > to) {
    r.fail('validTo', `有效期止 ${to} 早于有效期起 ${from}`, r.has('validTo') ? undefined : to);
    return null;
  }
  const industry = v(ind);
  return {
    name: v(name)!,
    uscc: v(uscc),
    permitNo: v(permit),
    permitCategory: v(category),
    industryCodes: industry.codes,
    industryNames: industry.names,
    divisionCode: v(divisionCode),
    address: v(address),
    legalRepresentative: v(legalRepresentative),
    issuedOn: v(issuedOn),
    issuingAuthority: v(issuingAuthority),
    validFrom: from,
    validTo: to,
    pollutantCategories: splitList(v(pollutants)).filter((p, i, all) => all.indexOf(p) === i),
    lastAcceptanceDate: v(lastAcceptanceDate),
  };
}

/** The `enterprises` kind. */
export const enterprisesSpec: KindSpec<'enterprises'> = { kind: 'enterprises', title: '企业与排污许可', columns, validate };
