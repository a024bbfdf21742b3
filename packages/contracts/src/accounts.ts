/**
 * Account management by the system administrator (`/api/v1/users…`, permission `user.manage`):
 * create, edit, disable/enable, unlock and reset the password of an account. The same rules as
 * `cpaudit user create` (the CLI and the console call one service on the server).
 * Separation of duties: GB/T 22239-2019 §8.1.4.2 and §8.1.5 (三员) — only the system
 * administrator manages accounts; the security auditor reads them.
 */
import { z } from 'zod';
import { orgKinds, roles } from './permissions.ts';
import { UserSummarySchema } from './schemas.ts';

/** The user-name rule: 3–32 characters, a letter first, then letters, digits, `_ . -`. Compared case-insensitively. */
export const usernamePattern = /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/;
/** Chinese text of {@link usernamePattern}. */
export const usernameRuleText = '用户名为 3–32 个字符，以字母开头，其后为字母、数字或 _ . -';

/** A user name (trimmed; see {@link usernamePattern}). */
export const UsernameSchema = z.string().trim().regex(usernamePattern, usernameRuleText);
/** A display name (姓名/称呼): 2–60 characters after trimming. */
export const DisplayNameSchema = z.string().trim().min(2, '姓名至少 2 个字符').max(60, '姓名不超过 60 个字符');

/**
 * `POST /api/v1/users`: a new account. `orgId` is an existing organisation (the account's area is
 * the organisation's); `role` must be one the organisation's kind may hold (`rolesByOrgKind`);
 * `expertId` (with `role: expertUser` only) links the account to an expert of the pool that has
 * none yet. `password` must satisfy the password policy; omit it (or send null) to have the
 * server generate a one-time random password, returned once in `generatedPassword`.
 */
export const UserCreateBodySchema = z.object({
  username: UsernameSchema,
  displayName: DisplayNameSchema,
  role: z.enum(roles),
  orgId: z.number().int().positive(),
  expertId: z.number().int().positive().nullable().optional(),
  password: z.string().min(1).max(256).nullable().optional(),
});
export type UserCreateBody = z.infer<typeof UserCreateBodySchema>;

/**
 * `PATCH /api/v1/users/:id`: display name, organisation and/or role (at least one). A change of
 * role or organisation ends the account's sessions (its permissions or area change).
 */
export const UserUpdateBodySchema = z
  .object({
    displayName: DisplayNameSchema.optional(),
    orgId: z.number().int().positive().optional(),
    role: z.enum(roles).optional(),
  })
  .refine((b) => b.displayName !== undefined || b.orgId !== undefined || b.role !== undefined, { message: '请至少修改一项：姓名、机构或角色' });
export type UserUpdateBody = z.infer<typeof UserUpdateBodySchema>;

/**
 * `POST /api/v1/users/:id/reset-password`: the administrator's temporary password (must satisfy
 * the policy), or none/null to have the server generate one, returned once.
 */
export const UserResetPasswordBodySchema = z.object({
  password: z.string().min(1).max(256).nullable().optional(),
});
export type UserResetPasswordBody = z.infer<typeof UserResetPasswordBodySchema>;

/**
 * Answer of create and reset-password: the account as listed, and the generated password when
 * the server made one (shown once, never stored in clear and never logged), else null.
 */
export const UserWithPasswordSchema = z.object({
  user: UserSummarySchema,
  generatedPassword: z.string().nullable(),
});
export type UserWithPassword = z.infer<typeof UserWithPasswordSchema>;

/**
 * `GET /api/v1/users/choices`: what the account form offers: every organisation (with its kind
 * and area) and the experts of the pool that have no account yet.
 */
export const UserChoicesSchema = z.object({
  orgs: z.array(z.object({ id: z.number().int(), name: z.string(), kind: z.enum(orgKinds), divisionCode: z.string(), divisionName: z.string() })),
  experts: z.array(z.object({ id: z.number().int(), name: z.string(), employerName: z.string() })),
});
export type UserChoices = z.infer<typeof UserChoicesSchema>;
