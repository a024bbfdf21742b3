/**
 * Deterministic demonstration data: enterprises across the 14 cities and 13 key industries with
 * valid credit codes (GB 32100-2015) whose division part is their county, permits (HJ 608-2017
 * numbers), the organisations of every kind, and one demo account per kind.
 *
 * The same `seed` and `scale` always give the same rows. `scale` 1,000,000 is supported
 * (bulk `unnest` inserts in chunks of 5,000). Later features extend the generator with their own data.
 */
import { seedDemoAuditProgress, seedDemoLists } from './demo-lists.ts';
import { seedDemoOptions } from './demo-options.ts';
import { deriveKeyIndustry, usccCheckChar, type KeyIndustryMapping } from '@cpaudit/domain';
import type { Role } from '@cpaudit/contracts';
import { asc, sql } from 'drizzle-orm';
import type { PasswordHasher } from '../platform/passwords.ts';
import { seedPortalDemo } from './portal-demo.ts';
import { seedReportingDemo } from './demo-reporting.ts';
import { bulkInsert } from './bulk.ts';
import { seedDemoExpertAccounts, seedDemoExpertsAndAgencies } from './demo-experts.ts';
import { seedDemoPanelAudit } from './demo-panels.ts';
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
  lastAcceptanceDate: string | null;
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
export async function seedDemo(
  db: Db,
  options: SeedDemoOptions,
): Promise<{ accounts: DemoAccount[]; enterprises: number; environmental: EnvironmentalCounts }> {
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
    const existing = await tx.select({ id: users.id }).from(users).limit(1);
    if (existing.length > 0) throw new Error('Demonstration data needs a database without accounts (accounts exist).');

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
        // About one key-industry enterprise in six passed an acceptance in 2019–2024.
        lastAcceptanceDate: isKey && rand() < 0.17 ? `${2019 + Math.floor(rand() * 6)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-20` : null,
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
          { name: 'last_acceptance_date', type: 'date[]', value: E((e) => e.lastAcceptanceDate) },
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

    // Environmental data of the demo data year, with known shares meeting each screening reason
    // (issue 3 §6): about 6 % exceed a discharge standard, 3 % their quota, 8 % use and 3 %
    // discharge a listed hazardous substance, 4 % exceed an energy limit; as many again have
    // records within their limits, so screening has something to tell apart.
    const env = await seedEnvironmentalData(tx, rand, DEMO_DATA_YEAR);
    // Organisations: region departments, each city's two bureaus, every county bureau,
    // consulting agencies, the expert pool, a public organisation, and one demo enterprise.
    await seedOfficialOrgs(tx);
    await tx
      .insert(orgs)
      .values([
        { kind: 'consultingAgency', name: '广西绿源清洁生产技术咨询有限公司（演示）', divisionCode: '450100' },
        { kind: 'consultingAgency', name: '柳州环科节能环保咨询有限公司（演示）', divisionCode: '450200' },
        { kind: 'expert', name: '自治区清洁生产审核专家库', divisionCode: '450000' },
        { kind: 'public', name: '社会公众', divisionCode: '450000' },
      ])
      .onConflictDoNothing();
    const inserted = await tx.select({ id: orgs.id, kind: orgs.kind, name: orgs.name, divisionCode: orgs.divisionCode }).from(orgs);
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
    await seedPortalDemo(tx, new Date());
    const userIds = await tx
      .insert(users)
      .values(accounts.map((a) => ({ username: a.username, displayName: a.displayName, role: a.role, orgId: a.orgId, passwordHash })))
      .returning({ id: users.id, username: users.username });
    // The expert pool and consulting agencies (issue 6 items 6–7), linked to zj_demo and jg_demo.
    const entUscc = ((await tx.execute(sql`select uscc from enterprises where id = ${ent.id}`)) as unknown as { rows: { uscc: string | null }[] }).rows[0]?.uscc ?? null;
    await seedDemoExpertsAndAgencies(
      tx,
      { nanning: orgId('consultingAgency', '450100'), liuzhou: orgId('consultingAgency', '450200') },
      userIds.find((u) => u.username === 'zj_demo')!.id,
      entUscc,
    );
    await seedDemoExpertAccounts(tx, orgId('expert', '450000').id, passwordHash);
    await seedDemoLists(tx, ent.id);
    await seedDemoAuditProgress(tx, ent.id);
    await seedDemoPanelAudit(tx);
    await seedDemoOptions(tx);
    await seedReportingDemo(tx);
    return { accounts: accounts.map(({ orgId: _o, ...a }) => a), enterprises: enterprisesList.length, environmental: env };
  });
}

/** The data year of the demonstration environmental data (its list year is the next). */
export const DEMO_DATA_YEAR = 2025;

/** Rows written per environmental-data table by the demo generator. */
export interface EnvironmentalCounts {
  exceedances: number;
  quotas: number;
  hazardous: number;
  energy: number;
}

