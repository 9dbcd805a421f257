import { and, eq, isNull, type SQL, sql } from 'drizzle-orm';
import { normaliseCreditCode } from '../../core/customers/index.ts';
import { containsPattern } from '../../db/like.ts';
import { type PageRequest, paginate } from '../../db/paginate.ts';
import { customers } from '../../db/schema/index.ts';
import { ownedRecordScope, unitSubtree } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { checkOwnerFilter } from '../owner-filter.ts';
import type { CustomerChannel, CustomerLifecycle, CustomerTier } from './customer-fields.ts';
import { withOwnerNames } from './get-customer.ts';

export interface CustomerFilter extends PageRequest {
  /** Part of the name, or the credit code (as typed). */
  q?: string | undefined;
  tier?: CustomerTier | undefined;
  lifecycle?: CustomerLifecycle | undefined;
  channel?: CustomerChannel | undefined;
  industry?: string | undefined;
  region?: string | undefined;
  city?: string | undefined;
  ownerId?: string | undefined;
  /** Customers owned in this unit or any unit below it. */
  unitId?: string | undefined;
  tag?: string | undefined;
}

/** Lists the live (unmerged) customers the actor may see, filtered, sorted and paged by cursor. */
export async function listCustomers(ctx: ServiceContext, filter: CustomerFilter) {
  await checkOwnerFilter(ctx.db, ctx.actor, filter.ownerId);
  const conds: (SQL | undefined)[] = [ownedRecordScope(ctx.actor, customers), isNull(customers.mergedIntoId)];
  if (filter.q?.trim()) {
    const q = filter.q.trim();
    conds.push(
      sql`(${customers.name} ilike ${containsPattern(q)} or ${customers.creditCode} = ${normaliseCreditCode(q)})`,
    );
  }
  for (const [col, value] of [
    [customers.tier, filter.tier],
    [customers.lifecycle, filter.lifecycle],
    [customers.channel, filter.channel],
    [customers.industry, filter.industry],
    [customers.region, filter.region],
    [customers.city, filter.city],
    [customers.ownerId, filter.ownerId],
  ] as const) {
    if (value !== undefined) {
      conds.push(eq(col, value));
    }
  }
  if (filter.unitId) {
    conds.push(sql`${customers.unitId} in ${unitSubtree(ctx.actor.orgId, filter.unitId)}`);
  }
  if (filter.tag) {
    conds.push(sql`${customers.tags} @> array[${filter.tag}]::text[]`);
  }
  const page = await paginate({
    db: ctx.db,
    table: customers,
    where: and(...conds),
    sortable: { name: customers.name, createdAt: customers.createdAt, updatedAt: customers.updatedAt },
    defaultSort: 'name',
    id: customers.id,
    request: filter,
  });
  return { ...page, items: await withOwnerNames(ctx.db, page.items, ctx.now()) };
}
