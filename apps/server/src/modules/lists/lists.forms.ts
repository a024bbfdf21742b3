/**
 * The official forms of the published lists (issue 5 §2): 附件2 (强制性) and 附件3 (自愿性)
 * 汇总表 as xlsx (title row, 13 columns, grouped by city in division-code order with a count per
 * city and a total, frozen header, landscape A4), the same as docx annexes to a publication notice,
 * and the flat CSV / JSON of the CLI contract. Every text cell goes through `safeCellText`
 * (ASVS 1.2.10 formula injection).
 */
import { auditStateLabels, type AuditStateValue } from '@cpaudit/contracts';
import { auditTypeLabel, basisLabel, groupByCity, type AuditType } from '@cpaudit/domain';
import { AlignmentType, Document, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import ExcelJS from 'exceljs';
import { safeCellText } from '../../imports/safe-export.ts';
import type { PublishedRow } from './lists.repository.ts';

/** The 13 columns of 附件2/附件3 with their widths (characters). */
export const FORM_COLUMNS = [
  ['序号', 6],
  ['设区市', 10],
  ['县（市、区）', 12],
  ['企业名称', 34],
  ['统一社会信用代码', 22],
  ['所属重点行业', 16],
  ['国民经济行业代码', 10],
  ['审核类型', 8],
  ['审核依据', 14],
  ['名单发布文号', 22],
  ['计划启动时间', 12],
  ['计划完成时间', 12],
  ['备注', 20],
] as const;

/** `附件2` for mandatory, `附件3` for voluntary. */
export function annexLabel(t: AuditType): string {
  return t === 'mandatory' ? '附件2' : '附件3';
}

/** The title of a form, e.g. `广西壮族自治区2022年重点行业强制性清洁生产审核企业名单汇总表`. */
export function formTitle(listYear: number, t: AuditType): string {
  return `广西壮族自治区${listYear}年重点行业${auditTypeLabel(t)}清洁生产审核企业名单汇总表`;
}

function remarksOf(r: PublishedRow): string {
  return [r.round > 0 ? `第${r.round}批补充名单` : '', r.remarks ?? ''].filter(Boolean).join('；');
}

/** The 13 cells of one row (序号 given). */
export function formCells(r: PublishedRow, seq: number): (string | number)[] {
  return [
    seq,
    r.cityName,
    r.countyName,
    r.name,
    r.uscc,
    r.keyIndustryName ?? '',
    r.industryCode ?? '',
    auditTypeLabel(r.auditType),
    basisLabel(r.auditType, r.criteria),
    r.documentNo,
    r.plannedStart ?? '',
    r.plannedFinish ?? '',
    remarksOf(r),
  ];
}

/**
 * The 汇总表 workbook: row 1 the title (merged A:M), row 2 the header (frozen), then per city its
 * rows and a `<city>小计` row with `N家` in 企业名称, and a final `合计` row. Landscape A4, fit to one
 * page wide, rows 1–2 repeated on each printed page.
 * @returns the xlsx bytes
 */
export async function writeListXlsx(rows: readonly PublishedRow[], listYear: number, t: AuditType): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CP Audit';
  const ws = wb.addWorksheet(annexLabel(t), {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2', horizontalCentered: true },
  });
  ws.columns = FORM_COLUMNS.map(([, width], i) => ({ key: `c${i}`, width }));
  ws.mergeCells(1, 1, 1, FORM_COLUMNS.length);
  const title = ws.getCell(1, 1);
  title.value = formTitle(listYear, t);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  const header = ws.getRow(2);
  header.values = FORM_COLUMNS.map(([h]) => h);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  const border: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
  const { groups, total } = groupByCity(rows);
  let seq = 0;
  for (const g of groups) {
    for (const r of g.rows) {
      const row = ws.addRow(formCells(r, ++seq).map((v) => (typeof v === 'string' ? safeCellText(v) : v)));
      row.getCell(5).numFmt = '@';
      row.getCell(7).numFmt = '@';
    }
    const sub = ws.addRow([`${g.rows[0]!.cityName}小计`, '', '', `${g.rows.length}家`]);
    ws.mergeCells(sub.number, 1, sub.number, 3);
    sub.font = { bold: true };
  }
  const tot = ws.addRow(['合计', '', '', `${total}家`]);
  ws.mergeCells(tot.number, 1, tot.number, 3);
  tot.font = { bold: true };
  for (let r = 2; r <= ws.rowCount; r++) for (let c = 1; c <= FORM_COLUMNS.length; c++) ws.getCell(r, c).border = border;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, size: 18 })] })] });

/**
 * The publication notice's annexes as one docx: for each audit type with rows, a landscape A4
 * section headed `附件2`/`附件3` and the form title, then the 13-column table grouped by city with
 * 小计 and 合计 rows, as in {@link writeListXlsx}.
 * @param byType published rows of each type (an empty type is left out)
 */
