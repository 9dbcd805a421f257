import { type QueryKey, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api.ts';

/** One record by id from `/<path>/<id>`; its query key starts with the list's key so saves refresh both. */
export function useRecord<T>(entity: string, path: string, id: string | null | undefined) {
  return useQuery({
    queryKey: [entity, 'one', id],
    queryFn: ({ signal }) => api<T>(`${path}/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: !!id,
  });
}

/** A write that refreshes every cached list, record and timeline of the named entities afterwards. */
export function useWrite<I, O>(fn: (input: I) => Promise<O>, entities: readonly string[]) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all(
        [...entities, 'timeline', 'remote-select'].map((entity) =>
          client.invalidateQueries({ queryKey: [entity] as QueryKey }),
        ),
      ),
  });
}

export const ALL_SALES = [
  'customers',
  'contacts',
  'leads',
  'deals',
  'activities',
  'tasks',
  'pipeline',
] as const;
