import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Schemas } from '../../app/api-types.ts';

export type UserSession = Schemas['Session'];

const SESSIONS_KEY = ['sessions'] as const;

export function useMySessions() {
  return useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: async ({ signal }) => (await api<{ items: UserSession[] }>('/sessions', { signal })).items,
  });
}

export function useEndSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}

export function useChangePassword() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      api<void>('/me/password', { method: 'POST', body }),
    // Changing the password may end the other sessions.
    onSuccess: () => client.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}
