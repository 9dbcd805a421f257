import { and, desc, eq } from 'drizzle-orm';
import { installments, receiptAllocations, receipts } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { findContract } from './plan-fields.ts';

export interface ContractReceiptRow {
  allocationId: string;
  receiptId: string;
  receivedOn: string;
  method: string;
  payerName: string | null;
  bankReference: string | null;
  receiptAmount: number;
  installmentId: string;
  seq: number;
  label: string | null;
  amount: number;
  source: string;
  allocatedAt: Date;
  reversedAt: Date | null;
}

/** The money allocated to a contract's installments (live and undone), newest receipt first; contract scope applies. */
export async function contractReceipts(
  ctx: ServiceContext,
  contractId: string,
): Promise<ContractReceiptRow[]> {
  const contract = await findContract(ctx.db, ctx.actor, contractId);
  return ctx.db
    .select({
      allocationId: receiptAllocations.id,
      receiptId: receipts.id,
      receivedOn: receipts.receivedOn,
      method: receipts.method,
      payerName: receipts.payerName,
      bankReference: receipts.bankReference,
      receiptAmount: receipts.amount,
      installmentId: installments.id,
      seq: installments.seq,
      label: installments.label,
      amount: receiptAllocations.amount,
      source: receiptAllocations.source,
      allocatedAt: receiptAllocations.allocatedAt,
      reversedAt: receiptAllocations.reversedAt,
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
      receipts,
      and(eq(receipts.orgId, receiptAllocations.orgId), eq(receipts.id, receiptAllocations.receiptId)),
    )
    .where(and(eq(installments.orgId, ctx.actor.orgId), eq(installments.contractId, contract.id)))
    .orderBy(desc(receipts.receivedOn), desc(receiptAllocations.allocatedAt), desc(receiptAllocations.id));
}
