import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { contracts, customers, deals, pipelineStages, users } from '../../db/schema/index.ts';
import { getCollectionSettings } from '../collection-settings/get-collection-settings.ts';
import type { ServiceContext } from '../context.ts';
import { contractScope, orgToday } from './order-records.ts';

const LIMIT = 500;

/**
 * Active contracts in the actor's scope ending within `days` (the org's renewal lead days by
 * default), soonest first, each with its renewal deal (stage and status) when one was opened.
 */
export async function listRenewals(ctx: ServiceContext, { days }: { days?: number | undefined }) {
  const orgId = ctx.actor.orgId;
  const settings = await getCollectionSettings(ctx.db, orgId);
  const within = days ?? settings.renewalLeadDays;
  const today = await orgToday(ctx.db, orgId, ctx.now());
  const rows = await ctx.db
    .select({
      contract: {
        id: contracts.id,
        number: contracts.number,
        title: contracts.title,
        customerId: contracts.customerId,
        endDate: contracts.endDate,
        amount: contracts.amount,
        currency: contracts.currency,
        ownerId: contracts.ownerId,
      },
      customerName: customers.name,
      ownerName: users.name,
      daysLeft: sql<number>`(${contracts.endDate} - ${today}::date)::int`,
      deal: {
        id: deals.id,
        name: deals.name,
        status: deals.status,
        amount: deals.amount,
        expectedCloseDate: deals.expectedCloseDate,
      },
      stage: {
        id: pipelineStages.id,
        key: pipelineStages.key,
        nameZh: pipelineStages.nameZh,
        nameEn: pipelineStages.nameEn,
      },
    })
    .from(contracts)
    .leftJoin(customers, and(eq(customers.orgId, contracts.orgId), eq(customers.id, contracts.customerId)))
    .leftJoin(users, and(eq(users.orgId, contracts.orgId), eq(users.id, contracts.ownerId)))
    .leftJoin(deals, and(eq(deals.orgId, contracts.orgId), eq(deals.id, contracts.renewalDealId)))
    .leftJoin(
      pipelineStages,
      and(eq(pipelineStages.orgId, deals.orgId), eq(pipelineStages.id, deals.stageId)),
    )
    .where(
      and(
        contractScope(ctx.actor),
        eq(contracts.status, 'active'),
        gte(contracts.endDate, today),
        lte(contracts.endDate, sql`${today}::date + ${within}::int`),
      ),
    )
    .orderBy(asc(contracts.endDate), asc(contracts.id))
    .limit(LIMIT);
  return { today, days: within, items: rows };
}
