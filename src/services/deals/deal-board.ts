import { and, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { isStale } from '../../core/pipeline/stale.ts';
import type { Queryable } from '../../db/client.ts';
import { dealBoardRollup, deals } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope, unitSubtree } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import type { DealView } from './deal-view.ts';
import { ensureDefaultPipeline, type PipelineStage } from './ensure-default-pipeline.ts';
import { type DealFilters, dealWhere } from './list-deals.ts';

export const BOARD_CARDS_PER_STAGE = 50;

export type BoardFilters = Pick<DealFilters, 'ownerId' | 'unitId' | 'closeFrom' | 'closeTo'>;

export interface BoardColumn {
  stage: PipelineStage;
  count: number;
  amount: number;
  weightedAmount: number;
  deals: DealView[];
}

export interface StageFigures {
  count: number;
  amount: number;
  weightedAmount: number;
}

/**
 * The board's figures per stage, read from the rollup (rollup.deal_board, kept current by the deal
 * triggers) with the same scope and filters as the cards: one row per stage that has open deals.
 */
export async function boardFigures(
  db: Queryable,
  actor: Actor,
  filters: BoardFilters,
): Promise<Map<string, StageFigures>> {
  const r = dealBoardRollup;
  const rows = await db
    .select({
      stageId: r.stageId,
      count: sql`coalesce(sum(${r.dealCount}), 0)`.mapWith(Number),
      amount: sql`coalesce(sum(${r.amount}), 0)`.mapWith(Number),
      weightedAmount: sql`coalesce(sum(${r.weightedAmount}), 0)`.mapWith(Number),
    })
    .from(r)
    .where(
      and(
        ownedRecordScope(actor, r),
        filters.ownerId ? eq(r.ownerId, filters.ownerId) : undefined,
        filters.unitId ? sql`${r.unitId} in ${unitSubtree(actor.orgId, filters.unitId)}` : undefined,
        filters.closeFrom ? gte(r.expectedCloseDate, filters.closeFrom) : undefined,
        filters.closeTo ? lte(r.expectedCloseDate, filters.closeTo) : undefined,
      ),
    )
    .groupBy(r.stageId);
  return new Map(rows.map(({ stageId, ...f }) => [stageId, f]));
}

/**
 * The largest open deals of each stage (at most `BOARD_CARDS_PER_STAGE` per stage), in scope and
 * filtered: one index walk per stage (deals_status_stage_amount_idx) instead of ranking every deal.
 */
async function boardCards(db: Queryable, where: SQL | undefined, orgId: string, stageIds: string[]) {
  if (stageIds.length === 0) {
    return [];
  }
  const stages = sql.join(
    stageIds.map((id) => sql`(${id}::uuid)`),
    sql`, `,
  );
  const top = sql`select c.id from (values ${stages}) as st(id) cross join lateral (
    select ${deals.id} as id from ${deals} where ${where} and ${deals.stageId} = st.id
    order by ${deals.amount} desc, ${deals.id} desc limit ${BOARD_CARDS_PER_STAGE}) c`;
  return db
    .select()
    .from(deals)
    .where(and(eq(deals.orgId, orgId), sql`${deals.id} in (${top})`))
    .orderBy(desc(deals.amount), desc(deals.id));
}

/**
 * The kanban: open deals in scope per active stage with count, amount and weighted amount (amount ×
 * probability, per deal, core/pipeline) and the largest deals as cards. The figures come from the
 * rollup, so the board costs the same at a thousand deals and at a million.
 */
export async function dealBoard(ctx: ServiceContext, filters: BoardFilters): Promise<BoardColumn[]> {
  const { db, actor } = ctx;
  const now = ctx.now();
  const stages = (await ensureDefaultPipeline(db, actor.orgId, now)).filter((s) => s.active);
  const where = dealWhere(actor, { ...filters, status: 'open' }, now);
  const [figures, cards] = await Promise.all([
    boardFigures(db, actor, filters),
    boardCards(
      db,
      where,
      actor.orgId,
      stages.map((s) => s.id),
    ),
  ]);
  return stages.map((stage) => ({
    stage,
    ...(figures.get(stage.id) ?? { count: 0, amount: 0, weightedAmount: 0 }),
    deals: cards
      .filter((d) => d.stageId === stage.id)
      .map((d) => ({ ...d, stale: isStale(d, stage.slaDays, now) })),
  }));
}
