/**
 * Demonstration content of the public portal (issue 8 §4). The three policies are real documents;
 * their summaries are short factual notes (sources: the texts' own titles and dates as recorded in
 * the project's rules notes — 清洁生产审核办法 (Order 38) promulgated 2016-05-16, in force 2016-07-01;
 * 清洁生产促进法 amended 2012, arts. 36 and 39; the Guangxi plan 2021–2023 and its 13 key industries).
 * The news item, technologies and cases are DEMONSTRATION DATA (`is_demo = true`), written to look
 * plausible, not taken from an official catalogue.
 */
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { Document, Packer } from 'docx';
import { heading, para, title } from '../documents/docx-kit.ts';
import { PORTAL_FILE_KIND, PORTAL_FILE_OWNER, filesOf } from '../modules/portal/portal.files.ts';
import type { DocumentStore } from '../platform/documents.ts';
import type { Database, Db } from './client.ts';
import { portalArticles, portalCases, portalTechnologies } from './schema.ts';

const DEMO_NOTE = '（演示数据，非官方发布内容）';

/** Inserts the portal's demonstration content (published) inside the caller's transaction. */
export async function seedPortalDemo(tx: Db, now: Date): Promise<{ articles: number; technologies: number; cases: number }> {
  const articles = [
    {
      kind: 'policy',
      title: '中华人民共和国清洁生产促进法',
      category: '法律',
      source: '全国人民代表大会常务委员会（2002年通过，2012年2月29日修正）',
      publishedOn: '2012-02-29',
      body: [
        '## 简介',
        '',
        '《清洁生产促进法》是我国推行清洁生产的基本法律，规定了政府推行清洁生产的职责、企业实施清洁生产的义务以及相应的法律责任。',
        '',
        '## 与清洁生产审核有关的要点',
        '',
        '- 对污染物排放超标、超总量，超过单位产品能耗限额，或使用、排放有毒有害物质的企业，实施强制性清洁生产审核；',
        '- 第三十六条：未按规定公布能源消耗或重点污染物产生、排放情况的，责令公布，可处十万元以下罚款；',
        '- 第三十九条：不实施强制性清洁生产审核、审核弄虚作假或不报告审核结果的，责令限期改正；拒不改正的，处五万元以上五十万元以下罚款。',
        '',
        '来源：全国人民代表大会常务委员会公布的法律文本；此处为摘要，以正式文本为准。',
      ].join('\n'),
      attachments: [{ name: '法律全文（国家法律法规数据库）', url: 'https://flk.npc.gov.cn/' }],
      isDemo: false,
    },
    {
      kind: 'policy',
      title: '清洁生产审核办法（国家发展和改革委员会 环境保护部令第38号）',
      category: '部门规章',
      source: '国家发展和改革委员会、环境保护部',
      publishedOn: '2016-05-16',
      body: [
        '## 简介',
        '',
        '《清洁生产审核办法》于2016年5月16日公布，自2016年7月1日起施行，替代2004年的《清洁生产审核暂行办法》（第16号令）。',
        '',
        '## 要点',
        '',
        '- 清洁生产审核分为自愿性审核和强制性审核（第六条、第七条）；',
        '- 第八条规定应实施强制性审核的情形：污染物排放超标或超总量（“双超”），超过单位产品能源消耗限额标准（“高耗能”），使用有毒有害原料或排放有毒有害物质（“双有”）；',
        '- 审核报告包括企业基本情况、审核过程和结果、清洁生产方案汇总及效益预测、方案实施计划等（第十八条）；',
        '- 对强制性审核企业开展评估与验收（第二十一条至第二十四条），评估验收不得向企业收费。',
        '',
        '来源：国家发展和改革委员会、环境保护部第38号令；此处为摘要，以正式文本为准。',
      ].join('\n'),
      attachments: [],
      isDemo: false,
    },
    {
      kind: 'policy',
      title: '广西壮族自治区重点行业清洁生产审核实施方案（2021-2023年）',
      category: '地方规划',
      source: '广西壮族自治区生态环境厅等',
      publishedOn: null,
      body: [
        '## 简介',
        '',
        '为贯彻落实《中华人民共和国清洁生产促进法》和《关于深入推进重点行业清洁生产审核工作的通知》（环办科财〔2020〕27号）的要求，结合广西工作实际制定本方案。',
        '',
        '## 要点',
        '',
        '- 以能源、冶金、建材、有色、化工、印染、造纸、原料药、电镀、农副食品加工、工业涂装、包装印刷、废铅蓄电池等13个重点行业为重点，各市可根据本地实际补充；',
        '- 依法披露强制性清洁生产审核企业的审核结果；',
        '- 2021-2023年期间完成新一轮清洁生产审核工作，推动应用一批先进适用清洁生产技术和装备；',
        '- 准备阶段（2021年9月前）确定重点行业审核企业名单和各市行动计划；实施阶段为2021年8月至2023年10月；',
        '- 自2022年起，各市于每年第2个月末报送上年度行动计划落实情况。',
        '',
        '来源：方案文本（发布日期未录入）；此处为摘要，以正式文本为准。',
      ].join('\n'),
      attachments: [],
      isDemo: false,
    },
    {
      kind: 'news',
      title: '关于开展清洁生产审核信息公开服务试运行的通知',
      category: '通知',
      source: '广西壮族自治区生态环境厅（演示）',
      publishedOn: '2026-01-05',
      body: `清洁生产信息公开服务开始试运行，公众可在本网站查阅政策法规、清洁生产技术目录和典型案例，并下载开放数据。${DEMO_NOTE}`,
      attachments: [],
      isDemo: true,
    },
  ];
  const technologies = [
    ['甘蔗制糖蒸发罐余热梯级利用技术', '农副食品加工', '利用多效蒸发各效汁汽逐级加热混合汁和清汁，减少锅炉新蒸汽消耗。', '甘蔗制糖企业煮糖、蒸发工段', '吨糖标煤消耗降低约 5%–8%', 2023],
    ['氧化铝焙烧炉烟气余热回收技术', '有色', '在气态悬浮焙烧炉出口增设余热锅炉回收烟气热量产生蒸汽。', '氧化铝生产企业', '每年可回收蒸汽约 10 万吨', 2022],
    ['电镀漂洗水逆流漂洗与回用技术', '电镀', '多级逆流漂洗配合离子交换回收，降低新鲜水用量和重金属排放。', '滚镀、挂镀生产线', '漂洗水用量减少 60% 以上', 2023],
    ['水性涂料替代溶剂型涂料技术', '工业涂装', '以水性涂料替代溶剂型涂料，配套烘干工艺调整。', '汽车零部件、机械设备涂装', 'VOCs 产生量减少 50% 以上', 2022],
  ].map(([name, industry, description, applicableScope, benefits, year]) => ({
    name: String(name),
    industry: String(industry),
    description: `${description}${DEMO_NOTE}`,
    applicableScope: String(applicableScope),
    benefits: String(benefits),
    source: '演示数据',
    year: Number(year),
  }));
  const cases = [
    {
      name: '某糖业公司清洁生产审核案例',
      enterpriseName: null,
      industry: '农副食品加工',
      description: `企业因单位产品综合能耗偏高开展审核，围绕蒸发、煮糖工段识别清洁生产机会。${DEMO_NOTE}`,
      options: '无/低费方案 18 项（保温修复、跑冒滴漏治理）；中/高费方案 2 项（蒸发系统改造、变频改造）。',
      benefits: '年节约标煤约 3,200 tce，减少 CO2 排放约 8,300 t，节约用水约 12 万 m³。',
      source: '演示数据',
    },
    {
      name: '某电镀园区整体清洁生产审核案例',
      enterpriseName: null,
      industry: '电镀',
      description: `园区内 12 家电镀企业以产业集群方式整体开展审核。${DEMO_NOTE}`,
      options: '集中建设漂洗水回用设施，推广逆流漂洗和镀液回收。',
      benefits: '园区年减少废水排放约 15 万 m³，总铬排放减少约 30%。',
      source: '演示数据',
    },
  ];
  const base = { status: 'published', createdAt: now, updatedAt: now } as const;
  await tx.insert(portalArticles).values(articles.map((a) => ({ ...a, ...base, })));
  await tx.insert(portalTechnologies).values(technologies.map((t) => ({ ...t, ...base, isDemo: true })));
  await tx.insert(portalCases).values(cases.map((c) => ({ ...c, ...base, isDemo: true })));
  return { articles: articles.length, technologies: technologies.length, cases: cases.length };
}

