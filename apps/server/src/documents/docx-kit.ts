/** Small docx building blocks shared by the official documents (code-built templates, `docx` package). */
import { AlignmentType, HeadingLevel, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

/** A table cell holding `text` as a literal run (never interpreted). */
export function cell(text: string, bold = false): TableCell {
  return new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
}

/** A full-width table: a bold header row, then the rows (all text). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))],
  });
}

export const title = (text: string) => new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(text)] });
export const heading = (text: string) => new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(text)] });
export const para = (text: string) => new Paragraph({ children: [new TextRun(text)] });
/** Multi-line text typed by a user: one paragraph per line, or `（未填写）` when empty. */
export const narrative = (text: string) => (text.trim() === '' ? [para('（未填写）')] : text.split(/\r?\n/).map(para));
/** A 0–1 share as a percentage with one decimal, or `—`. */
export const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
export const TAG_ZH: Record<string, string> = { notSubmitted: '未报送', submitted: '已报送', approved: '已审核', returned: '已退回', overdue: '逾期' };
