import { and, eq } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import { type Bind, inline } from '../../db/bind.ts';
import type { Queryable } from '../../db/client.ts';
import { deals } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope } from '../../policies/scope.ts';

export type Deal = typeof deals.$inferSelect;

export const DEAL_AUDIT_FIELDS = [
  'name',
  'customerId',
  'stageId',
  'amount',
  'amountSource',
  'expectedCloseDate',
  'probabilityBp',
  'forecastCategory',
  'status',
  'closeReason',
  'winningCompetitor',
  'competitors',
  'nextStep',
  'ownerId',
  'unitId',
  'leadId',
] as const satisfies readonly (keyof Deal)[];

export function dealScope(actor: Actor, bind: Bind = inline) {
  return ownedRecordScope(actor, deals, bind);
}

/** A deal inside the actor's scope (optionally locked for update), or 404. */
export async function findDeal(
  db: Queryable,
  actor: Actor,
  id: string,
  { lock = false } = {},
): Promise<Deal> {
  const q = db
    .select()
    .from(deals)
    .where(and(dealScope(actor), eq(deals.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) {
    throw new NotFound('No such deal.');
  }
  return row;
}
