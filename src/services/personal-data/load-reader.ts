import { eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { orgs } from '../../db/schema/index.ts';
import {
  type PersonalDataAccess,
  type PersonalDataReader,
  personalDataReader,
} from '../../policies/personal-data.ts';
import { type Actor, unitSubtree } from '../../policies/scope.ts';

/**
 * The actor's sight of personal data for this request: one small query for the roles that depend on
 * data (the org setting for director/sales-ops, the unit subtree for managers), none for the others.
 */
export async function loadPersonalDataReader(db: Queryable, actor: Actor): Promise<PersonalDataReader> {
  let access: PersonalDataAccess = {};
  let subtreeUnitIds: string[] = [];
  if (actor.role === 'director' || actor.role === 'sales_ops') {
    const [org] = await db
      .select({ access: orgs.personalDataAccess })
      .from(orgs)
      .where(eq(orgs.id, actor.orgId));
    access = org?.access ?? {};
  } else if (actor.role === 'manager') {
    const r = await db.execute<{ id: string }>(sql`${unitSubtree(actor.orgId, actor.unitId)}`);
    subtreeUnitIds = r.rows.map((x) => x.id);
  }
  return personalDataReader(actor, { access, subtreeUnitIds });
}
