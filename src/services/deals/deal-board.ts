import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { summariseStage } from '../../core/pipeline/money.ts';
import { deals, pipelineStages } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { type DealView, withStale } from './deal-view.ts';
import { ensureDefaultPipeline, type PipelineStage } from './ensure-default-pipeline.ts';
import { withExitNeeds } from './exit-needs.ts';
import { type DealFilters, dealWhere } from './list-deals.ts';

export const BOARD_CARDS_PER_STAGE = 50;

export interface BoardColumn {
  stage: PipelineStage;
  count: number;
  amount: number;
  weightedAmount: number;
  deals: DealView[];
}

/**
 * The kanban: open deals in scope per active stage with count, amount and weighted amount (amount ×
 * probability, per deal, core/pipeline) and the largest deals as cards, each with the exit rules of
 * its stage it does not meet yet (`exitNeeds`).
 */
export async function dealBoard(
  ctx: ServiceContext,
  filters: Pick<DealFilters, 'ownerId' | 'unitId' | 'closeFrom' | 'closeTo'>,
): Promise<BoardColumn[]> {
  const { db, actor } = ctx;
  const now = ctx.now();
  const stages = (await ensureDefaultPipeline(db, actor.orgId, now)).filter((s) => s.active);
  const where = and(dealWhere(actor, { ...filters, status: 'open' }, now));
  // Probability falls back to the stage default for rows written without one.
  const figures = await db
    .select({
      stageId: deals.stageId,
      amount: deals.amount,
      probabilityBp: sql<number>`coalesce(${deals.probabilityBp}, ${pipelineStages.probabilityBp})`.mapWith(
        Number,
      ),
    })
    .from(deals)
    .innerJoin(
      pipelineStages,
      and(eq(pipelineStages.orgId, deals.orgId), eq(pipelineStages.id, deals.stageId)),
    )
    .where(where);
  const ranked = db
    .select({
      id: deals.id,
      rank: sql<number>`row_number() over (partition by ${deals.stageId} order by ${deals.amount} desc, ${deals.id})`.as(
        'rank',
      ),
    })
    .from(deals)
    .where(where)
    .as('ranked');
  const cardIds = db
    .select({ id: ranked.id })
    .from(ranked)
    .where(sql`${ranked.rank} <= ${BOARD_CARDS_PER_STAGE}`);
  const cards = await withStale(
    db,
    actor.orgId,
    await db
      .select()
      .from(deals)
      .where(and(eq(deals.orgId, actor.orgId), inArray(deals.id, cardIds)))
      .orderBy(desc(deals.amount), deals.id),
    now,
  ).then((rows) => withExitNeeds(db, actor.orgId, stages, rows));
  return stages.map((stage) => ({
    stage,
    ...summariseStage(figures.filter((f) => f.stageId === stage.id)),
    deals: cards.filter((d) => d.stageId === stage.id),
  }));
}
