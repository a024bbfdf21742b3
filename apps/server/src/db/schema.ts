/**
 * The database schema (Drizzle). Tables are snake_case plural; statuses are text with CHECK
 * constraints; times are `timestamptz`; calendar dates are `date` read as 'YYYY-MM-DD' strings.
 * SQL migrations are generated from this file into `apps/server/drizzle/` and committed;
 * they must run unchanged on PGlite (PostgreSQL 18) and PostgreSQL 15.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  check,
  date,
  index,
  integer,
  json,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => tstz('created_at').notNull().defaultNow();

// ---------------------------------------------------------------- reference data

/** GB/T 2260 divisions of Guangxi: the region, 14 cities, 111 county-level units. */
export const divisions = pgTable(
  'divisions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    parentCode: text('parent_code'),
    source: text('source').notNull(),
    confidence: text('confidence').notNull(),
  },
  (t) => [
    check('divisions_level_check', sql`${t.level} in ('region','city','county')`),
    check('divisions_code_check', sql`${t.code} ~ '^[0-9]{6}$'`),
    index('divisions_parent_idx').on(t.parentCode),
  ],
);

/** GB/T 4754-2017 national economic industry classification (门类/大类/中类/小类). */
export const industryCodes = pgTable('industry_codes', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  level: text('level').notNull(),
  parentCode: text('parent_code'),
  door: text('door').notNull(),
});

/** The key-industry catalogue: the 13 of the Guangxi plan (city_code null) and city-local additions. */
export const keyIndustries = pgTable(
  'key_industries',
  {
    key: text('key').primaryKey(),
    nameZh: text('name_zh').notNull(),
    cityCode: text('city_code').references(() => divisions.code),
    sortOrder: integer('sort_order').notNull().default(100),
    source: text('source').notNull(),
    createdAt: createdAt(),
  },
  (t) => [check('key_industries_key_check', sql`${t.key} ~ '^[a-z][a-z0-9_]{1,39}$'`)],
);

/** Mapping of key industries to GB/T 4754-2017 codes (2 digits: whole 大类; 4 digits: 小类). */
export const keyIndustryCodes = pgTable(
  'key_industry_codes',
  {
    keyIndustry: text('key_industry')
      .notNull()
      .references(() => keyIndustries.key, { onDelete: 'cascade' }),
    industryCode: text('industry_code').notNull(),
    industryName: text('industry_name').notNull(),
    status: text('status').notNull(),
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.keyIndustry, t.industryCode] }), index('key_industry_codes_code_idx').on(t.industryCode)],
);

/** National CP evaluation indicator systems (catalogue). */
export const indicatorSystems = pgTable('indicator_systems', {
  id: serial('id').primaryKey(),
  title: text('title').notNull().unique(),
  docNumber: text('doc_number'),
  year: smallint('year'),
  issuer: text('issuer'),
  industryKey: text('industry_key'),
  confidence: text('confidence').notNull(),
  note: text('note'),
});

/** Hazardous-substance lists (有毒有害大气/水污染物名录, 重点管控新污染物清单, 优先控制化学品名录). */
export const hazardousSubstances = pgTable(
  'hazardous_substances',
  {
    id: serial('id').primaryKey(),
    listName: text('list_name').notNull(),
    issuingDoc: text('issuing_doc').notNull(),
    itemNo: text('item_no').notNull(),
    nameZh: text('name_zh').notNull(),
    casNumbers: text('cas_numbers').array().notNull(),
    confidence: text('confidence').notNull(),
    note: text('note'),
  },
  (t) => [uniqueIndex('hazardous_substances_list_item_uq').on(t.listName, t.itemNo, t.nameZh)],
);

/** GB/T 2589 standard-coal conversion coefficients, by edition (`version`). */
export const energyFactors = pgTable(
  'energy_factors',
  {
    id: serial('id').primaryKey(),
    version: text('version').notNull(),
    item: text('item').notNull(),
    category: text('category').notNull(),
    unit: text('unit').notNull(),
    lowHeatValue: text('low_heat_value'),
    /** The coefficient as the source gives it (may be a range such as `0.2857-0.4286`). */
    coefText: text('coef_text').notNull(),
    /** kgce per unit when the source gives a single number; null for ranges and per-year values. */
    coefKgcePerUnit: numeric('coef_kgce_per_unit'),
    basis: text('basis'),
    source: text('source').notNull(),
    confidence: text('confidence').notNull(),
    note: text('note'),
  },
  (t) => [uniqueIndex('energy_factors_version_item_uq').on(t.version, t.item, t.unit)],
);

/** CO2 emission factors by type, scope and data year (grid factors in kgCO2/kWh). */
export const co2Factors = pgTable(
  'co2_factors',
  {
    id: serial('id').primaryKey(),
    factorType: text('factor_type').notNull(),
    scope: text('scope').notNull(),
    /** The data year as the source gives it (`2022`, `n/a`, `2022 (for 2023-2025 reporting)`). */
    dataYearText: text('data_year_text').notNull(),
    /** The data year when the source gives one; null for year-independent factors. */
    dataYear: smallint('data_year'),
    /** The value as the source gives it (`GAP` where none was found). */
    valueText: text('value_text').notNull(),
    value: numeric('value'),
    unit: text('unit').notNull(),
    source: text('source').notNull(),
    confidence: text('confidence').notNull(),
    note: text('note'),
  },
  (t) => [uniqueIndex('co2_factors_type_scope_year_uq').on(t.factorType, t.scope, t.dataYearText)],
);

/** Which reference file was loaded, with its content hash, so reloading is a no-op. */
export const refdataLoads = pgTable('refdata_loads', {
  name: text('name').primaryKey(),
  sha256: text('sha256').notNull(),
  rows: integer('rows').notNull(),
  loadedAt: createdAt(),
});

// ---------------------------------------------------------------- registry

/** Enterprise master, keyed by the unified social credit code (GB 32100-2015). */
export const enterprises = pgTable(
  'enterprises',
  {
    id: serial('id').primaryKey(),
    uscc: text('uscc').notNull().unique(),
    name: text('name').notNull(),
    legalRepresentative: text('legal_representative'),
    address: text('address'),
    /**
     * County-level division code (GB/T 2260), a key of `divisions`. Not a foreign key: checked once
     * per statement by the trigger `enterprises_references` (migration 0019; divisions are never
     * deleted nor re-keyed), so a bulk import pays no per-row check.
     */
    divisionCode: text('division_code').notNull(),
    /** GB/T 4754-2017 codes, several allowed; the first is the main one. */
    industryCodes: text('industry_codes').array().notNull(),
    /** Industry names as imported (行业类别), principal first. */
    industryNames: text('industry_names').array().notNull().default(sql`'{}'::text[]`),
    /** Key industry derived from the principal industry code, or null; a key of `key_industries` (checked like `divisionCode`). */
    keyIndustry: text('key_industry'),
    /** Date the enterprise last passed an acceptance before this system (上轮清洁生产验收日期). */
    lastAcceptanceDate: date('last_acceptance_date', { mode: 'string' }),
    scale: text('scale'),
    /** The import that last wrote this row, if any. */
    importId: integer('import_id'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    status: text('status').notNull().default('operating'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('enterprises_status_check', sql`${t.status} in ('operating','suspended','closed')`),
    check('enterprises_scale_check', sql`${t.scale} is null or ${t.scale} in ('large','medium','small','micro')`),
    index('enterprises_division_idx').on(t.divisionCode),
    index('enterprises_key_industry_idx').on(t.keyIndustry, t.divisionCode),
  ],
);

/** Pollutant discharge permits (HJ 608-2017 numbers); one enterprise may hold several. */
export const permits = pgTable(
  'permits',
  {
    id: serial('id').primaryKey(),
    /** `enterprises.id`: checked once per statement by the trigger `permits_references` (migration 0019; enterprises are never deleted). */
    enterpriseId: integer('enterprise_id').notNull(),
    permitNo: text('permit_no').notNull().unique(),
    category: text('category').notNull(),
    industryCodes: text('industry_codes').array().notNull(),
    issuedOn: date('issued_on', { mode: 'string' }),
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    issuingAuthority: text('issuing_authority'),
    pollutantCategories: text('pollutant_categories').array().notNull().default(sql`'{}'::text[]`),
    importId: integer('import_id'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('permits_category_check', sql`${t.category} in ('key','simplified','registration')`),
    index('permits_enterprise_idx').on(t.enterpriseId),
  ],
);

// ---------------------------------------------------------------- identity and access

/** Organisations of the kinds in glossary.md, placed in the division tree. */
export const orgs = pgTable(
  'orgs',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    divisionCode: text('division_code')
      .notNull()
      .references(() => divisions.code),
    /** For an enterprise organisation: the enterprise it is. */
    enterpriseId: integer('enterprise_id').references(() => enterprises.id),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      'orgs_kind_check',
      sql`${t.kind} in ('regionDee','regionDrc','cityEeb','cityDrc','countyBureau','enterprise','consultingAgency','expert','public')`,
    ),
    uniqueIndex('orgs_kind_name_uq').on(t.kind, t.name),
  ],
);

/** Accounts. Passwords are argon2id hashes; the lock fields implement the login-failure policy. */
export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    orgId: integer('org_id')
      .notNull()
      .references(() => orgs.id),
    isActive: boolean('is_active').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: tstz('locked_until'),
    passwordChangedAt: tstz('password_changed_at').notNull().defaultNow(),
    /**
     * True while the password is one set by the system administrator (console create or reset,
     * `cpaudit user create` without `--no-force-change`): the session may then only read
     * `/auth/me`, change the password and log out (PASSWORD_CHANGE_REQUIRED), so the
     * administrator holds no working credential of anyone else (三员分立).
     */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('users_username_uq').on(sql`lower(${t.username})`)],
);

