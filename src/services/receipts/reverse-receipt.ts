import { and, eq } from 'drizzle-orm';
import { NotFound, RuleViolated } from '../../core/errors.ts';
import { orgs, receipts } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { auditChange } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';
import { loadReceiptDetail, type ReceiptDetail } from './get-receipt.ts';
import { findReceipt, RECEIPT_AUDIT_FIELDS, undoAllocations } from './receipt-fields.ts';

/** The calendar day of `now` in a time zone, YYYY-MM-DD. */
function dayIn(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * Reverses a receipt (冲销), never deleting it: every live allocation is undone (installments get
 * back exactly what they took), the original gets reversedAt and the reason, and a reversal row of
 * the negative amount, dated today in the org's zone, records it. Twice → 422.
 */
export async function reverseReceipt(
  ctx: ServiceContext,
  id: string,
  version: number | undefined,
  { reason }: { reason: string },
): Promise<ReceiptDetail> {
  return ctx.db.transaction(async (tx) => {
    const before = await findReceipt(tx, ctx.actor, id, { lock: true });
    if (!before) {
      throw new NotFound('No such receipt.');
    }
    assertCan(ctx.actor, 'money.write');
    if (version !== undefined) {
      checkVersion('receipt', before, version);
    }
    if (before.kind !== 'receipt') {
      throw new RuleViolated('A reversal row cannot itself be reversed.', [
        { path: 'id', message: 'is a reversal' },
      ]);
    }
    if (before.reversedAt) {
      throw new RuleViolated('This receipt was reversed already.', [
        { path: 'id', message: 'reversed already' },
      ]);
    }
    const now = ctx.now();
    const [org] = await tx.select({ timezone: orgs.timezone }).from(orgs).where(eq(orgs.id, ctx.actor.orgId));
    await undoAllocations(tx, ctx.actor, before.id, 'all', now);
    const [after] = await tx
      .update(receipts)
      .set({
        allocated: 0,
        reversedAt: now,
        reversalReason: reason.trim(),
        version: before.version + 1,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .where(and(eq(receipts.orgId, ctx.actor.orgId), eq(receipts.id, before.id)))
      .returning();
    const [reversal] = await tx
      .insert(receipts)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        kind: 'reversal',
        customerId: before.customerId,
        receivedOn: dayIn(now, org?.timezone ?? 'Asia/Shanghai'),
        amount: -before.amount,
        currency: before.currency,
        method: before.method,
        payerName: before.payerName,
        bankReference: before.bankReference,
        notes: reason.trim(),
        allocated: 0,
        reversesId: before.id,
        ownerId: before.ownerId,
        unitId: before.unitId,
        createdAt: now,
        createdBy: ctx.actor.userId,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    await auditChange(tx, ctx, {
      entity: 'receipt',
      entityId: before.id,
      before,
      after: after!,
      fields: RECEIPT_AUDIT_FIELDS,
      at: now,
    });
    await auditChange(tx, ctx, {
      entity: 'receipt',
      entityId: reversal!.id,
      before: null,
      after: reversal!,
      fields: RECEIPT_AUDIT_FIELDS,
      at: now,
    });
    return loadReceiptDetail(tx, ctx.actor, before.id);
  });
}
