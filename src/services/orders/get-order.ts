import { and, asc, eq } from 'drizzle-orm';
import {
  contractLines,
  contracts,
  customers,
  orderEvents,
  orderLines,
  users,
} from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { findOrder, orgToday } from './order-records.ts';

/** One order with its lines (and their contract lines), its events (who/when), its contract and customer. */
export async function getOrder(ctx: ServiceContext, id: string) {
  const order = await findOrder(ctx.db, ctx.actor, id);
  const orgId = ctx.actor.orgId;
  const lines = await ctx.db
    .select({
      id: orderLines.id,
      contractLineId: orderLines.contractLineId,
      quantity: orderLines.quantity,
      amount: orderLines.amount,
      description: contractLines.description,
      productId: contractLines.productId,
      lineQuantity: contractLines.quantity,
      position: contractLines.position,
    })
    .from(orderLines)
    .innerJoin(
      contractLines,
      and(eq(contractLines.orgId, orderLines.orgId), eq(contractLines.id, orderLines.contractLineId)),
    )
    .where(and(eq(orderLines.orgId, orgId), eq(orderLines.orderId, id)))
    .orderBy(asc(contractLines.position));
  const events = await ctx.db
    .select({
      id: orderEvents.id,
      fromStatus: orderEvents.fromStatus,
      toStatus: orderEvents.toStatus,
      note: orderEvents.note,
      at: orderEvents.at,
      by: orderEvents.by,
      byName: users.name,
    })
    .from(orderEvents)
    .leftJoin(users, and(eq(users.orgId, orderEvents.orgId), eq(users.id, orderEvents.by)))
    .where(and(eq(orderEvents.orgId, orgId), eq(orderEvents.orderId, id)))
    .orderBy(asc(orderEvents.at), asc(orderEvents.id));
  const [contract] = await ctx.db
    .select({ id: contracts.id, number: contracts.number, title: contracts.title, status: contracts.status })
    .from(contracts)
    .where(and(eq(contracts.orgId, orgId), eq(contracts.id, order.contractId)));
  const [customer] = await ctx.db
    .select({ id: customers.id, name: customers.name })
    .from(customers)
    .where(and(eq(customers.orgId, orgId), eq(customers.id, order.customerId)));
  const today = await orgToday(ctx.db, orgId, ctx.now());
  return { order, lines, events, contract: contract!, customer: customer!, today };
}
