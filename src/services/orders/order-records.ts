import { and, eq, sql } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { contracts, orders, orgs } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope } from '../../policies/scope.ts';

export type Order = typeof orders.$inferSelect;
export type Contract = typeof contracts.$inferSelect;

export const ORDER_AUDIT_FIELDS = [
  'status',
  'promisedDate',
  'deliveredOn',
  'acceptedOn',
  'notes',
  'amount',
] as const satisfies readonly (keyof Order)[];

/** Orders follow their owner and unit (copied from the contract): rep own, manager subtree, others org. */
export function orderScope(actor: Actor) {
  return ownedRecordScope(actor, orders);
}

export function contractScope(actor: Actor) {
  return ownedRecordScope(actor, contracts);
}

/** An order inside the actor's scope (optionally locked), or 404. */
export async function findOrder(db: Queryable, actor: Actor, id: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(orders)
    .where(and(orderScope(actor), eq(orders.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) {
    throw new NotFound('No such order.');
  }
  return row;
}

/** A contract inside the actor's scope (optionally locked), or 404. */
export async function findContract(db: Queryable, actor: Actor, id: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(contracts)
    .where(and(contractScope(actor), eq(contracts.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) {
    throw new NotFound('No such contract.');
  }
  return row;
}

/** Today's date (YYYY-MM-DD) in the org's time zone at `now`. */
export async function orgToday(db: Queryable, orgId: string, now: Date): Promise<string> {
  const [row] = await db
    .select({
      today: sql<string>`(${now.toISOString()}::timestamptz at time zone ${orgs.timezone})::date::text`,
    })
    .from(orgs)
    .where(eq(orgs.id, orgId));
  return row!.today;
}
