/**
 * The import engine's contracts (issue 3 §3–§4 and its Contract section): the five import
 * kinds, the zod schema of each kind's NORMALISED row (what the parse layer hands to the
 * database layer after normalisation and domain checks), the natural key of each kind (what an
 * idempotent upsert matches on), and the import result printed by `cpaudit import … --json`.
 *
 * Field names follow shared glossary.md. Units: tonnes (`…T`), tonnes of standard coal
 * equivalent (`…Tce`, GB/T 2589), kilograms of standard coal equivalent per unit of product
 * (`…Kgce…`, kgce/t when the output unit is t). Dates are calendar dates `YYYY-MM-DD` with no
 * time zone.
 */
import { z } from 'zod';

/** The five import kinds, in the order of issue 3 §4. */
export const importKinds = ['enterprises', 'exceedances', 'quotas', 'hazardous', 'energy'] as const;
/** One of {@link importKinds}. */
export type ImportKind = (typeof importKinds)[number];

/** Management categories of the discharge permit (排污许可管理条例, 2021): 重点管理 / 简化管理 / 登记管理. */
export const permitCategories = ['key', 'simplified', 'registration'] as const;
/** One of {@link permitCategories}. */
export type PermitCategory = (typeof permitCategories)[number];

/** Where an exceedance record comes from: 在线监测 / 执法监测 / 自行监测. */
export const exceedanceDataSources = ['online', 'enforcement', 'selfMonitoring'] as const;
/** One of {@link exceedanceDataSources}. */
export type ExceedanceDataSource = (typeof exceedanceDataSources)[number];

/** Category of a hazardous-substance row: 使用 (a raw material used) / 排放 (a substance discharged). */
export const hazardousCategories = ['use', 'discharge'] as const;
/** One of {@link hazardousCategories}. */
export type HazardousCategory = (typeof hazardousCategories)[number];

function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!;
  return d <= days;
}

/** A calendar date `YYYY-MM-DD` that exists (no time, no zone). */
export const IsoDateSchema = z.string().refine(isCalendarDate, '应为有效日期 YYYY-MM-DD');

/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015; regulations.md §5), normalised
 * (upper case, half-width). Only the shape is checked here; the check character is verified by
 * the parse layer with `validateUscc` from `@cpaudit/domain`.
 */
export const UsccSchema = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, '应为 18 位统一社会信用代码');

/** Pollutant-discharge permit number (HJ 608-2017): 18 characters + 3 digits + 1 letter, normalised. */
export const PermitNoSchema = z.string().regex(/^[0-9A-Z]{18}\d{3}[A-Z]$/, '应为 22 位排污许可证编号');

/** A data year: 4-digit integer 2000–2100. */
export const DataYearSchema = z.number().int().min(2000).max(2100);

const text = (max: number) => z.string().min(1).max(max);
const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();

/**
 * `enterprises`: one row per permit (issue 3 §4); an enterprise without a permit has
 * `permitNo: null`. Headers 单位名称, 统一社会信用代码, 许可证编号, 管理类别, 行业类别代码,
 * 行业类别, 行政区划代码, 生产经营场所地址, 法定代表人, 发证日期, 有效期起, 有效期止,
 * 主要污染物类别, 上轮清洁生产验收日期, and the optional 发证机关 (`issuingAuthority`, the permit's
 * issuing authority, issue 3 §1).
 *
 * - `industryCodes`: GB/T 4754-2017 codes, principal industry first, at least one;
 *   `industryNames` the names in the same order (from the reference table);
 * - `divisionCode`: the county-level GB/T 2260 code;
 * - `lastAcceptanceDate`: the date the enterprise last passed a CP-audit acceptance (used by the
 *   5-year rule, Order 38).
 */
