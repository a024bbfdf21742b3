import { useState } from 'react';
import { Avatar, Button, Dropdown, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import { EnvironmentOutlined, LockOutlined, LogoutOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { logout } from '../services/auth.ts';
import { useCurrentUser } from '../services/session.ts';
import { menuKeyOf, menuRoutes } from '../routes.tsx';
import LanguageSwitch from '../components/LanguageSwitch.tsx';
import NotificationBell from '../components/NotificationBell.tsx';

const { Sider, Header, Content } = Layout;

export default function AppLayout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const logoutMutation = useMutation({
    mutationFn: logout,
    meta: { errorPolicy: 'inline' },
    // Whatever the server said, the local session is gone.
    onSettled: () => void navigate('/login', { replace: true }),
  });

  // An account whose password the administrator set can only change it (the server refuses the
  // rest with PASSWORD_CHANGE_REQUIRED): no menu or notifications to click until it has.
  const mustChange = me.mustChangePassword === true;
  const items: MenuProps['items'] = (mustChange ? [] : menuRoutes(me)).map((r) => ({
    key: r.path,
    icon: r.icon,
    label: <span data-testid={`menu-${r.id}`}>{t(r.labelKey)}</span>,
  }));

  const userMenu: MenuProps['items'] = [
    {
      key: 'password',
      icon: <LockOutlined />,
      label: <span data-testid="user-menu-password">{t('header.changePassword')}</span>,
    },
    { type: 'divider' },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      danger: true,
      label: <span data-testid="user-menu-logout">{t('header.logout')}</span>,
    },
  ];

  const onUserMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') void navigate('/password');
    if (key === 'logout') logoutMutation.mutate();
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={220} breakpoint="lg">
        <div className="cp-brand" title={t('app.title')}>
          <SafetyCertificateOutlined aria-hidden />
          {!collapsed && <span>{t('app.shortTitle')}</span>}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          data-testid="side-menu"
          selectedKeys={[menuKeyOf(location.pathname)]}
          items={items}
          onClick={({ key }) => void navigate(key)}
        />
      </Sider>
      <Layout>
        <Header className="cp-header">
          <Typography.Text strong ellipsis style={{ fontSize: 16 }}>
            {t('app.title')}
          </Typography.Text>
          <Space size="middle" wrap={false}>
            <Tag icon={<EnvironmentOutlined />} color="green" data-testid="header-area" title={t('header.area')}>
              {me.area.name}
            </Tag>
            <Typography.Text type="secondary" data-testid="header-org" title={t('header.org')}>
              {me.org.name}
            </Typography.Text>
            {!mustChange && <NotificationBell />}
            <Dropdown menu={{ items: userMenu, onClick: onUserMenu }} trigger={['click']}>
              <Button type="text" data-testid="header-user">
                <Avatar size="small" icon={<UserOutlined />} />
                <span data-testid="header-user-name">{me.displayName}</span>
              </Button>
            </Dropdown>
            <Button
              type="text"
              icon={<LogoutOutlined />}
              aria-label={t('header.logout')}
              title={t('header.logout')}
              data-testid="logout"
              loading={logoutMutation.isPending}
              onClick={() => logoutMutation.mutate()}
            />
            <LanguageSwitch />
          </Space>
        </Header>
        <Content className="cp-content">
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
