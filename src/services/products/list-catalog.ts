import { and, eq, type SQL, sql } from 'drizzle-orm';
import { containsPattern } from '../../db/like.ts';
import { type PageRequest, paginate } from '../../db/paginate.ts';
import { productLines, products } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';

export interface ProductLineFilter extends PageRequest {
  q?: string | undefined;
  active?: boolean | undefined;
}

/** The org's product lines: everyone in the org reads the catalog. */
export async function listProductLines(ctx: ServiceContext, filter: ProductLineFilter) {
  const conds: (SQL | undefined)[] = [eq(productLines.orgId, ctx.actor.orgId)];
  if (filter.q?.trim()) {
    conds.push(
      sql`(${productLines.name} ilike ${containsPattern(filter.q.trim())} or ${productLines.code} ilike ${containsPattern(filter.q.trim())})`,
    );
  }
  if (filter.active !== undefined) {
    conds.push(eq(productLines.active, filter.active));
  }
  return paginate({
    db: ctx.db,
    table: productLines,
    where: and(...conds),
    sortable: { name: productLines.name, createdAt: productLines.createdAt },
    defaultSort: 'name',
    id: productLines.id,
    request: filter,
  });
}

export interface ProductFilter extends PageRequest {
  q?: string | undefined;
  productLineId?: string | undefined;
  active?: boolean | undefined;
}

export async function listProducts(ctx: ServiceContext, filter: ProductFilter) {
  const conds: (SQL | undefined)[] = [eq(products.orgId, ctx.actor.orgId)];
  if (filter.q?.trim()) {
    conds.push(
      sql`(${products.name} ilike ${containsPattern(filter.q.trim())} or ${products.sku} ilike ${containsPattern(filter.q.trim())})`,
    );
  }
  if (filter.productLineId) {
    conds.push(eq(products.productLineId, filter.productLineId));
  }
  if (filter.active !== undefined) {
    conds.push(eq(products.active, filter.active));
  }
  return paginate({
    db: ctx.db,
    table: products,
    where: and(...conds),
    sortable: { name: products.name, createdAt: products.createdAt, listPrice: products.listPrice },
    defaultSort: 'name',
    id: products.id,
    request: filter,
  });
}
