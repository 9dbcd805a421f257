import { and, asc, eq } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { contracts, customers, installments, receiptAllocations, receipts } from '../../db/schema/index.ts';
import type { Actor } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { findReceipt, type Receipt } from './receipt-fields.ts';

export interface ReceiptAllocationView {
  id: string;
  installmentId: string;
  contractId: string;
  contractNumber: string;
  seq: number;
  label: string | null;
  dueDate: string | null;
  amount: number;
  source: string;
  allocatedAt: Date;
  allocatedBy: string | null;
  reversedAt: Date | null;
  reversedBy: string | null;
}

export interface ReceiptDetail {
  receipt: Receipt;
  customerName: string;
  allocations: ReceiptAllocationView[];
  /** The reversal row of a reversed receipt, or the original a reversal row reverses. */
  related: { id: string; kind: string; receivedOn: string; amount: number } | null;
}

/** A receipt in the actor's scope with its allocations (live and undone) and reversal; NotFound otherwise. */
export async function loadReceiptDetail(db: Queryable, actor: Actor, id: string): Promise<ReceiptDetail> {
  const receipt = await findReceipt(db, actor, id);
  if (!receipt) {
    throw new NotFound('No such receipt.');
  }
  const [customer] = await db
    .select({ name: customers.name })
    .from(customers)
    .where(and(eq(customers.orgId, actor.orgId), eq(customers.id, receipt.customerId)));
  const allocations = await db
    .select({
      id: receiptAllocations.id,
      installmentId: receiptAllocations.installmentId,
      contractId: installments.contractId,
      contractNumber: contracts.number,
      seq: installments.seq,
      label: installments.label,
      dueDate: installments.dueDate,
      amount: receiptAllocations.amount,
      source: receiptAllocations.source,
      allocatedAt: receiptAllocations.allocatedAt,
      allocatedBy: receiptAllocations.allocatedBy,
      reversedAt: receiptAllocations.reversedAt,
      reversedBy: receiptAllocations.reversedBy,
    })
    .from(receiptAllocations)
    .innerJoin(
      installments,
      and(
        eq(installments.orgId, receiptAllocations.orgId),
        eq(installments.id, receiptAllocations.installmentId),
      ),
    )
    .innerJoin(
      contracts,
      and(eq(contracts.orgId, installments.orgId), eq(contracts.id, installments.contractId)),
    )
    .where(and(eq(receiptAllocations.orgId, actor.orgId), eq(receiptAllocations.receiptId, receipt.id)))
    .orderBy(asc(receiptAllocations.allocatedAt), asc(receiptAllocations.id));
  const relatedId = receipt.kind === 'reversal' ? receipt.reversesId : null;
  const [related] = await db
    .select({
      id: receipts.id,
      kind: receipts.kind,
      receivedOn: receipts.receivedOn,
      amount: receipts.amount,
    })
    .from(receipts)
    .where(
      and(
        eq(receipts.orgId, actor.orgId),
        relatedId ? eq(receipts.id, relatedId) : eq(receipts.reversesId, receipt.id),
      ),
    )
    .limit(1);
  return { receipt, customerName: customer?.name ?? '', allocations, related: related ?? null };
}

export async function getReceipt(ctx: ServiceContext, id: string): Promise<ReceiptDetail> {
  return loadReceiptDetail(ctx.db, ctx.actor, id);
}
