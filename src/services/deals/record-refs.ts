import { and, eq } from 'drizzle-orm';
import { Forbidden, Invalid, RuleViolated } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { contacts, customers, deals, leads, users } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope, userScope } from '../../policies/scope.ts';

const tables = { customer: customers, contact: contacts, deal: deals, lead: leads } as const;
export type RelatedType = keyof typeof tables;
export const RELATED_TYPES = Object.keys(tables) as RelatedType[];

/**
 * A sales record the actor may see, or a 400 at `path`: a reference the caller cannot see is
 * reported as not found, never as "exists but hidden". A customer merged into another is a read-only
 * tombstone: nothing new may point at it (422).
 */
export async function visibleRecord<K extends RelatedType>(
  db: Queryable,
  actor: Actor,
  type: K,
  id: string,
  path: string,
): Promise<(typeof tables)[K]['$inferSelect']> {
  const t = tables[type] as typeof customers;
  const [row] = await db
    .select()
    .from(t)
    .where(and(ownedRecordScope(actor, t), eq(t.id, id)))
    .limit(1);
  if (!row) {
    throw new Invalid(`No such ${type}.`, [{ path, message: `no ${type} with this id in your scope` }]);
  }
  if (type === 'customer' && row.mergedIntoId) {
    throw new RuleViolated('This customer was merged into another; use the customer it was merged into.', [
      { path, message: `merged into customer ${row.mergedIntoId}` },
    ]);
  }
  return row as never;
}

/**
 * Owner and owning unit of a new or reassigned record: the actor by default; a manager or a
 * whole-org role may name another active user in their scope, whose unit then owns the record.
 * Reps only assign to themselves.
 */
export async function resolveOwner(
  db: Queryable,
  actor: Actor,
  ownerId: string | null | undefined,
  path = 'ownerId',
): Promise<{ ownerId: string; unitId: string }> {
  if (!ownerId || ownerId === actor.userId) {
    return { ownerId: actor.userId, unitId: actor.unitId };
  }
  if (actor.role === 'rep') {
    throw new Forbidden('A rep can only assign records to themselves.', [
      { path, message: 'must be yourself' },
    ]);
  }
  const [u] = await db
    .select({ id: users.id, unitId: users.unitId, active: users.active })
    .from(users)
    .where(and(userScope(actor), eq(users.id, ownerId)))
    .limit(1);
  if (!u?.active) {
    throw new Invalid('No such owner.', [{ path, message: 'no active user with this id in your scope' }]);
  }
  return { ownerId: u.id, unitId: u.unitId };
}
