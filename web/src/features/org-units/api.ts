import { useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';

export const UNIT_KINDS = ['company', 'region', 'team', 'city', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface Unit {
  id: string;
  name: string;
  parentId: string | null;
  kind: UnitKind;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const UNITS_KEY = ['org-units'] as const;

/** The whole visible unit tree as the server's flat list. */
export function useOrgUnits() {
  return useQuery({
    queryKey: UNITS_KEY,
    queryFn: async () => (await api<{ items: Unit[] }>('/org-units')).items,
  });
}
