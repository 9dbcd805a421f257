import { Invalid } from '../errors.ts';
import { roundMinorUnits } from '../money.ts';

/** An open deal as the period-revenue distribution sees it. Money in minor units. */
export interface OpenDeal {
  /** Amount in minor units (integer ≥ 0). */
  amount: number;
  /** Chance the deal is won at all, in [0, 1]. */
  winProbability: number;
  /** Chance that, if won, it closes after the period end, in [0, 1]; 0 when omitted. */
  slipProbability?: number;
}

/** What the period could bring: revenue already closed plus the open deals, against a target. */
export interface RevenueDistributionInput {
  openDeals: readonly OpenDeal[];
  /** Revenue already closed in the period (minor units). */
  closedRevenue: number;
  /** The period target (minor units). */
  target: number;
}

/** Summary of a period-revenue distribution. Money in minor units; percentiles are lower quantiles. */
export interface RevenueOutlook {
  /** P(closed revenue + landed deals ≥ target). */
  pReachTarget: number;
  /** Revenue reached with 90 % probability (10th percentile). */
  p10: number;
  /** Median revenue. */
  p50: number;
  /** Revenue exceeded with only 10 % probability (90th percentile). */
  p90: number;
  /** Expected revenue. */
  expected: number;
}

/** Probability that a deal lands in the period: won and not slipped, p·(1 − q). */
export function landingProbability(deal: OpenDeal): number {
  return deal.winProbability * (1 - (deal.slipProbability ?? 0));
}

/** Reject inputs the distribution maths cannot give a meaning to (bad probabilities, fractional money). */
export function assertValidRevenueInput(input: RevenueDistributionInput): void {
  const problems: { path: string; message: string }[] = [];
  if (!Number.isSafeInteger(input.closedRevenue)) {
    problems.push({ path: 'closedRevenue', message: 'must be an integer amount in minor units' });
  }
  if (!Number.isFinite(input.target)) {
    problems.push({ path: 'target', message: 'must be a finite amount in minor units' });
  }
  input.openDeals.forEach((deal, i) => {
    if (!Number.isSafeInteger(deal.amount) || deal.amount < 0) {
      problems.push({ path: `openDeals.${i}.amount`, message: 'must be a non-negative integer' });
    }
    if (!(deal.winProbability >= 0 && deal.winProbability <= 1)) {
      problems.push({ path: `openDeals.${i}.winProbability`, message: 'must lie in [0, 1]' });
    }
    const slip = deal.slipProbability ?? 0;
    if (!(slip >= 0 && slip <= 1)) {
      problems.push({ path: `openDeals.${i}.slipProbability`, message: 'must lie in [0, 1]' });
    }
  });
  if (problems.length > 0) {
    throw new Invalid('Invalid revenue distribution input', problems.slice(0, 20));
  }
}

/** Expected period revenue, closed + Σ amount·p·(1 − q), rounded once to minor units. */
export function expectRevenue(input: RevenueDistributionInput): number {
  let sum = input.closedRevenue;
  for (const deal of input.openDeals) {
    sum += deal.amount * landingProbability(deal);
  }
  return roundMinorUnits(sum);
}

/** Lower quantile of sorted samples: the smallest value v with share(samples ≤ v) ≥ q. */
export function lowerQuantile(sorted: Float64Array, q: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length - 1e-9) - 1));
  return sorted[index]!;
}

/** Summarise simulated period totals (one per trial) into P(reach target), P10/P50/P90 and the mean. */
export function summariseTrials(totals: Float64Array, target: number): RevenueOutlook {
  const sorted = Float64Array.from(totals).sort();
  let reached = 0;
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i]!;
    sum += v;
    if (v >= target) {
      reached++;
    }
  }
  return {
    pReachTarget: reached / sorted.length,
    p10: roundMinorUnits(lowerQuantile(sorted, 0.1)),
    p50: roundMinorUnits(lowerQuantile(sorted, 0.5)),
    p90: roundMinorUnits(lowerQuantile(sorted, 0.9)),
    expected: roundMinorUnits(sum / sorted.length),
  };
}
