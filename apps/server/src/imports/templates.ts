/**
 * Downloadable import templates (issue 3 §3 "Downloadable templates for each kind, with the
 * required columns and an example row"): one worksheet with
 *
 * - row 1: how to fill it in (merged across the columns; the header finder skips it as it
 *   skips the title rows of officials' spreadsheets);
 * - row 2: the Chinese headers of issue 3 §4, frozen; required columns in bold red, columns of
 *   which one is required (e.g. 行业类别代码 / 行业类别) in bold orange, each header with a
 *   comment (note) saying what is expected;
 * - row 3: an example row with realistic Guangxi values (南宁市兴宁区 450102, 水泥制造 3011,
 *   a credit code with a computed GB 32100 check character) that imports without errors.
 *
 * Code columns (credit code, permit number, industry and division codes) are formatted as text
 * so that Excel does not turn an 18-digit credit code into a rounded number.
 */
import type { ImportKind } from '@cpaudit/contracts';
import ExcelJS from 'exceljs';
import { kindSpecs } from './kinds/index.ts';

const TEXT_FIELDS = new Set(['uscc', 'permitNo', 'industryCodes', 'divisionCode', 'outletCode', 'casNo']);
const RED = 'FFC00000';
const ORANGE = 'FFC55A11';

/**
 * Builds the import template of `kind` as xlsx bytes.
 * @returns a workbook of one worksheet named after the kind's Chinese title
 */
export async function buildTemplate(kind: ImportKind): Promise<Buffer> {
  const spec = kindSpecs[kind];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CP Audit 清洁生产审核管理信息系统';
  const ws = wb.addWorksheet(spec.title, { views: [{ state: 'frozen', ySplit: 2 }] });
  const columns = spec.columns.filter((c) => !c.alternative);
  const n = columns.length;

  ws.mergeCells(1, 1, 1, n);
  const intro = ws.getCell(1, 1);
  intro.value =
    `${spec.title}导入模板：红色粗体列为必填，橙色粗体列至少填一项，其余可留空；表头请勿改名（也接受常见别名）。` +
    '第 3 行为示例，导入前请替换或删除。日期写作 2021-03-01、2021/3/1 或 2021年3月1日；一个单元格有多个值时用逗号分隔。';
  intro.alignment = { wrapText: true, vertical: 'middle' };
  intro.font = { color: { argb: 'FF595959' } };
  ws.getRow(1).height = 48;

  const header = ws.getRow(2);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.font = c.required ? { bold: true, color: { argb: RED } } : c.group !== undefined ? { bold: true, color: { argb: ORANGE } } : { bold: false };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    const note = c.note || (c.required ? '必填' : '选填');
    cell.note = c.aliases.length ? `${note}\n也接受列名：${c.aliases.join('、')}` : note;
    const col = ws.getColumn(i + 1);
    col.width = Math.max(12, [...c.header].length * 2 + 4, typeof c.example === 'string' ? Math.min(48, [...c.example].length * 1.6) : 0);
    if (TEXT_FIELDS.has(c.field)) col.numFmt = '@';
  });

  const example = ws.getRow(3);
  columns.forEach((c, i) => {
    example.getCell(i + 1).value = c.example;
  });

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
