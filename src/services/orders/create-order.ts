import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { Invalid, RuleViolated } from '../../core/errors.ts';
import { orderLineAmount } from '../../core/orders/order-line-amount.ts';
import { diffFields } from '../../core/records.ts';
import { contractLines, orderEvents, orderLines, orders } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { getCollectionSettings } from '../collection-settings/get-collection-settings.ts';
import { nextDocumentNumber } from '../collection-settings/next-document-number.ts';
import { newId, type ServiceContext } from '../context.ts';
import { findContract, ORDER_AUDIT_FIELDS, type Order, orgToday } from './order-records.ts';

export interface CreateOrderInput {
  lines: { contractLineId: string; quantity: number }[];
  promisedDate?: string | null | undefined;
  notes?: string | null | undefined;
}

/**
 * An order (one delivery) against an active contract: lines chosen from the contract's lines, each
 * at most what is not yet on a live order; amounts pro rata of the contract line (the order that
 * completes a line takes its remainder). The contract row is locked, so two orders at once never
 * order the same units twice. Numbered per org and year (DD2026-0001).
 */
export async function createOrder(
  ctx: ServiceContext,
  contractId: string,
  input: CreateOrderInput,
): Promise<Order> {
  return ctx.db.transaction(async (tx) => {
    const orgId = ctx.actor.orgId;
    const contract = await findContract(tx, ctx.actor, contractId, { lock: true });
    assertCan(ctx.actor, 'money.write');
    const seen = new Set<string>();
    for (const [i, l] of input.lines.entries()) {
      if (seen.has(l.contractLineId)) {
        throw new Invalid('A contract line appears twice in the order.', [
          { path: `lines.${i}.contractLineId`, message: 'each contract line at most once per order' },
        ]);
      }
      seen.add(l.contractLineId);
    }
    if (contract.status !== 'active') {
      throw new RuleViolated(`Orders are taken on active contracts only; this one is ${contract.status}.`, [
        { path: 'contractId', message: 'the contract must be active' },
      ]);
    }
    const ids = input.lines.map((l) => l.contractLineId);
    const lines = await tx
      .select()
      .from(contractLines)
      .where(
        and(
          eq(contractLines.orgId, orgId),
          eq(contractLines.contractId, contract.id),
          inArray(contractLines.id, ids),
        ),
      );
    const byId = new Map(lines.map((l) => [l.id, l]));
    const ordered = await tx
      .select({
        contractLineId: orderLines.contractLineId,
        quantity: sql<number>`coalesce(sum(${orderLines.quantity}), 0)::int`,
        amount: sql<number>`coalesce(sum(${orderLines.amount}), 0)::bigint`,
      })
      .from(orderLines)
      .innerJoin(orders, and(eq(orders.orgId, orderLines.orgId), eq(orders.id, orderLines.orderId)))
      .where(
        and(
          eq(orderLines.orgId, orgId),
          inArray(orderLines.contractLineId, ids),
          ne(orders.status, 'cancelled'),
        ),
      )
      .groupBy(orderLines.contractLineId);
    const soFar = new Map(
      ordered.map((o) => [o.contractLineId, { quantity: o.quantity, amount: Number(o.amount) }]),
    );
    const priced = input.lines.map((l, i) => {
      const line = byId.get(l.contractLineId);
      if (!line) {
        throw new Invalid('No such line on this contract.', [
          { path: `lines.${i}.contractLineId`, message: 'not a line of this contract' },
        ]);
      }
      const before = soFar.get(line.id) ?? { quantity: 0, amount: 0 };
      const left = line.quantity - before.quantity;
      if (l.quantity > left) {
        throw new RuleViolated(`Line "${line.description}" has only ${left} left to order.`, [
          { path: `lines.${i}.quantity`, message: `at most ${left} (line "${line.description}")` },
        ]);
      }
      return {
        contractLineId: line.id,
        quantity: l.quantity,
        amount: orderLineAmount(line, before, l.quantity),
      };
    });
    const now = ctx.now();
    const settings = await getCollectionSettings(tx, orgId);
    const year = Number((await orgToday(tx, orgId, now)).slice(0, 4));
    const number = await nextDocumentNumber(tx, orgId, 'order', year, settings.orderNumberPrefix);
    const id = newId();
    const [row] = await tx
      .insert(orders)
      .values({
        orgId,
        id,
        number,
        contractId: contract.id,
        customerId: contract.customerId,
        amount: priced.reduce((s, l) => s + l.amount, 0),
        status: 'received',
        promisedDate: input.promisedDate ?? null,
        notes: input.notes?.trim() || null,
        ownerId: contract.ownerId,
        unitId: contract.unitId,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    await tx.insert(orderLines).values(priced.map((l) => ({ orgId, id: newId(), orderId: id, ...l })));
    await tx.insert(orderEvents).values({
      orgId,
      id: newId(),
      orderId: id,
      fromStatus: null,
      toStatus: 'received',
      at: now,
      by: ctx.actor.userId,
    });
    await recordAudit({
      db: tx,
      orgId,
      actor: ctx.actor,
      action: 'create',
      entity: 'order',
      entityId: id,
      changes: {
        ...diffFields(null, row!, ORDER_AUDIT_FIELDS),
        lines: { before: null, after: priced },
      },
      meta: ctx.meta,
      at: now,
    });
    return row!;
  });
}
