import { describe, expect, it } from 'vitest';
import { Permission as P, rolePermissions, type OrgKind, type Permission, type Role } from '@cpaudit/contracts';
import { can, isInScope, receivesBusinessNotifications, scopeFilterOf, type Actor, type Decision, type Resource, type ScopedResource, type ScopeFilter } from './can.ts';

function actor(role: Role, orgKind: OrgKind, areaCode: string, enterpriseId: number | null = null, orgId = 1): Actor {
  return { userId: 100, role, permissions: rolePermissions[role], orgId, orgKind, areaCode, enterpriseId };
}

const A = {
  regionDee: actor('regionDeeOfficer', 'regionDee', '450000'),
  regionDrc: actor('regionDrcOfficer', 'regionDrc', '450000'),
  nanningEeb: actor('cityEebOfficer', 'cityEeb', '450100'),
  nanningDrc: actor('cityDrcOfficer', 'cityDrc', '450100'),
  chongzuoEeb: actor('cityEebOfficer', 'cityEeb', '451400'),
  xingningCounty: actor('countyOfficer', 'countyBureau', '450102'),
  hengzhouCounty: actor('countyOfficer', 'countyBureau', '450181'),
  enterprise7: actor('enterpriseUser', 'enterprise', '450102', 7),
  enterpriseNoId: actor('enterpriseUser', 'enterprise', '450102', null),
  agency: actor('agencyUser', 'consultingAgency', '450100'),
  expert: actor('expertUser', 'expert', '450100'),
  publicUser: actor('publicUser', 'public', '450000'),
  sysAdmin: actor('sysAdmin', 'regionDee', '450000'),
  securityAuditor: actor('securityAuditor', 'regionDee', '450000'),
  // Misconfigured actors: fail closed.
  cityEebWithRegionArea: actor('cityEebOfficer', 'cityEeb', '450000'),
  countyWithCityArea: actor('countyOfficer', 'countyBureau', '450100'),
  cityEebMalformedArea: actor('cityEebOfficer', 'cityEeb', '4501'),
  officerInEnterpriseOrg: actor('cityEebOfficer', 'enterprise', '450100', 7),
} as const;

const none: Resource = { kind: 'none' };
const ent = (enterpriseId: number, divisionCode: string): ScopedResource => ({ kind: 'enterprise', enterpriseId, divisionCode });
const area = (divisionCode: string): ScopedResource => ({ kind: 'area', divisionCode });
const org = (orgId: number, divisionCode: string): ScopedResource => ({ kind: 'org', orgId, divisionCode });

const ok: Decision = { allowed: true };
const forbidden: Decision = { allowed: false, reason: 'FORBIDDEN' };
const outOfScope: Decision = { allowed: false, reason: 'OUT_OF_SCOPE' };

