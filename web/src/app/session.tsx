import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, setCsrfToken } from './api.ts';
import type { Me, SessionAnswer } from './types.ts';

export const SESSION_KEY = ['session'] as const;

async function fetchSession(): Promise<Me | null> {
  try {
    const answer = await api<SessionAnswer>('/auth/session');
    setCsrfToken(answer.csrfToken);
    return answer.user;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

/** The logged-in user, `null` when logged out, `undefined` while the first probe runs. */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Number.POSITIVE_INFINITY });
}

/** The logged-in user; only for components rendered behind `RequireAuth`. */
export function useMe(): Me {
  const { data } = useSession();
  if (!data) {
    throw new Error('useMe outside an authenticated route');
  }
  return data;
}

/** Finance reads sales records but never writes them (DESIGN.md §5): no create, edit or move controls. */
export function useCanWriteSales(): boolean {
  return useMe().role !== 'finance';
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { email: string; password: string }) =>
      api<SessionAnswer>('/auth/login', { method: 'POST', body: credentials }),
    onSuccess: (answer) => {
      setCsrfToken(answer.csrfToken);
      // Nothing cached from a previous user may show to this one.
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      client.setQueryData(SESSION_KEY, answer.user);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/auth/logout', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(null);
      client.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
      client.setQueryData(SESSION_KEY, null);
    },
  });
}
