/**
 * Deterministic demonstration data: enterprises across the 14 cities and 13 key industries with
 * valid credit codes (GB 32100-2015) whose division part is their county, permits (HJ 608-2017
 * numbers), the organisations of every kind, and one demo account per kind.
 *
 * The same `seed` and `scale` always give the same rows. `scale` 1,000,000 is supported
 * (bulk `unnest` inserts in chunks of 5,000). Later features extend the generator with their own data.
 */
import { deriveKeyIndustry, usccCheckChar, type KeyIndustryMapping } from '@cpaudit/domain';
import type { Role } from '@cpaudit/contracts';
import { asc, sql } from 'drizzle-orm';
import type { PasswordHasher } from '../platform/passwords.ts';
import { bulkInsert } from './bulk.ts';
import type { Db } from './client.ts';
import { divisions, industryCodes, keyIndustries, keyIndustryCodes, orgs, users } from './schema.ts';

/** The demo password of every demo account. It satisfies the password policy. Demo only. */
export const DEMO_PASSWORD = 'Demo@2026gx';

/** A demo account as printed by `npm start`. */
export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  orgName: string;
  area: string;
}

/** Options of {@link seedDemo}. */
export interface SeedDemoOptions {
  /** Number of enterprises (default 3,000). */
  scale?: number;
  /** PRNG seed (default 20260101). */
  seed?: number;
  hasher: PasswordHasher;
  /** Called after each chunk with rows written so far (progress). */
  onProgress?: (done: number, total: number) => void;
}

/** mulberry32: a small, fast, seedable PRNG (public domain). Returns floats in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Relative weight of each city in the demo data (rough industrial weight, not statistics). */
const CITY_WEIGHT: Record<string, number> = {
  '450100': 16, '450200': 14, '450300': 9, '450400': 7, '450500': 5, '450600': 5, '450700': 7,
  '450800': 7, '450900': 8, '451000': 7, '451100': 4, '451200': 6, '451300': 4, '451400': 5,
};

const TRADE_WORDS: Record<string, string[]> = {
  energy: ['电力', '热电', '能源', '燃气', '焦化'],
  metallurgy: ['钢铁', '特钢', '冶金', '铸造'],
  building_materials: ['水泥', '建材', '陶瓷', '玻璃'],
  nonferrous: ['铝业', '有色金属', '锌业', '锰业', '锡业'],
  chemical: ['化工', '精细化工', '林产化工', '化肥'],
  printing_dyeing: ['印染', '纺织'],
  papermaking: ['纸业', '浆纸', '造纸'],
  api_pharma: ['制药', '药业', '生物制药'],
  electroplating: ['电镀', '表面处理'],
  agri_food_processing: ['糖业', '淀粉', '食品', '酒精'],
  industrial_coating: ['汽车部件', '机械', '涂装'],
  packaging_printing: ['包装', '印刷'],
  waste_lead_acid_battery: ['再生资源', '蓄电池回收'],
  other: ['机械', '电子', '家具', '木业', '塑料制品', '五金'],
};
const BRAND = ['鑫达', '华南', '桂兴', '恒通', '宏远', '南方', '永福', '金源', '德利', '百盛', '东升', '瑞丰', '泰和', '广源', '中桂', '新华', '荣昌', '汇丰', '明珠', '润发'];
const SURNAMES = ['黄', '韦', '李', '陈', '覃', '梁', '蒙', '莫', '刘', '蓝', '廖', '潘', '陆', '罗', '农'];
const GIVEN = ['志强', '海燕', '建华', '丽萍', '国庆', '春梅', '文军', '秀英', '卫东', '明辉'];
const PERMIT_CATEGORIES = ['key', 'simplified', 'registration'] as const;

