import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { orgs } from '../../db/schema/index.ts';
import { type PersonalDataReader, personalDataReader } from '../../policies/personal-data.ts';
import { type Actor, unitSubtree } from '../../policies/scope.ts';

/**
 * The actor's sight of personal data for this request: one small query for the roles that depend on
 * data (the org grant for director/sales-ops, the unit subtree for managers), none for the others.
 */
export async function loadPersonalDataReader(db: Queryable, actor: Actor): Promise<PersonalDataReader> {
  let grantedRoles: string[] = [];
  let subtreeUnitIds: string[] = [];
  if (actor.role === 'director' || actor.role === 'sales_ops') {
    const [org] = await db
      .select({ roles: orgs.personalDataRoles })
      .from(orgs)
      .where(eq(orgs.id, actor.orgId));
    grantedRoles = org?.roles ?? [];
  } else if (actor.role === 'manager') {
    const r = await db.execute<{ id: string }>(sql`${unitSubtree(actor.orgId, actor.unitId)}`);
    subtreeUnitIds = r.rows.map((x) => x.id);
  }
  return personalDataReader(actor, { grantedRoles, subtreeUnitIds });
}
