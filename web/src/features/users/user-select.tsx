import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { api, type Page } from '../../app/api.ts';
import { useT } from '../../app/i18n/index.tsx';
import { useDebounced } from '../../app/use-debounced.ts';
import { type User, useUser } from './api.ts';

interface Props {
  id?: string;
  value?: string | null;
  onChange?: (value: string | null) => void;
  placeholder?: string;
  /** Leave this user out (a user cannot be their own manager). */
  excludeId?: string;
  style?: React.CSSProperties;
  'data-testid'?: string;
}

/** Picks a user by searching on the server, so it works for an org of any size. */
export function UserSelect({ value, onChange, excludeId, placeholder, ...rest }: Props) {
  const t = useT();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const found = useQuery({
    queryKey: ['users', 'options', q],
    queryFn: ({ signal }) => api<Page<User>>('/users', { query: { q, limit: 20, sort: 'name' }, signal }),
  });
  const listed = found.data?.items ?? [];
  // The chosen user may not be among the search results; fetch it to show its name.
  const selected = useUser(value && !listed.some((user) => user.id === value) ? value : null);

  const options = useMemo(() => {
    const users = [...listed];
    if (selected.data && !users.some((user) => user.id === selected.data.id)) {
      users.unshift(selected.data);
    }
    return users
      .filter((user) => user.id !== excludeId)
      .map((user) => ({ value: user.id, label: `${user.name} · ${user.email}` }));
  }, [listed, selected.data, excludeId]);

  return (
    <Select
      {...rest}
      allowClear
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next ?? null)}
      placeholder={placeholder ?? t('users.searchUser')}
      options={options}
      loading={found.isFetching}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      onOpenChange={(open) => {
        if (!open) {
          setSearch('');
        }
      }}
    />
  );
}