/** GB 11714 organisation code check character for 8 characters (weights 3,7,9,10,5,8,4,2). */
function orgCodeCheck(code8: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = code8[i]!;
    const v = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += v * w[i]!;
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/** Builds a valid credit code for the i-th demo enterprise in `county` (unique for i < 10^8). */
export function demoUscc(i: number, county: string, seed: number): string {
  const body = String((i * 7919 + (seed % 10_000_000)) % 100_000_000).padStart(8, '0');
  const first17 = `91${county}${body}${orgCodeCheck(body)}`;
  return first17 + usccCheckChar(first17);
}

interface DemoEnterprise {
  uscc: string;
  name: string;
  legalRepresentative: string;
  address: string;
  divisionCode: string;
  industryCodes: string[];
  keyIndustry: string | null;
  scale: string;
  contactName: string;
  contactPhone: string;
  status: string;
}

/** True when the database holds no account yet (then `npm start` loads the demo data). */
export async function isEmptyDatabase(db: Db): Promise<boolean> {
  const r = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return (r[0]?.n ?? 0) === 0;
}

/**
 * Loads the demonstration data in one transaction (all or nothing).
 * Requires the reference data (divisions, industry codes, key-industry mapping).
 * @returns the demo accounts (all with {@link DEMO_PASSWORD}) and the enterprise count.
 * @throws if demo data was already loaded (a demo organisation exists).
 */
export async function seedDemo(db: Db, options: SeedDemoOptions): Promise<{ accounts: DemoAccount[]; enterprises: number }> {
  const scale = options.scale ?? 3000;
  const seed = options.seed ?? 20260101;
  const rand = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

  const divs = await db.select().from(divisions).orderBy(asc(divisions.code));
  if (divs.length === 0) throw new Error('Reference data missing: run `cpaudit db migrate` first.');
  const cities = divs.filter((d) => d.level === 'city');
  const countiesByCity = new Map(cities.map((c) => [c.code, divs.filter((d) => d.parentCode === c.code)]));
  const nameOf = new Map(divs.map((d) => [d.code, d.name]));
  const mappingRows = await db
    .select({ keyIndustry: keyIndustryCodes.keyIndustry, industryCode: keyIndustryCodes.industryCode, sortOrder: keyIndustries.sortOrder })
    .from(keyIndustryCodes)
    .innerJoin(keyIndustries, sql`${keyIndustries.key} = ${keyIndustryCodes.keyIndustry}`);
  const mapping: KeyIndustryMapping[] = mappingRows;
  const smallClasses = (await db.select().from(industryCodes)).filter((c) => c.level === '小类');
  const codesByIndustry = new Map<string, string[]>();
  for (const c of smallClasses) {
    const d = deriveKeyIndustry([c.code], mapping);
    const key = d?.keyIndustry ?? 'other';
    if (!d && c.door !== 'C') continue;
    codesByIndustry.set(key, [...(codesByIndustry.get(key) ?? []), c.code]);
  }
  const industryKeys = [...codesByIndustry.keys()].filter((k) => k !== 'other');
  const cityWeights = cities.map((c) => CITY_WEIGHT[c.code] ?? 5);
  const totalWeight = cityWeights.reduce((a, b) => a + b, 0);
  const pickCity = () => {
    let x = rand() * totalWeight;
    for (let i = 0; i < cities.length; i++) {
      x -= cityWeights[i]!;
      if (x < 0) return cities[i]!;
    }
    return cities[cities.length - 1]!;
  };

  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const existing = await tx.select({ id: orgs.id }).from(orgs).limit(1);
    if (existing.length > 0) throw new Error('Demonstration data already loaded (organisations exist).');

    const enterprisesList: DemoEnterprise[] = [];
    for (let i = 0; i < scale; i++) {
      const city = pickCity();
      const county = pick(countiesByCity.get(city.code)!);
      const isKey = rand() < 0.7;
      const industry = isKey ? pick(industryKeys) : 'other';
      const codes = codesByIndustry.get(industry) ?? codesByIndustry.get('other')!;
      const main = pick(codes);
      const industryCodesOfRow = rand() < 0.15 ? [main, pick(codesByIndustry.get('other')!)] : [main];
      const cityShort = city.name.replace(/市$/, '');
      const word = pick(TRADE_WORDS[industry] ?? TRADE_WORDS.other!);
      enterprisesList.push({
        uscc: demoUscc(i, county.code, seed),
        name: `${cityShort}${pick(BRAND)}${word}${i % 7 === 0 ? '集团' : ''}有限公司（演示${i + 1}）`,
        legalRepresentative: pick(SURNAMES) + pick(GIVEN),
        address: `广西壮族自治区${city.name}${county.name}工业园区${1 + Math.floor(rand() * 300)}号`,
        divisionCode: county.code,
        industryCodes: industryCodesOfRow,
        keyIndustry: deriveKeyIndustry(industryCodesOfRow, mapping)?.keyIndustry ?? null,
        scale: pick(['large', 'medium', 'medium', 'small', 'small', 'small', 'micro']),
        contactName: pick(SURNAMES) + pick(GIVEN),
        contactPhone: `0771${String(1_000_000 + Math.floor(rand() * 8_999_999))}`,
        status: rand() < 0.95 ? 'operating' : pick(['suspended', 'closed']),
      });
    }

    const E = (f: (e: DemoEnterprise) => unknown) => f;
    let done = 0;
    for (let i = 0; i < enterprisesList.length; i += 5000) {
      const chunk = enterprisesList.slice(i, i + 5000);
      await bulkInsert(
        tx,
        'enterprises',
        [
          { name: 'uscc', type: 'text[]', value: E((e) => e.uscc) },
          { name: 'name', type: 'text[]', value: E((e) => e.name) },
          { name: 'legal_representative', type: 'text[]', value: E((e) => e.legalRepresentative) },
          { name: 'address', type: 'text[]', value: E((e) => e.address) },
          { name: 'division_code', type: 'text[]', value: E((e) => e.divisionCode) },
          { name: 'industry_codes', type: 'text[][]', value: E((e) => e.industryCodes) },
          { name: 'key_industry', type: 'text[]', value: E((e) => e.keyIndustry) },
          { name: 'scale', type: 'text[]', value: E((e) => e.scale) },
          { name: 'contact_name', type: 'text[]', value: E((e) => e.contactName) },
          { name: 'contact_phone', type: 'text[]', value: E((e) => e.contactPhone) },
          { name: 'status', type: 'text[]', value: E((e) => e.status) },
        ],
        chunk,
      );
      done += chunk.length;
      options.onProgress?.(done, enterprisesList.length);
    }

    // Permits for enterprises in a key industry: `<uscc>001P`, issued 2020–2023, valid 5 years.
    const withPermit = await tx.execute(sql`select id, uscc, industry_codes from enterprises where key_industry is not null order by id`);
    const permitRows = (withPermit as unknown as { rows: { id: number; uscc: string; industry_codes: string[] }[] }).rows.map((e) => {
      const year = 2020 + Math.floor(rand() * 4);
      const month = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
      return {
        enterpriseId: e.id,
        permitNo: `${e.uscc}001P`,
        category: PERMIT_CATEGORIES[rand() < 0.45 ? 0 : rand() < 0.8 ? 1 : 2]!,
        industryCodes: e.industry_codes,
        issuedOn: `${year}-${month}-15`,
        validFrom: `${year}-${month}-15`,
        validTo: `${year + 5}-${month}-14`,
        issuingAuthority: `${nameOf.get(`${e.uscc.slice(2, 6)}00`) ?? '广西壮族自治区'}生态环境局`,
      };
    });
    type P = (typeof permitRows)[number];
    const PP = (f: (p: P) => unknown) => f;
    await bulkInsert(
      tx,
      'permits',
      [
        { name: 'enterprise_id', type: 'int[]', value: PP((p) => p.enterpriseId) },
        { name: 'permit_no', type: 'text[]', value: PP((p) => p.permitNo) },
        { name: 'category', type: 'text[]', value: PP((p) => p.category) },
        { name: 'industry_codes', type: 'text[][]', value: PP((p) => p.industryCodes) },
        { name: 'issued_on', type: 'date[]', value: PP((p) => p.issuedOn) },
        { name: 'valid_from', type: 'date[]', value: PP((p) => p.validFrom) },
        { name: 'valid_to', type: 'date[]', value: PP((p) => p.validTo) },
        { name: 'issuing_authority', type: 'text[]', value: PP((p) => p.issuingAuthority) },
      ],
      permitRows,
    );

    // Organisations: region departments, each city's two bureaus, every county bureau,
    // consulting agencies, the expert pool, a public organisation, and one demo enterprise.
    const orgValues: (typeof orgs.$inferInsert)[] = [
      { kind: 'regionDee', name: '广西壮族自治区生态环境厅', divisionCode: '450000' },
      { kind: 'regionDrc', name: '广西壮族自治区发展和改革委员会', divisionCode: '450000' },
      ...cities.flatMap((c) => [
        { kind: 'cityEeb', name: `${c.name}生态环境局`, divisionCode: c.code },
        { kind: 'cityDrc', name: `${c.name}发展和改革委员会`, divisionCode: c.code },
      ]),
      ...divs
        .filter((d) => d.level === 'county')
        .map((d) => ({ kind: 'countyBureau', name: `${nameOf.get(d.parentCode!)}${d.name}生态环境分局`, divisionCode: d.code })),
      { kind: 'consultingAgency', name: '广西绿源清洁生产技术咨询有限公司（演示）', divisionCode: '450100' },
      { kind: 'consultingAgency', name: '柳州环科节能环保咨询有限公司（演示）', divisionCode: '450200' },
      { kind: 'expert', name: '自治区清洁生产审核专家库', divisionCode: '450000' },
      { kind: 'public', name: '社会公众', divisionCode: '450000' },
    ];
    const inserted = await tx.insert(orgs).values(orgValues).returning({ id: orgs.id, kind: orgs.kind, name: orgs.name, divisionCode: orgs.divisionCode });
    const orgId = (kind: string, division: string) => inserted.find((o) => o.kind === kind && o.divisionCode === division)!;

    const demoEnt = (
      await tx.execute(sql`select id, name, division_code from enterprises where division_code like '4501%' and key_industry is not null order by id limit 1`)
    ) as unknown as { rows: { id: number; name: string; division_code: string }[] };
    const ent = demoEnt.rows[0]!;
    const [entOrg] = await tx
      .insert(orgs)
      .values({ kind: 'enterprise', name: ent.name, divisionCode: ent.division_code, enterpriseId: ent.id })
      .returning({ id: orgs.id, name: orgs.name, divisionCode: orgs.divisionCode });

    const passwordHash = await options.hasher.hash(DEMO_PASSWORD);
    const accounts: (DemoAccount & { orgId: number })[] = [];
    const add = (username: string, displayName: string, role: Role, org: { id: number; name: string; divisionCode: string }) =>
      accounts.push({ username, displayName, role, orgId: org.id, orgName: org.name, area: nameOf.get(org.divisionCode) ?? org.divisionCode });
    add('admin', '系统管理员', 'sysAdmin', orgId('regionDee', '450000'));
    add('auditor', '安全审计员', 'securityAuditor', orgId('regionDee', '450000'));
    add('gx_dee', '自治区生态环境厅 审核管理员', 'regionDeeOfficer', orgId('regionDee', '450000'));
    add('gx_drc', '自治区发展改革委 审核管理员', 'regionDrcOfficer', orgId('regionDrc', '450000'));
    add('nn_eeb', '南宁市生态环境局 审核管理员', 'cityEebOfficer', orgId('cityEeb', '450100'));
    add('nn_drc', '南宁市发展改革委 审核管理员', 'cityDrcOfficer', orgId('cityDrc', '450100'));
    add('lz_eeb', '柳州市生态环境局 审核管理员', 'cityEebOfficer', orgId('cityEeb', '450200'));
    add('nn_xn', '兴宁区生态环境分局 管理员', 'countyOfficer', orgId('countyBureau', '450102'));
    add('qy_demo', `${ent.name} 联系人`, 'enterpriseUser', entOrg!);
    add('jg_demo', '咨询机构 审核师', 'agencyUser', orgId('consultingAgency', '450100'));
    add('zj_demo', '清洁生产专家', 'expertUser', orgId('expert', '450000'));
    add('gz_demo', '公众用户', 'publicUser', orgId('public', '450000'));
    await tx.insert(users).values(
      accounts.map((a) => ({ username: a.username, displayName: a.displayName, role: a.role, orgId: a.orgId, passwordHash })),
    );
    return { accounts: accounts.map(({ orgId: _o, ...a }) => a), enterprises: enterprisesList.length };
  });
}
