import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, type Page } from '../../app/api.ts';

export interface FieldChange {
  before: unknown;
  after: unknown;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  changes: Record<string, FieldChange> | null;
  ip: string | null;
}

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