// Enterprises: 7 in 兴宁区 450102, 8 in 横州市 450181, 9 in 柳州 城中区 450202, 10 in 崇左 江州区 451402,
// 11 registered at the 南宁 city level 450100, 12 in Guangdong 440103.
describe('can: role × action × resource', () => {
  it.each<[string, Actor, Permission, Resource, Decision]>([
    // region officials
    ['when a region DEE officer reads a 南宁 county enterprise, then allowed', A.regionDee, P.enterpriseRead, ent(7, '450102'), ok],
    ['when a region DEE officer reads a 崇左 enterprise, then allowed', A.regionDee, P.enterpriseRead, ent(10, '451402'), ok],
    ['when a region DEE officer updates a 柳州 enterprise, then allowed', A.regionDee, P.enterpriseUpdate, ent(9, '450202'), ok],
    ['when a region DEE officer deletes a 崇左 enterprise, then allowed', A.regionDee, P.enterpriseDelete, ent(10, '451402'), ok],
    ['when a region DEE officer reads a Guangdong enterprise, then OUT_OF_SCOPE', A.regionDee, P.enterpriseRead, ent(12, '440103'), outOfScope],
    ['when a region DEE officer publishes the region audit list, then allowed', A.regionDee, P.auditListPublish, area('450000'), ok],
    ['when a region DEE officer drafts a city list (no permission), then FORBIDDEN', A.regionDee, P.auditListDraft, area('450100'), forbidden],
    ['when a region DEE officer reads a 柳州 org, then allowed', A.regionDee, P.orgRead, org(30, '450200'), ok],
    ['when a region DRC officer reviews energy for 南宁, then allowed', A.regionDrc, P.auditListReviewEnergy, area('450100'), ok],
    ['when a region DRC officer updates an enterprise (no permission), then FORBIDDEN', A.regionDrc, P.enterpriseUpdate, ent(7, '450102'), forbidden],
    ['when a region DRC officer reads a 崇左 enterprise, then allowed', A.regionDrc, P.enterpriseRead, ent(10, '451402'), ok],
    // city officials
    ['when a 南宁 city EEB officer reads a 兴宁区 enterprise, then allowed', A.nanningEeb, P.enterpriseRead, ent(7, '450102'), ok],
    ['when a 南宁 city EEB officer updates a 横州市 enterprise, then allowed', A.nanningEeb, P.enterpriseUpdate, ent(8, '450181'), ok],
    ['when a 南宁 city EEB officer reads a city-level 南宁 enterprise, then allowed', A.nanningEeb, P.enterpriseRead, ent(11, '450100'), ok],
    ['when a 南宁 city EEB officer reads a 柳州 enterprise, then OUT_OF_SCOPE', A.nanningEeb, P.enterpriseRead, ent(9, '450202'), outOfScope],
    ['when a 南宁 city EEB officer updates a 崇左 enterprise, then OUT_OF_SCOPE', A.nanningEeb, P.enterpriseUpdate, ent(10, '451402'), outOfScope],
    ['when a 南宁 city EEB officer deletes an enterprise (no permission), then FORBIDDEN', A.nanningEeb, P.enterpriseDelete, ent(7, '450102'), forbidden],
    ['when a 南宁 city EEB officer drafts the 南宁 list, then allowed', A.nanningEeb, P.auditListDraft, area('450100'), ok],
    ['when a 南宁 city EEB officer views the region statistics, then OUT_OF_SCOPE', A.nanningEeb, P.dashboardView, area('450000'), outOfScope],
    ['when a 南宁 city EEB officer publishes a list (no permission), then FORBIDDEN', A.nanningEeb, P.auditListPublish, area('450100'), forbidden],
    ['when a 南宁 city EEB officer runs screening on a 兴宁区 enterprise, then allowed', A.nanningEeb, P.screeningRun, ent(7, '450102'), ok],
    ['when a 南宁 city DRC officer drafts the 南宁 list, then allowed', A.nanningDrc, P.auditListDraft, area('450100'), ok],
    ['when a 南宁 city DRC officer reads a 柳州 enterprise, then OUT_OF_SCOPE', A.nanningDrc, P.enterpriseRead, ent(9, '450202'), outOfScope],
    ['when a 南宁 city DRC officer writes a permit (no permission), then FORBIDDEN', A.nanningDrc, P.permitWrite, ent(7, '450102'), forbidden],
    ['when a 崇左 city EEB officer reads a 江州区 enterprise, then allowed', A.chongzuoEeb, P.enterpriseRead, ent(10, '451402'), ok],
    ['when a 崇左 city EEB officer reads a 兴宁区 enterprise, then OUT_OF_SCOPE', A.chongzuoEeb, P.enterpriseRead, ent(7, '450102'), outOfScope],
    // county bureaus
    ['when a 兴宁区 officer reads a 兴宁区 enterprise, then allowed', A.xingningCounty, P.enterpriseRead, ent(7, '450102'), ok],
    ['when a 兴宁区 officer writes a 兴宁区 permit, then allowed', A.xingningCounty, P.permitWrite, ent(7, '450102'), ok],
    ['when a 兴宁区 officer reads a 横州市 enterprise (same city), then OUT_OF_SCOPE', A.xingningCounty, P.enterpriseRead, ent(8, '450181'), outOfScope],
    ['when a 兴宁区 officer reads a city-level 南宁 enterprise, then OUT_OF_SCOPE', A.xingningCounty, P.enterpriseRead, ent(11, '450100'), outOfScope],
    ['when a 兴宁区 officer views the 南宁 city statistics, then OUT_OF_SCOPE', A.xingningCounty, P.dashboardView, area('450100'), outOfScope],
    ['when a 兴宁区 officer drafts a list (no permission), then FORBIDDEN', A.xingningCounty, P.auditListDraft, area('450102'), forbidden],
    ['when a 横州市 officer reads a 横州市 enterprise, then allowed', A.hengzhouCounty, P.enterpriseRead, ent(8, '450181'), ok],
    // enterprise users
    ['when an enterprise user reads its own enterprise, then allowed', A.enterprise7, P.enterpriseRead, ent(7, '450102'), ok],
    ['when an enterprise user updates its own enterprise, then allowed', A.enterprise7, P.enterpriseUpdate, ent(7, '450102'), ok],
    ['when an enterprise user acts on its own audit, then allowed', A.enterprise7, P.auditAct, ent(7, '450102'), ok],
    ['when an enterprise user reads another enterprise in the same county, then OUT_OF_SCOPE', A.enterprise7, P.enterpriseRead, ent(8, '450102'), outOfScope],
    ['when an enterprise user reads another enterprise elsewhere, then OUT_OF_SCOPE', A.enterprise7, P.enterpriseRead, ent(9, '450202'), outOfScope],
    ['when an enterprise user views its county statistics, then OUT_OF_SCOPE', A.enterprise7, P.dashboardView, area('450102'), outOfScope],
    ['when an enterprise user deletes its own enterprise (no permission), then FORBIDDEN', A.enterprise7, P.enterpriseDelete, ent(7, '450102'), forbidden],
    ['when an enterprise user exports enterprises (no permission), then FORBIDDEN', A.enterprise7, P.enterpriseExport, ent(7, '450102'), forbidden],
    ['when an enterprise user reads industries (none resource), then allowed', A.enterprise7, P.industryRead, none, ok],
    ['when an enterprise user without an enterprise id reads enterprise 7, then OUT_OF_SCOPE', A.enterpriseNoId, P.enterpriseRead, ent(7, '450102'), outOfScope],
    // agencies, experts, public
    ['when an agency user reads an enterprise, then OUT_OF_SCOPE', A.agency, P.enterpriseRead, ent(11, '450100'), outOfScope],
    ['when an agency user acts on an audit, then OUT_OF_SCOPE', A.agency, P.auditAct, ent(7, '450102'), outOfScope],
    ['when an agency user reads industries (none resource), then allowed', A.agency, P.industryRead, none, ok],
    ['when an agency user updates an enterprise (no permission), then FORBIDDEN', A.agency, P.enterpriseUpdate, ent(7, '450102'), forbidden],
    ['when an expert scores an audit, then OUT_OF_SCOPE', A.expert, P.auditScore, ent(7, '450102'), outOfScope],
    ['when an expert reads an enterprise (no permission), then FORBIDDEN', A.expert, P.enterpriseRead, ent(7, '450102'), forbidden],
    ['when an expert views the dashboard (none resource), then allowed', A.expert, P.dashboardView, none, ok],
    ['when a public user reads an enterprise, then FORBIDDEN', A.publicUser, P.enterpriseRead, ent(7, '450102'), forbidden],
    ['when a public user reads divisions (none resource), then allowed', A.publicUser, P.divisionRead, none, ok],
    ['when a public user views the dashboard (no permission), then FORBIDDEN', A.publicUser, P.dashboardView, none, forbidden],
    // 三员: system administrator and security auditor
    ['when the sysAdmin manages a 柳州 org, then allowed', A.sysAdmin, P.orgManage, org(30, '450200'), ok],
    ['when the sysAdmin manages users (none resource), then allowed', A.sysAdmin, P.userManage, none, ok],
    ['when the sysAdmin reads an enterprise (no permission), then FORBIDDEN', A.sysAdmin, P.enterpriseRead, ent(7, '450102'), forbidden],
    ['when the sysAdmin reads the audit log (no permission), then FORBIDDEN', A.sysAdmin, P.auditLogRead, none, forbidden],
    ['when the sysAdmin reads divisions of an area, then OUT_OF_SCOPE', A.sysAdmin, P.divisionRead, area('450100'), outOfScope],
    ['when the security auditor reads the audit log, then allowed', A.securityAuditor, P.auditLogRead, none, ok],
    ['when the security auditor reads a 崇左 org, then allowed', A.securityAuditor, P.orgRead, org(31, '451400'), ok],
    ['when the security auditor manages users (no permission), then FORBIDDEN', A.securityAuditor, P.userManage, none, forbidden],
    // misconfigured actors fail closed
    ['when a city officer has the region as area, then OUT_OF_SCOPE even in the region', A.cityEebWithRegionArea, P.enterpriseRead, ent(7, '450102'), outOfScope],
    ['when a county officer has a city as area, then OUT_OF_SCOPE even in that city', A.countyWithCityArea, P.enterpriseRead, ent(11, '450100'), outOfScope],
    ['when a city officer has a malformed area, then OUT_OF_SCOPE', A.cityEebMalformedArea, P.enterpriseRead, ent(7, '450102'), outOfScope],
    ['when a city officer role sits in an enterprise org, then FORBIDDEN', A.officerInEnterpriseOrg, P.enterpriseRead, ent(7, '450102'), forbidden],
    ['when a city officer role sits in an enterprise org and asks for a none resource, then FORBIDDEN', A.officerInEnterpriseOrg, P.divisionRead, none, forbidden],
    // malformed resource division codes fail closed
    ['when the enterprise division code is malformed, then OUT_OF_SCOPE for the region officer', A.regionDee, P.enterpriseRead, ent(7, '45010'), outOfScope],
    ['when the area code is empty, then OUT_OF_SCOPE for the region officer', A.regionDee, P.dashboardView, area(''), outOfScope],
  ])('%s', (_name, who, action, resource, expected) => {
    expect(can(who, action, resource)).toStrictEqual(expected);
  });

  it('when permissions are narrower than the role, then the actor list decides (FORBIDDEN)', () => {
    const narrowed: Actor = { ...A.regionDee, permissions: [P.enterpriseRead] };
    expect(can(narrowed, P.enterpriseUpdate, ent(7, '450102'))).toStrictEqual(forbidden);
    expect(can(narrowed, P.enterpriseRead, ent(7, '450102'))).toStrictEqual(ok);
  });
});

