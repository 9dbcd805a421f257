import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { newId } from '../../src/services/context.ts';

/**
 * A contract with its payment plan, inserted directly (the contracts service lives on another
 * branch): installments in the given order as seq 1, 2, …, each with its amount, due date and what is
 * already collected.
 */
export async function makeContractWithPlan(
  db: Db,
  o: { orgId: string; ownerId: string; unitId: string; customerId: string },
  {
    number,
    status = 'active',
    plan,
  }: {
    number: string;
    status?: string;
    plan: { amount: number; dueDate: string | null; collected?: number }[];
  },
) {
  const contractId = newId();
  const amount = plan.reduce((s, p) => s + p.amount, 0);
  await db.execute(sql`
    insert into contracts (org_id, id, number, title, customer_id, amount, status, owner_id, unit_id)
    values (${o.orgId}, ${contractId}, ${number}, ${`合同 ${number}`}, ${o.customerId}, ${amount}, ${status},
      ${o.ownerId}, ${o.unitId})`);
  const installmentIds: string[] = [];
  for (const [i, p] of plan.entries()) {
    const id = newId();
    installmentIds.push(id);
    await db.execute(sql`
      insert into installments (org_id, id, contract_id, seq, due_date, amount, collected, status,
        customer_id, owner_id, unit_id)
      values (${o.orgId}, ${id}, ${contractId}, ${i + 1}, ${p.dueDate}, ${p.amount}, ${p.collected ?? 0},
        ${(p.collected ?? 0) === p.amount ? 'paid' : 'open'}, ${o.customerId}, ${o.ownerId}, ${o.unitId})`);
  }
  return { contractId, installmentIds };
}

/** A recorded receipt (bank transfer) of a customer with a bank reference, unallocated. */
export async function makeReceipt(
  db: Db,
  o: { orgId: string; ownerId: string; unitId: string; customerId: string },
  { amount, bankReference }: { amount: number; bankReference: string },
) {
  const id = newId();
  await db.execute(sql`
    insert into receipts (org_id, id, customer_id, received_on, amount, method, bank_reference, owner_id, unit_id)
    values (${o.orgId}, ${id}, ${o.customerId}, '2026-01-15', ${amount}, 'bank_transfer', ${bankReference},
      ${o.ownerId}, ${o.unitId})`);
  return id;
}

/** The money invariants of db/schema/collection.ts, checked over the whole org. */
export async function moneyInvariantViolations(db: Db, orgId: string) {
  const r = await db.execute<{ problem: string; id: string }>(sql`
    select 'installment collected <> Σ allocations' as problem, i.id from installments i
      where i.org_id = ${orgId} and i.collected <> coalesce((select sum(a.amount) from receipt_allocations a
        where a.org_id = i.org_id and a.installment_id = i.id and a.reversed_at is null), 0)
    union all
    select 'installment over-collected', i.id from installments i where i.org_id = ${orgId} and i.collected > i.amount
    union all
    select 'installment paid flag wrong', i.id from installments i
      where i.org_id = ${orgId} and ((i.collected = i.amount and i.amount > 0) <> (i.status = 'paid'))
    union all
    select 'receipt allocated <> Σ allocations', r.id from receipts r
      where r.org_id = ${orgId} and r.allocated <> coalesce((select sum(a.amount) from receipt_allocations a
        where a.org_id = r.org_id and a.receipt_id = r.id and a.reversed_at is null), 0)
    union all
    select 'receipt over-allocated', r.id from receipts r where r.org_id = ${orgId} and r.allocated > r.amount`);
  return r.rows;
}
