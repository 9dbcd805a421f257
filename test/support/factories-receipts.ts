import type { Db } from '../../src/db/client.ts';
import { contracts, type customers, installments, type users } from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';
import { makeCustomerFor } from './factories-deals.ts';

type User = typeof users.$inferSelect;
type Customer = typeof customers.$inferSelect;

export interface PlanRow {
  amount: number;
  dueDate?: string | null;
  condition?: string;
  label?: string | null;
}

/**
 * A contract inserted directly (the contracts service lives on another branch), owned like its
 * customer, with an optional payment plan whose installments copy customer/owner/unit from it.
 */
export async function makeContractFor(
  db: Db,
  owner: User,
  {
    customer,
    amount = 1_000_000,
    status = 'active',
    plan = [],
    signDate = '2026-01-15',
  }: { customer?: Customer; amount?: number; status?: string; plan?: PlanRow[]; signDate?: string } = {},
) {
  const c = customer ?? (await makeCustomerFor(db, owner));
  const id = newId();
  const [contract] = await db
    .insert(contracts)
    .values({
      orgId: owner.orgId,
      id,
      number: `HT-T-${id.slice(-12)}`,
      title: `合同 ${id.slice(-6)}`,
      customerId: c.id,
      amount,
      status,
      signDate,
      ownerId: c.ownerId,
      unitId: c.unitId,
    })
    .returning();
  const rows = [];
  for (const [i, p] of plan.entries()) {
    const [row] = await db
      .insert(installments)
      .values({
        orgId: owner.orgId,
        id: newId(),
        contractId: id,
        seq: i + 1,
        condition: p.condition ?? 'on_date',
        label: p.label ?? null,
        dueDate: p.dueDate === undefined ? `2026-0${Math.min(i + 2, 9)}-01` : p.dueDate,
        amount: p.amount,
        customerId: c.id,
        ownerId: c.ownerId,
        unitId: c.unitId,
      })
      .returning();
    rows.push(row!);
  }
  return { contract: contract!, customer: c, installments: rows };
}
