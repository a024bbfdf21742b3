/**
 * Account management: the one implementation behind `cpaudit user create` and the system
 * administrator's console (`/api/v1/users…`). Every rule lives here so that both give the same
 * answer with the same (Chinese) message:
 * - user names: contracts `usernamePattern`, unique case-insensitively;
 * - the role must be one the organisation's kind may hold (contracts `rolesByOrgKind`); the
 *   account's area is its organisation's division;
 * - an expert's account (`expertUser`) may be linked to one pool entry that has no account yet;
 * - passwords: the policy of `platform/passwords.ts` (or a generated one-time password);
 * - a system administrator cannot disable or demote themself, and the last active system
 *   administrator cannot be disabled or demoted (GB/T 22239-2019 §8.1.4.2: someone must be able to
 *   manage accounts);
 * - the security auditor watches the administrator (三员分立): the administrator may create auditor
 *   accounts but may not change an auditor's role, nor disable or reset the password of the last
 *   active auditor;
 * - a password set by someone else (console create or reset, the CLI unless `forceChange` false)
 *   must be changed at the next login (`users.must_change_password`, enforced by the auth hook);
 * - disabling, a password reset and a change of role or organisation end the account's sessions;
 * - every change writes one audit-log row in the same transaction (never the password).
 */
import { rolesByOrgKind, usernamePattern, usernameRuleText, type OrgKind, type Role, type UserWithPassword } from '@cpaudit/contracts';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { experts, orgs, users } from '../../db/schema.ts';
import { writeAuditLog, type AuditEntry } from '../../platform/audit-log.ts';
import { toIsoCst } from '../../platform/clock.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { assertPasswordPolicy, generatePassword, type PasswordHasher } from '../../platform/passwords.ts';
import { deleteUserSessions } from '../../platform/sessions.ts';

/** Who acts, for the audit log: the administrator's session (console) or the CLI (`actorUserId` null). */
export type AccountAuditContext = Omit<AuditEntry, 'action' | 'result' | 'objectType' | 'objectId' | 'details'>;

/** An account as listed (contracts `UserSummarySchema`). */
export type AccountSummary = UserWithPassword['user'];

/** A new account. `org` by id (console) or by exact name (CLI); `password` null → generated. */
export interface NewAccount {
  username: string;
  displayName: string;
  role: Role;
  org: { id: number } | { name: string };
  expertId?: number | null | undefined;
  password?: string | null | undefined;
  /** Whether the user must change the password at the first login; default true (false only for `cpaudit user create --no-force-change`). */
  forceChange?: boolean | undefined;
}

type OrgRow = typeof orgs.$inferSelect;

/** A validation error located at `field` (the wire shape of VALIDATION_FAILED details). */
function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field, message }]);
}

/**
 * Loads an organisation by id or exact name.
 * @throws {AppError} VALIDATION_FAILED at `body.orgId` when there is none.
 */
export async function findOrg(db: Db, org: { id: number } | { name: string }): Promise<OrgRow> {
  const [row] = await db
    .select()
    .from(orgs)
    .where('id' in org ? eq(orgs.id, org.id) : eq(orgs.name, org.name))
    .limit(1);
  if (!row) throw invalid('body.orgId', 'id' in org ? `机构（id ${org.id}）不存在` : `没有名为「${org.name}」的机构`);
  return row;
}

/**
 * The account `id` with its organisation (for the route's area check).
 * @throws {AppError} NOT_FOUND '账号不存在'.
 */
export async function findAccount(db: Db, id: number): Promise<{ user: typeof users.$inferSelect; org: OrgRow }> {
  const [row] = await db.select({ user: users, org: orgs }).from(users).innerJoin(orgs, eq(orgs.id, users.orgId)).where(eq(users.id, id)).limit(1);
  if (!row) throw new AppError('NOT_FOUND', '账号不存在');
  return row;
}

function checkRoleFits(role: Role, org: OrgRow, field = 'body.role'): void {
  const allowed = rolesByOrgKind[org.kind as OrgKind] ?? [];
  if (!allowed.includes(role)) {
    throw invalid(field, `角色 ${role} 不能设在「${org.name}」这类机构（${org.kind}）中；该类机构可设的角色：${allowed.join(', ')}`);
  }
}

