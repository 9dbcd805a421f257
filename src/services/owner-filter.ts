import { and, eq } from 'drizzle-orm';
import { Invalid } from '../core/errors.ts';
import type { Queryable } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { type Actor, userScope } from '../policies/scope.ts';

/**
 * A list filtered by owner may only name a user inside the actor's own user scope (whole org,
 * the manager's unit subtree, a rep themselves; inactive users included, their records remain).
 * Anything else (a hand-edited URL) is refused at once: without this, the database walked every deal
 * of that owner only to drop them all by scope (2 s at 1M deals). One primary-key lookup.
 */
export async function checkOwnerFilter(
  db: Queryable,
  actor: Actor,
  ownerId: string | undefined,
  path = 'query.ownerId',
): Promise<void> {
  if (ownerId === undefined || ownerId === actor.userId) {
    return;
  }
  const [found] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(userScope(actor), eq(users.id, ownerId)))
    .limit(1);
  if (!found) {
    throw new Invalid('The owner filter names a user outside your data scope.', [
      { path, message: 'not a user in your data scope' },
    ]);
  }
}
