import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { describeError } from '../errors.ts';
import { useT } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import type { Role } from '../types.ts';

/** Renders its children for a logged-in user; otherwise sends them to the login page and back after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const t = useT();
  if (session.isPending) {
    return <FullPageSpin />;
  }
  if (session.isError) {
    return (
      <Result
        status="error"
        title={t('error.title')}
        subTitle={describeError(session.error, t)}
        extra={
          <Button type="primary" onClick={() => void session.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!session.data) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return children;
}

export function RequireRole({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const session = useSession();
  const t = useT();
  if (roles && session.data && !roles.includes(session.data.role)) {
    return (
      <Result
        status="403"
        title={t('forbidden.title')}
        subTitle={t('forbidden.text')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  return children;
}

export function FullPageSpin() {
  return (
    <div style={{ minHeight: '60vh', display: 'grid', placeItems: 'center' }}>
      <Spin size="large" />
    </div>
  );
}
