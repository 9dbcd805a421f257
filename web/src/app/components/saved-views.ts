import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api.ts';

export type ViewEntity =
  | 'customers'
  | 'contacts'
  | 'leads'
  | 'deals'
  | 'activities'
  | 'tasks'
  | 'products'
  | 'contracts';
export type FilterValue = string | number | boolean | null | string[];
export type Filters = Record<string, FilterValue | undefined>;

export interface ViewConfig {
  filters: Record<string, FilterValue>;
  sort?: string;
  columns?: string[];
}

export interface SavedView {
  id: string;
  entity: ViewEntity;
  name: string;
  config: ViewConfig;
  version: number;
}

const KEY = ['saved-views'] as const;

/** The user's saved views of one list page, stored by the server (`/api/v1/saved-views`). */
export function useSavedViews(entity: ViewEntity) {
  return useQuery({
    queryKey: [...KEY, entity],
    queryFn: ({ signal }) => api<{ items: SavedView[] }>('/saved-views', { query: { entity }, signal }),
    select: (answer) => answer.items,
    staleTime: 60_000,
  });
}

export function useSaveView(entity: ViewEntity) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; config: ViewConfig }) =>
      api<SavedView>('/saved-views', { method: 'POST', body: { entity, ...body } }),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeleteView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (view: SavedView) =>
      api<void>(`/saved-views/${view.id}`, { method: 'DELETE', version: view.version }),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}

/** Only set values survive into a saved view or a query: undefined and '' mean "no filter". */
export function cleanFilters(filters: Filters): Record<string, FilterValue> {
  const out: Record<string, FilterValue> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) {
      out[key] = value;
    }
  }
  return out;
}

/** The visible columns of a list, remembered per user and list in this browser. */
export function loadColumns(userId: string, entity: string): string[] | null {
  try {
    const raw = localStorage.getItem(`salesops.columns.${userId}.${entity}`);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return Array.isArray(parsed) && parsed.every((c) => typeof c === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

export function storeColumns(userId: string, entity: string, columns: string[]): void {
  try {
    localStorage.setItem(`salesops.columns.${userId}.${entity}`, JSON.stringify(columns));
  } catch {
    // Storage disabled: the choice lasts for this page only.
  }
}

export function useUpdateView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ view, ...body }: { view: SavedView; name?: string; config?: ViewConfig }) =>
      api<SavedView>(`/saved-views/${view.id}`, { method: 'PATCH', body, version: view.version }),
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
}
