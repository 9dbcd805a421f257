import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { contracts, installments, receiptAllocations, receipts } from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';

/*
 * Contracts, installments and receipts inserted with SQL (the contracts and receipts services live on
 * other branches), keeping the schema's invariants: installments.collected = Σ live allocations,
 * receipts.allocated = Σ live allocations, customer/owner/unit copied from the contract.
 */

type User = { id: string; orgId: string; unitId: string };
type Customer = { id: string; orgId: string };

let seq = 0;

export async function makeContract(
  db: Db,
  owner: User,
  customer: Customer,
  overrides: Partial<typeof contracts.$inferInsert> = {},
) {
  const n = ++seq;
  const [row] = await db
    .insert(contracts)
    .values({
      orgId: owner.orgId,
      id: newId(),
      number: `HT2026-${String(n).padStart(4, '0')}-${newId().slice(-4)}`,
      title: `合同 ${n}`,
      customerId: customer.id,
      amount: 0,
      status: 'active',
      ownerId: owner.id,
      unitId: owner.unitId,
      ...overrides,
    })
    .returning();
  return row!;
}

/** One installment of a contract's plan (collected stays 0: record receipts to collect). */
export async function makeInstallment(
  db: Db,
  contract: typeof contracts.$inferSelect,
  {
    dueDate,
    amount,
    status = 'open',
    seq: s,
  }: { dueDate: string | null; amount: number; status?: string; seq?: number },
) {
  const [{ n }] = (
    await db.execute<{ n: number }>(
      sql`select coalesce(max(seq), 0)::int + 1 as n from installments where org_id = ${contract.orgId} and contract_id = ${contract.id}`,
    )
  ).rows as [{ n: number }];
  const [row] = await db
    .insert(installments)
    .values({
      orgId: contract.orgId,
      id: newId(),
      contractId: contract.id,
      seq: s ?? n,
      dueDate,
      amount,
      status,
      customerId: contract.customerId,
      ownerId: contract.ownerId,
      unitId: contract.unitId,
    })
    .returning();
  await db
    .update(contracts)
    .set({ amount: sql`${contracts.amount} + ${amount}` })
    .where(and(eq(contracts.orgId, contract.orgId), eq(contracts.id, contract.id)));
  return row!;
}

/**
 * A receipt of `amount` received on `receivedOn`, allocated as given (the rest is prepayment); each
 * installment's `collected` and the receipt's `allocated` move with it, and a fully collected
 * installment becomes 'paid'.
 */
export async function recordReceipt(
  db: Db,
  owner: User,
  customer: Customer,
  {
    receivedOn,
    amount,
    allocations,
  }: { receivedOn: string; amount: number; allocations: { installment: { id: string }; amount: number }[] },
) {
  return db.transaction(async (tx) => {
    const allocated = allocations.reduce((s, a) => s + a.amount, 0);
    const [receipt] = await tx
      .insert(receipts)
      .values({
        orgId: owner.orgId,
        id: newId(),
        customerId: customer.id,
        receivedOn,
        amount,
        method: 'bank_transfer',
        allocated,
        ownerId: owner.id,
        unitId: owner.unitId,
      })
      .returning();
    for (const a of allocations) {
      await tx.insert(receiptAllocations).values({
        orgId: owner.orgId,
        id: newId(),
        receiptId: receipt!.id,
        installmentId: a.installment.id,
        amount: a.amount,
      });
      await tx
        .update(installments)
        .set({
          collected: sql`${installments.collected} + ${a.amount}`,
          status: sql`case when ${installments.collected} + ${a.amount} = ${installments.amount} then 'paid' else ${installments.status} end`,
        })
        .where(and(eq(installments.orgId, owner.orgId), eq(installments.id, a.installment.id)));
    }
    return receipt!;
  });
}
