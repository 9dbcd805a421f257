import { and, asc, eq, sql } from 'drizzle-orm';
import { contractLines } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { findContract } from './order-records.ts';

/** A contract's lines with how much of each is already on live orders and what is left to order. */
export async function contractOrderLines(ctx: ServiceContext, contractId: string) {
  const contract = await findContract(ctx.db, ctx.actor, contractId);
  const rows = await ctx.db
    .select({
      id: contractLines.id,
      position: contractLines.position,
      productId: contractLines.productId,
      description: contractLines.description,
      quantity: contractLines.quantity,
      amount: contractLines.amount,
      ordered: sql<number>`(select coalesce(sum(ol.quantity), 0)::int from order_lines ol
        join orders o on o.org_id = ol.org_id and o.id = ol.order_id
        where ol.org_id = contract_lines.org_id and ol.contract_line_id = contract_lines.id and o.status <> 'cancelled')`,
    })
    .from(contractLines)
    .where(and(eq(contractLines.orgId, ctx.actor.orgId), eq(contractLines.contractId, contract.id)))
    .orderBy(asc(contractLines.position));
  return {
    contract,
    lines: rows.map((r) => ({ ...r, left: r.quantity - r.ordered })),
  };
}
