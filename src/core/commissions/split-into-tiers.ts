import { divideRoundMinor } from '../money.ts';
import type { CommissionPlan, Receipt } from './types.ts';

/** A slice of one receipt that falls into one tier band (or beyond the attainment cap: tierIndex null). */
export interface TierPortion {
  receiptId: string;
  tierIndex: number | null;
  bandFrom: number;
  bandTo: number | null;
  base: number;
  rateBp: number;
}

export interface TierSplit {
  collected: number;
  counted: number;
  /** Index of the highest tier reached by counted revenue. */
  reachedTier: number;
  portions: TierPortion[];
}

/** Band boundary in minor units: target × bp / 10 000, rounded by `divideRoundMinor`. */
function boundary(target: number, bp: number): number {
  return Number(divideRoundMinor(BigInt(target) * BigInt(bp), 10_000n));
}

/**
 * Splits ordered receipts into tier portions. Marginal: each receipt's slice of cumulative revenue is
 * cut at the tier boundaries (target × tier threshold). Retroactive: every counted slice takes the
 * rate of the tier reached by the period's counted revenue. Revenue past the attainment cap is kept as
 * a not-counted portion so the statement shows it.
 */
export function splitIntoTiers(plan: CommissionPlan, target: number, receipts: Receipt[]): TierSplit {
  const collected = receipts.reduce((s, r) => s + r.amount, 0);
  const limit =
    plan.attainmentCapBp === undefined ? Number.POSITIVE_INFINITY : boundary(target, plan.attainmentCapBp);
  const counted = Math.min(collected, limit);
  const starts = plan.tiers.map((t) => boundary(target, t.fromAttainmentBp));
  // Reached tier: the last whose threshold counted revenue meets, compared exactly (not via rounded boundary).
  let reachedTier = 0;
  plan.tiers.forEach((tier, i) => {
    if (BigInt(counted) * 10_000n >= BigInt(target) * BigInt(tier.fromAttainmentBp)) {
      reachedTier = i;
    }
  });

  const portions: TierPortion[] = [];
  let cursor = 0;
  for (const receipt of receipts) {
    const from = cursor;
    const to = cursor + receipt.amount;
    cursor = to;
    const countedTo = Math.min(to, limit);
    if (plan.basis === 'retroactive') {
      if (countedTo > from) {
        const tier = plan.tiers[reachedTier]!;
        portions.push({
          receiptId: receipt.id,
          tierIndex: reachedTier,
          bandFrom: 0,
          bandTo: Number.isFinite(limit) ? limit : null,
          base: countedTo - from,
          rateBp: tier.rateBp,
        });
      }
    } else {
      plan.tiers.forEach((tier, i) => {
        const bandFrom = starts[i]!;
        const next = starts[i + 1];
        const bandEnd = Math.min(next ?? Number.POSITIVE_INFINITY, limit);
        const lo = Math.max(from, bandFrom);
        const hi = Math.min(countedTo, bandEnd);
        if (hi > lo) {
          portions.push({
            receiptId: receipt.id,
            tierIndex: i,
            bandFrom,
            bandTo: Number.isFinite(bandEnd) ? bandEnd : null,
            base: hi - lo,
            rateBp: tier.rateBp,
          });
        }
      });
    }
    if (to > Math.max(from, limit)) {
      const lo = Math.max(from, limit);
      portions.push({
        receiptId: receipt.id,
        tierIndex: null,
        bandFrom: limit,
        bandTo: null,
        base: to - lo,
        rateBp: 0,
      });
    }
  }
  return { collected, counted, reachedTier, portions };
}
