import { and, eq, inArray, sql } from 'drizzle-orm';
import { type CrossSellOptions, suggestCrossSell } from '../../core/customers/suggest-cross-sell.ts';
import { NotFound } from '../../core/errors.ts';
import { products } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { findCustomerInScope } from './get-customer.ts';

/**
 * Cross-sell/upsell suggestions for a customer in the actor's scope (out of scope → 404): products
 * often bought together with what it already has, by association rules over the org's won deals'
 * line items (core/customers/suggest-cross-sell.ts), excluding what it already bought (its won
 * deals' and contracts' products). The figures are org-wide counts; no other customer is named.
 */
export async function crossSellSuggestions(
  ctx: ServiceContext,
  customerId: string,
  options: CrossSellOptions = {},
) {
  const customer = await findCustomerInScope(ctx.db, ctx.actor, customerId);
  if (!customer) {
    throw new NotFound('No such customer.');
  }
  const orgId = ctx.actor.orgId;
  const baskets = (
    await ctx.db.execute<{ items: string[] }>(sql`
      select array_agg(distinct li.product_id::text) as items
        from deal_line_items li
        join deals d on d.org_id = li.org_id and d.id = li.deal_id
       where li.org_id = ${orgId} and d.status = 'won'
       group by li.deal_id`)
  ).rows.map((r) => r.items);
  const owned = (
    await ctx.db.execute<{ product_id: string }>(sql`
      select li.product_id::text as product_id
        from deal_line_items li
        join deals d on d.org_id = li.org_id and d.id = li.deal_id
       where li.org_id = ${orgId} and d.customer_id = ${customer.id} and d.status = 'won'
      union
      select l.product_id::text
        from contract_lines l
        join contracts c on c.org_id = l.org_id and c.id = l.contract_id
       where l.org_id = ${orgId} and c.customer_id = ${customer.id} and l.product_id is not null
         and c.status in ('approved', 'active', 'completed')`)
  ).rows.map((r) => r.product_id);
  const rules = suggestCrossSell(baskets, owned, options);
  const ids = [...new Set(rules.flatMap((r) => [r.productId, r.antecedentId]))];
  const names = ids.length
    ? await ctx.db
        .select({
          id: products.id,
          name: products.name,
          listPrice: products.listPrice,
          active: products.active,
        })
        .from(products)
        .where(and(eq(products.orgId, orgId), inArray(products.id, ids)))
    : [];
  const byId = new Map(names.map((p) => [p.id, p]));
  return {
    ownedProductIds: owned,
    totalDeals: rules[0]?.totalDeals ?? baskets.filter((b) => b.length > 0).length,
    items: rules
      .filter((r) => byId.get(r.productId)?.active)
      .map((r) => ({
        ...r,
        productName: byId.get(r.productId)?.name ?? '',
        listPrice: byId.get(r.productId)?.listPrice ?? 0,
        antecedentName: byId.get(r.antecedentId)?.name ?? '',
      })),
  };
}
