import { Invalid, RuleViolated } from '../../core/errors.ts';
import { assertCan } from '../../policies/permissions.ts';
import type { ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';
import { type Deal, findDeal } from './deal-fields.ts';
import { type DealView, saveDeal } from './deal-view.ts';
import { resolveOwner } from './record-refs.ts';

export interface UpdateDealInput {
  name?: string | undefined;
  amount?: number | undefined;
  expectedCloseDate?: string | null | undefined;
  /** null: the stage's default probability. */
  probabilityBp?: number | null | undefined;
  forecastCategory?: string | undefined;
  competitors?: string[] | undefined;
  nextStep?: string | null | undefined;
  ownerId?: string | undefined;
}

/** Saves the changes of one deal in the actor's scope (If-Match version); the stage changes only by a move. */
export async function updateDeal(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: UpdateDealInput,
): Promise<DealView> {
  return ctx.db.transaction(async (tx) => {
    const before = await findDeal(tx, ctx.actor, id, { lock: true });
    assertCan(ctx.actor, 'sales.write');
    checkVersion('deal', before, version);
    assertNumbersOpen(before, input);
    if (input.forecastCategory === 'closed' && before.status === 'open') {
      throw new Invalid('An open deal cannot be in the closed forecast category.', [
        { path: 'forecastCategory', message: 'closed is set by winning the deal' },
      ]);
    }
    const now = ctx.now();
    const patch: Partial<Deal> = {};
    if (input.name !== undefined) {
      patch.name = input.name.trim();
    }
    if (input.amount !== undefined) {
      if (before.amountSource === 'line_items') {
        throw new Invalid('This deal takes its amount from its line items.', [
          { path: 'amount', message: 'remove the line items to enter an amount' },
        ]);
      }
      patch.amount = input.amount;
    }
    if (input.expectedCloseDate !== undefined) {
      patch.expectedCloseDate = input.expectedCloseDate;
    }
    if (input.probabilityBp !== undefined) {
      patch.probabilityBp = input.probabilityBp;
    }
    if (input.forecastCategory !== undefined) {
      patch.forecastCategory = input.forecastCategory;
    }
    if (input.competitors !== undefined) {
      patch.competitors = input.competitors;
    }
    if (input.nextStep !== undefined) {
      patch.nextStep = input.nextStep;
    }
    if (input.ownerId !== undefined && input.ownerId !== before.ownerId) {
      Object.assign(patch, await resolveOwner(tx, ctx.actor, input.ownerId));
    }
    return saveDeal(tx, ctx, before, patch, now);
  });
}

/** What a won or lost deal keeps as it was closed (its numbers), until it is reopened. */
const FROZEN_WHEN_CLOSED = ['amount', 'probabilityBp', 'forecastCategory', 'expectedCloseDate'] as const;

function assertNumbersOpen(deal: Deal, input: Partial<Record<(typeof FROZEN_WHEN_CLOSED)[number], unknown>>) {
  if (deal.status === 'open') {
    return;
  }
  const frozen = FROZEN_WHEN_CLOSED.filter((f) => input[f] !== undefined);
  if (frozen.length > 0) {
    throw new RuleViolated(
      `This deal is ${deal.status}; reopen it to change its numbers.`,
      frozen.map((path) => ({ path, message: 'fixed while the deal is closed' })),
    );
  }
}
