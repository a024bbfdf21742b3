import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  FileDoneOutlined,
  DashboardOutlined,
  GlobalOutlined,
  FilterOutlined,
  FundOutlined,
  OrderedListOutlined,
  LockOutlined,
  SolutionOutlined,
  BankOutlined,
  CalendarOutlined,
  ProfileOutlined,
  ShopOutlined,
  TeamOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import type { Me, Permission } from '@cpaudit/contracts';
import { hasPermission } from './access.ts';

/**
 * The declarative route table: it drives both the router and the side menu.
 * A route is shown in the menu (and reachable) only if the user holds its `permission`.
 */
export interface AppRoute {
  /** Stable id; the menu item carries `data-testid="menu-<id>"`. */
  id: string;
  path: string;
  /** i18n key of the menu label and page title. */
  labelKey: string;
  icon: ReactNode;
  /** `null`: every signed-in user. */
  permission: Permission | null;
  inMenu: boolean;
  component: LazyExoticComponent<ComponentType>;
}

/** The home page's chunk (also started early by `preloadHome`, main.tsx). */
export const loadHomePage = () => import('./pages/home/index.tsx');

export const appRoutes: readonly AppRoute[] = [
  {
    id: 'home',
    path: '/',
    labelKey: 'menu.home',
    icon: <DashboardOutlined />,
    permission: 'dashboard.view',
    inMenu: true,
    component: lazy(loadHomePage),
  },
  {
    id: 'auditLog',
    path: '/audit-log',
    labelKey: 'menu.auditLog',
    icon: <AuditOutlined />,
    permission: 'auditLog.read',
    inMenu: true,
    component: lazy(() => import('./pages/audit-log/index.tsx')),
  },
  {
    id: 'users',
    path: '/users',
    labelKey: 'menu.users',
    icon: <TeamOutlined />,
    permission: 'user.read',
    inMenu: true,
    component: lazy(() => import('./pages/users/index.tsx')),
  },
  {
    id: 'divisions',
    path: '/divisions',
    labelKey: 'menu.divisions',
    icon: <ApartmentOutlined />,
    permission: 'division.read',
    inMenu: true,
    component: lazy(() => import('./pages/divisions/index.tsx')),
  },
  {
    id: 'keyIndustries',
    path: '/key-industries',
    labelKey: 'menu.keyIndustries',
    icon: <ProfileOutlined />,
    permission: 'industry.read',
    inMenu: true,
    component: lazy(() => import('./pages/key-industries/index.tsx')),
  },
  {
    id: 'enterprises',
    path: '/enterprises',
    labelKey: 'menu.enterprises',
    icon: <ShopOutlined />,
    permission: 'enterprise.read',
    inMenu: true,
    component: lazy(() => import('./pages/enterprises/index.tsx')),
  },
  {
    id: 'enterpriseDetail',
    path: '/enterprises/:id',
    labelKey: 'menu.enterpriseDetail',
    icon: <ShopOutlined />,
    permission: 'enterprise.read',
    inMenu: false,
    component: lazy(() => import('./pages/enterprises/detail.tsx')),
  },
  {
    id: 'imports',
    path: '/imports',
    labelKey: 'menu.imports',
    icon: <CloudUploadOutlined />,
    permission: 'enterprise.import',
    inMenu: true,
    component: lazy(() => import('./pages/imports/index.tsx')),
  },
  {
    id: 'screening',
    path: '/screening',
    labelKey: 'menu.screening',
    icon: <FilterOutlined />,
    permission: 'screening.read',
    inMenu: true,
    component: lazy(() => import('./pages/screening/index.tsx')),
  },
  {
    id: 'screeningRun',
    path: '/screening/runs/:id',
    labelKey: 'menu.screeningRun',
    icon: <FilterOutlined />,
    permission: 'screening.read',
    inMenu: false,
    component: lazy(() => import('./pages/screening/run.tsx')),
  },
  {
    id: 'portalAdmin',
    path: '/portal-admin',
    labelKey: 'menu.portalAdmin',
    icon: <GlobalOutlined />,
    permission: 'portal.manage',
    inMenu: true,
    component: lazy(() => import('./pages/portal-admin/index.tsx')),
  },
  {
    id: 'screeningRuleSets',
    path: '/screening/rule-sets',
    labelKey: 'menu.screeningRuleSets',
    icon: <FilterOutlined />,
    permission: 'screening.read',
    inMenu: false,
    component: lazy(() => import('./pages/screening/rule-sets.tsx')),
  },
  {
    id: 'reporting',
    path: '/reporting',
    labelKey: 'menu.reporting',
    icon: <FileDoneOutlined />,
    permission: 'actionPlan.read',
    inMenu: true,
    component: lazy(() => import('./pages/reporting/index.tsx')),
  },
  {
    id: 'actionPlan',
    path: '/reporting/action-plans/:id',
    labelKey: 'menu.actionPlan',
    icon: <FileDoneOutlined />,
    permission: 'actionPlan.read',
    inMenu: false,
    component: lazy(() => import('./pages/reporting/plan.tsx')),
  },
  {
    id: 'annualReport',
    path: '/reporting/annual-reports/:cityCode/:year',
    labelKey: 'menu.annualReport',
    icon: <FileDoneOutlined />,
    permission: 'actionPlan.read',
    inMenu: false,
    component: lazy(() => import('./pages/reporting/report.tsx')),
  },
  {
    id: 'indicatorSystems',
    path: '/indicator-systems',
    labelKey: 'menu.indicatorSystems',
    icon: <FundOutlined />,
    permission: 'indicatorSystem.read',
    inMenu: true,
    component: lazy(() => import('./pages/indicator-systems/index.tsx')),
  },
  {
    id: 'lists',
    path: '/lists',
    labelKey: 'menu.lists',
    icon: <OrderedListOutlined />,
    permission: 'auditList.read',
    inMenu: true,
    component: lazy(() => import('./pages/lists/index.tsx')),
  },
  {
    id: 'audits',
    path: '/audits',
    labelKey: 'menu.audits',
    icon: <AuditOutlined />,
    permission: 'audit.read',
    inMenu: true,
    component: lazy(() => import('./pages/audits/index.tsx')),
  },
  {
    id: 'auditDetail',
    path: '/audits/:id',
    labelKey: 'menu.auditDetail',
    icon: <AuditOutlined />,
    permission: 'audit.read',
    inMenu: false,
    component: lazy(() => import('./pages/audits/detail.tsx')),
  },
  {
    id: 'workCalendar',
    path: '/work-calendar',
    labelKey: 'menu.workCalendar',
    icon: <CalendarOutlined />,
    permission: 'workCalendar.read',
    inMenu: true,
    component: lazy(() => import('./pages/work-calendar/index.tsx')),
  },
  {
    id: 'voluntary',
    path: '/voluntary-applications',
    labelKey: 'menu.voluntary',
    icon: <FileDoneOutlined />,
    permission: 'voluntary.apply',
    inMenu: true,
    component: lazy(() => import('./pages/voluntary/index.tsx')),
  },
  {
    id: 'registrations',
    path: '/registrations',
    labelKey: 'menu.registrations',
    icon: <UserAddOutlined />,
    permission: 'enterpriseRegistration.review',
    inMenu: true,
    component: lazy(() => import('./pages/audits/registrations.tsx')),
  },
  {
    id: 'listDetail',
    path: '/lists/:id',
    labelKey: 'menu.listDetail',
    icon: <OrderedListOutlined />,
    permission: 'auditList.read',
    inMenu: false,
    component: lazy(() => import('./pages/lists/detail.tsx')),
  },
  {
    id: 'experts',
    path: '/experts',
    labelKey: 'menu.experts',
    icon: <SolutionOutlined />,
    permission: 'expert.read',
    inMenu: true,
    component: lazy(() => import('./pages/experts/index.tsx')),
  },
  {
    id: 'agencies',
    path: '/agencies',
    labelKey: 'menu.agencies',
    icon: <BankOutlined />,
    permission: 'agency.read',
    inMenu: true,
    component: lazy(() => import('./pages/agencies/index.tsx')),
  },
  {
    id: 'agencyProfile',
    path: '/agency-profile',
    labelKey: 'menu.agencyProfile',
    icon: <BankOutlined />,
    permission: 'agency.manageOwn',
    inMenu: true,
    component: lazy(() => import('./pages/agencies/index.tsx')),
  },
  {
    id: 'auditOptions',
    path: '/audits/:id/options',
    labelKey: 'menu.auditOptions',
    icon: <FileDoneOutlined />,
    permission: 'option.read',
    inMenu: false,
    component: lazy(() => import('./pages/options/index.tsx')),
  },
  {
    id: 'reductions',
    path: '/reductions',
    labelKey: 'menu.reductions',
    icon: <FundOutlined />,
    permission: 'option.stats',
    inMenu: true,
    component: lazy(() => import('./pages/reductions/index.tsx')),
  },
  {
    id: 'myAssignments',
    path: '/my/assignments',
    labelKey: 'menu.myAssignments',
    icon: <SolutionOutlined />,
    permission: 'audit.score',
    inMenu: true,
    component: lazy(() => import('./pages/panels/assignments.tsx')),
  },
  {
    id: 'auditPanels',
    path: '/audits/:id/panels',
    labelKey: 'menu.auditPanels',
    icon: <TeamOutlined />,
    permission: 'panel.read',
    inMenu: false,
    component: lazy(() => import('./pages/panels/index.tsx')),
  },
  {
    id: 'password',
    path: '/password',
    labelKey: 'menu.password',
    icon: <LockOutlined />,
    permission: null,
    inMenu: false,
    component: lazy(() => import('./pages/password/index.tsx')),
  },
];

export function canAccess(me: Me | null | undefined, route: AppRoute): boolean {
  return hasPermission(me, route.permission);
}

/** The menu key to highlight for a location: the menu entry itself, or the parent of a detail page. */
export function menuKeyOf(pathname: string): string {
  const exact = appRoutes.find((r) => r.inMenu && r.path === pathname);
  if (exact) return exact.path;
  const parent = appRoutes
    .filter((r) => r.inMenu && r.path !== '/' && pathname.startsWith(`${r.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return parent?.path ?? pathname;
}

/** The menu entries this user may see, in table order. */
export function menuRoutes(me: Me | null | undefined): AppRoute[] {
  return appRoutes.filter((r) => r.inMenu && canAccess(me, r));
}
