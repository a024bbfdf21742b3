/**
 * The technical review opinion (清洁生产审核评估技术审查意见) of an evaluation panel and the
 * acceptance opinion (清洁生产审核验收意见) of an acceptance panel, as Word documents (issue 6
 * item 8; forms-and-procedures.md §1.1–§1.3): enterprise, audit, panel members, the scores table,
 * the mean, the result, the veto items ticked and the experts' comments. Text is inserted as runs
 * (never interpreted). The wording is a template of this system, not an official form.
 */
import type { Panel } from '@cpaudit/contracts';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

/** What the opinion shows besides the panel. */
export interface OpinionInput {
  enterpriseName: string;
  enterpriseUscc: string;
  listYear: number;
  mode: string;
  panel: Panel;
  /** Per active member: points per item key, veto keys ticked, comment. */
  comments: { expertId: number; scores: Record<string, number>; comment: string; vetoes: string[] }[];
  /** The city officer who decided, and the date (YYYY-MM-DD, Beijing). */
  decidedOn: string;
}

const OUTCOME_ZH = { pass: '通过', passWithRevisions: '补充完善后通过', fail: '不通过' } as const;
const ROLE_ZH = { industry: '行业专家', other: '专家' } as const;
const MODE_ZH: Record<string, string> = { standard: '一般审核', simplified: '简易审核', park: '园区审核', cluster: '集群审核' };

function cell(text: string, bold = false, pct?: number): TableCell {
  return new TableCell({
    ...(pct ? { width: { size: pct, type: WidthType.PERCENTAGE } } : {}),
    children: [new Paragraph({ children: [new TextRun({ text, bold })] })],
  });
}

/** The document title of the panel's stage. */
export function opinionTitle(stage: Panel['stage']): string {
  return stage === 'evaluation' ? '清洁生产审核评估技术审查意见' : '清洁生产审核验收意见';
}

/**
 * Builds the docx. Requires a decided panel (`panel.result` set).
 * @throws Error when the panel has no result
 */
export async function opinionDocx(o: OpinionInput): Promise<Buffer> {
  const { panel } = o;
  const result = panel.result;
  if (!result) throw new Error('panel not decided');
  const t = panel.template;
  const members = panel.members.filter((m) => !m.replaced);
  const title = opinionTitle(panel.stage);
  const itemHeader = new TableRow({
    tableHeader: true,
    children: [cell('评分项', true, 40), cell('满分', true), ...members.map((m) => cell(m.name ?? '', true))],
  });
  const scoreOf = (expertId: number | null, key: string): string => {
    const v = o.comments.find((x) => x.expertId === expertId)?.scores[key];
    return v === undefined ? '' : String(v);
  };
  const scoresTable = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      itemHeader,
      ...t.items.map((i) => new TableRow({ children: [cell(i.title), cell(String(i.maxPoints)), ...members.map((m) => cell(scoreOf(m.expertId, i.key)))] })),
      new TableRow({ children: [cell('合计', true), cell(String(t.totalPoints), true), ...members.map((m) => cell(m.total === null ? '' : m.total.toFixed(2), true))] }),
    ],
  });
  const membersTable = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: [cell('序号', true, 10), cell('姓名', true), cell('工作单位', true), cell('职称', true), cell('组内角色', true)] }),
      ...members.map(
        (m, i) => new TableRow({ children: [cell(String(i + 1)), cell(m.name ?? ''), cell(m.employerName ?? ''), cell(m.title ?? ''), cell(ROLE_ZH[m.role])] }),
      ),
    ],
  });
  const vetoTitles = result.vetoes.map((k) => t.vetoItems.find((v) => v.key === k)?.title ?? k);
  const comments = members.flatMap((m) => {
    const c = o.comments.find((x) => x.expertId === m.expertId);
    if (!c || !c.comment.trim()) return [];
    return [new Paragraph({ children: [new TextRun({ text: `${m.name}：`, bold: true }), ...c.comment.split(/\r?\n/).flatMap((line, i) => (i === 0 ? [new TextRun(line)] : [new TextRun({ text: line, break: 1 })]))] })];
  });
  const doc = new Document({
    creator: 'CP Audit 清洁生产审核管理信息系统',
    title: `${o.enterpriseName}${title}`,
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun(title)] }),
          new Paragraph({ children: [new TextRun(`企业名称：${o.enterpriseName}`)] }),
          new Paragraph({ children: [new TextRun(`统一社会信用代码：${o.enterpriseUscc}`)] }),
          new Paragraph({ children: [new TextRun(`审核名单年度：${o.listYear}　审核方式：${MODE_ZH[o.mode] ?? o.mode}`)] }),
          new Paragraph({ children: [new TextRun(`专家组抽取时间：${panel.drawnAt.slice(0, 10)}　结论日期：${o.decidedOn}`)] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('一、专家组成员')] }),
          membersTable,
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('二、评分情况')] }),
          scoresTable,
          new Paragraph({ children: [new TextRun({ text: `专家评分均值：${result.mean.toFixed(2)} 分（满分 ${t.totalPoints} 分）`, bold: true })] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('三、否定项')] }),
          new Paragraph({ children: [new TextRun(vetoTitles.length ? vetoTitles.join('；') : '无')] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('四、专家意见')] }),
          ...(comments.length ? comments : [new Paragraph({ children: [new TextRun('无')] })]),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(panel.stage === 'evaluation' ? '五、评估结论' : '五、验收结论')] }),
          new Paragraph({ children: [new TextRun({ text: OUTCOME_ZH[result.outcome], bold: true })] }),
          new Paragraph({
            children: [
              new TextRun({
                text: `评分规则（地方实践，可配置）：存在否定项或均值低于 ${t.passWithRevisionsFrom} 分不通过；${t.passWithRevisionsFrom} 分至 ${t.passFrom} 分以下补充完善后通过；${t.passFrom} 分及以上通过。`,
                italics: true,
              }),
            ],
          }),
          new Paragraph({ children: [new TextRun('专家组组长（签字）：　　　　　　　　专家组成员（签字）：')] }),
        ],
      },
    ],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
