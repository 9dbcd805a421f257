import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { contracts, dealStageHistory, deals } from '../../db/schema/index.ts';
import { newId, type ServiceContext } from '../context.ts';
import { saveDeal } from '../deals/deal-view.ts';
import { ensureDefaultPipeline } from '../deals/ensure-default-pipeline.ts';

/** The key of the course's last stage, 回款交付 (core/pipeline/default-stages.ts). */
export const FULFILMENT_STAGE_KEY = 'payment_delivery';

export interface FulfilmentState {
  /** All live installments paid, and the plan adds up to the contract amount. */
  collected: boolean;
  /** Every contract line fully on live orders, and all of those delivered or accepted. */
  delivered: boolean;
  /** The deal moved to 回款交付 by this call. */
  moved: boolean;
  dealId: string | null;
}

/** Whether a contract is fully collected and fully delivered (the pipeline link's condition). */
export async function contractFulfilment(tx: Queryable, orgId: string, contractId: string) {
  const [plan] = (
    await tx.execute<{ n: number; total: string | null; unpaid: number }>(sql`
      select count(*)::int as n, sum(amount)::text as total,
             count(*) filter (where collected < amount)::int as unpaid
        from installments
       where org_id = ${orgId} and contract_id = ${contractId} and status <> 'cancelled'`)
  ).rows;
  const [lines] = (
    await tx.execute<{ open: number }>(sql`
      select count(*)::int as open
        from contract_lines l
        left join lateral (
          select coalesce(sum(ol.quantity), 0) as ordered,
                 count(*) filter (where o.status not in ('delivered', 'accepted')) as undelivered
            from order_lines ol
            join orders o on o.org_id = ol.org_id and o.id = ol.order_id
           where ol.org_id = l.org_id and ol.contract_line_id = l.id and o.status <> 'cancelled'
        ) x on true
       where l.org_id = ${orgId} and l.contract_id = ${contractId}
         and (x.ordered < l.quantity or x.undelivered > 0)`)
  ).rows;
  return { plan: plan!, openLines: lines!.open };
}

/**
 * The pipeline link (issue 12 §7): when a contract is fully collected (every live installment paid
 * and the plan = the contract amount) and delivered (every line fully ordered, those orders
 * delivered or accepted), its deal moves to 回款交付. A system move: the stage's exit criteria do
 * not apply (they guard what reps do, not what the money says); the stage history and the board
 * rollup follow as for any move (history row closed and opened, the deal saved with a new version).
 * A won deal stays won; a lost deal or one already there is left alone. Runs in the caller's
 * transaction after an order advance or a receipt.
 */
export async function syncDealFulfilment(
  tx: Queryable,
  ctx: ServiceContext,
  contractId: string,
): Promise<FulfilmentState> {
  const orgId = ctx.actor.orgId;
  const [contract] = await tx
    .select()
    .from(contracts)
    .where(and(eq(contracts.orgId, orgId), eq(contracts.id, contractId)));
  if (!contract) {
    return { collected: false, delivered: false, moved: false, dealId: null };
  }
  const { plan, openLines } = await contractFulfilment(tx, orgId, contractId);
  const collected = plan.n > 0 && plan.unpaid === 0 && Number(plan.total) === contract.amount;
  const delivered = openLines === 0;
  const state = { collected, delivered, moved: false, dealId: contract.dealId };
  if (!(collected && delivered && contract.dealId)) {
    return state;
  }
  const [deal] = await tx
    .select()
    .from(deals)
    .where(and(eq(deals.orgId, orgId), eq(deals.id, contract.dealId)))
    .for('update');
  if (!deal || deal.status === 'lost') {
    return state;
  }
  const now = ctx.now();
  const stages = (await ensureDefaultPipeline(tx, orgId, now)).filter((s) => s.active);
  const target = stages.find((s) => s.key === FULFILMENT_STAGE_KEY) ?? stages.at(-1);
  if (!target || target.id === deal.stageId) {
    return state;
  }
  await tx
    .update(dealStageHistory)
    .set({ leftAt: now })
    .where(
      and(
        eq(dealStageHistory.orgId, orgId),
        eq(dealStageHistory.dealId, deal.id),
        isNull(dealStageHistory.leftAt),
      ),
    );
  await tx.insert(dealStageHistory).values({
    orgId,
    id: newId(),
    dealId: deal.id,
    stageId: target.id,
    fromStageId: deal.stageId,
    enteredAt: now,
    movedBy: ctx.actor.userId === '00000000-0000-0000-0000-000000000000' ? null : ctx.actor.userId,
  });
  await saveDeal(
    tx,
    ctx,
    deal,
    deal.status === 'open'
      ? {
          stageId: target.id,
          stageEnteredAt: now,
          probabilityBp: target.probabilityBp,
          forecastCategory: target.forecastCategory,
        }
      : { stageId: target.id, stageEnteredAt: now },
    now,
  );
  return { ...state, moved: true };
}

/**
 * After money was allocated: the deals of the contracts whose installments are now all paid move to
 * 回款交付 if their contracts are also delivered (syncDealFulfilment decides). Only contracts with a
 * deal and no unpaid live installment left are looked at, so a large bank-statement commit pays one
 * query for them all.
 */
export async function syncFulfilmentAfterAllocations(
  tx: Queryable,
  ctx: ServiceContext,
  installmentIds: readonly string[],
): Promise<void> {
  if (installmentIds.length === 0) {
    return;
  }
  const orgId = ctx.actor.orgId;
  const touched = await tx.execute<{ contract_id: string }>(sql`
    select distinct c.id as contract_id
      from installments i
      join contracts c on c.org_id = i.org_id and c.id = i.contract_id
     where i.org_id = ${orgId} and i.id = any(${sql.param([...installmentIds])}::uuid[])
       and c.deal_id is not null
       and not exists (select 1 from installments u
                        where u.org_id = c.org_id and u.contract_id = c.id
                          and u.status <> 'cancelled' and u.collected < u.amount)`);
  for (const row of touched.rows) {
    await syncDealFulfilment(tx, ctx, row.contract_id);
  }
}