/** The accounts as the administrator lists them (at most 5,000), oldest first; `now` decides whether a lock still holds. */
export async function listAccounts(db: Db, now: Date, onlyId?: number): Promise<AccountSummary[]> {
  const rows = (await db.execute(sql`
    select u.id, u.username, u.display_name, u.role, u.org_id, o.name as org_name, o.kind as org_kind, o.division_code, d.name as division_name,
           u.is_active, u.locked_until, u.password_changed_at, u.must_change_password, x.id as expert_id
    from users u join orgs o on o.id = u.org_id join divisions d on d.code = o.division_code left join experts x on x.user_id = u.id
    ${onlyId === undefined ? sql`` : sql`where u.id = ${onlyId}`}
    order by u.id limit 5000`)) as unknown as { rows: Record<string, unknown>[] };
  return rows.rows.map((u) => ({
    id: Number(u.id),
    username: u.username as string,
    displayName: u.display_name as string,
    role: u.role as string,
    orgId: Number(u.org_id),
    orgName: u.org_name as string,
    orgKind: u.org_kind as string,
    divisionCode: u.division_code as string,
    divisionName: u.division_name as string,
    isActive: u.is_active as boolean,
    lockedUntil: u.locked_until && new Date(u.locked_until as string).getTime() > now.getTime() ? toIsoCst(new Date(u.locked_until as string)) : null,
    passwordChangedAt: toIsoCst(new Date(u.password_changed_at as string)),
    mustChangePassword: u.must_change_password as boolean,
    expertId: u.expert_id === null || u.expert_id === undefined ? null : Number(u.expert_id),
  }));
}

async function summaryOf(db: Db, id: number, now: Date): Promise<AccountSummary> {
  const [one] = await listAccounts(db, now, id);
  if (!one) throw new AppError('NOT_FOUND', '账号不存在');
  return one;
}

/**
 * Creates an account (console and CLI).
 * @returns the account as listed and, when `password` was omitted, the generated password (once).
 * @throws {AppError} VALIDATION_FAILED (user name, display name, unknown organisation, a role the
 *   organisation cannot hold, `expertId` without `expertUser` or unknown), CONFLICT (user name taken,
 *   case-insensitively; expert already linked), PASSWORD_POLICY (message lists the broken rules).
 *   Nothing is written on any error.
 */
export async function createAccount(db: Db, hasher: PasswordHasher, input: NewAccount, audit: AccountAuditContext): Promise<UserWithPassword> {
  const username = input.username.trim();
  const displayName = input.displayName.trim();
  if (!usernamePattern.test(username)) throw invalid('body.username', usernameRuleText);
  if (displayName.length < 2 || displayName.length > 60) throw invalid('body.displayName', '姓名为 2–60 个字符');
  const expertId = input.expertId ?? null;
  if (expertId !== null && input.role !== 'expertUser') throw invalid('body.expertId', '只有专家账号（expertUser）可以关联专家库中的专家');
  const generated = input.password === undefined || input.password === null;
  const password = generated ? generatePassword(username) : (input.password as string);
  assertPasswordPolicy(password, username);
  const org = await findOrg(db, input.org);
  checkRoleFits(input.role, org);
  const passwordHash = await hasher.hash(password);
  const mustChangePassword = input.forceChange ?? true;

  const id = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const clash = await tx.select({ username: users.username }).from(users).where(sql`lower(${users.username}) = lower(${username})`);
    if (clash.length) throw new AppError('CONFLICT', `用户名 ${username} 已被使用（已有账号 ${clash[0]!.username}；用户名不区分大小写）`, { field: 'body.username' });
    if (expertId !== null) {
      const [x] = await tx.select().from(experts).where(eq(experts.id, expertId)).for('update');
      if (!x) throw invalid('body.expertId', `专家库中没有 id 为 ${expertId} 的专家`);
      if (x.userId !== null) throw new AppError('CONFLICT', `专家 ${x.name}（id ${expertId}）已有账号（用户 id ${x.userId}）`, { field: 'body.expertId' });
    }
    const [row] = await tx.insert(users).values({ username, displayName, role: input.role, orgId: org.id, passwordHash, passwordChangedAt: audit.at, mustChangePassword }).returning({ id: users.id });
    if (expertId !== null) await tx.update(experts).set({ userId: row!.id }).where(eq(experts.id, expertId));
    await writeAuditLog(tx, {
      ...audit,
      action: 'user.create',
      result: 'success',
      objectType: 'user',
      objectId: row!.id,
      details: { username, displayName, role: input.role, orgId: org.id, orgName: org.name, divisionCode: org.divisionCode, expertId, passwordGenerated: generated, mustChangePassword },
    });
    return row!.id;
  }).catch((e: unknown) => {
    // Two creations racing past the check meet the unique index on lower(username).
    if (isUniqueViolation(e)) {
      throw new AppError('CONFLICT', `用户名 ${username} 已被使用（用户名不区分大小写）`, { field: 'body.username' });
    }
    throw e;
  });
  return { user: await summaryOf(db, id, audit.at), generatedPassword: generated ? password : null };
}

/** The roles whose last active holder is guarded: someone must manage accounts, someone must audit. */
const GUARDED_ROLES = ['sysAdmin', 'securityAuditor'] as const;

