import { and, eq, isNull } from 'drizzle-orm';
import { Invalid, RuleViolated } from '../../core/errors.ts';
import { checkStageMove } from '../../core/pipeline/exit-criteria.ts';
import { dealStageHistory } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { newId, type ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';
import { findDeal } from './deal-fields.ts';
import { type DealView, saveDeal, withStale } from './deal-view.ts';
import { ensureDefaultPipeline } from './ensure-default-pipeline.ts';
import { dealFacts } from './exit-needs.ts';

export interface MoveDealInput {
  stageId: string;
  /** Overrides of the new stage's defaults. */
  probabilityBp?: number | undefined;
  forecastCategory?: string | undefined;
}

/**
 * Moves an open deal to another stage. Forward moves must meet the exit rules of every stage left
 * (422 naming the rule and stage); backward moves are allowed. The open history row is closed and a
 * new one opened; probability and forecast category reset to the new stage's unless given.
 */
export async function moveDeal(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: MoveDealInput,
): Promise<DealView> {
  return ctx.db.transaction(async (tx) => {
    const before = await findDeal(tx, ctx.actor, id, { lock: true });
    assertCan(ctx.actor, 'sales.write');
    checkVersion('deal', before, version);
    const now = ctx.now();
    if (before.status !== 'open') {
      throw new RuleViolated(`This deal is ${before.status}; reopen it before moving it.`, [
        { path: 'status', message: 'must be open' },
      ]);
    }
    const stages = await ensureDefaultPipeline(tx, ctx.actor.orgId, now);
    const target = stages.find((s) => s.id === input.stageId && s.active);
    if (!target) {
      throw new Invalid('No such stage.', [{ path: 'stageId', message: 'no active stage with this id' }]);
    }
    if (target.id === before.stageId) {
      return (await withStale(tx, ctx.actor.orgId, [before], now))[0]!;
    }
    const problems = checkStageMove(
      stages.filter((s) => s.active),
      before.stageId,
      target.id,
      (await dealFacts(tx, ctx.actor.orgId, [before])).get(before.id)!,
    );
    if (problems.length > 0) {
      throw new RuleViolated(
        problems[0]!.message,
        problems.map((p) => ({ path: `exitCriteria.${p.stage.key}.${p.rule}`, message: p.message })),
      );
    }
    await tx
      .update(dealStageHistory)
      .set({ leftAt: now })
      .where(
        and(
          eq(dealStageHistory.orgId, ctx.actor.orgId),
          eq(dealStageHistory.dealId, id),
          isNull(dealStageHistory.leftAt),
        ),
      );
    await tx.insert(dealStageHistory).values({
      orgId: ctx.actor.orgId,
      id: newId(),
      dealId: id,
      stageId: target.id,
      fromStageId: before.stageId,
      enteredAt: now,
      movedBy: ctx.actor.userId,
    });
    return saveDeal(
      tx,
      ctx,
      before,
      {
        stageId: target.id,
        stageEnteredAt: now,
        probabilityBp: input.probabilityBp ?? target.probabilityBp,
        forecastCategory: input.forecastCategory ?? target.forecastCategory,
      },
      now,
    );
  });
}
