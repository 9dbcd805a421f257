import { type Placeholder, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { type Role, seesWholeOrg } from '../core/auth/roles.ts';
import { type Bind, inline } from '../db/bind.ts';
import { orgUnits, users } from '../db/schema/index.ts';

/** Who is acting: resolved from the session or API token on every request. */
export interface Actor {
  orgId: string;
  userId: string;
  role: Role;
  unitId: string;
  name: string;
}

/**
 * The ids of a unit and every unit below it, evaluated inside the query so that moving a unit (or a
 * user) changes what a manager sees on the very next request.
 */
export function unitSubtree(orgId: string | Placeholder, unitId: string | Placeholder): SQL {
  return sql`(with recursive sub(id) as (
    select ${orgUnits.id} from ${orgUnits} where ${orgUnits.orgId} = ${orgId} and ${orgUnits.id} = ${unitId}
    union
    select u.id from org_units u join sub on u.parent_id = sub.id where u.org_id = ${orgId}
  ) select id from sub)`;
}

/**
 * Data scope of a record that has an owner and an owning unit (DESIGN.md §5):
 * rep → own; manager → owning unit inside their subtree; whole-org roles → the org.
 */
export function ownedRecordScope(
  actor: Actor,
  cols: { orgId: PgColumn; ownerId: PgColumn; unitId: PgColumn },
  bind: Bind = inline,
): SQL {
  const orgId = bind('orgId', actor.orgId);
  const org = sql`${cols.orgId} = ${orgId}`;
  if (seesWholeOrg(actor.role)) {
    return org;
  }
  if (actor.role === 'manager') {
    return sql`${org} and ${cols.unitId} in ${unitSubtree(orgId, bind('scopeUnitId', actor.unitId))}`;
  }
  return sql`${org} and ${cols.ownerId} = ${bind('scopeUserId', actor.userId)}`;
}

/** Users a role may see: a user record is "owned" by itself and by its unit. */
export function userScope(actor: Actor): SQL {
  return ownedRecordScope(actor, { orgId: users.orgId, ownerId: users.id, unitId: users.unitId });
}

/** Org units a role may see: whole org, the manager's subtree, a rep's own unit. */
export function unitScope(actor: Actor): SQL {
  const org = sql`${orgUnits.orgId} = ${actor.orgId}`;
  if (seesWholeOrg(actor.role)) {
    return org;
  }
  if (actor.role === 'manager') {
    return sql`${org} and ${orgUnits.id} in ${unitSubtree(actor.orgId, actor.unitId)}`;
  }
  return sql`${org} and ${orgUnits.id} = ${actor.unitId}`;
}