/**
 * Locks the account `id` for a change that may take a guarded role (sysAdmin, securityAuditor)
 * away from it. The rows of the guarded roles' active holders are locked first, always in id
 * order, and only then the target: two concurrent disables or demotions therefore queue on the
 * same first row instead of each holding its target and waiting for the other's (deadlock
 * 40P01). Returns the target and the ids of the active holders of its role (target included
 * when active).
 * @throws {AppError} NOT_FOUND.
 */
async function lockForRoleRemoval(tx: Db, id: number): Promise<{ u: typeof users.$inferSelect; activeSameRole: number[] }> {
  const guarded = await tx
    .select({ id: users.id, role: users.role })
    .from(users)
    .where(sql`${users.role} in ('sysAdmin', 'securityAuditor') and ${users.isActive}`)
    .orderBy(users.id)
    .for('update');
  const u = await lockAccount(tx, id);
  return { u, activeSameRole: guarded.filter((g) => g.role === u.role).map((g) => g.id) };
}

/**
 * Refuses to take a guarded role away from its active holder (disable or demote):
 * - sysAdmin: not the actor themself, not the last active one (GB/T 22239-2019 §8.1.4.2);
 * - securityAuditor: not the last active one (the administrator could silence the audit).
 * `activeSameRole` comes from {@link lockForRoleRemoval} (locked, so two concurrent removals
 * cannot both pass).
 * @throws {AppError} RULE_VIOLATION with `details.rule` `self`, `lastAdmin` or `lastAuditor`.
 */
function guardRoleRemoval(target: typeof users.$inferSelect, activeSameRole: number[], actorUserId: number | null, what: '停用' | '降级'): void {
  if (!target.isActive || !(GUARDED_ROLES as readonly string[]).includes(target.role)) return;
  const others = activeSameRole.filter((a) => a !== target.id).length;
  if (target.role === 'sysAdmin') {
    if (actorUserId === target.id) throw new AppError('RULE_VIOLATION', `不能${what}自己的系统管理员账号`, { rule: 'self' });
    if (others === 0) {
      throw new AppError('RULE_VIOLATION', `不能${what}最后一个启用的系统管理员账号（${target.username}）；请先新建或启用另一个系统管理员`, { rule: 'lastAdmin' });
    }
  } else if (others === 0) {
    throw new AppError('RULE_VIOLATION', `不能${what}最后一个启用的安全审计员账号（${target.username}）：系统必须有安全审计员监督管理员的操作；请先新建另一个安全审计员`, {
      rule: 'lastAuditor',
    });
  }
}

/** Loads the account for update inside a transaction. @throws {AppError} NOT_FOUND. */
async function lockAccount(tx: Db, id: number): Promise<typeof users.$inferSelect> {
  const [u] = await tx.select().from(users).where(eq(users.id, id)).for('update');
  if (!u) throw new AppError('NOT_FOUND', '账号不存在');
  return u;
}

/**
 * Disables (`active` false) or enables an account. Disabling ends its sessions; a disabled
 * account cannot log in (the login answers as for a wrong password). Repeating is harmless.
 * @throws {AppError} NOT_FOUND; RULE_VIOLATION (self, last active sysAdmin, last active securityAuditor).
 */
export async function setAccountActive(db: Db, id: number, active: boolean, audit: AccountAuditContext): Promise<AccountSummary> {
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const { u, activeSameRole } = active ? { u: await lockAccount(tx, id), activeSameRole: [] } : await lockForRoleRemoval(tx, id);
    if (!active) guardRoleRemoval(u, activeSameRole, audit.actorUserId ?? null, '停用');
    await tx.update(users).set({ isActive: active }).where(eq(users.id, id));
    if (!active) await deleteUserSessions(tx, id);
    await writeAuditLog(tx, {
      ...audit,
      action: active ? 'user.enable' : 'user.disable',
      result: 'success',
      objectType: 'user',
      objectId: id,
      details: { username: u.username, wasActive: u.isActive, sessionsEnded: !active },
    });
  });
  return summaryOf(db, id, audit.at);
}

/**
 * Unlocks an account locked by failed logins: resets the failure count and the lock.
 * @throws {AppError} NOT_FOUND.
 */
export async function unlockAccount(db: Db, id: number, audit: AccountAuditContext): Promise<AccountSummary> {
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const u = await lockAccount(tx, id);
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, id));
    await writeAuditLog(tx, {
      ...audit,
      action: 'user.unlock',
      result: 'success',
      objectType: 'user',
      objectId: id,
      details: { username: u.username, lockedUntil: u.lockedUntil?.toISOString() ?? null, failedLogins: u.failedLogins },
    });
  });
  return summaryOf(db, id, audit.at);
}

