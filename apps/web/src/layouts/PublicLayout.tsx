import { Suspense } from 'react';
import { Button, Grid, Layout, Menu, Typography } from 'antd';
import { Link, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import LanguageSwitch from '../components/LanguageSwitch.tsx';
import { PageLoading } from '../components/guards.tsx';

/** Navigation of the public portal: path → i18n key. */
export const publicNav = [
  ['/public', 'portal.nav.home'],
  ['/public/policies', 'portal.nav.policies'],
  ['/public/news', 'portal.nav.news'],
  ['/public/technologies', 'portal.nav.technologies'],
  ['/public/cases', 'portal.nav.cases'],
  ['/public/lists', 'portal.nav.lists'],
  ['/public/stats', 'portal.nav.stats'],
  ['/public/open-data', 'portal.nav.openData'],
] as const;

function selectedKey(pathname: string): string {
  if (pathname.startsWith('/public/articles/')) return '/public/policies';
  const hit = [...publicNav].reverse().find(([p]) => p !== '/public' && pathname.startsWith(p));
  return hit?.[0] ?? '/public';
}

/**
 * The public information service's own layout (issue 8 §4): no login, a header with the site name
 * and navigation (collapses into a menu button on narrow screens), and a footer naming the publisher.
 */
export default function PublicLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.md;
  return (
    <Layout className="cp-public" data-testid="public-layout">
      <Layout.Header className="cp-public-header">
        <Link to="/public" className="cp-public-brand" data-testid="public-brand">
          {t('portal.siteTitle')}
        </Link>
        <Menu
          mode="horizontal"
          theme="dark"
          className="cp-public-menu"
          selectedKeys={[selectedKey(location.pathname)]}
          overflowedIndicator={<span aria-label={t('portal.nav.more')}>☰</span>}
          items={publicNav.map(([path, key]) => ({ key: path, label: <Link to={path} data-testid={`public-nav-${path.split('/')[2] ?? 'home'}`}>{t(key)}</Link> }))}
          style={{ flex: 1, minWidth: 0 }}
        />
        <div className="cp-public-tools">
          {!narrow && <LanguageSwitch />}
          <Link to="/login">
            <Button size="small" data-testid="public-login">
              {t('portal.login')}
            </Button>
          </Link>
        </div>
      </Layout.Header>
      <Layout.Content className="cp-public-content">
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
      <Layout.Footer className="cp-public-footer" data-testid="public-footer">
        <Typography.Text type="secondary">{t('portal.footer.publisher')}</Typography.Text>
        <br />
        <Typography.Text type="secondary">{t('portal.footer.note')}</Typography.Text>
        {narrow && (
          <div style={{ marginTop: 8 }}>
            <LanguageSwitch />
          </div>
        )}
      </Layout.Footer>
    </Layout>
  );
}
