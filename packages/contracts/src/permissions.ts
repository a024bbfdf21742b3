/**
 * Permissions (`entity.action`) and roles, defined once and used by the server's
 * `can(actor, action, resource)` check and by the web console's menu.
 *
 * A role grants permissions; the data scope (which records) comes from the user's
 * organisation and its place in the division tree, see `packages/domain/src/access`.
 * Separation of duties follows GB/T 22239-2019 §8.1.4.2 and §8.1.5 (三员): the system
 * administrator manages accounts, the security auditor reads the audit log, and neither
 * holds business permissions.
 */
export const Permission = {
  dashboardView: 'dashboard.view',
  divisionRead: 'division.read',
  industryRead: 'industry.read',
  /** Edit the key-industry catalogue and its GB/T 4754 mapping (region). */
  industryManage: 'industry.manage',
  /** Add a local key industry for the user's own city (Guangxi plan: cities may add industries). */
  industryAddLocal: 'industry.addLocal',
  refdataRead: 'refdata.read',
  enterpriseRead: 'enterprise.read',
  enterpriseCreate: 'enterprise.create',
  enterpriseUpdate: 'enterprise.update',
  enterpriseDelete: 'enterprise.delete',
  enterpriseExport: 'enterprise.export',
  enterpriseImport: 'enterprise.import',
  permitRead: 'permit.read',
  permitWrite: 'permit.write',
  screeningRun: 'screening.run',
  screeningRead: 'screening.read',
  screeningConfirm: 'screening.confirm',
  /** Draft, compare and publish screening rule-set versions (region). */
  screeningManageRules: 'screening.manageRules',
  /** Read the audit lists of the user's area (drafts, reviews, publications). */
  auditListRead: 'auditList.read',
  /** Propose entries for a list draft (a county for its county, a city for its city). */
  auditListPropose: 'auditList.propose',
  /** Draft and submit the city's list. */
  auditListDraft: 'auditList.draft',
  auditListReview: 'auditList.review',
  /** Read cities' action plans and yearly progress reports (officials of the region and the city). */
  actionPlanRead: 'actionPlan.read',
  /** Draft, attach to and submit the city's action plan and yearly report (city bureaus). */
  actionPlanDraft: 'actionPlan.draft',
  /** Approve or return action plans (the region's DEE and DRC; both must approve). */
  /** Edit and publish the public portal's policies, news, technology directory and cases (region; issue 8 §4). */
  portalManage: 'portal.manage',
  actionPlanReview: 'actionPlan.review',
  /** Set the due date and reminder days of a reporting year (region DEE). */
  annualReportConfigure: 'annualReport.configure',
  auditListReviewEnergy: 'auditList.reviewEnergy',
  auditListPublish: 'auditList.publish',
  /** Read the published-list data-sharing feed (provincial exchange and credit platforms). */
  auditListFeed: 'auditList.feed',
  auditRead: 'audit.read',
  auditAct: 'audit.act',
  auditScore: 'audit.score',
  /** Read an audit's expert panels (officials of the area; the enterprise, without names until the decision). */
  panelRead: 'panel.read',
  /** Draw, redraw and replace experts of a panel, and decide the result (city EEB for its city: the workflow's drawPanel/pass/fail are city actions). */
  panelManage: 'panel.manage',
  /** Read the indicator-system catalogue and definitions, and try scoring (every logged-in user). */
  indicatorSystemRead: 'indicatorSystem.read',
  /** Import, edit (as a new version) and publish indicator-system definitions (region). */
  indicatorSystemManage: 'indicatorSystem.manage',
  orgRead: 'org.read',
  orgManage: 'org.manage',
  userRead: 'user.read',
  userManage: 'user.manage',
  auditLogRead: 'auditLog.read',
  /** Read the regional expert pool (自治区级清洁生产审核专家库): region and cities. */
  expertRead: 'expert.read',
  /** Add, edit and import experts of the pool (region). */
  expertManage: 'expert.manage',
  /** Read consulting agencies (清洁生产审核咨询服务机构). */
  agencyRead: 'agency.read',
  /** Add and edit any consulting agency (region). */
  agencyManage: 'agency.manage',
  /** Read and edit the user's own agency profile (agency users). */
  agencyManageOwn: 'agency.manageOwn',
  /** Read the options register, performance table and levels of audits (officials of the area; the audited enterprise, its agency, the experts of its panels). */
  optionRead: 'option.read',
  /** Add and edit options, stated totals, feasibility analyses and levels of the own audit (enterprise; its agency). */
  optionEdit: 'option.edit',
  /** Regional figures of the options (减排成效), by area and key industry (officials). */
  optionStats: 'option.stats',
  /** Approve or reject enterprises' account registrations of the user's area (county, city EEB), issue 6 item 11. */
  enterpriseRegistrationReview: 'enterpriseRegistration.review',
  /** Read the working-day calendar (the State Council holiday arrangements per year) used for legal deadlines. */
  workCalendarRead: 'workCalendar.read',
  /** Add a calendar year when the State Council publishes its holiday notice (region DEE; the system administrator). */
  workCalendarManage: 'workCalendar.manage',
  /** Set an audit's mode and the member audits of a park/cluster audit (city EEB for its city; issue 6 item 1). */
  auditGroup: 'audit.group',
  /** Apply for a voluntary audit of a list year and follow the application (enterprise, its own). */
  voluntaryApply: 'voluntary.apply',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];
