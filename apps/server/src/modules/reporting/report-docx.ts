/**
 * One yearly progress report as a Word document (docx): title, city, year, due date and
 * submission, the figures table (counts of enterprises, from the audits) and the narrative.
 */
import type { AnnualReport } from '@cpaudit/contracts';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

const FIGURE_ROWS: [keyof AnnualReport['figures'], string][] = [
  ['listed', '列入审核名单企业数'],
  ['disclosed', '已公布相关信息企业数'],
  ['started', '已启动审核企业数'],
  ['evaluated', '已完成评估企业数'],
  ['accepted', '已通过验收企业数'],
  ['overdue', '逾期企业数'],
  ['rolledOver', '转入下一年度名单企业数'],
];

const TIMELINESS_ZH: Record<AnnualReport['timeliness'], string> = { onTime: '按时提交', late: '逾期提交', missing: '未提交（已逾期）', pending: '未提交' };

function cell(text: string, bold = false): TableCell {
  return new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
}

/** Builds the docx of `report`. Text is inserted as runs (never interpreted). */
export async function reportDocx(report: AnnualReport): Promise<Buffer> {
  const title = `${report.cityName}${report.year}年度清洁生产审核工作落实情况报告`;
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: [cell('指标', true), cell('数量（家）', true)] }),
      ...FIGURE_ROWS.map(([key, label]) => new TableRow({ children: [cell(label), cell(String(report.figures[key]))] })),
    ],
  });
  const narrative = report.narrative.split(/\r?\n/).map((line) => new Paragraph({ children: [new TextRun(line)] }));
  const doc = new Document({
    creator: 'CP Audit 清洁生产审核管理信息系统',
    title,
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(title)] }),
          new Paragraph({ children: [new TextRun(`报送单位：${report.cityName}　报告年度：${report.year}　截止日期：${report.dueDate}`)] }),
          new Paragraph({
            children: [new TextRun(`提交时间：${report.submittedAt ?? '未提交'}（${TIMELINESS_ZH[report.timeliness]}）`)],
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('一、审核工作数据（系统统计）')] }),
          table,
          ...(report.figures.connected ? [] : [new Paragraph({ children: [new TextRun({ text: '注：审核记录模块尚未启用，数据暂为 0。', italics: true })] })]),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('二、工作情况说明')] }),
          ...narrative,
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