/** Title of the demo policy that gets a generated attachment file. */
export const DEMO_FILE_ARTICLE_TITLE = '清洁生产审核办法（国家发展和改革委员会 环境保护部令第38号）';
/** File name of that attachment. */
export const DEMO_FILE_NAME = '清洁生产审核办法要点摘录（演示附件）.docx';

/**
 * Gives the Order 38 demo policy one uploaded attachment, a small Word file generated here (its key
 * points, marked as a demonstration summary), so a newcomer sees a real file on the public page.
 * Stored through the document store like an upload (type checked from the content, SHA-256
 * recorded). Does nothing when the article is missing or already has files (safe to run again).
 * @returns the number of files added (0 or 1)
 */
export async function seedPortalDemoFiles(database: Database, store: DocumentStore, now: Date): Promise<number> {
  const [article] = await database.rows<{ id: number }>(sql`select id from portal_articles where title = ${DEMO_FILE_ARTICLE_TITLE} order by id limit 1`);
  if (!article) return 0;
  const id = Number(article.id);
  if (((await filesOf(database.db, [id])).get(id)?.length ?? 0) > 0) return 0;
  const doc = new Document({
    sections: [
      {
        children: [
          title('清洁生产审核办法要点摘录'),
          para('（演示附件：由系统生成的要点摘录，以国家发展和改革委员会、环境保护部第38号令正式文本为准）'),
          heading('一、审核类型'),
          para('清洁生产审核分为自愿性审核和强制性审核（第六条、第七条）。'),
          heading('二、强制性审核的情形'),
          para('污染物排放超标或超总量（“双超”）；超过单位产品能源消耗限额标准（“高耗能”）；使用有毒有害原料或排放有毒有害物质（“双有”）（第八条）。'),
          heading('三、时限'),
          para('名单公布后一个月内公布企业相关信息，两个月内启动审核，一年内完成审核并报送审核报告（第十一条、第十二条、第十七条）。'),
        ],
      },
    ],
  });
  const bytes = Buffer.from(await Packer.toBuffer(doc));
  const staged = await store.stage({ ownerType: PORTAL_FILE_OWNER, ownerId: id, kind: PORTAL_FILE_KIND, fileName: DEMO_FILE_NAME, stream: Readable.from([bytes]), uploadedBy: null, at: now, accept: ['docx'] });
  await database.db.transaction(async (tx) => {
    await store.insert(tx as unknown as Db, staged);
  });
  return 1;
}
