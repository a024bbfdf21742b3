import { useMemo, useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Empty, Input, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { LockOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../access.ts';
import { QueryError } from '../../components/tags.tsx';
import { fetchUserChoices, fetchUsers, roleList, setUserActive, unlockUser, type UserSummary, type UserWithPassword } from '../../services/admin.ts';
import { CreateAccountModal, EditAccountModal, GeneratedPasswordModal, ResetPasswordModal } from './AccountForms.tsx';
import { useCurrentUser } from '../../services/session.ts';
import { formatTime } from '@cpaudit/contracts';

const ts = formatTime;

/**
 * 账号管理: the accounts with a search box (user name, name, role, organisation, area). The system
 * administrator (user.manage) also creates accounts and, per row, edits, disables/enables, unlocks and
 * resets the password; the security auditor (user.read) only reads.
 */
export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const canManage = hasPermission(me, 'user.manage');
  const qc = useQueryClient();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserSummary | null>(null);
  const [resetting, setResetting] = useState<UserSummary | null>(null);
  const [generated, setGenerated] = useState<UserWithPassword | null>(null);
  const choices = useQuery({
    queryKey: ['userChoices'],
    queryFn: ({ signal }) => fetchUserChoices(signal),
    enabled: canManage && (creating || editing !== null),
    staleTime: 0,
  });
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['users'] });
    void qc.invalidateQueries({ queryKey: ['userChoices'] });
  };
  const rowAction = useMutation({
    mutationFn: async ({ user, action }: { user: UserSummary; action: 'disable' | 'enable' | 'unlock' }) =>
      action === 'unlock' ? unlockUser(user.id) : setUserActive(user.id, action === 'enable'),
    onSuccess: (u, { action }) => {
      message.success(t(`users.done.${action}`, { username: u.username }));
      refresh();
    },
    onError: (e) => message.error((e as Error).message),
  });
  const afterPassword = (r: UserWithPassword) => {
    setCreating(false);
    setResetting(null);
    if (r.generatedPassword) setGenerated(r);
    refresh();
  };
  const users = useQuery({
    queryKey: ['users'],
    queryFn: ({ signal }) => fetchUsers(signal),
    staleTime: 0,
    meta: { errorPolicy: 'inline' },
  });
  const roleLabel = (role: string) => t(`roles.${role}`, { defaultValue: role });

  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const all = users.data ?? [];
    if (!needle) return all;
    return all.filter((u) =>
      [u.username, u.displayName, u.orgName, u.divisionCode, u.divisionName, u.role, t(`roles.${u.role}`, { defaultValue: u.role })]
        .join('\n')
        .toLowerCase()
        .includes(needle),
    );
  }, [users.data, q, t]);

  return (
    <div data-testid="page-users">
      <Card
        title={t('users.title')}
        extra={
          <Space>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('users.search')}
              style={{ width: 280 }}
              value={q}
              onChange={(e) => setQ(e.target.value)}
              data-testid="users-search"
            />
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="users-create">
                {t('users.create')}
              </Button>
            )}
          </Space>
        }
      >
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="users-cli-note"
          title={
            <span>
              {canManage ? t('users.manageNote') : t('users.readOnly')}
              {t('users.cliNote')}
              <Typography.Text code>npx cpaudit user create</Typography.Text>
              {t('users.cliDoc')}
            </span>
          }
        />
        {users.isError ? (
          <QueryError error={users.error} onRetry={() => void users.refetch()} testId="users-error" />
        ) : (
          <>
            <Typography.Paragraph type="secondary" data-testid="users-total" data-value={rows.length}>
              {t('users.total', { total: rows.length })}
            </Typography.Paragraph>
            <Table<UserSummary>
              rowKey="id"
              size="small"
              data-testid="users-table"
              loading={users.isPending}
              dataSource={rows}
              scroll={{ x: canManage ? 1350 : 1100 }}
              pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
              locale={{ emptyText: <Empty description={t('users.empty')} /> }}
              onRow={(r) => ({ 'data-testid': `user-row-${r.username}`, 'data-role': r.role, 'data-active': String(r.isActive) }) as HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t('users.username'),
                  dataIndex: 'username',
                  width: 130,
                  sorter: (a, b) => a.username.localeCompare(b.username),
                  render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
                },
                { title: t('users.displayName'), dataIndex: 'displayName', width: 160, ellipsis: true },
                {
                  title: t('users.role'),
                  dataIndex: 'role',
                  width: 150,
                  filters: roleList.map((r) => ({ text: roleLabel(r), value: r })),
                  onFilter: (value, r) => r.role === value,
                  render: (v: string) => <span data-role={v}>{roleLabel(v)}</span>,
                },
                { title: t('users.org'), dataIndex: 'orgName', ellipsis: true },
                {
                  title: t('users.division'),
                  dataIndex: 'divisionCode',
                  width: 170,
                  render: (v: string, r: UserSummary) => (
                    <span title={v} style={{ whiteSpace: 'nowrap' }}>
                      {r.divisionName} <Typography.Text type="secondary">{v}</Typography.Text>
                    </span>
                  ),
                },
                {
                  title: t('users.status'),
                  dataIndex: 'isActive',
                  width: 80,
                  filters: [
                    { text: t('users.active'), value: true },
                    { text: t('users.inactive'), value: false },
                  ],
                  onFilter: (value, r) => r.isActive === value,
                  render: (v: boolean) => (
                    <Tag color={v ? 'green' : 'default'} data-active={String(v)}>
                      {v ? t('users.active') : t('users.inactive')}
                    </Tag>
                  ),
                },
                {
                  title: t('users.lockedUntil'),
                  dataIndex: 'lockedUntil',
                  width: 160,
                  render: (v: string | null) =>
                    v ? (
                      <Tag color="red" icon={<LockOutlined />} data-testid="user-locked">
                        {ts(v)}
                      </Tag>
                    ) : (
                      '—'
                    ),
                },
                {
                  title: t('users.passwordChangedAt'),
                  dataIndex: 'passwordChangedAt',
                  width: 160,
                  sorter: (a, b) => a.passwordChangedAt.localeCompare(b.passwordChangedAt),
                  render: (v: string, r: UserSummary) => (
                    <>
                      {ts(v)}
                      {r.mustChangePassword && (
                        <Tag color="orange" style={{ marginLeft: 4 }} data-testid={`user-must-change-${r.username}`}>
                          {t('users.mustChange')}
                        </Tag>
                      )}
                    </>
                  ),
                },
                ...(canManage
                  ? [
                      {
                        title: t('users.actions'),
                        key: 'actions',
                        width: 250,
                        fixed: 'right' as const,
                        render: (_: unknown, r: UserSummary) => {
                          const self = r.id === me.id;
                          const busy = rowAction.isPending && rowAction.variables?.user.id === r.id;
                          return (
                            <Space size={0} wrap>
                              <Button type="link" size="small" onClick={() => setEditing(r)} data-testid={`user-edit-${r.username}`}>
                                {t('users.edit')}
                              </Button>
                              {r.isActive ? (
                                <Tooltip title={self ? t('users.notSelf') : undefined}>
                                  <Popconfirm
                                    title={t('users.confirmDisable', { username: r.username })}
                                    okButtonProps={{ danger: true }}
                                    disabled={self}
                                    onConfirm={() => rowAction.mutate({ user: r, action: 'disable' })}
                                  >
                                    <Button type="link" size="small" danger disabled={self} loading={busy} data-testid={`user-disable-${r.username}`}>
                                      {t('users.disable')}
                                    </Button>
                                  </Popconfirm>
                                </Tooltip>
                              ) : (
                                <Button type="link" size="small" loading={busy} onClick={() => rowAction.mutate({ user: r, action: 'enable' })} data-testid={`user-enable-${r.username}`}>
                                  {t('users.enable')}
                                </Button>
                              )}
                              {r.lockedUntil && (
                                <Popconfirm title={t('users.confirmUnlock', { username: r.username })} onConfirm={() => rowAction.mutate({ user: r, action: 'unlock' })}>
                                  <Button type="link" size="small" loading={busy} data-testid={`user-unlock-${r.username}`}>
                                    {t('users.unlock')}
                                  </Button>
                                </Popconfirm>
                              )}
                              <Button type="link" size="small" onClick={() => setResetting(r)} data-testid={`user-reset-${r.username}`}>
                                {t('users.resetPassword')}
                              </Button>
                            </Space>
                          );
                        },
                      },
                    ]
                  : []),
              ]}
            />
          </>
        )}
      </Card>
      {canManage && (
        <>
          <CreateAccountModal open={creating} choices={choices.data} onClose={() => setCreating(false)} onDone={afterPassword} />
          <EditAccountModal
            user={editing}
            choices={choices.data}
            onClose={() => setEditing(null)}
            onDone={() => {
              setEditing(null);
              refresh();
            }}
          />
          <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} onDone={afterPassword} />
          <GeneratedPasswordModal result={generated} onClose={() => setGenerated(null)} />
        </>
      )}
    </div>
  );
}