describe('scopeFilterOf', () => {
  it.each<[string, Actor, 'area' | 'enterprise' | 'org' | undefined, ScopeFilter]>([
    ['when a region DEE officer lists enterprises, then prefix 45', A.regionDee, undefined, { kind: 'divisionPrefix', prefix: '45' }],
    ['when a region DRC officer lists orgs, then prefix 45', A.regionDrc, 'org', { kind: 'divisionPrefix', prefix: '45' }],
    ['when a 南宁 city officer lists enterprises, then prefix 4501', A.nanningEeb, 'enterprise', { kind: 'divisionPrefix', prefix: '4501' }],
    ['when a 崇左 city officer lists areas, then prefix 4514', A.chongzuoEeb, 'area', { kind: 'divisionPrefix', prefix: '4514' }],
    ['when a 兴宁区 officer lists enterprises, then prefix 450102', A.xingningCounty, 'enterprise', { kind: 'divisionPrefix', prefix: '450102' }],
    ['when an enterprise user lists enterprises, then only its own', A.enterprise7, 'enterprise', { kind: 'enterprise', enterpriseId: 7 }],
    ['when an enterprise user lists orgs, then nothing', A.enterprise7, 'org', { kind: 'nothing' }],
    ['when an enterprise user without enterprise id lists enterprises, then nothing', A.enterpriseNoId, 'enterprise', { kind: 'nothing' }],
    ['when an agency user lists enterprises, then nothing', A.agency, 'enterprise', { kind: 'nothing' }],
    ['when an expert lists enterprises, then nothing', A.expert, 'enterprise', { kind: 'nothing' }],
    ['when a public user lists enterprises, then nothing', A.publicUser, 'enterprise', { kind: 'nothing' }],
    ['when the sysAdmin lists orgs, then all', A.sysAdmin, 'org', { kind: 'all' }],
    ['when the sysAdmin lists enterprises, then nothing', A.sysAdmin, 'enterprise', { kind: 'nothing' }],
    ['when the security auditor lists orgs, then all', A.securityAuditor, 'org', { kind: 'all' }],
    ['when a city officer has the region as area, then nothing', A.cityEebWithRegionArea, 'enterprise', { kind: 'nothing' }],
    ['when a city officer role sits in an enterprise org, then nothing', A.officerInEnterpriseOrg, 'enterprise', { kind: 'nothing' }],
  ])('%s', (_name, who, rowKind, expected) => {
    expect(scopeFilterOf(who, rowKind)).toStrictEqual(expected);
  });
});

