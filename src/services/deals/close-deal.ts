import { Invalid, RuleViolated } from '../../core/errors.ts';
import { assertCan } from '../../policies/permissions.ts';
import type { ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';
import { type Deal, findDeal } from './deal-fields.ts';
import { type DealView, saveDeal } from './deal-view.ts';
import { ensureDefaultPipeline } from './ensure-default-pipeline.ts';

export interface CloseDealInput {
  outcome: 'won' | 'lost';
  reason?: string | null | undefined;
  winningCompetitor?: string | null | undefined;
}

async function saveStatus(
  ctx: ServiceContext,
  id: string,
  version: number,
  change: (before: Deal, now: Date) => Promise<Partial<Deal>> | Partial<Deal>,
): Promise<DealView> {
  return ctx.db.transaction(async (tx) => {
    const before = await findDeal(tx, ctx.actor, id, { lock: true });
    assertCan(ctx.actor, 'sales.write');
    checkVersion('deal', before, version);
    const now = ctx.now();
    const patch = await change(before, now);
    return saveDeal(tx, ctx, before, patch, now);
  });
}

/** Won: forecast category closed, probability 100 %. Lost (reason required): omitted, 0 %. */
export async function closeDeal(ctx: ServiceContext, id: string, version: number, input: CloseDealInput) {
  const reason = input.reason?.trim() || null;
  if (input.outcome === 'lost' && !reason) {
    throw new Invalid('Say why the deal was lost.', [
      { path: 'reason', message: 'required when the outcome is lost' },
    ]);
  }
  return saveStatus(ctx, id, version, (before, now) => {
    if (before.status !== 'open') {
      throw new RuleViolated(`This deal is already ${before.status}.`, [
        { path: 'status', message: 'must be open' },
      ]);
    }
    const won = input.outcome === 'won';
    return {
      status: input.outcome,
      closeReason: reason,
      winningCompetitor: won ? null : input.winningCompetitor?.trim() || null,
      forecastCategory: won ? 'closed' : 'omitted',
      probabilityBp: won ? 10_000 : 0,
      closedAt: now,
    };
  });
}

/** Reopens a won or lost deal in its stage with the stage's default probability and category. */
export async function reopenDeal(ctx: ServiceContext, id: string, version: number) {
  return saveStatus(ctx, id, version, async (before, now) => {
    if (before.status === 'open') {
      throw new RuleViolated('This deal is already open.', [
        { path: 'status', message: 'must be won or lost' },
      ]);
    }
    const stages = await ensureDefaultPipeline(ctx.db, ctx.actor.orgId, now);
    const stage = stages.find((s) => s.id === before.stageId);
    return {
      status: 'open',
      closeReason: null,
      winningCompetitor: null,
      closedAt: null,
      probabilityBp: stage?.probabilityBp ?? before.probabilityBp,
      forecastCategory: stage?.forecastCategory ?? 'pipeline',
    };
  });
}