/**
 * Sets a temporary password chosen by the administrator (policy-checked against the account's
 * user name) or, with `password` null/undefined, a generated one returned once. Ends the
 * account's sessions, clears a lock and sets `mustChangePassword` (the user logs in with the
 * temporary password and must change it before anything else).
 * @throws {AppError} NOT_FOUND; PASSWORD_POLICY; RULE_VIOLATION `lastAuditor` for the last active
 *   security auditor (the administrator could otherwise log in as the one who audits them).
 */
export async function resetAccountPassword(db: Db, hasher: PasswordHasher, id: number, password: string | null | undefined, audit: AccountAuditContext): Promise<UserWithPassword> {
  const { user } = await findAccount(db, id);
  const generated = password === undefined || password === null;
  const chosen = generated ? generatePassword(user.username) : password;
  assertPasswordPolicy(chosen, user.username);
  const passwordHash = await hasher.hash(chosen);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const { u, activeSameRole } = await lockForRoleRemoval(tx, id);
    if (u.role === 'securityAuditor' && u.isActive && activeSameRole.filter((a) => a !== id).length === 0) {
      throw new AppError('RULE_VIOLATION', `不能重置最后一个启用的安全审计员账号（${u.username}）的密码：管理员不得掌握审计员的凭据；请由审计员本人修改密码`, { rule: 'lastAuditor' });
    }
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: audit.at, failedLogins: 0, lockedUntil: null, mustChangePassword: true })
      .where(eq(users.id, id));
    await deleteUserSessions(tx, id);
    await writeAuditLog(tx, {
      ...audit,
      action: 'user.resetPassword',
      result: 'success',
      objectType: 'user',
      objectId: id,
      details: { username: user.username, passwordGenerated: generated, sessionsEnded: true, mustChangePassword: true },
    });
  });
  return { user: await summaryOf(db, id, audit.at), generatedPassword: generated ? chosen : null };
}

/**
 * Changes the display name, organisation and/or role. The role must fit the (new) organisation;
 * an expert's pool link goes with the expertUser role (changing an expert's role away is refused
 * while linked). A change of role or organisation ends the account's sessions.
 * @returns the account as listed, and whether sessions were ended.
 * @throws {AppError} NOT_FOUND; VALIDATION_FAILED (organisation, role); RULE_VIOLATION (self-demotion,
 *   last active sysAdmin, `auditorRole`: a securityAuditor's role is never changed here,
 *   linked expert).
 */
export async function updateAccount(
  db: Db,
  id: number,
  patch: { displayName?: string | undefined; orgId?: number | undefined; role?: Role | undefined },
  audit: AccountAuditContext,
): Promise<{ user: AccountSummary; sessionsEnded: boolean }> {
  const newOrg = patch.orgId === undefined ? null : await findOrg(db, { id: patch.orgId });
  const sessionsEnded = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const { u, activeSameRole } = patch.role === undefined ? { u: await lockAccount(tx, id), activeSameRole: [] } : await lockForRoleRemoval(tx, id);
    const [currentOrg] = await tx.select().from(orgs).where(eq(orgs.id, u.orgId));
    const org = newOrg ?? currentOrg!;
    const role = patch.role ?? (u.role as Role);
    const displayName = patch.displayName?.trim() ?? u.displayName;
    checkRoleFits(role, org, patch.role === undefined ? 'body.orgId' : 'body.role');
    if (role !== u.role) {
      if (u.role === 'securityAuditor') {
        throw new AppError('RULE_VIOLATION', `不能更改安全审计员账号（${u.username}）的角色：系统管理员不得改变监督自己的审计员；如需调整，请新建账号`, { rule: 'auditorRole' });
      }
      guardRoleRemoval(u, activeSameRole, audit.actorUserId ?? null, '降级');
      const [linked] = await tx.select({ id: experts.id, name: experts.name }).from(experts).where(eq(experts.userId, id));
      if (linked) throw new AppError('RULE_VIOLATION', `该账号关联了专家库中的专家 ${linked.name}（id ${linked.id}），不能改为其他角色`, { rule: 'linkedExpert' });
    }
    const changes: Record<string, [unknown, unknown]> = {};
    if (displayName !== u.displayName) changes.displayName = [u.displayName, displayName];
    if (org.id !== u.orgId) changes.org = [`${currentOrg!.name} (${u.orgId})`, `${org.name} (${org.id})`];
    if (role !== u.role) changes.role = [u.role, role];
    const endSessions = 'org' in changes || 'role' in changes;
    await tx.update(users).set({ displayName, orgId: org.id, role }).where(eq(users.id, id));
    if (endSessions) await deleteUserSessions(tx, id);
    await writeAuditLog(tx, { ...audit, action: 'user.update', result: 'success', objectType: 'user', objectId: id, details: { username: u.username, changes, sessionsEnded: endSessions } });
    return endSessions;
  });
  return { user: await summaryOf(db, id, audit.at), sessionsEnded };
}