describe('scopeFilterOf and can agree', () => {
  const resources: ScopedResource[] = [
    ent(7, '450102'), ent(8, '450181'), ent(9, '450202'), ent(10, '451402'), ent(11, '450100'), ent(12, '440103'), ent(7, '4501'),
    area('450000'), area('450100'), area('450102'), area('451400'),
    org(1, '450000'), org(30, '450200'), org(31, '451400'), org(32, '450102'),
  ];
  it.each(Object.entries(A))('when actor %s holds every permission, then can allows exactly the rows the filter keeps', (_key, who) => {
    const all: Actor = { ...who, permissions: Object.values(P) };
    for (const r of resources) {
      const viaCan = can(all, P.enterpriseRead, r).allowed;
      const viaFilter = isInScope(scopeFilterOf(all, r.kind), r);
      expect({ r, viaCan }).toStrictEqual({ r, viaCan: viaFilter });
    }
  });
});

describe('business notifications', () => {
  it.each([
    ['sysAdmin', false],
    ['securityAuditor', false],
    ['regionDeeOfficer', true],
    ['cityEebOfficer', true],
    ['enterpriseUser', true],
  ] as const)('when the user is %s, then receives business notifications = %s', (role, expected) => {
    expect(receivesBusinessNotifications(role)).toBe(expected);
  });
});
