import { Suspense, type ReactNode } from 'react';
import { Button, Result, Spin } from 'antd';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../services/session.ts';
import { describeError, isSessionError } from '../services/error-policy.ts';
import { canAccess, menuRoutes, type AppRoute } from '../routes.tsx';
import { ForbiddenPage } from '../pages/error/index.tsx';

export function PageLoading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }} data-testid="page-loading">
      <Spin />
    </div>
  );
}

/**
 * Renders its children only with a session; otherwise sends the user to `/login`. A user whose
 * password was set by the administrator (`mustChangePassword`) is sent to `/password` (the server
 * refuses everything else with PASSWORD_CHANGE_REQUIRED until it is changed).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <Spin fullscreen />;
  if (me.isError) {
    if (isSessionError(me.error)) {
      return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
    }
    return (
      <Result
        status="error"
        title={t('errors.loadFailed')}
        subTitle={describeError(me.error)}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            {t('errors.retry')}
          </Button>
        }
      />
    );
  }
  if (me.data.mustChangePassword && location.pathname !== '/password') return <Navigate to="/password" replace />;
  return <>{children}</>;
}

/** A route of the table: its lazy page if the user may open it, else 403. */
export function RouteGuard({ route }: { route: AppRoute }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!canAccess(me, route)) {
    if (route.path !== '/') return <ForbiddenPage />;
    // Users without a dashboard (system administrator, security auditor) land on their first menu entry.
    const first = menuRoutes(me)[0];
    if (first) return <Navigate to={first.path} replace />;
    return (
      <div data-testid="no-features">
        <Result status="info" title={t('app.title')} subTitle={t('home.noFeatures')} />
      </div>
    );
  }
  const Page = route.component;
  return (
    <Suspense fallback={<PageLoading />}>
      <Page />
    </Suspense>
  );
}
