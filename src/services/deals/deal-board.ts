import { and, desc, eq, gte, lt, not, type SQL, sql } from 'drizzle-orm';
import { isStale } from '../../core/pipeline/stale.ts';
import type { Queryable } from '../../db/client.ts';
import { dealBoardRollup, deals, pipelineStages } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope, unitSubtree } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { checkOwnerFilter } from '../owner-filter.ts';
import type { DealView } from './deal-view.ts';
import { ensureDefaultPipeline, type PipelineStage } from './ensure-default-pipeline.ts';
import { withExitNeeds } from './exit-needs.ts';
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

/** First day of the month of a calendar date (YYYY-MM-DD). */
function monthOf(day: string): string {
  return `${day.slice(0, 8)}01`;
}

/** First day of the month after the month of `day`. */
function nextMonth(day: string): string {
  const d = new Date(`${monthOf(day)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The whole months inside a close-date range: [from, toExclusive) as first-of-month dates, each end
 * open when the range is. A range inside one month has none (from ≥ toExclusive).
 */
export function wholeMonths(closeFrom?: string, closeTo?: string) {
  const from = closeFrom && (closeFrom.endsWith('-01') ? closeFrom : nextMonth(closeFrom));
  // closeTo is the last day of its month when the next day is the first of a month.
  const toExclusive =
    closeTo &&
    (nextMonth(closeTo) ===
    new Date(Date.parse(`${closeTo}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
      ? nextMonth(closeTo)
      : monthOf(closeTo));
  return { from, toExclusive };
}

type Figures = Map<string, StageFigures>;

function add(into: Figures, rows: ({ stageId: string } & StageFigures)[]): Figures {
  for (const { stageId, ...f } of rows) {
    const had = into.get(stageId);
    into.set(
      stageId,
      had
        ? {
            count: had.count + f.count,
            amount: had.amount + f.amount,
            weightedAmount: had.weightedAmount + f.weightedAmount,
          }
        : f,
    );
  }
  return into;
}

/**
 * The board's figures per stage with the same scope and filters as the cards: from the rollup
 * (rollup.deal_board, kept current by the deal triggers, one row per stage, owner, unit and close
 * month), plus — when a close-date range cuts a month — that part of the month from the deals
 * themselves (deals_close_idx), so any range sums exactly.
 */
export async function boardFigures(
  db: Queryable,
  actor: Actor,
  filters: BoardFilters,
  now: Date,
): Promise<Figures> {
  const r = dealBoardRollup;
  const { closeFrom, closeTo } = filters;
  const months = wholeMonths(closeFrom, closeTo);
  const fromRollup = db
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
        months.from ? gte(r.closeMonth, months.from) : undefined,
        months.toExclusive ? lt(r.closeMonth, months.toExclusive) : undefined,
      ),
    )
    .groupBy(r.stageId);
  if (!closeFrom && !closeTo) {
    return add(new Map(), await fromRollup);
  }
  // The cut months' days from the deals: in the range, but not in a whole month the rollup counted.
  const inWholeMonths = and(
    months.from ? gte(deals.expectedCloseDate, months.from) : undefined,
    months.toExclusive ? lt(deals.expectedCloseDate, months.toExclusive) : undefined,
  );
  const fromDeals = db
    .select({
      stageId: deals.stageId,
      count: sql`count(*)`.mapWith(Number),
      amount: sql`coalesce(sum(${deals.amount}), 0)`.mapWith(Number),
      weightedAmount:
        sql`coalesce(sum(rollup.weighted_amount(${deals.amount}, coalesce(${deals.probabilityBp}, ${pipelineStages.probabilityBp}))), 0)`.mapWith(
          Number,
        ),
    })
    .from(deals)
    .innerJoin(
      pipelineStages,
      and(eq(pipelineStages.orgId, deals.orgId), eq(pipelineStages.id, deals.stageId)),
    )
    .where(
      and(
        dealWhere(actor, { ...filters, status: 'open' }, now),
        inWholeMonths ? not(inWholeMonths) : undefined,
      ),
    )
    .groupBy(deals.stageId);
  const [a, b] = await Promise.all([fromRollup, fromDeals]);
  return add(add(new Map(), a), b);
}

/**
 * The largest open deals of each stage (at most `BOARD_CARDS_PER_STAGE` per stage), in scope and
 * filtered: one short walk of deals_status_stage_amount_idx per stage, the stages in parallel,
 * instead of ranking every open deal.
 */
async function boardCards(db: Queryable, where: SQL | undefined, stageIds: string[]) {
  const perStage = await Promise.all(
    stageIds.map((stageId) =>
      db
        .select()
        .from(deals)
        .where(and(where, eq(deals.stageId, stageId)))
        .orderBy(desc(deals.amount), desc(deals.id))
        .limit(BOARD_CARDS_PER_STAGE),
    ),
  );
  return perStage.flat();
}

/**
 * The kanban: open deals in scope per active stage with count, amount and weighted amount (amount ×
 * probability, per deal, core/pipeline) and the largest deals as cards, each with the exit rules of
 * its stage it does not meet yet (`exitNeeds`). The figures come from the rollup, so the board costs the same at a thousand deals and at a million.
 */
export async function dealBoard(ctx: ServiceContext, filters: BoardFilters): Promise<BoardColumn[]> {
  const { db, actor } = ctx;
  await checkOwnerFilter(db, actor, filters.ownerId);
  const now = ctx.now();
  const stages = (await ensureDefaultPipeline(db, actor.orgId, now)).filter((s) => s.active);
  const where = dealWhere(actor, { ...filters, status: 'open' }, now);
  const [figures, cards] = await Promise.all([
    boardFigures(db, actor, filters, now),
    boardCards(
      db,
      where,
      stages.map((s) => s.id),
    ).then((rows) => withExitNeeds(db, actor.orgId, stages, rows)),
  ]);
  return stages.map((stage) => ({
    stage,
    ...(figures.get(stage.id) ?? { count: 0, amount: 0, weightedAmount: 0 }),
    deals: cards
      .filter((d) => d.stageId === stage.id)
      .map((d) => ({ ...d, stale: isStale(d, stage.slaDays, now) })),
  }));
}
