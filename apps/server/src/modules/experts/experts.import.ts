/**
 * Parsing an expert-pool spreadsheet (xlsx or csv, first sheet) into validated {@link ExpertInput}
 * rows with located errors, on the read layer of `src/imports` (magic bytes, zip limits, UTF-8
 * safe streaming). No database access: the caller passes the reference names.
 *
 * Columns (header row within the first 10 rows, any order; * required):
 * 姓名*, 工作单位*, 单位统一社会信用代码, 职称, 专业领域* (key-industry names or keys and 节能 / 环保,
 * separated by 、，,;；/), 所在城市* (name such as 南宁市 or code 450100), 是否可用 (是/否, default 是),
 * 不可用原因, 联系电话, 电子邮箱.
 */
import ExcelJS from 'exceljs';
import { ExpertInputSchema, type ExpertInput } from '@cpaudit/contracts';
import { validateUscc } from '@cpaudit/domain';
import { columnLetter } from '../../imports/cell.ts';
import { cellText, readRows, type SheetRow } from '../../imports/index.ts';

/** One located problem: 1-based row as Excel shows it, the column letter and header, the message (Chinese). */
export interface ExpertRowError {
  row: number;
  column: string | null;
  header: string | null;
  message: string;
}

const HEADERS = {
  name: ['姓名'],
  employerName: ['工作单位', '单位名称', '单位'],
  employerUscc: ['单位统一社会信用代码', '统一社会信用代码'],
  title: ['职称'],
  specialities: ['专业领域', '专业', '擅长领域'],
  city: ['所在城市', '所在市', '城市', '地市'],
  available: ['是否可用', '可用'],
  unavailableReason: ['不可用原因'],
  phone: ['联系电话', '电话', '手机'],
  email: ['电子邮箱', '邮箱'],
} as const;
type Field = keyof typeof HEADERS;
const REQUIRED: Field[] = ['name', 'employerName', 'specialities', 'city'];

/** Reference names: key industries `{ key, nameZh }` and cities `{ code, name }`. */
export interface ExpertImportRefs {
  industries: { key: string; nameZh: string }[];
  cities: { code: string; name: string }[];
}

/**
 * Reads and validates the file.
 * @returns `{ rows, errors }`: rows only when `errors` is empty (the import is all or nothing)
 * @throws ImportFileError for a file that is not a readable xlsx/csv (type, size, archive limits)
 */
