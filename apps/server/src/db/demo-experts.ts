/**
 * Demonstration expert pool and consulting agencies (issue 6 items 6–7): 42 experts across the
 * 13 key industries plus energy-saving and environment generalists, so that a panel of 3 or 5
 * can be drawn for any key industry, and 3 agencies (two linked to the demo agency organisations).
 * The demo expert account zj_demo is linked to the first expert, jg_demo's organisation to 绿源.
 * Deterministic: no randomness, the same rows on every seed.
 */
import { usccCheckChar } from '@cpaudit/domain';
import { sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { consultingAgencies, experts } from './schema.ts';

const uscc = (first17: string): string => first17 + usccCheckChar(first17);
/** The n-th demo name: (n mod 24, n mod 21) differ for every n below 168, so names are unique. */
const uniqueName = (n: number): string => `${SURNAMES[n % SURNAMES.length]}${GIVEN[n % GIVEN.length]}`;

const SURNAMES = ['李', '王', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '梁', '韦', '蒙', '覃', '莫'];
const GIVEN = ['建国', '晓明', '丽华', '志强', '海燕', '文军', '秀英', '永红', '国庆', '春梅', '立新', '桂林', '德明', '红霞', '宏伟', '玉兰', '振华', '雪梅', '世杰', '静怡', '明辉'];
const EMPLOYERS = [
  '广西大学',
  '广西科技大学',
  '桂林理工大学',
  '广西壮族自治区环境保护科学研究院',
  '广西节能技术服务中心',
  '广西壮族自治区化工研究院',
  '南宁师范大学',
  '广西环境监测中心站',
];
const TITLES = ['正高级工程师', '高级工程师', '教授', '副教授', '研究员'];
const CITIES = ['450100', '450200', '450300', '450400', '450500', '450600', '450700', '450800', '450900', '451000', '451100', '451200', '451300', '451400'];

/**
 * Inserts the demo agencies and experts (idempotent by natural key).
 * @param agencyOrgs the demo consulting-agency organisations: 南宁 (`450100`) and 柳州 (`450200`)
 * @param expertUserId the user id of zj_demo, linked to the first expert
 * @param demoEnterpriseUscc credit code of the demo enterprise (qy_demo): one expert works there, to show the recusal
 */
export async function seedDemoExpertsAndAgencies(
  tx: Db,
  agencyOrgs: { nanning: { id: number; name: string }; liuzhou: { id: number; name: string } },
  expertUserId: number,
  demoEnterpriseUscc: string | null,
): Promise<{ experts: number; agencies: number }> {
  const lvyuanUscc = uscc('91450100MA5KDEMO1'.replace('DEMO', '0001'));
  await tx
    .insert(consultingAgencies)
    .values([
      {
        orgId: agencyOrgs.nanning.id,
        name: agencyOrgs.nanning.name,
        uscc: lvyuanUscc,
        divisionCode: '450100',
        auditors: [
          { name: '覃立新', certificateNo: 'CPA-GX-2021-0107', validUntil: '2027-06-30' },
          { name: '韦春梅', certificateNo: 'CPA-GX-2022-0215', validUntil: '2028-03-31' },
          { name: '黄志强', certificateNo: 'CPA-GX-2019-0033', validUntil: '2025-12-31' },
        ],
        industries: ['chemical', 'building_materials', 'papermaking', 'agri_food_processing'],
        contactPhone: '0771-5861234',
      },
      {
        orgId: agencyOrgs.liuzhou.id,
        name: agencyOrgs.liuzhou.name,
        uscc: uscc('91450200MA5K00022'),
        divisionCode: '450200',
        auditors: [
          { name: '莫德明', certificateNo: 'CPA-GX-2020-0158', validUntil: '2026-09-30' },
          { name: '罗静怡', certificateNo: 'CPA-GX-2023-0301', validUntil: '2029-05-31' },
        ],
        industries: ['metallurgy', 'nonferrous', 'industrial_coating', 'electroplating'],
        contactPhone: '0772-2831234',
      },
      {
        orgId: null,
        name: '桂林山水环境技术咨询有限公司（演示）',
        uscc: uscc('91450300MA5K00033'),
        divisionCode: '450300',
        auditors: [{ name: '林振华', certificateNo: 'CPA-GX-2021-0190', validUntil: '2027-11-30' }],
        industries: ['printing_dyeing', 'packaging_printing', 'api_pharma'],
        contactPhone: '0773-2581234',
      },
    ])
    .onConflictDoNothing();

  const keys = ((await tx.execute(sql`select key from key_industries where city_code is null order by sort_order, key`)) as unknown as { rows: { key: string }[] }).rows.map((r) => r.key);
  const rows: (typeof experts.$inferInsert)[] = [];
  // Three experts per key industry (39 for the 13), the second also in energy saving, the third in environment;
  // then 3 generalists. Expert 3 of 化工 works at the 绿源 agency, expert 3 of 建材 at the demo enterprise.
  let n = 0;
  for (const key of keys) {
    for (let k = 0; k < 3; k++) {
      const name = uniqueName(n);
      let employerName = EMPLOYERS[n % EMPLOYERS.length]!;
      let employerUscc: string | null = uscc(`12450000MB${String(1000000 + (n % EMPLOYERS.length))}`);
      if (key === 'chemical' && k === 2) {
        employerName = agencyOrgs.nanning.name;
        employerUscc = lvyuanUscc;
      }
      if (key === 'building_materials' && k === 2 && demoEnterpriseUscc) {
        employerName = '演示企业（回避示例）';
        employerUscc = demoEnterpriseUscc;
      }
      rows.push({
        name,
        employerName,
        employerUscc,
        title: TITLES[n % TITLES.length]!,
        specialities: k === 0 ? [key] : k === 1 ? [key, 'energy_saving'] : [key, 'environment'],
        cityCode: CITIES[n % CITIES.length]!,
        available: n % 11 !== 10,
        unavailableReason: n % 11 === 10 ? '出国访学，2026 年底前不可用' : null,
        phone: `139${String(77000000 + n * 1379).padStart(8, '0')}`,
        email: null,
        userId: n === 0 ? expertUserId : null,
      });
      n++;
    }
  }
  for (const [i, spec] of [['energy_saving'], ['environment'], ['energy_saving', 'environment']].entries()) {
    rows.push({
      name: uniqueName(n + i),
      employerName: EMPLOYERS[(i + 3) % EMPLOYERS.length]!,
      employerUscc: uscc(`12450000MB${String(1000000 + ((i + 3) % EMPLOYERS.length))}`),
      title: '高级工程师',
      specialities: spec,
      cityCode: CITIES[i]!,
      available: true,
      unavailableReason: null,
      phone: `138${String(77100000 + i * 1931).padStart(8, '0')}`,
      email: null,
      userId: null,
    });
  }
  await tx.insert(experts).values(rows).onConflictDoNothing();
  return { experts: rows.length, agencies: 3 };
}

/**
 * One login for every demo expert that has none (issue 6 item 7: the experts of a drawn panel score
 * online), so that any panel drawn on the demo data can be scored by a newcomer: user name `zj_NN`,
 * NN the expert's rank in id order with two digits (`zj_02` … `zj_42`; the first expert is
 * zj_demo's), role expertUser, organisation the expert pool, the demo password. The panel card shows
 * officials the account of each seated expert. Idempotent: experts with an account are skipped.
 *
 * @param expertOrgId the id of the expert-pool organisation (自治区清洁生产审核专家库)
 * @param passwordHash the argon2id hash of the demo password (computed once by the caller)
 * @returns the number of accounts created
 */
export async function seedDemoExpertAccounts(tx: Db, expertOrgId: number, passwordHash: string): Promise<number> {
  const r = (await tx.execute(sql`
    with e as (
      select id, name, 'zj_' || lpad((row_number() over (order by id))::text, 2, '0') as username, user_id from experts
    ), u as (
      insert into users (username, display_name, role, org_id, password_hash)
      select e.username, e.name || '（评审专家）', 'expertUser', ${expertOrgId}, ${passwordHash}
        from e where e.user_id is null and e.username <> 'zj_01'
      returning id, username
    )
    update experts x set user_id = u.id from u join e on e.username = u.username where x.id = e.id
    returning x.id`)) as unknown as { rows: { id: number }[] };
  return r.rows.length;
}
