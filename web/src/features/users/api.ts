import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type Page } from '../../app/api.ts';
import type { RequestBodyOf, Schemas } from '../../app/api-types.ts';
import type { Role } from '../../app/types.ts';

export type User = Schemas['User'];

export interface UserListQuery {
  q?: string;
  role?: Role;
  unitId?: string;
  active?: 'true' | 'false';
  sort?: string;
  cursor?: string | null;
  limit?: number;
}

export type NewUser = RequestBodyOf<'/api/v1/users', 'post'>;
export type UserChanges = RequestBodyOf<'/api/v1/users/{id}', 'patch'>;

const USERS_KEY = ['users'] as const;

export function useUserList(query: UserListQuery) {
  return useQuery({
    queryKey: [...USERS_KEY, 'list', query],
    queryFn: ({ signal }) => api<Page<User>>('/users', { query: { ...query }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useUser(id: string | null | undefined) {
  return useQuery({
    queryKey: [...USERS_KEY, 'one', id],
    queryFn: ({ signal }) => api<User>(`/users/${encodeURIComponent(id ?? '')}`, { signal }),
    enabled: !!id,
  });
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => api<User>('/users', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ user, changes }: { user: User; changes: UserChanges }) =>
      api<User>(`/users/${encodeURIComponent(user.id)}`, {
        method: 'PATCH',
        body: changes,
        version: user.version,
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: USERS_KEY }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: ({ id, newPassword }: { id: string; newPassword: string }) =>
      api<void>(`/users/${encodeURIComponent(id)}/reset-password`, { method: 'POST', body: { newPassword } }),
  });
}
