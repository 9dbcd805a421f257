import { and, eq, gte, ilike, lte, type Placeholder, type SQL, sql } from 'drizzle-orm';
import { type Bind, inline } from '../../db/bind.ts';
import type { Queryable } from '../../db/client.ts';
import { jsonRow } from '../../db/json-row.ts';
import { containsPattern } from '../../db/like.ts';
import { type Page, type PageRequest, paginateJson } from '../../db/paginate.ts';
import { deals } from '../../db/schema/index.ts';
import { type Actor, unitSubtree } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { checkOwnerFilter } from '../owner-filter.ts';
import { dealScope } from './deal-fields.ts';

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

/**
 * The stale rule of core/pipeline/stale.ts in SQL: the deal is open and entered its stage more than the
 * stage's SLA days (of 24 hours, as `isStale` counts them whatever the session's time zone) before now
 * (an ISO timestamp, or the placeholder bound to one).
 */
export function staleCondition(now: string | Placeholder): SQL {
  return sql`(${deals.status} = 'open' and exists (select 1 from pipeline_stages s
    where s.org_id = ${deals.orgId} and s.id = ${deals.stageId} and s.sla_days is not null
      and ${deals.stageEnteredAt} < ${now}::timestamptz - s.sla_days * interval '24 hours'))`;
}

/**
 * A deal as the API presents it (`presentDeal` in server/presenters/deals.ts: same fields, same order,
 * same text for every value), built by PostgreSQL for each row of a list. test/db/deal-json.test.ts
 * holds the two to the same output.
 */
export const dealJson = jsonRow<string | Placeholder>({
  id: deals.id,
  name: deals.name,
  customerId: deals.customerId,
  stageId: deals.stageId,
  stageEnteredAt: deals.stageEnteredAt,
  amount: deals.amount,
  amountSource: deals.amountSource,
  expectedCloseDate: deals.expectedCloseDate,
  probabilityBp: deals.probabilityBp,
  forecastCategory: deals.forecastCategory,
  status: deals.status,
  closeReason: deals.closeReason,
  winningCompetitor: deals.winningCompetitor,
  competitors: deals.competitors,
  nextStep: deals.nextStep,
  closedAt: deals.closedAt,
  leadId: deals.leadId,
  ownerId: deals.ownerId,
  unitId: deals.unitId,
  stale: (now) => staleCondition(now),
  version: deals.version,
  createdAt: deals.createdAt,
  updatedAt: deals.updatedAt,
});

/**
 * The WHERE of a deal list or board: scope first, then the filters. Every value goes through `bind`,
 * each branch under a name of its own (see db/bind.ts), so that the list can run as a prepared statement.
 */
export function dealWhere(actor: Actor, f: DealFilters, now: Date, bind: Bind = inline): SQL | undefined {
  const q = f.q?.trim();
  return and(
    dealScope(actor, bind),
    q ? ilike(deals.name, bind('q', containsPattern(q))) : undefined,
    f.status ? eq(deals.status, bind('status', f.status)) : undefined,
    f.stageId ? eq(deals.stageId, bind('stageId', f.stageId)) : undefined,
    f.ownerId ? eq(deals.ownerId, bind('ownerId', f.ownerId)) : undefined,
    f.unitId
      ? sql`${deals.unitId} in ${unitSubtree(bind('orgId', actor.orgId), bind('unitId', f.unitId))}`
      : undefined,
    f.customerId ? eq(deals.customerId, bind('customerId', f.customerId)) : undefined,
    f.forecastCategory ? eq(deals.forecastCategory, bind('forecastCategory', f.forecastCategory)) : undefined,
    f.closeFrom ? gte(deals.expectedCloseDate, bind('closeFrom', f.closeFrom)) : undefined,
    f.closeTo ? lte(deals.expectedCloseDate, bind('closeTo', f.closeTo)) : undefined,
    f.minAmount !== undefined ? gte(deals.amount, bind('minAmount', f.minAmount)) : undefined,
    f.maxAmount !== undefined ? lte(deals.amount, bind('maxAmount', f.maxAmount)) : undefined,
    f.stale === true ? staleCondition(bind('staleBefore', now.toISOString())) : undefined,
    f.stale === false ? sql`not (${staleCondition(bind('freshAfter', now.toISOString()))})` : undefined,
  );
}

/** The deals list as `paginateJson` runs it (exported for the test of its statement shapes). */
export function dealPageOptions(
  ctx: ServiceContext,
  query: DealFilters & PageRequest,
  db: Queryable = ctx.db,
) {
  const now = ctx.now();
  return {
    db,
    name: 'deals_page',
    table: deals,
    build: (bind: Bind) => ({
      where: dealWhere(ctx.actor, query, now, bind),
      json: dealJson(bind('now', now.toISOString())),
    }),
    // Undated deals sort last by close date (first when descending); paging passes through them.
    sortable: {
      createdAt: deals.createdAt,
      amount: deals.amount,
      name: deals.name,
      expectedCloseDate: deals.expectedCloseDate,
    },
    defaultSort: '-createdAt',
    id: deals.id,
    request: query,
  };
}

/**
 * A page of the deals in the actor's scope that match the filters; each item is the deal's JSON as the
 * API presents it (see `dealJson`), ready to send. Runs as a statement prepared once per shape of the
 * request (which filters, which sort, whose scope).
 */
export async function listDeals(
  ctx: ServiceContext,
  query: DealFilters & PageRequest,
  db: Queryable = ctx.db,
): Promise<Page<string>> {
  await checkOwnerFilter(db, ctx.actor, query.ownerId);
  return paginateJson(dealPageOptions(ctx, query, db));
}
