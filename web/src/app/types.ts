/** Shapes of the API answers shared across areas (the API contract of issue 2). */

export const ROLES = ['admin', 'director', 'sales_ops', 'finance', 'manager', 'rep'] as const;
export type Role = (typeof ROLES)[number];

export interface Org {
  id: string;
  name: string;
  currency: string;
  timezone: string;
}

export interface Me {
  id: string;
  name: string;
  email: string;
  mobile: string | null;
  role: Role;
  unitId: string;
  managerId: string | null;
  active: boolean;
  version: number;
  org: Org;
}

export interface SessionAnswer {
  user: Me;
  csrfToken: string;
}