const DEMO_POLLUTANTS = [
  { pollutant: '化学需氧量', unit: 'mg/L', limit: 100, outlet: 'DW001' },
  { pollutant: '氨氮', unit: 'mg/L', limit: 15, outlet: 'DW001' },
  { pollutant: '颗粒物', unit: 'mg/m3', limit: 30, outlet: 'DA001' },
  { pollutant: '二氧化硫', unit: 'mg/m3', limit: 200, outlet: 'DA001' },
  { pollutant: '氮氧化物', unit: 'mg/m3', limit: 300, outlet: 'DA002' },
  { pollutant: '总铬', unit: 'mg/L', limit: 1.5, outlet: 'DW002' },
];
const DEMO_SUBSTANCES = [
  { name: '三氯甲烷', cas: '67-66-3' },
  { name: '甲醛', cas: '50-00-0' },
  { name: '二氯甲烷', cas: '75-09-2' },
  { name: '铬酸酐', cas: '1333-82-0' },
  { name: '硫酸镍', cas: '7786-81-4' },
  { name: '氰化钠', cas: '143-33-9' },
];
/**
 * Demo products per key industry with their energy limit (kgce per output unit). Power is counted in
 * MWh: GB 21258-2017 gives 供电煤耗 in gce/kWh, and 300 gce/kWh = 300 kgce/MWh; the others in t.
 */
const DEMO_PRODUCTS: Record<string, { product: string; limit: number; standard: string; unit?: string }> = {
  metallurgy: { product: '粗钢', limit: 540, standard: 'GB 21256-2013' },
  building_materials: { product: '水泥熟料', limit: 117, standard: 'GB 16780-2021' },
  nonferrous: { product: '电解铝', limit: 13_350, standard: 'GB 21346-2022' },
  papermaking: { product: '机制纸', limit: 420, standard: 'GB 31825-2015' },
  energy: { product: '火力发电（供电）', limit: 300, standard: 'GB 21258-2017', unit: 'MWh' },
  chemical: { product: '烧碱', limit: 350, standard: 'GB 21257-2014' },
  agri_food_processing: { product: '甘蔗糖', limit: 1_300, standard: 'DB45/T 甘蔗制糖单位产品能耗' },
};

