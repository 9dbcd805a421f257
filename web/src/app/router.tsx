import { Button, Result } from 'antd';
import { Link, Route, Routes } from 'react-router-dom';
import LoginPage from '../features/auth/login-page.tsx';
import { RequireAuth, RequireRole } from './components/require-auth.tsx';
import { useT } from './i18n/index.tsx';
import { AppLayout } from './layout.tsx';
import { navRoutes } from './nav.tsx';

const routes = navRoutes();

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        {routes.map(({ path, page: Page, roles }) => (
          <Route
            key={path}
            path={path}
            element={
              <RequireRole roles={roles}>
                <Page />
              </RequireRole>
            }
          />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function NotFound() {
  const t = useT();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