export async function parseExpertFile(file: Buffer, fileName: string, refs: ExpertImportRefs): Promise<{ rows: ExpertInput[]; errors: ExpertRowError[] }> {
  const errors: ExpertRowError[] = [];
  const rows: ExpertInput[] = [];
  let header: { row: number; columns: Partial<Record<Field, number>> } | null = null;
  const specialityOf = new Map<string, string>([
    ['节能', 'energy_saving'],
    ['energy_saving', 'energy_saving'],
    ['环保', 'environment'],
    ['环境', 'environment'],
    ['environment', 'environment'],
  ]);
  for (const i of refs.industries) {
    specialityOf.set(i.key, i.key);
    specialityOf.set(i.nameZh, i.key);
  }
  const cityOf = new Map<string, string>();
  for (const c of refs.cities) {
    cityOf.set(c.code, c.code);
    cityOf.set(c.name, c.code);
    cityOf.set(c.name.replace(/市$/, ''), c.code);
  }

  const seen = new Map<string, number>();
  for await (const r of readRows(file, fileName)) {
    if (header === null) {
      if (r.row > 10) break;
      header = headerOf(r);
      continue;
    }
    const cols = header.columns;
    const text = (f: Field): string | null => (cols[f] === undefined ? null : cellText(r.cells[cols[f]!]));
    if (Object.keys(HEADERS).every((f) => text(f as Field) === null)) continue; // blank row
    const at = (f: Field, message: string) =>
      errors.push({ row: r.row, column: cols[f] === undefined ? null : columnLetter(cols[f]!), header: cols[f] === undefined ? null : HEADERS[f][0], message });
    const before = errors.length;
    for (const f of REQUIRED) if (text(f) === null) at(f, '必填');

    const specialities: string[] = [];
    for (const part of (text('specialities') ?? '').split(/[、，,;；/]+/).map((s) => s.trim()).filter(Boolean)) {
      const key = specialityOf.get(part);
      if (key === undefined) at('specialities', `未知专业领域「${part}」`);
      else if (!specialities.includes(key)) specialities.push(key);
    }
    const cityText = text('city');
    const cityCode = cityText === null ? null : (cityOf.get(cityText) ?? null);
    if (cityText !== null && cityCode === null) at('city', `不是广西的设区市「${cityText}」`);
    const usccText = text('employerUscc');
    let employerUscc: string | null = null;
    if (usccText !== null) {
      const v = validateUscc(usccText);
      if (!v.valid) at('employerUscc', `统一社会信用代码无效：${v.error ?? ''}`);
      else employerUscc = v.normalized;
    }
    const availText = text('available');
    let available = true;
    if (availText !== null) {
      if (['是', 'Y', 'y', '1', 'TRUE', 'true', '可用'].includes(availText)) available = true;
      else if (['否', 'N', 'n', '0', 'FALSE', 'false', '不可用'].includes(availText)) available = false;
      else at('available', `应为「是」或「否」，不是「${availText}」`);
    }
    if (errors.length > before) continue;

    const parsed = ExpertInputSchema.safeParse({
      name: text('name'),
      employerName: text('employerName'),
      employerUscc,
      title: text('title') ?? '',
      specialities,
      cityCode,
      available,
      unavailableReason: text('unavailableReason'),
      phone: text('phone'),
      email: text('email'),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const f = (issue.path[0] === 'cityCode' ? 'city' : issue.path[0]) as Field;
        at(f in HEADERS ? f : 'name', issue.message);
      }
      continue;
    }
    const key = `${parsed.data.name}\u0000${parsed.data.employerName}`;
    const first = seen.get(key);
    if (first !== undefined) {
      at('name', `与第 ${first} 行重复（同一单位同名专家）`);
      continue;
    }
    seen.set(key, r.row);
    rows.push(parsed.data);
  }
  if (header === null) errors.push({ row: 1, column: null, header: null, message: '前 10 行中没有找到表头（需要「姓名」「工作单位」「专业领域」「所在城市」列）' });
  else {
    const missing = REQUIRED.filter((f) => header!.columns[f] === undefined);
    if (missing.length) errors.unshift({ row: header.row, column: null, header: null, message: `缺少必需列：${missing.map((f) => HEADERS[f][0]).join('、')}` });
    else if (rows.length === 0 && errors.length === 0) errors.push({ row: header.row + 1, column: null, header: null, message: '文件中没有数据行' });
  }
  return errors.length ? { rows: [], errors } : { rows, errors };
}

function headerOf(r: SheetRow): { row: number; columns: Partial<Record<Field, number>> } | null {
  const columns: Partial<Record<Field, number>> = {};
  r.cells.forEach((c, i) => {
    const t = cellText(c)?.replace(/[*＊\s]/g, '');
    if (!t) return;
    for (const [f, names] of Object.entries(HEADERS) as [Field, readonly string[]][]) {
      if (columns[f] === undefined && names.includes(t)) columns[f] = i;
    }
  });
  return columns.name !== undefined ? { row: r.row, columns } : null;
}

/**
 * The import template: a header row with the first name of each column (required ones marked *)
 * and one example row.
 */
export async function expertTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('专家库');
  const fields = Object.keys(HEADERS) as Field[];
  ws.addRow(fields.map((f) => `${HEADERS[f][0]}${REQUIRED.includes(f) ? '*' : ''}`));
  ws.addRow(['张三', '广西大学', '', '教授', '化工、节能', '南宁市', '是', '', '13900000000', '']);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c) => (c.width = 18));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
