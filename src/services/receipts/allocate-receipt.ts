import { and, eq, sql } from 'drizzle-orm';
import { NotFound, RuleViolated } from '../../core/errors.ts';
import type { Tx } from '../../db/client.ts';
import { receiptAllocations, receipts } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { syncFulfilmentAfterAllocations } from '../orders/sync-deal-fulfilment.ts';
import { checkVersion } from '../versioning.ts';
import { loadReceiptDetail, type ReceiptDetail } from './get-receipt.ts';
import { findReceipt, type Receipt, undoAllocations, writeAllocations } from './receipt-fields.ts';
import { type AllocationInput, checkAllocationShape, planAllocation } from './record-receipt.ts';

/**
 * Locks a live receipt of the actor's scope for a change of its allocations: 404 out of scope, 403
 * without money.write, 412 when `version` (If-Match, optional here: the row lock alone already keeps
 * two allocators from over-allocating) is stale, 422 for a reversal row or a reversed receipt.
 */
async function lockReceipt(tx: Tx, ctx: ServiceContext, id: string, version: number | undefined) {
  const receipt = await findReceipt(tx, ctx.actor, id, { lock: true });
  if (!receipt) {
    throw new NotFound('No such receipt.');
  }
  assertCan(ctx.actor, 'money.write');
  if (version !== undefined) {
    checkVersion('receipt', receipt, version);
  }
  if (receipt.kind !== 'receipt') {
    throw new RuleViolated('A reversal row is not allocated; work on the receipt it reverses.', [
      { path: 'id', message: 'is a reversal' },
    ]);
  }
  if (receipt.reversedAt) {
    throw new RuleViolated('This receipt was reversed; its money is no longer there to allocate.', [
      { path: 'id', message: 'reversed' },
    ]);
  }
  return receipt;
}

async function saveAllocated(tx: Tx, ctx: ServiceContext, receipt: Receipt, delta: number, now: Date) {
  await tx
    .update(receipts)
    .set({
      allocated: sql`${receipts.allocated} + ${delta}`,
      version: receipt.version + 1,
      updatedAt: now,
      updatedBy: ctx.actor.userId,
    })
    .where(and(eq(receipts.orgId, ctx.actor.orgId), eq(receipts.id, receipt.id)));
}

/**
 * Allocates a receipt's unallocated money (e.g. a prepayment) to open installments of its customer,
 * by the default rule or by hand. Never more than is unallocated, never more than an installment
 * lacks: the receipt row and then the installments are locked, so concurrent allocators queue, and
 * with If-Match the second gets 412.
 */
export async function allocateReceipt(
  ctx: ServiceContext,
  id: string,
  version: number | undefined,
  input: AllocationInput,
): Promise<ReceiptDetail> {
  return ctx.db.transaction(async (tx) => {
    checkAllocationShape(input, '');
    const receipt = await lockReceipt(tx, ctx, id, version);
    const unallocated = receipt.amount - receipt.allocated;
    if (unallocated === 0) {
      throw new RuleViolated('This receipt is fully allocated already.', [
        { path: 'id', message: 'nothing left to allocate' },
      ]);
    }
    const now = ctx.now();
    const { result } = await planAllocation(tx, ctx.actor.orgId, {
      customerId: receipt.customerId,
      amount: unallocated,
      allocation: input,
      lock: true,
      path: '',
      currency: receipt.currency,
    });
    const total = unallocated - result.remainder;
    if (total === 0) {
      throw new RuleViolated(
        'Nothing to allocate: the customer has no open installment that can take money.',
        [{ path: 'mode', message: 'no open installment' }],
      );
    }
    await writeAllocations(
      tx,
      ctx.actor,
      receipt.id,
      result.allocations,
      input.mode === 'manual' ? 'manual' : 'prepayment',
      now,
    );
    await saveAllocated(tx, ctx, receipt, total, now);
    await syncFulfilmentAfterAllocations(
      tx,
      ctx,
      result.allocations.map((a) => a.installmentId),
    );
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'update',
      entity: 'receipt',
      entityId: receipt.id,
      changes: {
        allocated: { before: receipt.allocated, after: receipt.allocated + total },
        allocations: { before: null, after: result.allocations },
      },
      meta: ctx.meta,
      at: now,
    });
    return loadReceiptDetail(tx, ctx.actor, receipt.id);
  });
}

/**
 * Undoes one live allocation of a receipt (with a reason, kept in the audit log): the installment
 * gets back what it took (a paid one opens again), the money is the receipt's unallocated rest again.
 */
export async function undoAllocation(
  ctx: ServiceContext,
  id: string,
  allocationId: string,
  version: number | undefined,
  { reason }: { reason: string },
): Promise<ReceiptDetail> {
  return ctx.db.transaction(async (tx) => {
    const receipt = await lockReceipt(tx, ctx, id, version);
    const [allocation] = await tx
      .select()
      .from(receiptAllocations)
      .where(
        and(
          eq(receiptAllocations.orgId, ctx.actor.orgId),
          eq(receiptAllocations.receiptId, receipt.id),
          eq(receiptAllocations.id, allocationId),
        ),
      );
    if (!allocation) {
      throw new NotFound('No such allocation of this receipt.');
    }
    if (allocation.reversedAt) {
      throw new RuleViolated('This allocation was undone already.', [
        { path: 'allocationId', message: 'undone already' },
      ]);
    }
    const now = ctx.now();
    const undone = await undoAllocations(tx, ctx.actor, receipt.id, [allocation.id], now);
    const amount = undone.reduce((s, u) => s + u.amount, 0);
    await saveAllocated(tx, ctx, receipt, -amount, now);
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'update',
      entity: 'receipt',
      entityId: receipt.id,
      changes: {
        allocated: { before: receipt.allocated, after: receipt.allocated - amount },
        undoneAllocation: {
          before: { id: allocation.id, installmentId: allocation.installmentId, amount },
          after: null,
        },
        reason: { before: null, after: reason },
      },
      meta: ctx.meta,
      at: now,
    });
    return loadReceiptDetail(tx, ctx.actor, receipt.id);
  });
}
