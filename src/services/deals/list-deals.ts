import { and, eq, gte, ilike, lte, type SQL, sql } from 'drizzle-orm';
import { isStale } from '../../core/pipeline/stale.ts';
import type { Queryable } from '../../db/client.ts';
import { type PageRequest, paginate } from '../../db/paginate.ts';
import { deals } from '../../db/schema/index.ts';
import { type Actor, unitSubtree } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { dealScope } from './deal-fields.ts';
import type { DealView } from './deal-view.ts';

export interface DealFilters {
  q?: string | undefined;
  status?: string | undefined;
  stageId?: string | undefined;
  ownerId?: string | undefined;
  unitId?: string | undefined;
  customerId?: string | undefined;
  forecastCategory?: string | undefined;
  closeFrom?: string | undefined;
  closeTo?: string | undefined;
  minAmount?: number | undefined;
  maxAmount?: number | undefined;
  stale?: boolean | undefined;
}

/** `stale_days` SQL: the deal is open and entered its stage before now − the stage's SLA days. */
export function staleCondition(now: Date): SQL {
  return sql`${deals.status} = 'open' and exists (select 1 from pipeline_stages s
    where s.org_id = ${deals.orgId} and s.id = ${deals.stageId} and s.sla_days is not null
      and ${deals.stageEnteredAt} < ${now.toISOString()}::timestamptz - s.sla_days * interval '1 day')`;
}

/** The WHERE of a deal list or board: scope first, then the filters. */
export function dealWhere(actor: Actor, f: DealFilters, now: Date): SQL | undefined {
  const escaped = f.q?.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
  return and(
    dealScope(actor),
    escaped ? ilike(deals.name, `%${escaped}%`) : undefined,
    f.status ? eq(deals.status, f.status) : undefined,
    f.stageId ? eq(deals.stageId, f.stageId) : undefined,
    f.ownerId ? eq(deals.ownerId, f.ownerId) : undefined,
    f.unitId ? sql`${deals.unitId} in ${unitSubtree(actor.orgId, f.unitId)}` : undefined,
    f.customerId ? eq(deals.customerId, f.customerId) : undefined,
    f.forecastCategory ? eq(deals.forecastCategory, f.forecastCategory) : undefined,
    f.closeFrom ? gte(deals.expectedCloseDate, f.closeFrom) : undefined,
    f.closeTo ? lte(deals.expectedCloseDate, f.closeTo) : undefined,
    f.minAmount !== undefined ? gte(deals.amount, f.minAmount) : undefined,
    f.maxAmount !== undefined ? lte(deals.amount, f.maxAmount) : undefined,
    f.stale === true ? staleCondition(now) : undefined,
    f.stale === false ? sql`not (${staleCondition(now)})` : undefined,
  );
}

export async function listDeals(
  ctx: ServiceContext,
  query: DealFilters & PageRequest,
  db: Queryable = ctx.db,
) {
  const now = ctx.now();
  const page = await paginate({
    db,
    table: deals,
    // Undated deals sort last by close date (first when descending); paging passes through them.
    where: dealWhere(ctx.actor, query, now),
    sortable: {
      createdAt: deals.createdAt,
      amount: deals.amount,
      name: deals.name,
      expectedCloseDate: deals.expectedCloseDate,
    },
    defaultSort: '-createdAt',
    id: deals.id,
    request: query,
    // The stage's SLA with each row (for the stale flag), in the same statement as the page.
    extra: {
      slaDays: sql<number | null>`(select s.sla_days from pipeline_stages s
        where s.org_id = ${deals.orgId} and s.id = ${deals.stageId})`,
    },
  });
  const items: DealView[] = page.items.map(({ slaDays, ...deal }) => ({
    ...deal,
    stale: isStale(deal, slaDays ?? null, now),
  }));
  return { ...page, items };
}
