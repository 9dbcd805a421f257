import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Schemas } from '../../app/api-types.ts';

export type ApiToken = Schemas['ApiToken'];

const TOKENS_KEY = ['tokens'] as const;

export function useTokens() {
  return useQuery({
    queryKey: TOKENS_KEY,
    queryFn: async ({ signal }) => (await api<{ items: ApiToken[] }>('/tokens', { signal })).items,
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; expiresInDays?: number }) =>
      api<{ token: ApiToken; secret: string }>('/tokens', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (token: ApiToken) =>
      api<void>(`/tokens/${encodeURIComponent(token.id)}`, { method: 'DELETE', version: token.version }),
    onSettled: () => client.invalidateQueries({ queryKey: TOKENS_KEY }),
  });
}

export type TokenStatus = 'active' | 'expired' | 'revoked';

export function tokenStatus(token: ApiToken, now: Date): TokenStatus {
  if (token.revokedAt) {
    return 'revoked';
  }
  if (token.expiresAt && new Date(token.expiresAt) <= now) {
    return 'expired';
  }
  return 'active';
}
