import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../app/api.ts';
import type { Schemas } from '../../app/api-types.ts';

export type AuditEntry = Schemas['AuditEntry'];
export type FieldChange = NonNullable<AuditEntry['changes']>[string];

export const KNOWN_ACTIONS = [
  'create',
  'update',
  'delete',
  'login_success',
  'login_failure',
  'logout',
  'export',
  'reveal',
  'erase',
] as const;
export type KnownAction = (typeof KNOWN_ACTIONS)[number];

export interface AuditQuery {
  action?: string;
  entity?: string;
  actorId?: string;
  from?: string;
  to?: string;
  sort?: string;
  cursor?: string | null;
  limit?: number;
}

export function useAuditLog(query: AuditQuery) {
  return useQuery({
    queryKey: ['audit-log', query],
    queryFn: ({ signal }) => api<Page<AuditEntry>>('/audit-log', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
  });
}
