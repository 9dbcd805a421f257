import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import { UNITS_KEY, type Unit, type UnitKind } from './api.ts';

/** Unit writes; each reloads the tree afterwards, failed or not, so it never shows a guess. */
export function useUnitMutations() {
  const client = useQueryClient();
  const reload = () => client.invalidateQueries({ queryKey: UNITS_KEY });
  const create = useMutation({
    mutationFn: (body: { name: string; parentId: string | null; kind: UnitKind }) =>
      api<Unit>('/org-units', { method: 'POST', body }),
    onSettled: reload,
  });
  const update = useMutation({
    mutationFn: ({
      unit,
      changes,
    }: {
      unit: Unit;
      changes: Partial<Pick<Unit, 'name' | 'parentId' | 'kind'>>;
    }) =>
      api<Unit>(`/org-units/${encodeURIComponent(unit.id)}`, {
        method: 'PATCH',
        body: changes,
        version: unit.version,
      }),
    onSettled: reload,
  });
  const remove = useMutation({
    mutationFn: (unit: Unit) =>
      api<void>(`/org-units/${encodeURIComponent(unit.id)}`, { method: 'DELETE', version: unit.version }),
    onSettled: reload,
  });
  return { create, update, remove };
}