export async function writeListDocx(byType: Record<AuditType, readonly PublishedRow[]>, listYear: number, documentNo: string | null): Promise<Buffer> {
  const sections = (['mandatory', 'voluntary'] as const)
    .filter((t) => byType[t].length > 0)
    .map((t) => {
      const { groups, total } = groupByCity(byType[t]);
      const rows: TableRow[] = [new TableRow({ tableHeader: true, children: FORM_COLUMNS.map(([h]) => cell(h, true)) })];
      let seq = 0;
      const blank = (n: number) => Array.from({ length: n }, () => cell(''));
      for (const g of groups) {
        for (const r of g.rows) rows.push(new TableRow({ children: formCells(r, ++seq).map((v) => cell(String(v))) }));
        rows.push(new TableRow({ children: [cell(`${g.rows[0]!.cityName}小计`, true), ...blank(2), cell(`${g.rows.length}家`, true), ...blank(9)] }));
      }
      rows.push(new TableRow({ children: [cell('合计', true), ...blank(2), cell(`${total}家`, true), ...blank(9)] }));
      return {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE, width: 11906, height: 16838 } } },
        children: [
          new Paragraph({ children: [new TextRun({ text: annexLabel(t), bold: true })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: formTitle(listYear, t), bold: true, size: 32 })] }),
          ...(documentNo ? [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: documentNo })] })] : []),
          new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows }),
        ],
      };
    });
  if (sections.length === 0) {
    sections.push({ properties: { page: { size: { orientation: PageOrientation.LANDSCAPE, width: 11906, height: 16838 } } }, children: [new Paragraph({ children: [new TextRun(`${listYear}年名单尚未发布`)] })] });
  }
  return Packer.toBuffer(new Document({ creator: 'CP Audit', title: `${listYear}年清洁生产审核企业名单`, sections }));
}

const CSV_HEADER = FORM_COLUMNS.map(([h]) => h);

function csvField(v: string | number): string {
  const s = typeof v === 'number' ? String(v) : safeCellText(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The form as CSV (UTF-8 with BOM so that spreadsheet programs read the Chinese): header and one line per enterprise, sorted by city then credit code. */
export function writeListCsv(rows: readonly PublishedRow[]): string {
  const { groups } = groupByCity(rows);
  let seq = 0;
  const lines = [CSV_HEADER.map(csvField).join(',')];
  for (const g of groups) for (const r of g.rows) lines.push(formCells(r, ++seq).map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * The public download's columns (issue 8): the 13 of 附件2/附件3, then 年度 (list year), 信息公开 (the
 * disclosure day `YYYY-MM-DD`, empty until disclosed) and 审核进展 (the audit state in Chinese:
 * how the audit went, the evaluation and acceptance results, 企业环境信息依法披露管理办法 art. 14),
 * so that rows of different years stay apart when no year filter is given.
 */
export const PUBLIC_COLUMNS = [...FORM_COLUMNS, ['年度', 8], ['信息公开', 12], ['审核进展', 12]] as const;

/** The 16 cells of one public row (序号 given): {@link formCells} then year, disclosure day, state. */
export function publicCells(r: PublishedRow, seq: number): (string | number)[] {
  return [...formCells(r, seq), r.listYear, r.disclosedOn ?? '', auditStateLabels['zh-CN'][r.state as AuditStateValue] ?? r.state];
}

/**
 * The public list as CSV for data tools (`GET /api/v1/public/lists.csv`): UTF-8 with BOM,
 * {@link PUBLIC_COLUMNS}, one line per published audit sorted by city then credit code; codes stay
 * plain text (no `="…"` wrapping), text cells formula-safe (ASVS 1.2.10).
 */
export function writePublicListCsv(rows: readonly PublishedRow[]): string {
  const { groups } = groupByCity(rows);
  let seq = 0;
  const lines = [PUBLIC_COLUMNS.map(([h]) => csvField(h)).join(',')];
  for (const g of groups) for (const r of g.rows) lines.push(publicCells(r, ++seq).map(csvField).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * The public list as xlsx for reading in Excel / WPS (`GET /api/v1/public/lists.xlsx`): one sheet
 * 名单, row 1 the header (bold, frozen, auto-filter), then the rows of {@link writePublicListCsv}.
 * 统一社会信用代码 and 国民经济行业代码 are text cells formatted `@`, so an all-digit credit code
 * (914502060060853753) keeps its 18 digits and an industry code its leading zero (0939); 序号 and
 * 年度 are numbers; text cells formula-safe.
 * @returns the xlsx bytes
 */
export async function writePublicListXlsx(rows: readonly PublishedRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'CP Audit';
  const ws = wb.addWorksheet('名单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = PUBLIC_COLUMNS.map(([, width], i) => ({ key: `c${i}`, width, style: i === 4 || i === 6 ? { numFmt: '@' } : {} }));
  const header = ws.getRow(1);
  header.values = PUBLIC_COLUMNS.map(([h]) => h);
  header.font = { bold: true };
  const { groups } = groupByCity(rows);
  let seq = 0;
  for (const g of groups) for (const r of g.rows) ws.addRow(publicCells(r, ++seq).map((v) => (typeof v === 'string' ? safeCellText(v) : v)));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: PUBLIC_COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
