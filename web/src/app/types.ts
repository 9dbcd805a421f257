/** Shapes of the API answers shared across areas, named after the generated API types. */
import type { ResponseOf, Schemas } from './api-types.ts';

export type Me = Schemas['Me'];
export type Role = Me['role'];
export type Org = Me['org'];
export type SessionAnswer = ResponseOf<'/api/v1/auth/session', 'get'>;

/** Every role, in the order the web lists them; `satisfies` keeps it in step with the API's enum. */
export const ROLES = [
  'admin',
  'director',
  'sales_ops',
  'finance',
  'manager',
  'rep',
] as const satisfies readonly Role[];