export const EnterpriseImportRowSchema = z.object({
  name: text(200),
  uscc: UsccSchema,
  permitNo: PermitNoSchema.nullable(),
  permitCategory: z.enum(permitCategories).nullable(),
  industryCodes: z.array(z.string().regex(/^\d{2,4}$/)).min(1),
  industryNames: z.array(z.string()),
  divisionCode: z.string().regex(/^\d{6}$/),
  address: text(500).nullable(),
  legalRepresentative: text(100).nullable(),
  issuedOn: IsoDateSchema.nullable(),
  issuingAuthority: text(100).nullable(),
  validFrom: IsoDateSchema.nullable(),
  validTo: IsoDateSchema.nullable(),
  pollutantCategories: z.array(z.string().min(1).max(100)),
  lastAcceptanceDate: IsoDateSchema.nullable(),
});
/** A normalised `enterprises` row. */
export type EnterpriseImportRow = z.infer<typeof EnterpriseImportRowSchema>;

/**
 * `exceedances`: one monitoring result against its discharge limit (超标记录). Headers
 * 统一社会信用代码, 排放口编号, 污染物, 监测日期, 实测值, 排放限值, 计量单位, 数据来源.
 * `measuredValue` and `limitValue` are in `unit` (e.g. mg/m3, mg/L); `limitValue` > 0.
 * A row need not exceed its limit: the screening decides that.
 */
export const ExceedanceImportRowSchema = z.object({
  uscc: UsccSchema,
  outletCode: text(50),
  pollutant: text(100),
  monitoredOn: IsoDateSchema,
  measuredValue: nonNegative,
  limitValue: positive,
  unit: text(50),
  dataSource: z.enum(exceedanceDataSources),
});
/** A normalised `exceedances` row. */
export type ExceedanceImportRow = z.infer<typeof ExceedanceImportRowSchema>;

/**
 * `quotas`: total-quantity use against the quota (总量控制) for one pollutant and year, in
 * tonnes. Headers 统一社会信用代码, 年度, 污染物, 实际排放量（吨）, 总量控制指标（吨）. `quotaT` > 0.
 */
export const QuotaImportRowSchema = z.object({
  uscc: UsccSchema,
  year: DataYearSchema,
  pollutant: text(100),
  actualT: nonNegative,
  quotaT: positive,
});
/** A normalised `quotas` row. */
export type QuotaImportRow = z.infer<typeof QuotaImportRowSchema>;

/**
 * `hazardous`: a toxic or hazardous substance used (`use`, 使用) or discharged (`discharge`,
 * 排放) in a year (双有). Headers 统一社会信用代码, 年度, 类别, 物质名称, CAS号, 数量, 计量单位.
 * `casNo` is a CAS Registry Number with a valid check digit, or null; `quantity` ≥ 0 in `unit`.
 */
export const HazardousImportRowSchema = z.object({
  uscc: UsccSchema,
  year: DataYearSchema,
  category: z.enum(hazardousCategories),
  substanceName: text(200),
  casNo: z.string().regex(/^\d{2,7}-\d{2}-\d$/).nullable(),
  quantity: nonNegative.nullable(),
  unit: text(50).nullable(),
});
/** A normalised `hazardous` row. */
export type HazardousImportRow = z.infer<typeof HazardousImportRowSchema>;

/**
 * `energy`: energy use per unit of product against the limit of its national standard
 * (高耗能). Headers 统一社会信用代码, 年度, 产品名称, 产量, 产量单位, 综合能耗（吨标准煤）,
 * 单位产品能耗, 限额值, 限额标准.
 *
 * - `output` > 0 in `outputUnit`;
 * - `comprehensiveEnergyTce`: comprehensive energy consumption in tce (GB/T 2589), or null;
 * - `energyPerUnitKgce`: kgce per unit of product (kgce/t when `outputUnit` is t); computed as
 *   tce × 1000 / output when the file leaves it empty (issue 3 §4);
 * - `limitKgcePerUnit` > 0, same unit; `limitStandard` e.g. `GB 21256-2013`.
 */