export const allPermissions: readonly Permission[] = Object.values(Permission);

/** Organisation kinds (glossary.md, "Organisations"). */
export const orgKinds = [
  'regionDee',
  'regionDrc',
  'cityEeb',
  'cityDrc',
  'countyBureau',
  'enterprise',
  'consultingAgency',
  'expert',
  'public',
] as const;
export type OrgKind = (typeof orgKinds)[number];

/** Division levels (GB/T 2260): the region (province level), a city (设区市), a county-level unit. */
export const divisionLevels = ['region', 'city', 'county'] as const;
export type DivisionLevel = (typeof divisionLevels)[number];

/** Roles. A user holds exactly one role, inside one organisation. */
export const roles = [
  'sysAdmin',
  'securityAuditor',
  'regionDeeOfficer',
  'regionDrcOfficer',
  'cityEebOfficer',
  'cityDrcOfficer',
  'countyOfficer',
  'enterpriseUser',
  'agencyUser',
  'expertUser',
  'publicUser',
] as const;
export type Role = (typeof roles)[number];

const P = Permission;
const readBasics: Permission[] = [P.dashboardView, P.divisionRead, P.industryRead, P.refdataRead, P.indicatorSystemRead];
const officialRead: Permission[] = [
  ...readBasics,
  P.enterpriseRead,
  P.enterpriseExport,
  P.permitRead,
  P.screeningRead,
  P.auditRead,
  P.auditListRead,
  P.orgRead,
  P.optionRead,
  P.optionStats,
  P.panelRead,
  P.workCalendarRead,
];

/** Role → permissions. The only place where this mapping is written. */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  sysAdmin: [P.divisionRead, P.orgRead, P.orgManage, P.userRead, P.userManage, P.indicatorSystemRead, P.workCalendarRead, P.workCalendarManage],
  securityAuditor: [P.auditLogRead, P.userRead, P.orgRead, P.indicatorSystemRead],
  regionDeeOfficer: [
    ...officialRead,
    P.industryManage,
    P.enterpriseCreate,
    P.enterpriseUpdate,
    P.enterpriseDelete,
    P.enterpriseImport,
    P.permitWrite,
    P.screeningRun,
    P.screeningManageRules,
    P.auditListReview,
    P.auditListPublish,
    P.auditListFeed,
    P.auditAct,
    P.expertRead,
    P.expertManage,
    P.agencyRead,
    P.agencyManage,
    P.indicatorSystemManage,
    P.actionPlanRead,
    P.actionPlanReview,
    P.annualReportConfigure,
    P.portalManage,
    P.workCalendarManage,
  ],
  regionDrcOfficer: [
    ...officialRead,
    P.auditListReview,
    P.auditListReviewEnergy,
    P.auditListFeed,
    P.expertRead,
    P.agencyRead,
    P.indicatorSystemManage,
    P.actionPlanRead,
    P.actionPlanReview,
  ],
  cityEebOfficer: [
    ...officialRead,
    P.industryAddLocal,
    P.enterpriseCreate,
    P.enterpriseUpdate,
    P.enterpriseImport,
    P.permitWrite,
    P.screeningRun,
    P.screeningConfirm,
    P.auditListPropose,
    P.auditListDraft,
    P.auditAct,
    P.expertRead,
    P.agencyRead,
    P.actionPlanRead,
    P.actionPlanDraft,
    P.enterpriseRegistrationReview,
    P.panelManage,
    P.auditGroup,
  ],
  cityDrcOfficer: [...officialRead, P.auditListPropose, P.auditListDraft, P.expertRead, P.agencyRead, P.actionPlanRead, P.actionPlanDraft],
  countyOfficer: [...officialRead, P.enterpriseCreate, P.enterpriseUpdate, P.permitWrite, P.auditListPropose, P.auditAct, P.agencyRead, P.enterpriseRegistrationReview],
  enterpriseUser: [P.dashboardView, P.divisionRead, P.industryRead, P.enterpriseRead, P.enterpriseUpdate, P.permitRead, P.auditRead, P.auditAct, P.agencyRead, P.indicatorSystemRead, P.panelRead, P.optionRead, P.optionEdit, P.voluntaryApply],
  agencyUser: [P.dashboardView, P.divisionRead, P.industryRead, P.enterpriseRead, P.auditRead, P.auditAct, P.agencyManageOwn, P.indicatorSystemRead, P.optionRead, P.optionEdit],
  expertUser: [P.dashboardView, P.divisionRead, P.industryRead, P.auditRead, P.auditScore, P.indicatorSystemRead, P.optionRead],
  publicUser: [P.divisionRead, P.industryRead, P.indicatorSystemRead],
};

/** Which roles an organisation of each kind may hold. */
export const rolesByOrgKind: Record<OrgKind, readonly Role[]> = {
  regionDee: ['regionDeeOfficer', 'sysAdmin', 'securityAuditor'],
  regionDrc: ['regionDrcOfficer'],
  cityEeb: ['cityEebOfficer'],
  cityDrc: ['cityDrcOfficer'],
  countyBureau: ['countyOfficer'],
  enterprise: ['enterpriseUser'],
  consultingAgency: ['agencyUser'],
  expert: ['expertUser'],
  public: ['publicUser'],
};

/** Permissions of a role. */
export function permissionsOf(role: Role): readonly Permission[] {
  return rolePermissions[role];
}
