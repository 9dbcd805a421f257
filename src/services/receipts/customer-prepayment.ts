import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import { customers, receipts } from '../../db/schema/index.ts';
import { ownedRecordScope } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { orgCurrency, type Receipt } from './receipt-fields.ts';

export interface CustomerPrepayment {
  customerId: string;
  currency: string;
  /** Σ receipts (reversal rows negative) − Σ live allocations: money received that no installment took. */
  balance: number;
  /** Live receipts with money not yet allocated, oldest first. */
  receipts: Receipt[];
}

/** A customer's prepayment balance (预收款) and the receipts it sits in; the customer must be in scope. */
export async function customerPrepayment(
  ctx: ServiceContext,
  customerId: string,
): Promise<CustomerPrepayment> {
  const [customer] = await ctx.db
    .select({ id: customers.id })
    .from(customers)
    .where(and(ownedRecordScope(ctx.actor, customers), eq(customers.id, customerId)));
  if (!customer) {
    throw new NotFound('No such customer.');
  }
  const where = and(eq(receipts.orgId, ctx.actor.orgId), eq(receipts.customerId, customerId));
  const [sum] = await ctx.db
    .select({ balance: sql<string>`coalesce(sum(${receipts.amount} - ${receipts.allocated}), 0)` })
    .from(receipts)
    .where(where);
  const open = await ctx.db
    .select()
    .from(receipts)
    .where(
      and(
        where,
        eq(receipts.kind, 'receipt'),
        isNull(receipts.reversedAt),
        sql`${receipts.allocated} < ${receipts.amount}`,
      ),
    )
    .orderBy(asc(receipts.receivedOn), asc(receipts.id));
  return {
    customerId,
    currency: await orgCurrency(ctx.db, ctx.actor.orgId),
    balance: Number(sum?.balance ?? 0),
    receipts: open,
  };
}
