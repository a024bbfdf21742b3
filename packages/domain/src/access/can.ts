import { rolesByOrgKind, type OrgKind, type Permission, type Role } from '@cpaudit/contracts';
import { divisionLevelOf, isDivisionCode } from '../divisions/divisions.ts';

/**
 * The user on whose behalf a request runs, as the server loads it from the session.
 *
 * - `permissions`: what the user's role grants (contracts `rolePermissions[role]`);
 * - `orgId`, `orgKind`: the user's organisation;
 * - `areaCode`: the 6-digit GB/T 2260 code of the organisation's area (`450000` for the
 *   region's departments, a city code such as `450100` for a city bureau, a county code such as
 *   `450102` for a county bureau; for other organisations the area they are registered in);
 * - `enterpriseId`: the enterprise an enterprise user belongs to, otherwise `null`.
 */
export interface Actor {
  userId: number;
  role: Role;
  permissions: readonly Permission[];
  orgId: number;
  orgKind: OrgKind;
  areaCode: string;
  enterpriseId: number | null;
}

/**
 * What an action is performed on, reduced to what the data-scope rule needs:
 * - `none`: nothing area-bound (reference data, the user's own session, a catalogue);
 * - `area`: an administrative area itself (statistics of an area, a city's action plan), by its
 *   6-digit division code;
 * - `enterprise`: one enterprise, or a record owned by one (permit, screening, audit), with the
 *   enterprise's division code;
 * - `org`: an organisation, or a record owned by one (its users), with the organisation's division code.
 */
export type Resource =
  | { kind: 'none' }
  | { kind: 'area'; divisionCode: string }
  | { kind: 'enterprise'; enterpriseId: number; divisionCode: string }
  | { kind: 'org'; orgId: number; divisionCode: string };

/** A resource that carries a data scope (every {@link Resource} but `none`). */
export type ScopedResource = Exclude<Resource, { kind: 'none' }>;

/** The resource kinds that carry a data scope: `'area' | 'enterprise' | 'org'`. */
export type ScopedResourceKind = ScopedResource['kind'];

/**
 * Outcome of {@link can}. `FORBIDDEN` and `OUT_OF_SCOPE` are the contracts `ErrorCode`s of the
 * same names (HTTP 403 both).
 */
export type Decision = { allowed: true } | { allowed: false; reason: 'FORBIDDEN' | 'OUT_OF_SCOPE' };

/**
 * Which rows of a list an actor may see, for a list query's `WHERE` clause:
 * - `all`: no restriction;
 * - `divisionPrefix`: rows whose 6-digit division code starts with `prefix` (2 digits = the
 *   region, 4 = a city, 6 = exactly one county);
 * - `enterprise`: only rows of enterprise `enterpriseId`;
 * - `nothing`: no row.
 */
export type ScopeFilter =
  | { kind: 'all' }
  | { kind: 'divisionPrefix'; prefix: string }
  | { kind: 'enterprise'; enterpriseId: number }
  | { kind: 'nothing' };

const NOTHING: ScopeFilter = Object.freeze({ kind: 'nothing' });

/** The division level an official's organisation must sit at for its area to be trusted. */
const officialLevel: Partial<Record<OrgKind, 'region' | 'city' | 'county'>> = {
  regionDee: 'region',
  regionDrc: 'region',
  cityEeb: 'city',
  cityDrc: 'city',
  countyBureau: 'county',
};

function isConsistentActor(actor: Actor): boolean {
  return rolesByOrgKind[actor.orgKind]?.includes(actor.role) ?? false;
}

/**
 * The data scope of `actor` for rows of kind `rowKind` (default `'enterprise'`), so that list
 * queries and {@link can} agree: for an actor holding the action's permission, a row is in the
 * filter exactly when `can` allows the action on it.
 *
 * Rules (the data-scope half of 《清洁生产审核办法》 (Order 38) art. 9–10: lists are proposed
 * by county/city departments and approved level by level up to the region; 三员 separation per
 * GB/T 22239-2019 §8.1.4.2):
 * - `sysAdmin`, `securityAuditor` (role decides, whatever the organisation): `all` for `org`
 *   rows, `nothing` otherwise — they manage accounts and read the log, never business data;
 * - officials of `regionDee`/`regionDrc`: `divisionPrefix` of the region (`'45'`);
 *   `cityEeb`/`cityDrc`: of their city (`'4501'` for 南宁); `countyBureau`: their county code
 *   (6 digits) — for every row kind. If the official's `areaCode` is malformed or not at the
 *   organisation's level (a city bureau with `450000`), `nothing` (fail closed);
 * - `enterprise` users: `enterprise` with their own `enterpriseId` for `enterprise` rows,
 *   `nothing` for `area` and `org` rows and when `enterpriseId` is `null`;
 * - consulting agencies, experts and the public: `nothing`. Agencies and experts reach records
 *   only through assignments, which arrive with the audit workflow: a contracted agency will
 *   then see the enterprises and audits it is engaged on, and an expert those of the panels it
 *   sits on; that will be a further `ScopeFilter` kind and a further `Resource` field, not a
 *   change of the rules above;
 * - an actor whose role does not belong to its organisation kind (contracts `rolesByOrgKind`):
 *   `nothing`.
 *
 * @returns a {@link ScopeFilter}; never throws
 */
