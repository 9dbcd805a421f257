import { addDays } from '../../core/collection/aging.ts';
import type { ServiceContext } from '../context.ts';
import { listReceivableInstallments } from './list-receivable-installments.ts';
import { orgToday } from './receivables-where.ts';

/** How far ahead "due soon" looks. */
export const DUE_SOON_DAYS = 14;
const LIMIT = 200;

/**
 * The caller's own collections (我的回款): open installments they own, of contracts in force, that
 * are overdue (due before today) or due soon (today … today + 14 days), oldest first, at most 200
 * each. The rows are the drill-down list's, so the fields and definitions are the same.
 */
export async function myCollections(ctx: ServiceContext) {
  const today = await orgToday(ctx.db, ctx.actor.orgId, ctx.now());
  const horizon = addDays(today, DUE_SOON_DAYS);
  const mine = { ownerId: ctx.actor.userId, asOf: today, limit: LIMIT };
  const [overdue, dueSoon] = await Promise.all([
    listReceivableInstallments(ctx, { ...mine, dueTo: addDays(today, -1) }),
    listReceivableInstallments(ctx, { ...mine, dueFrom: today, dueTo: horizon }),
  ]);
  return { today, horizon, overdue: overdue.items, dueSoon: dueSoon.items };
}
