import { and, eq } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { type Actor, userScope } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';

/** A user inside the actor's scope, optionally locked for update; undefined when out of scope. */
export async function findUserInScope(db: Queryable, actor: Actor, id: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(users)
    .where(and(userScope(actor), eq(users.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function getUser(ctx: ServiceContext, id: string) {
  const row = await findUserInScope(ctx.db, ctx.actor, id);
  if (!row) {
    throw new NotFound('No such user.');
  }
  return row;
}
