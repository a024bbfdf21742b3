import { useMemo, useState, type HTMLAttributes } from 'react';
import { Alert, Card, Empty, Input, Table, Tag, Typography } from 'antd';
import { LockOutlined, SearchOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../access.ts';
import { QueryError } from '../../components/tags.tsx';
import { fetchUsers, roleList, type UserSummary } from '../../services/admin.ts';
import { fetchDivisions } from '../../services/reference.ts';
import { useCurrentUser } from '../../services/session.ts';
import { formatTime } from '@cpaudit/contracts';

const ts = formatTime;

/** 账号管理 (system administrator, security auditor): read-only list of accounts with a search box. */
export default function UsersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [q, setQ] = useState('');
  const users = useQuery({
    queryKey: ['users'],
    queryFn: ({ signal }) => fetchUsers(signal),
    staleTime: 0,
    meta: { errorPolicy: 'inline' },
  });
  // The security auditor does not hold division.read: then the codes are shown as they are.
  const divisions = useQuery({
    queryKey: ['divisions'],
    queryFn: ({ signal }) => fetchDivisions(signal),
    staleTime: 10 * 60_000,
    enabled: hasPermission(me, 'division.read'),
    meta: { errorPolicy: 'inline' },
  });
  const divisionName = useMemo(() => new Map((divisions.data ?? []).map((d) => [d.code, d.name])), [divisions.data]);
  const roleLabel = (role: string) => t(`roles.${role}`, { defaultValue: role });

  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const all = users.data ?? [];
    if (!needle) return all;
    return all.filter((u) =>
      [u.username, u.displayName, u.orgName, u.divisionCode, divisionName.get(u.divisionCode) ?? '', t(`roles.${u.role}`, { defaultValue: u.role })]
        .join('\n')
        .toLowerCase()
        .includes(needle),
    );
  }, [users.data, q, divisionName, t]);

  return (
    <div data-testid="page-users">
      <Card
        title={t('users.title')}
        extra={
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('users.search')}
            style={{ width: 260 }}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            data-testid="users-search"
          />
        }
      >
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="users-cli-note"
          title={
            <span>
              {t('users.readOnly')}
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
              scroll={{ x: 1100 }}
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
                  render: (v: string) => {
                    const name = divisionName.get(v);
                    return name ? (
                      <span title={v} style={{ whiteSpace: 'nowrap' }}>
                        {name} <Typography.Text type="secondary">{v}</Typography.Text>
                      </span>
                    ) : (
                      v
                    );
                  },
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
                  render: (v: string) => ts(v),
                },
              ]}
            />
          </>
        )}
      </Card>
    </div>
  );
}
