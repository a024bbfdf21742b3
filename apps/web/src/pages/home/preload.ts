/**
 * What the home page (工作台, `/`) waits for, started together as soon as the console boots at `/`
 * rather than one after the other (bench web: the dashboard's largest contentful paint): the page's
 * chunk at once, the session (`GET /auth/me`) at once, and as soon as the session is known the
 * figures the page shows — the enterprise overview (`/stats/overview`) for users whose home shows
 * the area (not an enterprise or an expert, see {@link isPersonalHome}), the audit dashboard summary (`/dashboard/summary`) for officials. The page's own
 * queries find them in the React Query cache (same keys, functions and options), so nothing is
 * fetched twice; a user the page would not ask them for is not asked for them here either (no
 * refused request in the audit log).
 */
import type { Me } from '@cpaudit/contracts';
import { queryClient } from '../../lib/query.ts';
import { appRoutes, canAccess, loadHomePage } from '../../routes.tsx';
import { fetchDashboard } from '../../services/dashboard.ts';
import { fetchOverviewStats } from '../../services/reference.ts';
import { meQuery } from '../../services/session.ts';

const OFFICIAL_KINDS: readonly string[] = ['regionDee', 'regionDrc', 'cityEeb', 'cityDrc', 'countyBureau'];

/** Official bureaus (region, city, county), whose home shows the audit dashboard. */
export function isOfficial(kind: string): boolean {
  return OFFICIAL_KINDS.includes(kind);
}

/** Users whose home shows their own work (an enterprise its audits, an expert its assignments), not the area's figures. */
export function isPersonalHome(me: Me): boolean {
  return me.org.enterpriseId !== null || me.org.kind === 'expert';
}

/** The home page's query of the enterprise overview (`GET /stats/overview`). */
export const overviewQuery = { queryKey: ['stats', 'overview'], queryFn: ({ signal }: { signal: AbortSignal }) => fetchOverviewStats(signal) } as const;

/** The audit dashboard's query of the summary for `filters` ({} on first load: the newest year, all industries). */
export const dashboardQuery = (filters: { listYear?: number | undefined; keyIndustry?: string | undefined }) =>
  ({ queryKey: ['dashboard', filters], queryFn: ({ signal }: { signal: AbortSignal }) => fetchDashboard(filters, signal) }) as const;

/** Starts the home page's chunk, the session and then the page's data (see the module comment). Never throws. */
export function preloadHome(): void {
  void loadHomePage().catch(() => undefined);
  queryClient.fetchQuery(meQuery).then(
    (me: Me) => {
      if (!canAccess(me, appRoutes.find((r) => r.path === '/')!)) return;
      if (!isPersonalHome(me)) void queryClient.prefetchQuery(overviewQuery);
      if (isOfficial(me.org.kind)) void queryClient.prefetchQuery(dashboardQuery({}));
    },
    // The guard (RequireAuth) shows the session error or sends the user to the login page.
    () => undefined,
  );
}
