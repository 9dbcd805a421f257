import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Allocation, OpenInstallment } from '../../core/collection/index.ts';
import { installmentStatus } from '../../core/collection/index.ts';
import type { Queryable } from '../../db/client.ts';
import { contracts, installments, orgs, receiptAllocations, receipts } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope } from '../../policies/scope.ts';
import { newId } from '../context.ts';

export type Receipt = typeof receipts.$inferSelect;

export const RECEIPT_METHODS = ['bank_transfer', 'acceptance_bill', 'cash', 'online'] as const;
export type ReceiptMethod = (typeof RECEIPT_METHODS)[number];

/** Where allocation money came from: at recording, drawn later from the unallocated rest, by hand. */
export type AllocationSource = 'receipt' | 'prepayment' | 'manual';

/** Contract states whose plans take money. */
export const COLLECTING_CONTRACT_STATES = ['approved', 'active'] as const;

export const RECEIPT_AUDIT_FIELDS = [
  'kind',
  'customerId',
  'receivedOn',
  'amount',
  'method',
  'billMaturityDate',
  'payerName',
  'bankReference',
  'notes',
  'allocated',
  'reversesId',
  'reversedAt',
  'reversalReason',
] as const satisfies readonly (keyof Receipt)[];

/** A receipt inside the actor's data scope (owner/unit copied from its customer), optionally locked. */
export async function findReceipt(db: Queryable, actor: Actor, id: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(receipts)
    .where(and(ownedRecordScope(actor, receipts), eq(receipts.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function orgCurrency(db: Queryable, orgId: string): Promise<string> {
  const [org] = await db.select({ currency: orgs.currency }).from(orgs).where(eq(orgs.id, orgId));
  return org?.currency ?? 'CNY';
}

/** An installment that can still take money, with what the allocation preview shows of it. */
export interface OpenInstallmentRow extends OpenInstallment {
  contractId: string;
  contractNumber: string;
  seq: number;
  label: string | null;
  condition: string;
  amount: number;
  collected: number;
}

/**
 * The customer's installments that can still take money (open, not fully collected, of an approved
 * or active contract), optionally of one contract, in the order the default allocation breaks ties:
 * contract number, then plan order. With `lock`, the rows are locked in id order (every writer of
 * installments locks in that order, so two of them never deadlock) before anything is computed.
 */
export async function openInstallments(
  db: Queryable,
  orgId: string,
  {
    customerId,
    contractId,
    lock = false,
  }: { customerId: string; contractId?: string | null; lock?: boolean },
): Promise<OpenInstallmentRow[]> {
  const q = db
    .select({
      id: installments.id,
      contractId: installments.contractId,
      contractNumber: contracts.number,
      seq: installments.seq,
      label: installments.label,
      condition: installments.condition,
      dueDate: installments.dueDate,
      amount: installments.amount,
      collected: installments.collected,
    })
    .from(installments)
    .innerJoin(
      contracts,
      and(eq(contracts.orgId, installments.orgId), eq(contracts.id, installments.contractId)),
    )
    .where(
      and(
        eq(installments.orgId, orgId),
        eq(installments.customerId, customerId),
        contractId ? eq(installments.contractId, contractId) : undefined,
        eq(installments.status, 'open'),
        sql`${installments.collected} < ${installments.amount}`,
        inArray(contracts.status, [...COLLECTING_CONTRACT_STATES]),
      ),
    )
    .orderBy(installments.id);
  const rows = lock ? await q.for('update', { of: installments }) : await q;
  return rows
    .map((r) => ({ ...r, outstanding: r.amount - r.collected }))
    .sort(
      (a, b) =>
        (a.contractNumber < b.contractNumber ? -1 : a.contractNumber > b.contractNumber ? 1 : 0) ||
        a.seq - b.seq,
    );
}

/**
 * Writes allocations of a receipt (already inserted or locked): one row each, the installments'
 * collected and status ('paid' + paidAt once collected in full). The receipt's `allocated` is the
 * caller's to set, in the same transaction.
 */
export async function writeAllocations(
  tx: Queryable,
  actor: Actor,
  receiptId: string,
  parts: readonly Allocation[],
  source: AllocationSource,
  now: Date,
): Promise<string[]> {
  const ids: string[] = [];
  for (const part of parts) {
    const id = newId();
    ids.push(id);
    await tx.insert(receiptAllocations).values({
      orgId: actor.orgId,
      id,
      receiptId,
      installmentId: part.installmentId,
      amount: part.amount,
      source,
      allocatedAt: now,
      allocatedBy: actor.userId,
    });
    await tx
      .update(installments)
      .set({
        collected: sql`${installments.collected} + ${part.amount}`,
        status: sql`case when ${installments.status} = 'open' and ${installments.collected} + ${part.amount} >= ${installments.amount} then 'paid' else ${installments.status} end`,
        paidAt: sql`case when ${installments.status} = 'open' and ${installments.collected} + ${part.amount} >= ${installments.amount} then ${now.toISOString()}::timestamptz else ${installments.paidAt} end`,
        version: sql`${installments.version} + 1`,
        updatedAt: now,
        updatedBy: actor.userId,
      })
      .where(and(eq(installments.orgId, actor.orgId), eq(installments.id, part.installmentId)));
  }
  return ids;
}

/**
 * Undoes live allocations (by id, of one receipt): each gets reversedAt/By, its installment gets
 * back exactly what it took (a paid one opens again). Answers what was undone; the receipt's
 * `allocated` is the caller's to lower.
 */
export async function undoAllocations(
  tx: Queryable,
  actor: Actor,
  receiptId: string,
  allocationIds: readonly string[] | 'all',
  now: Date,
): Promise<{ id: string; installmentId: string; amount: number }[]> {
  const live = await tx
    .select({ id: receiptAllocations.id, installmentId: receiptAllocations.installmentId })
    .from(receiptAllocations)
    .where(
      and(
        eq(receiptAllocations.orgId, actor.orgId),
        eq(receiptAllocations.receiptId, receiptId),
        isNull(receiptAllocations.reversedAt),
        allocationIds === 'all' ? undefined : inArray(receiptAllocations.id, [...allocationIds]),
      ),
    );
  if (live.length === 0) {
    return [];
  }
  // Lock the installments in id order, as every other writer does.
  const installmentIds = [...new Set(live.map((l) => l.installmentId))].sort();
  const locked = await tx
    .select({
      id: installments.id,
      amount: installments.amount,
      collected: installments.collected,
      status: installments.status,
    })
    .from(installments)
    .where(and(eq(installments.orgId, actor.orgId), inArray(installments.id, installmentIds)))
    .orderBy(installments.id)
    .for('update');
  const undone = await tx
    .update(receiptAllocations)
    .set({ reversedAt: now, reversedBy: actor.userId })
    .where(
      and(
        eq(receiptAllocations.orgId, actor.orgId),
        inArray(
          receiptAllocations.id,
          live.map((l) => l.id),
        ),
        isNull(receiptAllocations.reversedAt),
      ),
    )
    .returning({
      id: receiptAllocations.id,
      installmentId: receiptAllocations.installmentId,
      amount: receiptAllocations.amount,
    });
  const back = new Map<string, number>();
  for (const u of undone) {
    back.set(u.installmentId, (back.get(u.installmentId) ?? 0) + u.amount);
  }
  for (const row of locked) {
    const amount = back.get(row.id) ?? 0;
    if (amount === 0) {
      continue;
    }
    const collected = row.collected - amount;
    const status = installmentStatus(row.amount, collected, row.status);
    await tx
      .update(installments)
      .set({
        collected,
        status,
        ...(status === 'paid' ? {} : { paidAt: null }),
        version: sql`${installments.version} + 1`,
        updatedAt: now,
        updatedBy: actor.userId,
      })
      .where(and(eq(installments.orgId, actor.orgId), eq(installments.id, row.id)));
  }
  return undone;
}