/** Inserts the demo environmental records for `year`; deterministic for a given PRNG state. */
async function seedEnvironmentalData(tx: Db, rand: () => number, year: number): Promise<EnvironmentalCounts> {
  const res = (await tx.execute(sql`select id, key_industry from enterprises where status = 'operating' order by id`)) as unknown as {
    rows: { id: number; key_industry: string | null }[];
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const day = () => `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
  const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
  const exc: { enterpriseId: number; outlet: string; pollutant: string; on: string; measured: number; limit: number; unit: string; source: string }[] = [];
  const quo: { enterpriseId: number; pollutant: string; actual: number; quota: number }[] = [];
  const haz: { enterpriseId: number; category: string; name: string; cas: string; quantity: number }[] = [];
  const ene: { enterpriseId: number; product: string; output: number; unit: string; tce: number; perUnit: number; limit: number; standard: string }[] = [];
  for (const e of res.rows) {
    const weight = e.key_industry ? 1 : 0.3;
    const r1 = rand();
    if (r1 < 0.12 * weight) {
      const p = pick(DEMO_POLLUTANTS);
      const exceeds = r1 < 0.06 * weight;
      const measured = round(p.limit * (exceeds ? 1.05 + rand() * 0.6 : 0.4 + rand() * 0.55));
      exc.push({ enterpriseId: e.id, outlet: p.outlet, pollutant: p.pollutant, on: day(), measured, limit: p.limit, unit: p.unit, source: pick(['online', 'enforcement', 'selfMonitoring']) });
    }
    const r2 = rand();
    if (r2 < 0.06 * weight) {
      const quota = round(50 + rand() * 500, 1);
      const over = r2 < 0.03 * weight;
      quo.push({ enterpriseId: e.id, pollutant: pick(['化学需氧量', '氨氮', '二氧化硫', '氮氧化物']), actual: round(quota * (over ? 1.02 + rand() * 0.3 : 0.5 + rand() * 0.45), 1), quota });
    }
    const r3 = rand();
    if (r3 < 0.11 * weight) {
      const s = pick(DEMO_SUBSTANCES);
      haz.push({ enterpriseId: e.id, category: r3 < 0.03 * weight ? 'discharge' : 'use', name: s.name, cas: s.cas, quantity: round(0.5 + rand() * 40, 1) });
    }
    const product = e.key_industry ? DEMO_PRODUCTS[e.key_industry] : undefined;
    const r4 = rand();
    if (product && r4 < 0.5) {
      const over = r4 < 0.08;
      const perUnit = round(product.limit * (over ? 1.01 + rand() * 0.2 : 0.7 + rand() * 0.28), 1);
      const output = Math.round(10_000 + rand() * 990_000);
      ene.push({ enterpriseId: e.id, product: product.product, output, unit: product.unit ?? 't', tce: round((perUnit * output) / 1000, 1), perUnit, limit: product.limit, standard: product.standard });
    }
  }
  type X = (typeof exc)[number];
  await bulkInsert(tx, 'exceedance_records', [
    { name: 'enterprise_id', type: 'int[]', value: (r: X) => r.enterpriseId },
    { name: 'outlet_code', type: 'text[]', value: (r: X) => r.outlet },
    { name: 'pollutant', type: 'text[]', value: (r: X) => r.pollutant },
    { name: 'monitored_on', type: 'date[]', value: (r: X) => r.on },
    { name: 'measured_value', type: 'numeric[]', value: (r: X) => r.measured },
    { name: 'limit_value', type: 'numeric[]', value: (r: X) => r.limit },
    { name: 'unit', type: 'text[]', value: (r: X) => r.unit },
    { name: 'data_source', type: 'text[]', value: (r: X) => r.source },
  ], exc);
  type Q = (typeof quo)[number];
  await bulkInsert(tx, 'quota_records', [
    { name: 'enterprise_id', type: 'int[]', value: (r: Q) => r.enterpriseId },
    { name: 'year', type: 'smallint[]', value: () => year },
    { name: 'pollutant', type: 'text[]', value: (r: Q) => r.pollutant },
    { name: 'actual_t', type: 'numeric[]', value: (r: Q) => r.actual },
    { name: 'quota_t', type: 'numeric[]', value: (r: Q) => r.quota },
  ], quo);
  type H = (typeof haz)[number];
  await bulkInsert(tx, 'hazardous_records', [
    { name: 'enterprise_id', type: 'int[]', value: (r: H) => r.enterpriseId },
    { name: 'year', type: 'smallint[]', value: () => year },
    { name: 'category', type: 'text[]', value: (r: H) => r.category },
    { name: 'substance_name', type: 'text[]', value: (r: H) => r.name },
    { name: 'cas_no', type: 'text[]', value: (r: H) => r.cas },
    { name: 'match_key', type: 'text[]', value: (r: H) => r.cas },
    { name: 'quantity', type: 'numeric[]', value: (r: H) => r.quantity },
    { name: 'unit', type: 'text[]', value: () => 't' },
  ], haz);
  type N = (typeof ene)[number];
  await bulkInsert(tx, 'energy_records', [
    { name: 'enterprise_id', type: 'int[]', value: (r: N) => r.enterpriseId },
    { name: 'year', type: 'smallint[]', value: () => year },
    { name: 'product_name', type: 'text[]', value: (r: N) => r.product },
    { name: 'output', type: 'numeric[]', value: (r: N) => r.output },
    { name: 'output_unit', type: 'text[]', value: (r: N) => r.unit },
    { name: 'comprehensive_energy_tce', type: 'numeric[]', value: (r: N) => r.tce },
    { name: 'energy_per_unit_kgce', type: 'numeric[]', value: (r: N) => r.perUnit },
    { name: 'limit_kgce_per_unit', type: 'numeric[]', value: (r: N) => r.limit },
    { name: 'limit_standard', type: 'text[]', value: (r: N) => r.standard },
  ], ene);
  return { exceedances: exc.length, quotas: quo.length, hazardous: haz.length, energy: ene.length };
}

/**
 * Creates the government organisations of the division tree, where missing: 自治区生态环境厅,
 * 自治区发展和改革委员会, each city's 生态环境局 and 发展和改革委员会, and each county-level
 * unit's 生态环境分局 (named `<city><county>生态环境分局`). Idempotent (unique kind + name).
 * Used by `cpaudit db seed --orgs` for a production install and by the demonstration data.
 * @returns the number of organisations created.
 */
export async function seedOfficialOrgs(db: Db): Promise<number> {
  const divs = await db.select().from(divisions).orderBy(asc(divisions.code));
  if (divs.length === 0) throw new Error('Reference data missing: run `cpaudit db migrate` first.');
  const nameOf = new Map(divs.map((d) => [d.code, d.name]));
  const values: (typeof orgs.$inferInsert)[] = [
    { kind: 'regionDee', name: '广西壮族自治区生态环境厅', divisionCode: '450000' },
    { kind: 'regionDrc', name: '广西壮族自治区发展和改革委员会', divisionCode: '450000' },
    ...divs
      .filter((d) => d.level === 'city')
      .flatMap((c) => [
        { kind: 'cityEeb', name: `${c.name}生态环境局`, divisionCode: c.code },
        { kind: 'cityDrc', name: `${c.name}发展和改革委员会`, divisionCode: c.code },
      ]),
    ...divs
      .filter((d) => d.level === 'county')
      .map((d) => ({ kind: 'countyBureau', name: `${nameOf.get(d.parentCode!)}${d.name}生态环境分局`, divisionCode: d.code })),
  ];
  const created = await db.insert(orgs).values(values).onConflictDoNothing().returning({ id: orgs.id });
  return created.length;
}
