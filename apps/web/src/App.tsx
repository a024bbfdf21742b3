import { lazy, Suspense, useEffect } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zh_CN from 'antd/locale/zh_CN';
import en_US from 'antd/locale/en_US';
import { BrowserRouter, Route, Routes, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { queryClient } from './lib/query.ts';
import { setCsrfToken } from './services/api.ts';
import { installErrorPolicy } from './services/error-policy.ts';
import { appRoutes } from './routes.tsx';
import { RequireAuth, RouteGuard } from './components/guards.tsx';
import AppLayout from './layouts/AppLayout.tsx';
// Lazy: the login form (antd Form, Input, Alert) stays out of the pages a signed-in user opens (bench web).
const LoginPage = lazy(() => import('./pages/login/index.tsx'));
const RegisterPage = lazy(() => import('./pages/register/index.tsx'));
import { ForbiddenPage, NotFoundPage } from './pages/error/index.tsx';
import { clearDrafts } from './services/drafts.ts';

// The public portal (issue 8 §4, no login): its own layout and lazy pages, so neither the login
// page nor the console loads them.
const PublicLayout = lazy(() => import('./layouts/PublicLayout.tsx'));
const publicPages: [string, ReturnType<typeof lazy>][] = [
  ['policies', lazy(() => import('./pages/public/articles.tsx'))],
  ['news', lazy(() => import('./pages/public/articles.tsx'))],
  ['articles/:id', lazy(() => import('./pages/public/article.tsx'))],
  ['technologies', lazy(() => import('./pages/public/directory.tsx'))],
  ['technologies/:id', lazy(() => import('./pages/public/entry.tsx'))],
  ['cases', lazy(() => import('./pages/public/directory.tsx'))],
  ['cases/:id', lazy(() => import('./pages/public/entry.tsx'))],
  ['search', lazy(() => import('./pages/public/search.tsx'))],
  ['stats', lazy(() => import('./pages/public/stats.tsx'))],
  ['lists', lazy(() => import('./pages/public/lists.tsx'))],
  ['open-data', lazy(() => import('./pages/public/open-data.tsx'))],
];
const PublicHome = lazy(() => import('./pages/public/index.tsx'));

/** Connects the error policy to antd's message API and the router. */
function ErrorPolicyBridge() {
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  useEffect(
    () =>
      installErrorPolicy({
        notifyError: (content, key) => void message.error({ content, key, duration: 6 }),
        notifyWarning: (content, key) => void message.warning({ content, key, duration: 6 }),
        signOut: () => {
          setCsrfToken(null);
          clearDrafts();
          if (window.location.pathname !== '/login') {
            const from = window.location.pathname + window.location.search;
            void navigate('/login', { replace: true, state: { from } });
          }
        },
      }),
    [message, navigate],
  );
  return null;
}

export default function App() {
  const { i18n, t } = useTranslation();
  const isEn = i18n.language === 'en-US';

  useEffect(() => {
    document.title = t('app.title');
  }, [t, i18n.language]);

  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        locale={isEn ? en_US : zh_CN}
        theme={{ token: { colorPrimary: '#1f7a4d' } }}
        button={{ autoInsertSpace: false }}
      >
        <AntApp>
          <BrowserRouter>
            <ErrorPolicyBridge />
            <Routes>
              <Route
                path="/login"
                element={
                  <Suspense fallback={<Spin fullscreen />}>
                    <LoginPage />
                  </Suspense>
                }
              />
              <Route
                path="/register"
                element={
                  <Suspense fallback={<Spin fullscreen />}>
                    <RegisterPage />
                  </Suspense>
                }
              />
              <Route
                path="/public"
                element={
                  <Suspense fallback={<Spin fullscreen />}>
                    <PublicLayout />
                  </Suspense>
                }
              >
                <Route index element={<PublicHome />} />
                {publicPages.map(([path, Page]) => (
                  <Route key={path} path={path} element={<Page />} />
                ))}
                <Route path="*" element={<NotFoundPage />} />
              </Route>
              <Route
                element={
                  <RequireAuth>
                    <AppLayout />
                  </RequireAuth>
                }
              >
                {appRoutes.map((r) => (
                  <Route key={r.id} path={r.path} element={<RouteGuard route={r} />} />
                ))}
                <Route path="/403" element={<ForbiddenPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
