import { and, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import {
  collectionSettings,
  contractLines,
  contracts,
  customerCredit,
  installments,
  type users,
} from '../../src/db/schema/index.ts';
import { newId } from '../../src/services/context.ts';
import { makeCustomerFor, makeProductIn } from './factories-deals.ts';

type User = typeof users.$inferSelect;
let seq = 0;

export interface LineSpec {
  quantity: number;
  amount: number;
  productId?: string | null;
  description?: string;
}

/**
 * A contract inserted with SQL (the contracts service lives on another branch): active by default,
 * owned by `owner` for a fresh customer unless given, with its lines (amount = Σ lines unless given).
 */
export async function makeContractFor(
  db: Db,
  owner: User,
  {
    lines = [{ quantity: 10, amount: 100_000 }],
    ...overrides
  }: Partial<typeof contracts.$inferInsert> & { lines?: LineSpec[] } = {},
) {
  const customerId = overrides.customerId ?? (await makeCustomerFor(db, owner)).id;
  const id = newId();
  seq++;
  const [contract] = await db
    .insert(contracts)
    .values({
      orgId: owner.orgId,
      id,
      number: `HT-T-${seq}-${id.slice(-6)}`,
      title: `合同 ${id.slice(-6)}`,
      customerId,
      amount: lines.reduce((s, l) => s + l.amount, 0),
      status: 'active',
      ownerId: owner.id,
      unitId: owner.unitId,
      ...overrides,
    })
    .returning();
  const rows = [];
  for (const [i, l] of lines.entries()) {
    const productId = l.productId === undefined ? (await makeProductIn(db, owner.orgId)).id : l.productId;
    const [row] = await db
      .insert(contractLines)
      .values({
        orgId: owner.orgId,
        id: newId(),
        contractId: id,
        position: i + 1,
        productId,
        description: l.description ?? `第 ${i + 1} 行`,
        quantity: l.quantity,
        unitPrice: Math.floor(l.amount / l.quantity),
        amount: l.amount,
      })
      .returning();
    rows.push(row!);
  }
  return { contract: contract!, lines: rows };
}

/** Installments of a contract inserted with SQL; seq in the order given. */
export async function makeInstallments(
  db: Db,
  contract: typeof contracts.$inferSelect,
  specs: Partial<typeof installments.$inferInsert>[],
) {
  const out = [];
  for (const [i, s] of specs.entries()) {
    const [row] = await db
      .insert(installments)
      .values({
        orgId: contract.orgId,
        id: newId(),
        contractId: contract.id,
        seq: i + 1,
        amount: 0,
        customerId: contract.customerId,
        ownerId: contract.ownerId,
        unitId: contract.unitId,
        ...s,
      })
      .returning();
    out.push(row!);
  }
  return out;
}

export async function getInstallment(db: Db, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(installments)
    .where(and(eq(installments.orgId, orgId), eq(installments.id, id)));
  return row!;
}

/** Marks an installment fully collected (as receipts would). */
export async function payInstallment(db: Db, orgId: string, id: string) {
  const row = await getInstallment(db, orgId, id);
  await db
    .update(installments)
    .set({ collected: row.amount, status: 'paid', paidAt: new Date() })
    .where(and(eq(installments.orgId, orgId), eq(installments.id, id)));
}

export async function setCustomerCreditDays(
  db: Db,
  orgId: string,
  customerId: string,
  creditDays: number | null,
) {
  await db
    .insert(customerCredit)
    .values({ orgId, customerId, creditDays })
    .onConflictDoUpdate({
      target: [customerCredit.orgId, customerCredit.customerId],
      set: { creditDays },
    });
}

export async function setCollectionSettings(
  db: Db,
  orgId: string,
  values: Partial<typeof collectionSettings.$inferInsert>,
) {
  await db
    .insert(collectionSettings)
    .values({ orgId, ...values })
    .onConflictDoUpdate({ target: collectionSettings.orgId, set: values });
}