/** Server-side sessions. `id` is the SHA-256 of the cookie token; the token itself is never stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: tstz('created_at').notNull(),
    lastSeenAt: tstz('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Append-only audit log (GB/T 22239-2019 §8.1.4.3): a trigger in the migration refuses
 * UPDATE and DELETE on this table.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: tstz('at').notNull(),
    actorUserId: integer('actor_user_id'),
    actorUsername: text('actor_username'),
    orgId: integer('org_id'),
    orgName: text('org_name'),
    action: text('action').notNull(),
    objectType: text('object_type'),
    objectId: text('object_id'),
    result: text('result').notNull(),
    ip: text('ip'),
    requestId: text('request_id'),
    details: jsonb('details'),
  },
  (t) => [
    check('audit_log_result_check', sql`${t.result} in ('success','failure','denied')`),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorUserId, t.at),
  ],
);

// ---------------------------------------------------------------- environmental data (per enterprise and year)

/** Exceedance records (超标记录): a measured value against its discharge limit. Natural key: enterprise, outlet, pollutant, date. */
export const exceedanceRecords = pgTable(
  'exceedance_records',
  {
    id: serial('id').primaryKey(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    outletCode: text('outlet_code').notNull(),
    pollutant: text('pollutant').notNull(),
    monitoredOn: date('monitored_on', { mode: 'string' }).notNull(),
    measuredValue: numeric('measured_value').notNull(),
    limitValue: numeric('limit_value').notNull(),
    unit: text('unit').notNull(),
    dataSource: text('data_source').notNull(),
    importId: integer('import_id'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('exceedance_records_nk').on(t.enterpriseId, t.outletCode, t.pollutant, t.monitoredOn),
    check('exceedance_records_source_check', sql`${t.dataSource} in ('online','enforcement','selfMonitoring')`),
    check('exceedance_records_limit_check', sql`${t.limitValue} > 0`),
  ],
);

/** Total-quantity use against quota (总量控制), tonnes per year. Natural key: enterprise, year, pollutant. */
export const quotaRecords = pgTable(
  'quota_records',
  {
    id: serial('id').primaryKey(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    year: smallint('year').notNull(),
    pollutant: text('pollutant').notNull(),
    actualT: numeric('actual_t').notNull(),
    quotaT: numeric('quota_t').notNull(),
    importId: integer('import_id'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('quota_records_nk').on(t.enterpriseId, t.year, t.pollutant), check('quota_records_quota_check', sql`${t.quotaT} > 0`)],
);

/** Hazardous substances used (使用) or discharged (排放). Natural key: enterprise, year, category, CAS number or name. */
export const hazardousRecords = pgTable(
  'hazardous_records',
  {
    id: serial('id').primaryKey(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    year: smallint('year').notNull(),
    category: text('category').notNull(),
    substanceName: text('substance_name').notNull(),
    casNo: text('cas_no'),
    /** CAS number when given, else the substance name: the natural-key part. */
    matchKey: text('match_key').notNull(),
    quantity: numeric('quantity'),
    unit: text('unit'),
    importId: integer('import_id'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('hazardous_records_nk').on(t.enterpriseId, t.year, t.category, t.matchKey),
    check('hazardous_records_category_check', sql`${t.category} in ('use','discharge')`),
  ],
);

/** Energy use per unit of product against the limit of its standard (kgce per unit of product). */
export const energyRecords = pgTable(
  'energy_records',
  {
    id: serial('id').primaryKey(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    year: smallint('year').notNull(),
    productName: text('product_name').notNull(),
    output: numeric('output').notNull(),
    outputUnit: text('output_unit').notNull(),
    comprehensiveEnergyTce: numeric('comprehensive_energy_tce'),
    energyPerUnitKgce: numeric('energy_per_unit_kgce').notNull(),
    limitKgcePerUnit: numeric('limit_kgce_per_unit').notNull(),
    limitStandard: text('limit_standard'),
    importId: integer('import_id'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('energy_records_nk').on(t.enterpriseId, t.year, t.productName),
    check('energy_records_limit_check', sql`${t.limitKgcePerUnit} > 0 and ${t.output} > 0`),
  ],
);

// ---------------------------------------------------------------- imports and change history

/** One import of one file: who, which file (SHA-256), options and outcome. */
export const imports = pgTable(
  'imports',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    userId: integer('user_id').references(() => users.id),
    orgId: integer('org_id').references(() => orgs.id),
    dryRun: boolean('dry_run').notNull(),
    skipInvalid: boolean('skip_invalid').notNull(),
    status: text('status').notNull(),
    rows: integer('rows').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    /** The first errors (up to 10,000) as `{ row, column, value, message }`. */
    errors: jsonb('errors').notNull().default(sql`'[]'::jsonb`),
    startedAt: tstz('started_at').notNull(),
    finishedAt: tstz('finished_at'),
  },
  (t) => [
    check('imports_kind_check', sql`${t.kind} in ('enterprises','exceedances','quotas','hazardous','energy')`),
    check('imports_status_check', sql`${t.status} in ('running','applied','rejected','dryRun','failed')`),
    index('imports_sha_idx').on(t.sha256),
  ],
);

/**
 * Change history of registry records: who, when, what changed (`{ field: [before, after] }`), from
 * which import. `changes` is `json` (kept as written, read whole by the history tab): an import
 * writes one history row per record it inserts or changes, and `json` costs less to build than `jsonb`.
 */
export const changeHistory = pgTable(
  'change_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: tstz('at').notNull(),
    userId: integer('user_id'),
    importId: integer('import_id'),
    entityType: text('entity_type').notNull(),
    entityId: integer('entity_id').notNull(),
    /** Enterprise the record belongs to, for the enterprise page's history tab. */
    enterpriseId: integer('enterprise_id'),
    action: text('action').notNull(),
    changes: json('changes').notNull(),
  },
  (t) => [
    check('change_history_action_check', sql`${t.action} in ('insert','update','delete')`),
    index('change_history_enterprise_idx').on(t.enterpriseId, t.at),
  ],
);

// ---------------------------------------------------------------- screening (issue 4)

/** Versioned screening rule sets: the hazardous lists, markers, interval and basis strings as data. */
export const screeningRuleSets = pgTable('screening_rule_sets', {
  version: text('version').primaryKey(),
  /** The `ScreeningRuleSet` of packages/domain as JSON. */
  definition: jsonb('definition').notNull(),
  note: text('note'),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: createdAt(),
  /** Published rule sets are the ones runs use by default; the latest published wins. */
  publishedAt: tstz('published_at'),
});

/** One screening run: who, when, data year, scope, rule-set version and counts. */
export const screeningRuns = pgTable(
  'screening_runs',
  {
    id: serial('id').primaryKey(),
    dataYear: smallint('data_year').notNull(),
    /** `450000` for the region, a city code for one city. */
    scopeDivisionCode: text('scope_division_code')
      .notNull()
      .references(() => divisions.code),
    ruleSetVersion: text('rule_set_version')
      .notNull()
      .references(() => screeningRuleSets.version),
    runBy: integer('run_by').references(() => users.id),
    runByName: text('run_by_name').notNull(),
    startedAt: tstz('started_at').notNull(),
    finishedAt: tstz('finished_at'),
    enterprisesScanned: integer('enterprises_scanned').notNull().default(0),
    /** `{ listed, mandatory, notDue, byCriterion: { … } }`. */
    counts: jsonb('counts').notNull().default(sql`'{}'::jsonb`),
    /** The previous run of the same data year and scope, and the change against it. */
    previousRunId: integer('previous_run_id'),
    diff: jsonb('diff'),
  },
  (t) => [index('screening_runs_year_scope_idx').on(t.dataYear, t.scopeDivisionCode, t.id)],
);

/**
 * The results of a run: one row per enterprise with at least one reason, a snapshot (credit code,
 * name, division, reasons with their evidence) that stays readable however the registry changes.
 *
 * Written in bulk (≈ 150,000 rows per region-wide run at 1,000,000 enterprises, issue 4 benchmark),
 * so two choices keep a run's store cheap (measured at 1M: 10.6 s → 3.3 s for the insert):
 * - `enterprise_id` is not a foreign key: the check's per-row key-share lock on `enterprises` wrote a
 *   WAL record per result. The reference cannot dangle all the same: enterprises are never deleted
 *   (trigger `enterprises_never_deleted`, migration 0018; an enterprise that stops is `closed`);
 * - `reasons` is `json`, not `jsonb`: it is only ever read whole (evidence drawer, lists), and
 *   `json` input is validated without being rebuilt into the binary form.
 */
export const screeningResults = pgTable(
  'screening_results',
  {
    id: serial('id').primaryKey(),
    runId: integer('run_id')
      .notNull()
      .references(() => screeningRuns.id, { onDelete: 'cascade' }),
    /** `enterprises.id` (not a foreign key, see above). */
    enterpriseId: integer('enterprise_id').notNull(),
    uscc: text('uscc').notNull(),
    name: text('name').notNull(),
    divisionCode: text('division_code').notNull(),
    keyIndustry: text('key_industry'),
    recommendation: text('recommendation').notNull(),
    nextDueYear: smallint('next_due_year'),
    criteria: text('criteria').array().notNull(),
    /** The reasons with basis and evidence, as the domain returned them (`json`, see above). */
    reasons: json('reasons').notNull(),
  },
  (t) => [
    // Run first: a run's rows (in enterprise id order) are appended at the index's right edge. One
    // enterprise's results across runs are one probe per run (join screening_runs on run_id).
    uniqueIndex('screening_results_run_enterprise_uq').on(t.runId, t.enterpriseId),
    index('screening_results_run_division_idx').on(t.runId, t.divisionCode),
    check('screening_results_recommendation_check', sql`${t.recommendation} in ('mandatory','notDue')`),
  ],
);

/**
 * City review decisions on candidates (issue 4 §3). Append-only: a new decision supersedes the
 * previous one for the same data year and enterprise; all are kept.
 */
export const screeningReviews = pgTable(
  'screening_reviews',
  {
    id: serial('id').primaryKey(),
    dataYear: smallint('data_year').notNull(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    /** `confirm` a candidate, `exclude` it with a justification, `addVoluntary`, or `revoke` the last decision. */
    decision: text('decision').notNull(),
    /** For exclusions: shutdown, merged, dataError, other. */
    reasonCode: text('reason_code'),
    justification: text('justification'),
    runId: integer('run_id').references(() => screeningRuns.id),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: tstz('decided_at').notNull(),
  },
  (t) => [
    check('screening_reviews_decision_check', sql`${t.decision} in ('confirm','exclude','addVoluntary','revoke')`),
    check(
      'screening_reviews_justification_check',
      sql`${t.decision} <> 'exclude' or (${t.reasonCode} is not null and length(coalesce(${t.justification}, '')) >= 4)`,
    ),
    index('screening_reviews_year_enterprise_idx').on(t.dataYear, t.enterpriseId, t.id),
  ],
);

// ---------------------------------------------------------------- audit lists (issue 5)

/**
 * A city's list draft for one list year (名单) and one round: round 0 is the annual list, round n ≥ 1
 * the n-th supplementary list (补充名单). Holds mandatory and voluntary entries together.
 * Life cycle (packages/domain/src/lists): draft → submitted → (returned → submitted)* → approved → published.
 * `deeApprovedAt` / `drcApprovedAt` are reset at every submission; DRC approval is required only
 * when an entry has the reason `exceedsEnergyLimit`. `version` is the optimistic-concurrency counter.
 */
export const auditLists = pgTable(
  'audit_lists',
  {
    id: serial('id').primaryKey(),
    listYear: smallint('list_year').notNull(),
    round: smallint('round').notNull().default(0),
    cityCode: text('city_code')
      .notNull()
      .references(() => divisions.code),
    status: text('status').notNull().default('draft'),
    submittedAt: tstz('submitted_at'),
    submittedBy: integer('submitted_by').references(() => users.id),
    deeApprovedAt: tstz('dee_approved_at'),
    deeApprovedBy: integer('dee_approved_by').references(() => users.id),
    drcApprovedAt: tstz('drc_approved_at'),
    drcApprovedBy: integer('drc_approved_by').references(() => users.id),
    /** The last return comment, shown to the city until the next submission. */
    returnComment: text('return_comment'),
    publicationId: integer('publication_id').references(() => auditListPublications.id),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('audit_lists_status_check', sql`${t.status} in ('draft','submitted','returned','approved','published')`),
    check('audit_lists_round_check', sql`${t.round} >= 0`),
    uniqueIndex('audit_lists_year_round_city_uq').on(t.listYear, t.round, t.cityCode),
  ],
);

/**
 * One enterprise on a city list draft. `source`: `screening` (a confirmed candidate of data year
 * L-1), `rolledOver` (an earlier audit failed or overdue without acceptance), `applied` (a voluntary
 * application), `cityAdded`. `criteria` are the screening criteria (empty for voluntary entries);
 * `reasons` / `evidence` are copied from the confirmed screening result.
 */
export const auditListEntries = pgTable(
  'audit_list_entries',
  {
    id: serial('id').primaryKey(),
    listId: integer('list_id')
      .notNull()
      .references(() => auditLists.id, { onDelete: 'cascade' }),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    auditType: text('audit_type').notNull(),
    source: text('source').notNull(),
    criteria: text('criteria').array().notNull().default(sql`'{}'::text[]`),
    reasons: jsonb('reasons').notNull().default(sql`'[]'::jsonb`),
    evidence: jsonb('evidence').notNull().default(sql`'{}'::jsonb`),
    remarks: text('remarks'),
    plannedStart: date('planned_start', { mode: 'string' }),
    plannedFinish: date('planned_finish', { mode: 'string' }),
    /** The organisation that proposed the entry (a county bureau or the city). */
    proposedByOrgId: integer('proposed_by_org_id').references(() => orgs.id),
    addedBy: integer('added_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    check('audit_list_entries_type_check', sql`${t.auditType} in ('mandatory','voluntary')`),
    check('audit_list_entries_source_check', sql`${t.source} in ('screening','rolledOver','applied','cityAdded')`),
    uniqueIndex('audit_list_entries_list_enterprise_uq').on(t.listId, t.enterpriseId),
    index('audit_list_entries_enterprise_idx').on(t.enterpriseId),
  ],
);

/**
 * The review record of a list draft, append-only: each submission, approval (by DEE or DRC),
 * return with comments and publication, with the list version it acted on.
 */
export const auditListReviews = pgTable(
  'audit_list_reviews',
  {
    id: serial('id').primaryKey(),
    listId: integer('list_id')
      .notNull()
      .references(() => auditLists.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    /** `city`, `dee` or `drc`: on whose behalf. */
    department: text('department').notNull(),
    listVersion: integer('list_version').notNull(),
    comment: text('comment'),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    at: tstz('at').notNull(),
  },
  (t) => [
    check('audit_list_reviews_action_check', sql`${t.action} in ('submit','approve','return','publish')`),
    check('audit_list_reviews_department_check', sql`${t.department} in ('city','dee','drc')`),
    index('audit_list_reviews_list_idx').on(t.listId, t.id),
  ],
);

/**
 * A regional publication of the lists of one year and round (round 0 annual, n ≥ 1 the n-th
 * 补充名单): document number (文号), publishing authority (名单发布机关) and date (名单发布日期).
 * Never edited: a change to a published list is a new round.
 */
export const auditListPublications = pgTable(
  'audit_list_publications',
  {
    id: serial('id').primaryKey(),
    listYear: smallint('list_year').notNull(),
    round: smallint('round').notNull().default(0),
    documentNo: text('document_no').notNull(),
    publishedOn: date('published_on', { mode: 'string' }).notNull(),
    authority: text('authority').notNull(),
    publishedBy: integer('published_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('audit_list_publications_year_round_uq').on(t.listYear, t.round),
    uniqueIndex('audit_list_publications_document_no_uq').on(t.documentNo),
  ],
);

/**
 * One audit per listed enterprise, list year and audit type, created when the list naming it is
 * published (the audit workflow builds on it). Division codes and key industry are copied for
 * area-scoped dashboards. Deadlines from `computeAuditDeadlines` (Order 38 art. 11, 12, 17) for
 * mandatory audits; null for voluntary ones.
 */
export const audits = pgTable(
  'audits',
  {
    id: serial('id').primaryKey(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    listYear: smallint('list_year').notNull(),
    auditType: text('audit_type').notNull(),
    mode: text('mode').notNull().default('standard'),
    state: text('state').notNull().default('listed'),
    listEntryId: integer('list_entry_id').references(() => auditListEntries.id),
    publicationId: integer('publication_id').references(() => auditListPublications.id),
    publishedAt: date('published_at', { mode: 'string' }).notNull(),
    documentNo: text('document_no').notNull(),
    countyCode: text('county_code').notNull(),
    cityCode: text('city_code').notNull(),
    keyIndustry: text('key_industry'),
    reasons: jsonb('reasons').notNull().default(sql`'[]'::jsonb`),
    disclosureDue: date('disclosure_due', { mode: 'string' }),
    startDue: date('start_due', { mode: 'string' }),
    reportDue: date('report_due', { mode: 'string' }),
    // ---- workflow (issue 6 item 1, migration 0010)
    /** The consulting agency (咨询服务机构, Order 38 art. 16), or null (none chosen yet, or a self-audit). */
    consultingAgencyId: integer('consulting_agency_id').references((): AnyPgColumn => consultingAgencies.id),
    /** The enterprise audits itself (自行审核, art. 15). */
    selfAudit: boolean('self_audit').notNull().default(false),
    /** The audit team `[{ name, role, employer? }]` (审核小组), set at `start`. */
    auditTeam: jsonb('audit_team').notNull().default(sql`'[]'::jsonb`),
    /** For a member of a park/cluster audit: the lead audit. */
    leadAuditId: integer('lead_audit_id').references((): AnyPgColumn => audits.id),
    acceptanceFailures: integer('acceptance_failures').notNull().default(0),
    disclosedOn: date('disclosed_on', { mode: 'string' }),
    startedOn: date('started_on', { mode: 'string' }),
    reportSubmittedOn: date('report_submitted_on', { mode: 'string' }),
    evaluationPassedOn: date('evaluation_passed_on', { mode: 'string' }),
    acceptanceApplicationDue: date('acceptance_application_due', { mode: 'string' }),
    acceptanceAppliedOn: date('acceptance_applied_on', { mode: 'string' }),
    acceptedOn: date('accepted_on', { mode: 'string' }),
    /** Last day the acceptance is valid (accepted_on + 5 years). */
    validUntil: date('valid_until', { mode: 'string' }),
    /** The disclosure (art. 11): `{ channel, url, fields, disclosedOn, late }`; null until disclosed. */
    disclosure: jsonb('disclosure'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('audits_type_check', sql`${t.auditType} in ('mandatory','voluntary')`),
    check('audits_mode_check', sql`${t.mode} in ('standard','simplified','park','cluster')`),
    check(
      'audits_state_check',
      sql`${t.state} in ('listed','disclosed','started','reportSubmitted','evaluation','evaluationPassed','evaluationFailed','implementing','acceptanceApplied','acceptance','accepted','acceptanceFailed','rolledOver')`,
    ),
    index('audits_lead_idx').on(t.leadAuditId),
    index('audits_agency_idx').on(t.consultingAgencyId),
    uniqueIndex('audits_enterprise_year_type_uq').on(t.enterpriseId, t.listYear, t.auditType),
    index('audits_city_county_idx').on(t.cityCode, t.countyCode),
    index('audits_year_idx').on(t.listYear, t.auditType),
    index('audits_updated_idx').on(t.updatedAt),
    // Dashboard (issue 8 item 3): the grouped count of one list year in an area reads this index only.
    index('audits_dashboard_idx').on(t.listYear, t.countyCode, t.state, t.auditType, t.publishedAt, t.keyIndustry),
  ],
);

/** In-app inbox: one message to an organisation, written in the transaction of the step that causes it. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    recipientOrgId: integer('recipient_org_id')
      .notNull()
      .references(() => orgs.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    link: text('link'),
    createdAt: createdAt(),
    readAt: tstz('read_at'),
  },
  (t) => [index('notifications_recipient_idx').on(t.recipientOrgId, t.createdAt)],
);

/**
 * Stored answers of state-changing requests sent with an `Idempotency-Key` header: a repeat of the
 * same key by the same user gets the first answer instead of acting twice. Swept after 24 h.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    route: text('route').notNull(),
    statusCode: smallint('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

// ---------------------------------------------------------------- audit: expert pool and consulting agencies (issue 6 items 6–7)

/**
 * Consulting agencies (清洁生产审核咨询服务机构, Order 38 art. 16). `orgId` the organisation whose
 * accounts edit the profile; `auditors` `[{ name, certificateNo, validUntil }]`; `industries`
 * key-industry keys served; `version` the optimistic lock.
 */
export const consultingAgencies = pgTable(
  'consulting_agencies',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').references(() => orgs.id),
    name: text('name').notNull(),
    uscc: text('uscc').notNull(),
    divisionCode: text('division_code')
      .notNull()
      .references(() => divisions.code),
    auditors: jsonb('auditors').$type<{ name: string; certificateNo: string; validUntil: string | null }[]>().notNull().default([]),
    industries: jsonb('industries').$type<string[]>().notNull().default([]),
    contactPhone: text('contact_phone'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('consulting_agencies_uscc_uq').on(t.uscc), uniqueIndex('consulting_agencies_org_uq').on(t.orgId)],
);

/**
 * The regional expert pool (自治区级清洁生产审核专家库). `specialities` key-industry keys and/or
 * `energy`, `environment`; `employerUscc` for the recusal check of the panel draw; `userId` a
 * linked expert account; natural key (name, employer name) for imports.
 */
export const experts = pgTable(
  'experts',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    employerName: text('employer_name').notNull(),
    employerUscc: text('employer_uscc'),
    title: text('title').notNull().default(''),
    specialities: jsonb('specialities').$type<string[]>().notNull(),
    cityCode: text('city_code')
      .notNull()
      .references(() => divisions.code),
    available: boolean('available').notNull().default(true),
    unavailableReason: text('unavailable_reason'),
    phone: text('phone'),
    email: text('email'),
    userId: integer('user_id').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('experts_name_employer_uq').on(t.name, t.employerName),
    uniqueIndex('experts_user_uq').on(t.userId),
    check('experts_specialities_check', sql`jsonb_typeof(${t.specialities}) = 'array' and jsonb_array_length(${t.specialities}) > 0`),
  ],
);
// ---------------------------------------------------------------- indicator systems (issue 7 item 5)

/**
 * Versioned definitions of a CP evaluation indicator system (清洁生产评价指标体系; regulations.md
 * §3). A row of the catalogue `indicator_systems` (附件4) has any number of versions; a version is
 * a draft until published, and never changes after it is published (a change is a new version).
 * `complete` is false while the validation (`validateIndicatorSystem`) finds issues or the source
 * is known to be partial; incomplete versions cannot be published. The JSON shape
 * (`IndicatorSystemJson`) is rebuilt from the group and indicator rows.
 */
export const indicatorDefinitions = pgTable(
  'indicator_definitions',
  {
    id: serial('id').primaryKey(),
    systemId: integer('system_id')
      .notNull()
      .references(() => indicatorSystems.id),
    version: integer('version').notNull(),
    /** The definition's own id (the `id` of system.json), e.g. `electroplating-2015-table1`. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    levelRule: text('level_rule').notNull(),
    status: text('status').notNull().default('draft'),
    complete: boolean('complete').notNull(),
    /** Validation issues and known gaps: `[{path, code, message}]`. */
    issues: jsonb('issues').notNull(),
    source: text('source'),
    createdBy: integer('created_by').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: createdAt(),
    publishedAt: tstz('published_at'),
    /** Optimistic concurrency: publish must name the row version it saw. */
    rowVersion: integer('row_version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('indicator_definitions_system_version_uq').on(t.systemId, t.version),
    check('indicator_definitions_status_check', sql`${t.status} in ('draft','published')`),
    check('indicator_definitions_level_rule_check', sql`${t.levelRule} in ('classic-2013','strict-level-i')`),
    check('indicator_definitions_publish_check', sql`${t.status} <> 'published' or (${t.complete} and ${t.publishedAt} is not null)`),
  ],
);

/** First-level indicators (一级指标) of a definition version, with weight w_i. */
export const indicatorDefinitionGroups = pgTable(
  'indicator_definition_groups',
  {
    id: serial('id').primaryKey(),
    definitionId: integer('definition_id')
      .notNull()
      .references(() => indicatorDefinitions.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    name: text('name').notNull(),
    weight: doublePrecision('weight').notNull(),
  },
  (t) => [uniqueIndex('indicator_definition_groups_pos_uq').on(t.definitionId, t.position)],
);

/**
 * Second-level indicators (二级指标): unit, weight ω_ij, direction, benchmarks I/II/III
 * (quantitative) or requirement texts (qualitative), limiting flag (限定性指标).
 */
export const indicatorDefinitionItems = pgTable(
  'indicator_definition_items',
  {
    id: serial('id').primaryKey(),
    groupId: integer('group_id')
      .notNull()
      .references(() => indicatorDefinitionGroups.id, { onDelete: 'cascade' }),
    definitionId: integer('definition_id')
      .notNull()
      .references(() => indicatorDefinitions.id, { onDelete: 'cascade' }),
    position: smallint('position').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    unit: text('unit'),
    weight: doublePrecision('weight').notNull(),
    direction: text('direction').notNull(),
    benchmarkI: doublePrecision('benchmark_i'),
    benchmarkII: doublePrecision('benchmark_ii'),
    benchmarkIII: doublePrecision('benchmark_iii'),
    requirementI: text('requirement_i'),
    requirementII: text('requirement_ii'),
    requirementIII: text('requirement_iii'),
    limiting: boolean('limiting').notNull(),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('indicator_definition_items_code_uq').on(t.definitionId, t.code),
    uniqueIndex('indicator_definition_items_pos_uq').on(t.groupId, t.position),
    check('indicator_definition_items_direction_check', sql`${t.direction} in ('lower','higher','qualitative')`),
    check(
      'indicator_definition_items_benchmarks_check',
      sql`${t.direction} <> 'qualitative' or (${t.benchmarkI} is null and ${t.benchmarkII} is null and ${t.benchmarkIII} is null)`,
    ),
  ],
);

// ---------------------------------------------------------------- documents, action plans, yearly reports (issue 5 items 5–6, issue 6 item 5)

/**
 * Stored documents (uploads). The file lives in the document store under its SHA-256
 * (`platform/documents.ts`); this row says who owns it: a slot is `(owner_type, owner_id, kind)`
 * and each upload to a slot is a new numbered `version` (all kept). Several rows may point at
 * one file (same content uploaded twice).
 */
export const documents = pgTable(
  'documents',
  {
    id: serial('id').primaryKey(),
    /** The owning record's type: `actionPlan`, `annualReport`, later `audit`, `auditStep`. */
    ownerType: text('owner_type').notNull(),
    ownerId: integer('owner_id').notNull(),
    /** The slot's document kind within the owner (`attachment`, `auditReport`, …). */
    kind: text('kind').notNull(),
    version: integer('version').notNull(),
    fileName: text('file_name').notNull(),
    /** Detected from the magic bytes: pdf, docx, xlsx, zip, doc, xls, ole, jpg, png, ofd. */
    fileType: text('file_type').notNull(),
    mediaType: text('media_type').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id),
    uploadedAt: tstz('uploaded_at').notNull(),
  },
  (t) => [
    uniqueIndex('documents_slot_version_uq').on(t.ownerType, t.ownerId, t.kind, t.version),
    index('documents_sha_idx').on(t.sha256),
    check('documents_sha_check', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check('documents_owner_type_check', sql`${t.ownerType} ~ '^[a-z][A-Za-z0-9]{1,39}$'`),
    check('documents_version_check', sql`${t.version} >= 1`),
  ],
);

/**
 * A city's action plan (行动计划) for a period (default 2021–2023), one row per revision: a
 * returned plan is revised as revision n+1 and the old revisions stay readable. `version` is the
 * optimistic-lock counter of the row (409 on a stale one).
 */
export const actionPlans = pgTable(
  'action_plans',
  {
    id: serial('id').primaryKey(),
    cityCode: text('city_code')
      .notNull()
      .references(() => divisions.code),
    periodStart: smallint('period_start').notNull(),
    periodEnd: smallint('period_end').notNull(),
    revision: integer('revision').notNull(),
    status: text('status').notNull(),
    /** `ActionPlanTarget[]` (contracts): per year and key industry, enterprises and reductions. */
    targets: jsonb('targets').notNull().default(sql`'[]'::jsonb`),
    narrative: text('narrative').notNull().default(''),
    deeApprovedBy: integer('dee_approved_by').references(() => users.id),
    deeApprovedAt: tstz('dee_approved_at'),
    drcApprovedBy: integer('drc_approved_by').references(() => users.id),
    drcApprovedAt: tstz('drc_approved_at'),
    /** `{ department, by, byName, at, comment }` of a return. */
    returnComment: jsonb('return_comment'),
    submittedBy: integer('submitted_by').references(() => users.id),
    submittedAt: tstz('submitted_at'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('action_plans_city_period_revision_uq').on(t.cityCode, t.periodStart, t.revision),
    check('action_plans_status_check', sql`${t.status} in ('draft','submitted','approved','returned')`),
    check('action_plans_period_check', sql`${t.periodStart} <= ${t.periodEnd} and ${t.periodEnd} - ${t.periodStart} <= 10`),
  ],
);

/** The region's configuration of a reporting year: due date and reminder lead time. */
export const annualReportSettings = pgTable('annual_report_settings', {
  year: smallint('year').primaryKey(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  reminderDays: smallint('reminder_days').notNull(),
  setBy: integer('set_by').references(() => users.id),
  setAt: tstz('set_at').notNull(),
});

/**
 * A city's yearly progress report (年度落实情况报告) on year `year`. `figures` holds the
 * system figures frozen at submission (prefilled live while a draft); `version` is the
 * optimistic-lock counter.
 */
export const annualReports = pgTable(
  'annual_reports',
  {
    id: serial('id').primaryKey(),
    cityCode: text('city_code')
      .notNull()
      .references(() => divisions.code),
    year: smallint('year').notNull(),
    status: text('status').notNull(),
    figures: jsonb('figures'),
    narrative: text('narrative').notNull().default(''),
    submittedBy: integer('submitted_by').references(() => users.id),
    submittedAt: tstz('submitted_at'),
    reminderSentAt: tstz('reminder_sent_at'),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('annual_reports_city_year_uq').on(t.cityCode, t.year),
    check('annual_reports_status_check', sql`${t.status} in ('draft','submitted')`),
  ],
);

// ---------------------------------------------------------------- public information portal (issue 8 §4)

/**
 * Policy library (政策法规) and news (通知公告/新闻) of the public information service
 * (issue 8 §4; 清洁生产促进法 art. 17 and 清洁生产审核办法 art. 14: cleaner-production information
 * is made public). `body` is Markdown rendered by the web portal as a safe subset (no raw HTML).
 * `attachments` is a list of `{ name, url }` links (http(s) or a site path); the system has no file
 * store yet. Only `published` rows are public. `version` is the optimistic-lock counter.
 */
export const portalArticles = pgTable(
  'portal_articles',
  {
    id: serial('id').primaryKey(),
    /** `policy` (政策法规) or `news` (通知公告/新闻). */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** Markdown (safe subset: paragraphs, headings, lists, http(s) links). */
    body: text('body').notNull().default(''),
    /** Free category, e.g. 法律, 部门规章, 地方规划, 通知, 新闻. */
    category: text('category').notNull().default(''),
    /** Issuing body / where the text comes from. */
    source: text('source').notNull().default(''),
    attachments: jsonb('attachments').$type<{ name: string; url: string }[]>().notNull().default([]),
    /** Publication date shown to the public ('YYYY-MM-DD'); set on first publication when empty. */
    publishedOn: date('published_on', { mode: 'string' }),
    status: text('status').notNull().default('draft'),
    /** True for demonstration content (shown with a mark). */
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('portal_articles_kind_check', sql`${t.kind} in ('policy','news')`),
    check('portal_articles_status_check', sql`${t.status} in ('draft','published')`),
    index('portal_articles_public_idx').on(t.status, t.kind, t.publishedOn),
    index('portal_articles_updated_idx').on(t.updatedAt, t.id),
  ],
);

/** Cleaner-production technology directory (清洁生产技术目录), issue 8 §4. */
export const portalTechnologies = pgTable(
  'portal_technologies',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    /** Key industry (free text, e.g. 制糖, 有色金属冶炼). */
    industry: text('industry').notNull().default(''),
    description: text('description').notNull().default(''),
    applicableScope: text('applicable_scope').notNull().default(''),
    benefits: text('benefits').notNull().default(''),
    source: text('source').notNull().default(''),
    year: smallint('year'),
    status: text('status').notNull().default('draft'),
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('portal_technologies_status_check', sql`${t.status} in ('draft','published')`),
    index('portal_technologies_updated_idx').on(t.updatedAt, t.id),
  ],
);

/** Case compilations (典型案例), issue 8 §4. */
export const portalCases = pgTable(
  'portal_cases',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    /** Enterprise name; optional (cases may be anonymised). */
    enterpriseName: text('enterprise_name'),
    industry: text('industry').notNull().default(''),
    description: text('description').notNull().default(''),
    /** The cleaner-production options carried out (方案). */
    options: text('options').notNull().default(''),
    benefits: text('benefits').notNull().default(''),
    source: text('source').notNull().default(''),
    status: text('status').notNull().default('draft'),
    isDemo: boolean('is_demo').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('portal_cases_status_check', sql`${t.status} in ('draft','published')`),
    index('portal_cases_updated_idx').on(t.updatedAt, t.id),
  ],
);

// ---------------------------------------------------------------- workflow: audit timeline, outbox, jobs, registrations (issue 6 items 1, 4, 10, 11)

/**
 * The timeline of an audit: one row per applied workflow action (issue 6 item 1), written in the
 * transaction of the step. `versionAfter` the audit's version after the step; `documentIds` the
 * documents attached to the step.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    auditId: integer('audit_id')
      .notNull()
      .references(() => audits.id, { onDelete: 'cascade' }),
    fromState: text('from_state').notNull(),
    action: text('action').notNull(),
    toState: text('to_state').notNull(),
    actorUserId: integer('actor_user_id').references(() => users.id),
    actorOrgId: integer('actor_org_id').references(() => orgs.id),
    actorRole: text('actor_role'),
    at: tstz('at').notNull().defaultNow(),
    comment: text('comment'),
    documentIds: jsonb('document_ids').notNull().default(sql`'[]'::jsonb`),
    payload: jsonb('payload'),
    versionAfter: integer('version_after').notNull(),
  },
  (t) => [index('audit_events_audit_idx').on(t.auditId, t.at), uniqueIndex('audit_events_audit_version_uq').on(t.auditId, t.versionAfter)],
);

/**
 * Outgoing e-mail and SMS (and a copy of in-app messages), written in the same transaction as the
 * step that causes them; a dispatcher sends `pending` rows (issue 6 item 10). `recipient` an e-mail
 * address, phone number or `org:<id>`; `payload` `{ kind, title, body, link }`.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').notNull(),
    recipientOrgId: integer('recipient_org_id').references(() => orgs.id),
    recipient: text('recipient').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: tstz('sent_at'),
  },
  (t) => [
    check('notification_outbox_channel_check', sql`${t.channel} in ('inapp','email','sms')`),
    check('notification_outbox_status_check', sql`${t.status} in ('pending','sent','failed')`),
    index('notification_outbox_pending_idx').on(t.status, t.id),
  ],
);

/** One row per scheduled job and Beijing day: the unique key makes a daily job run once across instances. */
export const jobRuns = pgTable(
  'job_runs',
  {
    job: text('job').notNull(),
    runDate: date('run_date', { mode: 'string' }).notNull(),
    startedAt: tstz('started_at').notNull().defaultNow(),
    finishedAt: tstz('finished_at'),
    summary: jsonb('summary'),
  },
  (t) => [primaryKey({ columns: [t.job, t.runDate] })],
);

/**
 * A missed legal deadline of an audit (issue 6 item 4): marked by the daily overdue job, escalated
 * to the region after a set number of days, resolved when the step is done.
 */
export const auditOverdue = pgTable(
  'audit_overdue',
  {
    auditId: integer('audit_id')
      .notNull()
      .references(() => audits.id, { onDelete: 'cascade' }),
    step: text('step').notNull(),
    due: date('due', { mode: 'string' }).notNull(),
    markedOn: date('marked_on', { mode: 'string' }).notNull(),
    escalatedOn: date('escalated_on', { mode: 'string' }),
    resolvedOn: date('resolved_on', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.auditId, t.step] }),
    check('audit_overdue_step_check', sql`${t.step} in ('disclosure','start','report','acceptanceApplication')`),
  ],
);

/**
 * An enterprise's request for its one account (issue 6 item 11), by credit code; the county (or
 * city) approves it, which creates the enterprise organisation (if missing) and the user.
 */
export const enterpriseRegistrations = pgTable(
  'enterprise_registrations',
  {
    id: serial('id').primaryKey(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    uscc: text('uscc').notNull(),
    countyCode: text('county_code').notNull(),
    cityCode: text('city_code').notNull(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    contactPhone: text('contact_phone'),
    contactEmail: text('contact_email'),
    passwordHash: text('password_hash').notNull(),
    status: text('status').notNull().default('pending'),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: tstz('decided_at'),
    reason: text('reason'),
    userId: integer('user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    check('enterprise_registrations_status_check', sql`${t.status} in ('pending','approved','rejected')`),
    uniqueIndex('enterprise_registrations_pending_uq').on(t.enterpriseId).where(sql`${t.status} = 'pending'`),
    index('enterprise_registrations_area_idx').on(t.cityCode, t.countyCode, t.status),
  ],
);
// ---------------------------------------------------------------- panels: expert panels and scoring sheets (issue 6 items 7–8)

/**
 * Scoring-sheet templates (评分表), configurable: one row per `(kind, version)`. `body` is the
 * domain `SheetTemplate` (items with max points, veto items, bands, veto rule). Seeded by
 * migration 0011 with `DEFAULT_EVALUATION_TEMPLATE` / `DEFAULT_ACCEPTANCE_TEMPLATE` of
 * `packages/domain/src/review-sheet` (configurable local practice, not national rule); the active
 * row of a kind is used for new panels.
 */
export const scoringTemplates = pgTable(
  'scoring_templates',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    version: text('version').notNull(),
    title: text('title').notNull(),
    body: jsonb('body').notNull(),
    localPractice: boolean('local_practice').notNull().default(true),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    check('scoring_templates_kind_check', sql`${t.kind} in ('evaluation','acceptance')`),
    uniqueIndex('scoring_templates_kind_version_uq').on(t.kind, t.version),
    uniqueIndex('scoring_templates_active_uq').on(t.kind).where(sql`${t.active}`),
  ],
);

/**
 * An expert panel of an audit's evaluation (评估) or acceptance (验收), drawn by `drawPanel`
 * (domain/panel). `seed`, `size`, `eligible` (expert ids) and `exclusions`
 * (`[{ expertId, name, reason }]`) are the record of the draw (kept for audit); `draws` the history
 * of redraws and replacements `[{ at, by, seed, kind, replacedExpertId?, newExpertId? }]`.
 * `status`: drawn → scoring (first sheet saved) → decided. At most one open (not decided) panel per
 * audit and stage. `version` the optimistic lock.
 */
export const reviewPanels = pgTable(
  'review_panels',
  {
    id: serial('id').primaryKey(),
    auditId: integer('audit_id')
      .notNull()
      .references(() => audits.id),
    stage: text('stage').notNull(),
    seed: bigint('seed', { mode: 'number' }).notNull(),
    size: smallint('size').notNull(),
    templateId: integer('template_id')
      .notNull()
      .references(() => scoringTemplates.id),
    eligible: jsonb('eligible').$type<number[]>().notNull(),
    exclusions: jsonb('exclusions').$type<{ expertId: number; name: string; reason: string }[]>().notNull(),
    draws: jsonb('draws').$type<Record<string, unknown>[]>().notNull().default(sql`'[]'::jsonb`),
    drawnBy: integer('drawn_by').references(() => users.id),
    drawnAt: tstz('drawn_at').notNull(),
    status: text('status').notNull().default('drawn'),
    result: jsonb('result'),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: tstz('decided_at'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    check('review_panels_stage_check', sql`${t.stage} in ('evaluation','acceptance')`),
    check('review_panels_status_check', sql`${t.status} in ('drawn','scoring','decided')`),
    index('review_panels_audit_idx').on(t.auditId),
    uniqueIndex('review_panels_open_uq').on(t.auditId, t.stage).where(sql`${t.status} <> 'decided'`),
  ],
);

/**
 * A seat on a panel: `expertId`, `role` (`industry` the key-industry expert, `other`), `seat`
 * (draw order, 1-based), `response` invited → accepted | declined, and `replacedBy` (the member
 * row drawn in place of a declined expert). Active members are those not replaced.
 */
export const panelMembers = pgTable(
  'panel_members',
  {
    id: serial('id').primaryKey(),
    panelId: integer('panel_id')
      .notNull()
      .references(() => reviewPanels.id),
    expertId: integer('expert_id')
      .notNull()
      .references(() => experts.id),
    role: text('role').notNull(),
    seat: smallint('seat').notNull(),
    response: text('response').notNull().default('invited'),
    respondedAt: tstz('responded_at'),
    replacedBy: integer('replaced_by'),
    createdAt: createdAt(),
  },
  (t) => [
    check('panel_members_role_check', sql`${t.role} in ('industry','other')`),
    check('panel_members_response_check', sql`${t.response} in ('invited','accepted','declined')`),
    uniqueIndex('panel_members_panel_expert_uq').on(t.panelId, t.expertId),
    index('panel_members_expert_idx').on(t.expertId),
  ],
);

/**
 * One expert's scoring sheet on a panel (one per member): `templateId`, `scores` points per item
 * key, `vetoes` veto item keys ticked, `comment`; `submittedAt` set on submission (then read-only).
 * `version` the optimistic lock.
 */
export const scoreSheets = pgTable(
  'score_sheets',
  {
    id: serial('id').primaryKey(),
    panelMemberId: integer('panel_member_id')
      .notNull()
      .references(() => panelMembers.id),
    templateId: integer('template_id')
      .notNull()
      .references(() => scoringTemplates.id),
    scores: jsonb('scores').$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
    vetoes: jsonb('vetoes').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    comment: text('comment').notNull().default(''),
    submittedAt: tstz('submitted_at'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('score_sheets_member_uq').on(t.panelMemberId)],
);

// ---------------------------------------------------------------- options register (issue 7)

/**
 * Cleaner-production options (清洁生产方案) of an audit, issue 7 items 1 and 7. The enterprise,
 * areas, key industry and list year are copied from the audit so the regional figures aggregate
 * without joins. `expected`/`achieved` hold {@link OptionBenefitsSchema} (contracts/options.ts);
 * flat columns are the aggregated yearly measures (tce, t CO2, m³ water, 万元/yr benefit, kg/yr
 * per pollutant): `exp_*` from the expected benefits, the unprefixed ones from the achieved
 * benefits (0 until entered), computed at write time; `factor_version` records which energy/CO2
 * factor table was used.
 * Sources: regulations.md §2, §6; forms-and-procedures.md §1.7 (绩效表), §3 phases 4–6.
 */
export const cpOptions = pgTable(
  'cp_options',
  {
    id: serial('id').primaryKey(),
    auditId: integer('audit_id')
      .notNull()
      .references(() => audits.id),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    countyCode: text('county_code').notNull(),
    cityCode: text('city_code').notNull(),
    keyIndustry: text('key_industry'),
    listYear: smallint('list_year').notNull(),
    /** Data year whose factors convert energy to tce/CO2. */
    dataYear: smallint('data_year').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    costClass: text('cost_class').notNull(),
    direction: text('direction').notNull(),
    description: text('description').notNull().default(''),
    investmentWan: doublePrecision('investment_wan').notNull().default(0),
    plannedStart: date('planned_start', { mode: 'string' }),
    plannedEnd: date('planned_end', { mode: 'string' }),
    actualStart: date('actual_start', { mode: 'string' }),
    actualEnd: date('actual_end', { mode: 'string' }),
    status: text('status').notNull().default('proposed'),
    expected: jsonb('expected').notNull().default(sql`'{}'::jsonb`),
    achieved: jsonb('achieved'),
    /** Expected yearly measures (flat, for aggregation). */
    expTce: doublePrecision('exp_tce').notNull().default(0),
    expCo2T: doublePrecision('exp_co2_t').notNull().default(0),
    expWaterM3: doublePrecision('exp_water_m3').notNull().default(0),
    expBenefitWan: doublePrecision('exp_benefit_wan').notNull().default(0),
    expCodKg: doublePrecision('exp_cod_kg').notNull().default(0),
    expNh3nKg: doublePrecision('exp_nh3n_kg').notNull().default(0),
    expSo2Kg: doublePrecision('exp_so2_kg').notNull().default(0),
    expNoxKg: doublePrecision('exp_nox_kg').notNull().default(0),
    expPmKg: doublePrecision('exp_pm_kg').notNull().default(0),
    expVocsKg: doublePrecision('exp_vocs_kg').notNull().default(0),
    expPbKg: doublePrecision('exp_pb_kg').notNull().default(0),
    expHgKg: doublePrecision('exp_hg_kg').notNull().default(0),
    expCdKg: doublePrecision('exp_cd_kg').notNull().default(0),
    expCrKg: doublePrecision('exp_cr_kg').notNull().default(0),
    expAsKg: doublePrecision('exp_as_kg').notNull().default(0),
    /** Achieved yearly measures (flat; zero until achieved benefits are entered). */
    tce: doublePrecision('tce').notNull().default(0),
    co2T: doublePrecision('co2_t').notNull().default(0),
    waterM3: doublePrecision('water_m3').notNull().default(0),
    benefitWan: doublePrecision('benefit_wan').notNull().default(0),
    codKg: doublePrecision('cod_kg').notNull().default(0),
    nh3nKg: doublePrecision('nh3n_kg').notNull().default(0),
    so2Kg: doublePrecision('so2_kg').notNull().default(0),
    noxKg: doublePrecision('nox_kg').notNull().default(0),
    pmKg: doublePrecision('pm_kg').notNull().default(0),
    vocsKg: doublePrecision('vocs_kg').notNull().default(0),
    pbKg: doublePrecision('pb_kg').notNull().default(0),
    hgKg: doublePrecision('hg_kg').notNull().default(0),
    cdKg: doublePrecision('cd_kg').notNull().default(0),
    crKg: doublePrecision('cr_kg').notNull().default(0),
    asKg: doublePrecision('as_kg').notNull().default(0),
    /** Factor table version used for tce/CO2 (e.g. `gbt2589-2020+gx-2022`). */
    factorVersion: text('factor_version').notNull(),
    /** Named factors used: `[{carrier, tcePerUnit, co2PerUnit, source}]`. */
    factors: jsonb('factors').notNull().default(sql`'[]'::jsonb`),
    fiscalFundingWan: doublePrecision('fiscal_funding_wan'),
    fiscalFundingSource: text('fiscal_funding_source'),
    /** 绩效验收 status: none | pending | passed | failed. */
    acceptanceStatus: text('acceptance_status').notNull().default('none'),
    /** Feasibility analysis of a high-cost option: inputs + D, F, N, NPV, NPVR, IRR + hints. */
    feasibility: jsonb('feasibility'),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('cp_options_cost_class_check', sql`${t.costClass} in ('low','high')`),
    check(
      'cp_options_status_check',
      sql`${t.status} in ('proposed','feasible','rejected','implementing','implemented')`,
    ),
    check('cp_options_acceptance_check', sql`${t.acceptanceStatus} in ('none','pending','passed','failed')`),
    uniqueIndex('cp_options_audit_code_uq').on(t.auditId, t.code),
    index('cp_options_audit_idx').on(t.auditId),
    index('cp_options_agg_idx').on(t.listYear, t.cityCode, t.keyIndustry),
    index('cp_options_county_idx').on(t.countyCode),
  ],
);

/**
 * Per-audit performance figures (issue 7 items 3, 6): the totals the report states (绩效表 as
 * written), the targets per audit focus, and the acceptance level before/after the audit
 * scored against a published indicator-system definition (with the explained result).
 */
export const auditPerformance = pgTable('audit_performance', {
  auditId: integer('audit_id')
    .primaryKey()
    .references(() => audits.id),
  /** Totals as stated in the report: `{low|high|all: {tce, co2T, waterM3, investmentWan, benefitWan, reductions}}`. */
  statedTotals: jsonb('stated_totals'),
  /** Targets per audit focus: `[{focus, indicator, unit, baseline, target}]`. */
  targets: jsonb('targets').notNull().default(sql`'[]'::jsonb`),
  levelBeforeDefinitionId: integer('level_before_definition_id').references(() => indicatorDefinitions.id),
  levelBefore: text('level_before'),
  levelBeforeResult: jsonb('level_before_result'),
  levelAfterDefinitionId: integer('level_after_definition_id').references(() => indicatorDefinitions.id),
  levelAfter: text('level_after'),
  levelAfterResult: jsonb('level_after_result'),
  version: integer('version').notNull().default(1),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});

/**
 * The working-day calendar as data the region administers (issue 6 item 3): one row per calendar
 * year with its State Council holiday arrangement (国务院办公厅关于YYYY年部分节假日安排的通知,
 * 国办发明电). `holidays` is `[{name, from, to}]` (inclusive 'YYYY-MM-DD'), `makeup_workdays` the
 * weekend days declared working days (调休上班). Seeded by migration 0014 from the domain's
 * `CHINA_HOLIDAY_SCHEDULES` (2020–2026, `created_by` null); an administrator adds later years.
 * Deadlines computed by the server use these rows (`loadWorkCalendar`).
 */
export const workCalendarYears = pgTable(
  'work_calendar_years',
  {
    year: integer('year').primaryKey(),
    documentNo: text('document_no').notNull(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    title: text('title').notNull(),
    url: text('url').notNull().default(''),
    holidays: jsonb('holidays').notNull(),
    makeupWorkdays: jsonb('makeup_workdays').notNull().default(sql`'[]'::jsonb`),
    /** Later amendments of the notice `[{documentNo, issuedOn, title, url, change}]` (2020 only so far). */
    amendments: jsonb('amendments').notNull().default(sql`'[]'::jsonb`),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [check('work_calendar_years_year_check', sql`${t.year} between 2000 and 2100`)],
);

/**
 * Enterprises' applications for a voluntary audit (issue 5 item 1: the voluntary list "from
 * enterprises that applied"): an enterprise applies for list year L with its reason (and an
 * optional contact); the city accepts (→ a voluntary entry with source `applied` in its draft,
 * `entry_id`) or declines with a reason. At most one open (`pending`) or `accepted` application per
 * enterprise and year (partial unique index), which makes applying idempotent.
 */
export const voluntaryApplications = pgTable(
  'voluntary_applications',
  {
    id: serial('id').primaryKey(),
    enterpriseId: integer('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    listYear: integer('list_year').notNull(),
    cityCode: text('city_code').notNull(),
    countyCode: text('county_code').notNull(),
    reason: text('reason').notNull(),
    contact: text('contact'),
    status: text('status').notNull().default('pending'),
    decisionReason: text('decision_reason'),
    listId: integer('list_id').references(() => auditLists.id),
    entryId: integer('entry_id').references(() => auditListEntries.id, { onDelete: 'set null' }),
    appliedBy: integer('applied_by').references(() => users.id),
    decidedBy: integer('decided_by').references(() => users.id),
    decidedAt: tstz('decided_at'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [
    check('voluntary_applications_status_check', sql`${t.status} in ('pending','accepted','declined')`),
    uniqueIndex('voluntary_applications_open_uq').on(t.enterpriseId, t.listYear).where(sql`${t.status} in ('pending','accepted')`),
    index('voluntary_applications_area_idx').on(t.listYear, t.cityCode, t.countyCode),
  ],
);
