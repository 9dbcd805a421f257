import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Schemas } from '../../app/api-types.ts';

export type UnitKind = Unit['kind'];
export const UNIT_KINDS = [
  'company',
  'region',
  'team',
  'city',
  'other',
] as const satisfies readonly UnitKind[];

export type Unit = Schemas['OrgUnit'];

export const UNITS_KEY = ['org-units'] as const;

/** The whole visible unit tree as the server's flat list. */
export function useOrgUnits() {
  return useQuery({
    queryKey: UNITS_KEY,
    queryFn: async () => (await api<{ items: Unit[] }>('/org-units')).items,
  });
}
