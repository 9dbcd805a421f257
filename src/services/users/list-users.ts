import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Role } from '../../core/auth/roles.ts';
import { containsPattern } from '../../db/like.ts';
import { type PageRequest, paginate } from '../../db/paginate.ts';
import { users } from '../../db/schema/index.ts';
import { unitSubtree, userScope } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';

export interface UserFilter extends PageRequest {
  q?: string | undefined;
  role?: Role | undefined;
  /** Users in this unit or any unit below it. */
  unitId?: string | undefined;
  active?: boolean | undefined;
}

/** Lists the users the actor may see, filtered, sorted and paged by cursor. */
export async function listUsers(ctx: ServiceContext, filter: UserFilter) {
  const conds: (SQL | undefined)[] = [userScope(ctx.actor)];
  if (filter.q) {
    const like = containsPattern(filter.q);
    conds.push(
      sql`(${users.name} ilike ${like} or ${users.email} ilike ${like} or ${users.mobile} ilike ${like})`,
    );
  }
  if (filter.role) {
    conds.push(eq(users.role, filter.role));
  }
  if (filter.unitId) {
    conds.push(sql`${users.unitId} in ${unitSubtree(ctx.actor.orgId, filter.unitId)}`);
  }
  if (filter.active !== undefined) {
    conds.push(eq(users.active, filter.active));
  }
  return paginate({
    db: ctx.db,
    table: users,
    where: and(...conds),
    sortable: { name: users.name, email: users.email, createdAt: users.createdAt, role: users.role },
    defaultSort: 'name',
    id: users.id,
    request: filter,
  });
}
