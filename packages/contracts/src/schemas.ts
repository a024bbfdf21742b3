/**
 * zod schemas of the HTTP API under `/api/v1`, shared by the server (validation and
 * OpenAPI) and the web console (typed client). Field names follow shared glossary.md.
 */
import { z } from 'zod';
import { allPermissions, divisionLevels, orgKinds, roles } from './permissions.ts';

/** 6-digit administrative division code (GB/T 2260), e.g. `450100` 南宁市. */
export const DivisionCodeSchema = z.string().regex(/^\d{6}$/, '应为 6 位行政区划代码');

/** `{ username, password }` for `POST /api/v1/auth/login`. */
export const LoginBodySchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入密码').max(256),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

/** `{ currentPassword, newPassword }` for `POST /api/v1/auth/password`. */
export const ChangePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBodySchema>;

/** The logged-in user as the console needs it: identity, organisation, area and permissions. */
export const MeSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  permissions: z.array(z.enum(allPermissions as [string, ...string[]])),
  org: z.object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(orgKinds),
    enterpriseId: z.number().int().nullable(),
  }),
  area: z.object({
    divisionCode: DivisionCodeSchema,
    name: z.string(),
    level: z.enum(divisionLevels),
  }),
  csrfToken: z.string(),
  /**
   * True while the password is a temporary one set by the administrator: every API call except
   * `GET /auth/me`, `POST /auth/password` and `POST /auth/logout` answers 403 PASSWORD_CHANGE_REQUIRED.
   */
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof MeSchema>;

/** One node of the division tree. */
export const DivisionSchema = z.object({
  code: DivisionCodeSchema,
  name: z.string(),
  level: z.enum(divisionLevels),
  parentCode: DivisionCodeSchema.nullable(),
});
export type Division = z.infer<typeof DivisionSchema>;

/** A key industry of the catalogue (the 13 of the Guangxi plan, plus city-local ones). */
export const KeyIndustrySchema = z.object({
  key: z.string(),
  nameZh: z.string(),
  /** `null` for region-wide industries; the city's division code for a city-local industry. */
  cityCode: DivisionCodeSchema.nullable(),
  codes: z.array(
    z.object({ industryCode: z.string(), name: z.string(), status: z.string(), source: z.string() }),
  ),
});
export type KeyIndustry = z.infer<typeof KeyIndustrySchema>;

/** Enterprise counts for the home page, limited to the user's area. */
export const OverviewStatsSchema = z.object({
  area: z.object({ divisionCode: DivisionCodeSchema, name: z.string(), level: z.enum(divisionLevels) }),
  totalEnterprises: z.number().int(),
  keyIndustryEnterprises: z.number().int(),
  byDivision: z.array(z.object({ divisionCode: DivisionCodeSchema, name: z.string(), count: z.number().int() })),
  byKeyIndustry: z.array(z.object({ key: z.string(), nameZh: z.string(), count: z.number().int() })),
});
export type OverviewStats = z.infer<typeof OverviewStatsSchema>;

/** List query: page (from 1), pageSize (1–200). */
const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
export const PageQuerySchema = z.object({
  current: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100_000).default(1)),
  pageSize: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(200).default(20)),
});

/** An error response body, see errors.ts. */
export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string(),
  }),
});

/** Enterprise status. */
export const enterpriseStatuses = ['operating', 'suspended', 'closed'] as const;

/** An enterprise as listed (registry issue extends it with permits and environmental data). */
export const EnterpriseSchema = z.object({
  id: z.number().int(),
  uscc: z.string(),
  name: z.string(),
  legalRepresentative: z.string().nullable(),
  address: z.string().nullable(),
  divisionCode: DivisionCodeSchema,
  countyName: z.string(),
  cityCode: DivisionCodeSchema,
  cityName: z.string(),
  industryCodes: z.array(z.string()),
  keyIndustry: z.string().nullable(),
  status: z.enum(enterpriseStatuses),
});
export type Enterprise = z.infer<typeof EnterpriseSchema>;

/** Filters of the enterprise list. */
export const EnterpriseListQuerySchema = PageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  divisionCode: DivisionCodeSchema.optional(),
  keyIndustry: z.string().max(40).optional(),
});
export type EnterpriseListQuery = z.infer<typeof EnterpriseListQuerySchema>;

/** A page of results: `{ data, total, current, pageSize }`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), total: z.number().int(), current: z.number().int(), pageSize: z.number().int() });
}

/**
 * A record id in a path: a plain decimal integer 1…2,147,483,647 (PostgreSQL `integer`).
 * `1e3`, `0x95`, `149.0`, `00149` and values past the range are refused with 400.
 */
export const IdParamSchema = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, '应为正整数编号')
    .transform(Number)
    .refine((n) => n <= 2_147_483_647, '编号超出范围'),
});

/** Audit-log filters (`GET /api/v1/audit-log`, security auditor). */
export const AuditLogQuerySchema = PageQuerySchema.extend({
  action: z.string().trim().max(60).optional(),
  username: z.string().trim().max(64).optional(),
  result: z.enum(['success', 'failure', 'denied']).optional(),
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});

/** One audit-log entry; `at` in +08:00. */
export const AuditLogEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorUsername: z.string().nullable(),
  orgName: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  result: z.enum(['success', 'failure', 'denied']),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.unknown(),
});

/** An account as the system administrator sees it (never the password hash). */
export const UserSummarySchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  orgId: z.number().int(),
  orgName: z.string(),
  orgKind: z.string(),
  divisionCode: z.string(),
  /** Name of the organisation's division: the account's area. */
  divisionName: z.string(),
  isActive: z.boolean(),
  lockedUntil: z.string().nullable(),
  passwordChangedAt: z.string(),
  /** The password was set by the administrator (or the CLI) and must be changed at the next login. */
  mustChangePassword: z.boolean(),
  /** For an expert's account: the pool entry it is linked to. */
  expertId: z.number().int().nullable(),
});

/**
 * `POST /api/v1/key-industries`: a key industry added to the catalogue. Region officers may add
 * region-wide ones (`cityCode` omitted) or a city's; city officers only their own city's.
 */
export const KeyIndustryCreateSchema = z.object({
  key: z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/, '标识只能含小写字母、数字和下划线，以字母开头'),
  nameZh: z.string().trim().min(2).max(40),
  cityCode: DivisionCodeSchema.optional(),
  codes: z.array(z.string().trim().regex(/^\d{2}$|^\d{4}$/, '应为 2 位大类或 4 位小类代码')).min(1).max(200),
});

/** `PUT /api/v1/key-industries/:key/codes`: the industry's GB/T 4754 codes, replacing the current ones. */
export const KeyIndustryCodesSchema = z.object({
  codes: z.array(z.string().trim().regex(/^\d{2}$|^\d{4}$/, '应为 2 位大类或 4 位小类代码')).min(1).max(200),
});
