import { DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Flex, Layout, Menu, type MenuProps, Typography, theme } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { NotificationBell } from '../features/notifications/notification-bell.tsx';
import { LanguageSwitch } from './components/language-switch.tsx';
import { FullPageSpin } from './components/require-auth.tsx';
import { useShowError } from './errors.ts';
import { type TFunction, useT } from './i18n/index.tsx';
import { type NavEntry, visibleNav } from './nav.tsx';
import { useLogout, useMe } from './session.tsx';

type MenuItem = Required<MenuProps>['items'][number];

function toMenuItems(entries: NavEntry[], t: TFunction): MenuItem[] {
  return entries.map((entry) =>
    entry.children
      ? {
          key: entry.key,
          icon: entry.icon,
          label: t(entry.labelKey),
          children: toMenuItems(entry.children, t),
        }
      : {
          key: entry.path ?? entry.key,
          icon: entry.icon,
          label: t(entry.labelKey),
          'data-testid': `nav-${entry.key}`,
        },
  );
}

// The menu item whose path is the longest prefix of the current location ("/" only matches itself).
function selectedPath(entries: NavEntry[], pathname: string): string | undefined {
  const paths = entries.flatMap((entry) => [entry.path, ...(entry.children ?? []).map((c) => c.path)]);
  return paths
    .filter((p): p is string => !!p && (p === '/' ? pathname === '/' : pathname.startsWith(p)))
    .sort((a, b) => b.length - a.length)[0];
}

export function AppLayout() {
  const me = useMe();
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const logout = useLogout();
  const showError = useShowError();
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();

  const nav = useMemo(() => visibleNav(me.role), [me.role]);
  const selected = selectedPath(nav, location.pathname);
  const openGroups = nav.filter((entry) => entry.children).map((entry) => entry.key);

  const userMenu: MenuProps['items'] = [
    { key: 'account', icon: <UserOutlined />, label: t('header.account'), 'data-testid': 'menu-account' },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), 'data-testid': 'menu-logout' },
  ];

  const onUserMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'account') {
      void navigate('/account');
    } else if (key === 'logout') {
      logout.mutate(undefined, {
        onSuccess: () => void navigate('/login', { replace: true }),
        onError: showError,
      });
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={220}
        theme="light"
        // The sider stays in view while the page scrolls, and its menu scrolls inside it above the
        // collapse trigger (fixed at the bottom), so a menu taller than the window never hides items
        // behind the trigger.
        style={{
          borderRight: `1px solid ${token.colorBorderSecondary}`,
          position: 'sticky',
          top: 0,
          height: '100vh',
          alignSelf: 'flex-start',
        }}
      >
        <div data-testid="side-scroll" style={{ height: '100%', overflowY: 'auto', overflowX: 'hidden' }}>
          <div
            style={{
              height: 56,
              display: 'flex',
              alignItems: 'center',
              paddingInline: collapsed ? 0 : 20,
              justifyContent: collapsed ? 'center' : 'flex-start',
              fontWeight: 600,
              fontSize: 16,
              color: token.colorPrimary,
              whiteSpace: 'nowrap',
              overflow: 'hidden',
            }}
          >
            {collapsed ? 'S' : t('app.name')}
          </div>
          <nav aria-label="main">
            <Menu
              mode="inline"
              data-testid="side-nav"
              items={toMenuItems(nav, t)}
              selectedKeys={selected ? [selected] : []}
              defaultOpenKeys={openGroups}
              onClick={({ key }) => void navigate(key)}
              style={{ borderInlineEnd: 'none' }}
            />
          </nav>
        </div>
      </Layout.Sider>
      {/* min-width 0: a wide table scrolls inside the content instead of pushing the page past the window. */}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            paddingInline: 24,
            height: 56,
            lineHeight: '56px',
          }}
        >
          <Flex justify="space-between" align="center" style={{ height: '100%' }}>
            <Typography.Text strong data-testid="org-name" ellipsis>
              {me.org.name}
            </Typography.Text>
            <Flex align="center" gap={16}>
              <NotificationBell />
              <LanguageSwitch />
              <Dropdown menu={{ items: userMenu, onClick: onUserMenu }} trigger={['click']}>
                <Button type="text" data-testid="user-menu" style={{ height: 40 }}>
                  <Avatar size="small" icon={<UserOutlined />} style={{ background: token.colorPrimary }} />
                  <span>{me.name}</span>
                  <DownOutlined style={{ fontSize: 10 }} />
                </Button>
              </Dropdown>
            </Flex>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
