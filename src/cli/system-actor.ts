import type { Actor } from '../policies/scope.ts';

/** The nil UUID marks writes made by the operator through the CLI rather than by a signed-in user. */
export const SYSTEM_USER_ID = '00000000-0000-0000-0000-000000000000';

export function systemActor(orgId: string, rootUnitId: string): Actor {
  return { orgId, userId: SYSTEM_USER_ID, role: 'admin', unitId: rootUnitId, name: 'salesops CLI' };
}
