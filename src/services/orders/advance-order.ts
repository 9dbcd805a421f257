import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import { Invalid, RuleViolated } from '../../core/errors.ts';
import { conditionalDueDate, creditDaysOf } from '../../core/orders/conditional-due-date.ts';
import { advanceSteps, type OrderStatus } from '../../core/orders/order-status.ts';
import type { Queryable } from '../../db/client.ts';
import { contracts, customerCredit, installments, orderEvents, orders } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { getCollectionSettings } from '../collection-settings/get-collection-settings.ts';
import { newId, type ServiceContext } from '../context.ts';
import { checkVersion, saveVersioned } from '../versioning.ts';
import { findOrder, ORDER_AUDIT_FIELDS, type Order, orgToday } from './order-records.ts';
import { syncDealFulfilment } from './sync-deal-fulfilment.ts';

export interface AdvanceOrderInput {
  toStatus: OrderStatus;
  /** Actual date of delivery/acceptance (YYYY-MM-DD); today in the org's time zone by default. */
  date?: string | undefined;
  /** Why, for a cancellation (required); any remark otherwise. */
  note?: string | null | undefined;
}

/**
 * Moves an order forward through received → … → accepted (skipping allowed, each skipped step
 * recorded with who/when), or cancels it before it ships (with a reason). Delivery and acceptance
 * stamp their actual date and give the contract's waiting "on delivery" / "on acceptance"
 * installment its due date; then the deal's 回款交付 link is checked.
 */
export async function advanceOrder(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: AdvanceOrderInput,
): Promise<Order> {
  const note = input.note?.trim() || null;
  if (input.toStatus === 'cancelled' && !note) {
    throw new Invalid('Say why the order is cancelled.', [
      { path: 'note', message: 'required when cancelling' },
    ]);
  }
  return ctx.db.transaction(async (tx) => {
    const before = await findOrder(tx, ctx.actor, id, { lock: true });
    assertCan(ctx.actor, 'money.write');
    checkVersion('order', before, version);
    const now = ctx.now();
    const result = advanceSteps(before.status as OrderStatus, input.toStatus);
    if ('problem' in result) {
      throw new RuleViolated(`This order cannot move: ${result.problem.message}.`, [
        { path: 'toStatus', message: result.problem.message },
      ]);
    }
    const today = await orgToday(tx, ctx.actor.orgId, now);
    const date = input.date ?? today;
    if (date > today) {
      throw new RuleViolated('A delivery or acceptance date cannot be in the future.', [
        { path: 'date', message: `must be on or before ${today}` },
      ]);
    }
    const patch: Partial<Order> = { status: input.toStatus };
    if (result.steps.includes('delivered')) {
      patch.deliveredOn = date;
    }
    if (result.steps.includes('accepted')) {
      patch.acceptedOn = date;
    }
    let from: string = before.status;
    for (const [i, step] of result.steps.entries()) {
      await tx.insert(orderEvents).values({
        orgId: ctx.actor.orgId,
        id: newId(),
        orderId: id,
        fromStatus: from,
        toStatus: step,
        note: i === result.steps.length - 1 ? note : null,
        at: now,
        by: ctx.actor.userId,
      });
      from = step;
    }
    const after = await saveVersioned(tx, ctx, orders, before, patch, now, {
      entity: 'order',
      fields: ORDER_AUDIT_FIELDS,
    });
    if (patch.deliveredOn) {
      await dateConditionalInstallment(tx, ctx, after, 'on_delivery', patch.deliveredOn, now);
    }
    if (patch.acceptedOn) {
      await dateConditionalInstallment(tx, ctx, after, 'on_acceptance', patch.acceptedOn, now);
    }
    await syncDealFulfilment(tx, ctx, after.contractId);
    return after;
  });
}

/**
 * The contract's first open installment with this condition that waits for a date (none yet), or
 * that is already linked to this order, falls due at the actual date + the credit days.
 */
async function dateConditionalInstallment(
  tx: Queryable,
  ctx: ServiceContext,
  order: Order,
  condition: 'on_delivery' | 'on_acceptance',
  actualDate: string,
  now: Date,
) {
  const orgId = ctx.actor.orgId;
  const [target] = await tx
    .select()
    .from(installments)
    .where(
      and(
        eq(installments.orgId, orgId),
        eq(installments.contractId, order.contractId),
        eq(installments.condition, condition),
        eq(installments.status, 'open'),
        or(
          eq(installments.orderId, order.id),
          and(isNull(installments.dueDate), isNull(installments.orderId)),
        ),
      ),
    )
    // One linked to this order first, then plan order.
    .orderBy(sql`${installments.orderId} is null`, asc(installments.seq))
    .limit(1)
    .for('update');
  if (!target) {
    return;
  }
  const [contract] = await tx
    .select({ creditDays: contracts.creditDays })
    .from(contracts)
    .where(and(eq(contracts.orgId, orgId), eq(contracts.id, order.contractId)));
  const [credit] = await tx
    .select({ creditDays: customerCredit.creditDays })
    .from(customerCredit)
    .where(and(eq(customerCredit.orgId, orgId), eq(customerCredit.customerId, order.customerId)));
  const settings = await getCollectionSettings(tx, orgId);
  const days = creditDaysOf(
    contract?.creditDays ?? null,
    credit?.creditDays ?? null,
    settings.defaultCreditDays,
  );
  await saveVersioned(
    tx,
    ctx,
    installments,
    target,
    { dueDate: conditionalDueDate(actualDate, days), orderId: order.id },
    now,
    { entity: 'installment', fields: ['dueDate', 'orderId'] },
  );
}