export const EnergyImportRowSchema = z.object({
  uscc: UsccSchema,
  year: DataYearSchema,
  productName: text(200),
  output: positive,
  outputUnit: text(50),
  comprehensiveEnergyTce: nonNegative.nullable(),
  energyPerUnitKgce: nonNegative,
  limitKgcePerUnit: positive,
  limitStandard: text(100).nullable(),
});
/** A normalised `energy` row. */
export type EnergyImportRow = z.infer<typeof EnergyImportRowSchema>;

/** The normalised-row schema of each kind. */
export const importRowSchemas = {
  enterprises: EnterpriseImportRowSchema,
  exceedances: ExceedanceImportRowSchema,
  quotas: QuotaImportRowSchema,
  hazardous: HazardousImportRowSchema,
  energy: EnergyImportRowSchema,
} as const;

/** The normalised row type of kind `K`. */
export type ImportRowOf<K extends ImportKind> = z.infer<(typeof importRowSchemas)[K]>;
/** A normalised row of any kind. */
export type ImportRow = ImportRowOf<ImportKind>;

/**
 * The natural key of a normalised row, on which an idempotent import matches existing records
 * (issue 3 §3 "rows are matched on natural keys"):
 *
 * - `enterprises`: uscc + permitNo (permitNo null: the one row of an enterprise without permit);
 * - `exceedances`: uscc + outletCode + pollutant + monitoredOn;
 * - `quotas`: uscc + year + pollutant;
 * - `hazardous`: uscc + year + category + (casNo ?? substanceName);
 * - `energy`: uscc + year + productName.
 *
 * @returns a JSON array of the key parts, e.g. `'["914501026420642331","914501026420642331001P"]'`:
 *   unambiguous whatever the parts contain; equal rows give equal strings.
 */
export function naturalKeyOf<K extends ImportKind>(kind: K, row: ImportRowOf<K>): string {
  switch (kind) {
    case 'enterprises': {
      const r = row as EnterpriseImportRow;
      return JSON.stringify([r.uscc, r.permitNo]);
    }
    case 'exceedances': {
      const r = row as ExceedanceImportRow;
      return JSON.stringify([r.uscc, r.outletCode, r.pollutant, r.monitoredOn]);
    }
    case 'quotas': {
      const r = row as QuotaImportRow;
      return JSON.stringify([r.uscc, r.year, r.pollutant]);
    }
    case 'hazardous': {
      const r = row as HazardousImportRow;
      return JSON.stringify([r.uscc, r.year, r.category, r.casNo ?? r.substanceName]);
    }
    case 'energy': {
      const r = row as EnergyImportRow;
      return JSON.stringify([r.uscc, r.year, r.productName]);
    }
    default:
      throw new RangeError(`naturalKeyOf: unknown import kind ${JSON.stringify(kind)}`);
  }
}

/**
 * One row error of an import (issue 3 Contract): `row` as Excel shows it (in a plain CSV the
 * header is row 1 and the first data row 2), `column` the Chinese header as written in the
 * file (or the expected header when the column is missing), `value` the cell as text, and
 * `message` in Chinese saying what was expected.
 */
export const ImportErrorSchema = z.object({
  row: z.number().int(),
  column: z.string(),
  value: z.string(),
  message: z.string(),
});
/** One row error. */
export type ImportError = z.infer<typeof ImportErrorSchema>;

/**
 * The result of one import, exactly as `cpaudit import <kind> <file> --json` prints it (issue 3
 * Contract; key order as listed): the file name, the number of data rows read, how many were
 * inserted, updated, unchanged (idempotent re-import) and rejected, and every row error.
 */
export const ImportResultSchema = z.object({
  kind: z.enum(importKinds),
  file: z.string(),
  rows: z.number().int().nonnegative(),
  inserted: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  errors: z.array(ImportErrorSchema),
});
/** The import result. */
export type ImportResult = z.infer<typeof ImportResultSchema>;
