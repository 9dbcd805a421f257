import { useQuery } from '@tanstack/react-query';
import { Select, type SelectProps } from 'antd';
import { useMemo, useState } from 'react';
import { api, type Page, type Query } from '../api.ts';
import { useDebounced } from '../use-debounced.ts';

interface Props<T> extends Omit<SelectProps<string>, 'options' | 'onSearch' | 'filterOption' | 'showSearch'> {
  /** List endpoint searched with `q`, e.g. `/customers`. */
  path: string;
  labelOf(item: T): string;
  /** Fixed filters added to every search (e.g. `customerId`). */
  query?: Query;
  /** The label of the current value when it is not among the first results. */
  initialLabel?: string;
}

/** A select that searches a list endpoint as the user types and keeps record ids as values. */
export function RemoteSelect<T extends { id: string }>({
  path,
  labelOf,
  query,
  initialLabel,
  value,
  ...rest
}: Props<T>) {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const result = useQuery({
    queryKey: ['remote-select', path, q, query],
    queryFn: ({ signal }) => api<Page<T>>(path, { query: { ...query, q, limit: 20 }, signal }),
  });
  const options = useMemo(() => {
    const list = (result.data?.items ?? []).map((item) => ({ value: item.id, label: labelOf(item) }));
    if (value && initialLabel && !list.some((option) => option.value === value)) {
      list.unshift({ value, label: initialLabel });
    }
    return list;
  }, [result.data, labelOf, value, initialLabel]);
  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      loading={result.isFetching}
      options={options}
      value={value}
      {...rest}
    />
  );
}