export function scopeFilterOf(actor: Actor, rowKind: ScopedResourceKind = 'enterprise'): ScopeFilter {
  if (!isConsistentActor(actor)) return NOTHING;
  if (actor.role === 'sysAdmin' || actor.role === 'securityAuditor') return rowKind === 'org' ? { kind: 'all' } : NOTHING;

  const level = officialLevel[actor.orgKind];
  if (level !== undefined) {
    if (!isDivisionCode(actor.areaCode) || divisionLevelOf(actor.areaCode) !== level) return NOTHING;
    const prefix = level === 'region' ? actor.areaCode.slice(0, 2) : level === 'city' ? actor.areaCode.slice(0, 4) : actor.areaCode;
    return { kind: 'divisionPrefix', prefix };
  }

  if (actor.orgKind === 'enterprise' && rowKind === 'enterprise' && actor.enterpriseId !== null) {
    return { kind: 'enterprise', enterpriseId: actor.enterpriseId };
  }
  return NOTHING;
}

/**
 * Whether a scoped resource passes a {@link ScopeFilter}, i.e. what the list query's `WHERE`
 * clause would say about its row. A malformed division code never passes a `divisionPrefix`
 * filter. Never throws.
 */
export function isInScope(filter: ScopeFilter, resource: ScopedResource): boolean {
  switch (filter.kind) {
    case 'all':
      return true;
    case 'divisionPrefix':
      return isDivisionCode(resource.divisionCode) && resource.divisionCode.startsWith(filter.prefix);
    case 'enterprise':
      return resource.kind === 'enterprise' && resource.enterpriseId === filter.enterpriseId;
    case 'nothing':
      return false;
  }
}

/**
 * THE authorisation decision: may `actor` perform `action` on `resource`?
 *
 * 1. If the actor's role does not belong to its organisation kind (contracts `rolesByOrgKind`),
 *    or `action` is not in `actor.permissions` → `{ allowed: false, reason: 'FORBIDDEN' }`
 *    (role-based, contracts `rolePermissions`; GB/T 22239-2019 §8.1.4.2 least privilege).
 * 2. A `none` resource needs nothing more → `{ allowed: true }`.
 * 3. Otherwise the resource must be inside the actor's data scope,
 *    `isInScope(scopeFilterOf(actor, resource.kind), resource)`, else
 *    `{ allowed: false, reason: 'OUT_OF_SCOPE' }`. See {@link scopeFilterOf} for the rules by
 *    organisation kind (region officials: all of 45xxxx; city officials: their city; county
 *    bureaus: their county; enterprise users: their own enterprise; agencies, experts and the
 *    public: nothing yet; sysAdmin/securityAuditor: organisations only).
 *
 * Pure and total: never throws; a malformed division code is out of scope.
 *
 * Example: a 南宁 city EEB officer (`areaCode '450100'`) reading an enterprise in 横州市
 * (`'450181'`) → allowed; one in 柳州 (`'450202'`) → `OUT_OF_SCOPE`; a public user asking for
 * `enterprise.read` → `FORBIDDEN`.
 */
export function can(actor: Actor, action: Permission, resource: Resource): Decision {
  if (!isConsistentActor(actor) || !actor.permissions.includes(action)) return { allowed: false, reason: 'FORBIDDEN' };
  if (resource.kind === 'none') return { allowed: true };
  return isInScope(scopeFilterOf(actor, resource.kind), resource) ? { allowed: true } : { allowed: false, reason: 'OUT_OF_SCOPE' };
}

/**
 * True when the filter covers the whole region (region officials: prefix `'45'`, or `all`), so
 * region-wide aggregates may be shown to the actor as they are.
 */
export function isRegionWide(filter: ScopeFilter): boolean {
  return filter.kind === 'all' || (filter.kind === 'divisionPrefix' && filter.prefix.length <= 2);
}

/**
 * Roles that handle no business data (系统管理员, 安全审计员: separation of duties, GB/T 22239-2019
 * 8.1.4.2): they sit in the DEE's organisation but must not receive its business notifications
 * (lists published, audits overdue…), which name enterprises and link to pages they cannot open.
 */
export const NON_BUSINESS_ROLES: readonly Role[] = ['sysAdmin', 'securityAuditor'];

/** Whether a user of `role` receives the business notifications addressed to their organisation. Example: `sysAdmin` → false, `regionDeeOfficer` → true. */
export function receivesBusinessNotifications(role: Role): boolean {
  return !NON_BUSINESS_ROLES.includes(role);
}
