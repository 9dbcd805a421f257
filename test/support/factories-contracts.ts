import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { contracts, deals, installments, type users } from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';
import { createContract } from '../../src/services/contracts/create-contract.ts';
import { ctxFor, makeCustomerFor, makeDealFor, makeProductIn } from './factories-deals.ts';

type User = typeof users.$inferSelect;

/** A won deal of `owner` with two line items (3 × 10,000 and 1 × 5,000 at 10 % off → 34,500). */
export async function makeWonDealFor(db: Db, owner: User, { lines = true } = {}) {
  const p1 = await makeProductIn(db, owner.orgId, 10_000);
  const p2 = await makeProductIn(db, owner.orgId, 5_000);
  const deal = await makeDealFor(
    db,
    owner,
    lines
      ? {
          amount: undefined,
          lineItems: [
            { productId: p1.id, quantity: 3, unitPrice: 10_000 },
            { productId: p2.id, quantity: 1, unitPrice: 5_000, discountBp: 1_000 },
          ],
        }
      : { amount: 250_000 },
  );
  await db
    .update(deals)
    .set({ status: 'won', closedAt: new Date() })
    .where(and(eq(deals.orgId, owner.orgId), eq(deals.id, deal.id)));
  return { deal, products: [p1, p2] };
}

/**
 * A contract of a customer owned by `owner`, drafted through the service by `owner` (or `by`), then
 * put straight into `status` (for tests of later steps).
 */
export async function makeContractFor(
  db: Db,
  owner: User,
  {
    status = 'draft',
    amount = 100_000,
    customerId,
    by,
  }: {
    status?: string;
    amount?: number;
    customerId?: string;
    by?: User;
  } = {},
) {
  const customer = customerId ?? (await makeCustomerFor(db, owner)).id;
  const c = await createContract(ctxFor(db, by ?? owner), {
    customerId: customer,
    title: `合同 ${newId().slice(-6)}`,
    amount,
    ...(by && by.id !== owner.id ? { ownerId: owner.id } : {}),
  });
  if (status !== 'draft') {
    const [row] = await db
      .update(contracts)
      .set({ status })
      .where(and(eq(contracts.orgId, owner.orgId), eq(contracts.id, c.id)))
      .returning();
    return row!;
  }
  return c;
}

/** An open installment of a contract, inserted directly (the plan is another area's service). */
export async function makeInstallment(
  db: Db,
  contract: typeof contracts.$inferSelect,
  { amount, collected = 0, status = 'open' }: { amount: number; collected?: number; status?: string },
) {
  const [{ seq }] = (
    await db.execute<{ seq: number }>(
      sql`select coalesce(max(seq), 0)::int + 1 as seq from installments where org_id = ${contract.orgId} and contract_id = ${contract.id}`,
    )
  ).rows as [{ seq: number }];
  const [row] = await db
    .insert(installments)
    .values({
      orgId: contract.orgId,
      id: newId(),
      contractId: contract.id,
      seq,
      dueDate: '2026-12-31',
      amount,
      collected,
      status,
      customerId: contract.customerId,
      ownerId: contract.ownerId,
      unitId: contract.unitId,
    })
    .returning();
  return row!;
}
