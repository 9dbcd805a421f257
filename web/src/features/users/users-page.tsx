import { MoreOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import {
  App,
  Badge,
  Button,
  Card,
  Dropdown,
  Empty,
  Flex,
  Input,
  Select,
  Space,
  Table,
  type TableProps,
  Tag,
} from 'antd';
import { useMemo, useState } from 'react';
import { CursorPager, useCursorPages } from '../../app/components/cursor-pager.tsx';
import { PageTitle } from '../../app/components/page-title.tsx';
import { QueryError } from '../../app/components/query-error.tsx';
import { useShowError } from '../../app/errors.ts';
import { useI18n } from '../../app/i18n/index.tsx';
import { ROLES, type Role } from '../../app/types.ts';
import { useDebounced } from '../../app/use-debounced.ts';
import { useOrgUnits } from '../org-units/api.ts';
import { UnitTreeSelect } from '../org-units/unit-tree-select.tsx';
import { type User, useUpdateUser, useUserList } from './api.ts';
import { ResetPasswordModal } from './reset-password-modal.tsx';
import { UserFormDrawer } from './user-form-drawer.tsx';

const PAGE_SIZE = 50;
// Sortable columns and the `sort` values the server accepts for them.
const SORTABLE: Record<string, { asc: string; desc?: string }> = {
  name: { asc: 'name', desc: '-name' },
  email: { asc: 'email', desc: '-email' },
  role: { asc: 'role' },
  createdAt: { asc: 'createdAt', desc: '-createdAt' },
};

interface Filters {
  q: string;
  role?: Role;
  unitId?: string;
  active?: 'true' | 'false';
}

export default function UsersPage() {
  const { t, formatDate, formatDateTime } = useI18n();
  const { message, modal } = App.useApp();
  const showError = useShowError();
  const [filters, setFilters] = useState<Filters>({ q: '' });
  const [sort, setSort] = useState('name');
  const [editing, setEditing] = useState<{ user?: User } | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const q = useDebounced(filters.q.trim());

  const query = { q, role: filters.role, unitId: filters.unitId, active: filters.active, sort };
  const pages = useCursorPages(JSON.stringify(query));
  const list = useUserList({ ...query, cursor: pages.cursor, limit: PAGE_SIZE });
  const units = useOrgUnits();
  const unitNames = useMemo(
    () => new Map((units.data ?? []).map((unit) => [unit.id, unit.name])),
    [units.data],
  );
  const update = useUpdateUser();

  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setFilters((current) => ({ ...current, [key]: value }));

  const toggleActive = (user: User) => {
    const apply = () =>
      update.mutate(
        { user, changes: { active: !user.active } },
        {
          onSuccess: () =>
            void message.success(
              t(user.active ? 'users.deactivated' : 'users.activated', { name: user.name }),
            ),
          onError: showError,
        },
      );
    if (!user.active) {
      apply();
      return;
    }
    void modal.confirm({
      title: t('users.deactivateConfirm', { name: user.name }),
      okText: t('users.deactivate'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: apply,
    });
  };

  const sortOrder = (key: string) => {
    const spec = SORTABLE[key];
    if (!spec) {
      return null;
    }
    return sort === spec.asc ? ('ascend' as const) : sort === spec.desc ? ('descend' as const) : null;
  };

  const columns: TableProps<User>['columns'] = [
    {
      key: 'name',
      dataIndex: 'name',
      title: t('users.name'),
      fixed: 'left',
      width: 120,
      ellipsis: true,
      sorter: true,
      sortOrder: sortOrder('name'),
    },
    {
      key: 'email',
      dataIndex: 'email',
      title: t('users.email'),
      sorter: true,
      sortOrder: sortOrder('email'),
      width: 220,
      ellipsis: true,
    },
    {
      key: 'mobile',
      dataIndex: 'mobile',
      title: t('users.mobile'),
      width: 115,
      render: (v: string | null) => v ?? t('common.none'),
    },
    {
      key: 'role',
      dataIndex: 'role',
      title: t('users.role'),
      width: 130,
      sorter: true,
      sortOrder: sortOrder('role'),
      sortDirections: ['ascend'],
      render: (role: Role) => <Tag color={role === 'admin' ? 'gold' : 'blue'}>{t(`role.${role}`)}</Tag>,
    },
    {
      key: 'unit',
      dataIndex: 'unitId',
      title: t('users.unit'),
      width: 105,
      ellipsis: true,
      render: (id: string) => unitNames.get(id) ?? t('common.none'),
    },
    {
      key: 'active',
      dataIndex: 'active',
      title: t('users.status'),
      width: 85,
      render: (active: boolean) => (
        <Badge
          status={active ? 'success' : 'default'}
          text={active ? t('common.active') : t('common.inactive')}
        />
      ),
    },
    {
      key: 'lastLoginAt',
      dataIndex: 'lastLoginAt',
      title: t('users.lastLogin'),
      width: 160,
      render: (at: string | null) => (at ? formatDateTime(at) : t('common.never')),
    },
    {
      key: 'createdAt',
      dataIndex: 'createdAt',
      title: t('users.createdAt'),
      width: 110,
      sorter: true,
      sortOrder: sortOrder('createdAt'),
      // The day is what matters here, and it keeps the table within a 1440-px window.
      render: (at: string) => formatDate(at),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      width: 75,
      render: (_: unknown, user: User) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            onClick={() => setEditing({ user })}
            data-testid={`edit-${user.email}`}
          >
            {t('common.edit')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'reset', label: t('users.resetPassword') },
                {
                  key: 'toggle',
                  danger: user.active,
                  label: user.active ? t('users.deactivate') : t('users.activate'),
                },
              ],
              onClick: ({ key }) => (key === 'reset' ? setResetting(user) : toggleActive(user)),
            }}
          >
            <Button
              type="text"
              size="small"
              icon={<MoreOutlined />}
              aria-label={t('common.actions')}
              data-testid={`more-${user.email}`}
            />
          </Dropdown>
        </Space>
      ),
    },
  ];

  const onTableChange: TableProps<User>['onChange'] = (_pagination, _filters, sorter) => {
    const single = Array.isArray(sorter) ? sorter[0] : sorter;
    const spec = single?.columnKey ? SORTABLE[String(single.columnKey)] : undefined;
    if (!spec || !single?.order) {
      setSort('name');
    } else {
      setSort(single.order === 'descend' && spec.desc ? spec.desc : spec.asc);
    }
  };

  return (
    <>
      <PageTitle
        title={t('users.title')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({})}
            data-testid="new-user"
          >
            {t('users.new')}
          </Button>
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('users.searchPlaceholder')}
            value={filters.q}
            onChange={(event) => setFilter('q', event.target.value)}
            style={{ width: 260 }}
            aria-label={t('common.search')}
            data-testid="users-search"
          />
          <Select
            allowClear
            placeholder={t('users.anyRole')}
            value={filters.role}
            onChange={(role?: Role) => setFilter('role', role)}
            options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
            style={{ width: 160 }}
          />
          <UnitTreeSelect
            allowClear
            placeholder={t('users.anyUnit')}
            value={filters.unitId}
            onChange={(unitId) => setFilter('unitId', unitId)}
            style={{ width: 200 }}
          />
          <Select
            allowClear
            placeholder={t('users.anyStatus')}
            value={filters.active}
            onChange={(active?: 'true' | 'false') => setFilter('active', active)}
            options={[
              { value: 'true', label: t('common.active') },
              { value: 'false', label: t('common.inactive') },
            ]}
            style={{ width: 140 }}
          />
        </Flex>
        {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
        <Table<User>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          pagination={false}
          onChange={onTableChange}
          // The widths above add up to what a 1440-px window leaves the table (every column in
          // view); a narrower window scrolls the table, with name and actions pinned.
          scroll={{ x: 1120 }}
          locale={{ emptyText: <Empty description={t('users.empty')} /> }}
          data-testid="users-table"
        />
        <CursorPager
          total={list.data?.total}
          totalCapped={list.data?.totalCapped}
          page={pages.page}
          nextCursor={list.data?.nextCursor}
          onNext={pages.next}
          onPrev={pages.prev}
          loading={list.isFetching}
        />
      </Card>
      <UserFormDrawer
        open={editing !== null}
        user={editing?.user}
        onClose={() => setEditing(null)}
        onSaved={(user, created) => {
          setEditing(null);
          void message.success(created ? t('users.created', { name: user.name }) : t('users.saved'));
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
