import { Invalid } from '../errors.ts';
import { roundMinorUnits } from '../money.ts';
import {
  assertValidRevenueInput,
  landingProbability,
  type RevenueDistributionInput,
  type RevenueOutlook,
} from './revenue-distribution.ts';

/**
 * Exact distribution of period revenue for independent deals, by dynamic programming over a grid
 * of amount buckets of size h (minor units).
 *
 * Discretisation: h is the smallest integer that keeps the grid ≤ `maxCells` cells. A deal amount
 * a = (k + f)·h with 0 ≤ f < 1 is placed on k·h with probability 1 − f and on (k + 1)·h with
 * probability f ("mass splitting"), so every deal keeps its exact expected value and the expected
 * total is exact. In a single outcome each landed deal moves by less than h, so the error is below
 * (number of landed deals)·h in the worst case and about h·√(landed/6) typically; when every amount
 * is a multiple of h (always when the total is below `maxCells` minor units) the result is exact.
 * Cost: O(deals × cells) multiply-adds, e.g. 1,000 deals × 100k cells ≈ 5·10⁷.
 */
export interface ExactOptions {
  /** Upper bound on grid cells (default 100,000). */
  maxCells?: number;
}

/** Result of the exact computation; `masses[k]` is P(total = closedRevenue + k·bucketSize). */
export interface ExactRevenue extends RevenueOutlook {
  method: 'exact';
  bucketSize: number;
  closedRevenue: number;
  masses: Float64Array;
}

/** Period-revenue distribution by dynamic programming over discretised amounts (exact for independent deals up to the bucket; see module doc). */
export function computePeriodRevenueExactly(
  input: RevenueDistributionInput,
  options: ExactOptions = {},
): ExactRevenue {
  assertValidRevenueInput(input);
  const maxCells = options.maxCells ?? 100_000;
  if (!Number.isInteger(maxCells) || maxCells < 2) {
    throw new Invalid('maxCells must be an integer ≥ 2', [{ path: 'maxCells', message: 'must be ≥ 2' }]);
  }
  const deals = input.openDeals.filter((d) => d.amount > 0 && landingProbability(d) > 0);
  const bucketSize = chooseBucketSize(
    deals.map((d) => d.amount),
    maxCells,
  );
  let top = 0;
  for (const deal of deals) {
    top += Math.ceil(deal.amount / bucketSize);
  }
  const masses = new Float64Array(top + 1);
  masses[0] = 1;
  let hi = 0;
  for (const deal of deals) {
    const p = landingProbability(deal);
    const units = deal.amount / bucketSize;
    const k = Math.floor(units);
    const f = units - k;
    const stay = 1 - p;
    const low = p * (1 - f);
    const high = p * f;
    const newHi = hi + (f > 0 ? k + 1 : k);
    // In place from the top down: every read index (j − k, j − k − 1) is still the previous deal's value.
    for (let j = newHi; j >= 0; j--) {
      let v = j <= hi ? stay * masses[j]! : 0;
      const a = j - k;
      if (a >= 0 && a <= hi) {
        v += low * masses[a]!;
      }
      if (high > 0 && a - 1 >= 0 && a - 1 <= hi) {
        v += high * masses[a - 1]!;
      }
      masses[j] = v;
    }
    hi = newHi;
  }
  return {
    method: 'exact',
    bucketSize,
    closedRevenue: input.closedRevenue,
    masses,
    ...summarise(masses, bucketSize, input),
  };
}

function chooseBucketSize(amounts: number[], maxCells: number): number {
  const total = amounts.reduce((s, a) => s + a, 0);
  let h = Math.max(1, Math.ceil(total / (maxCells - 1)));
  // Mass splitting can add one cell per deal; widen until Σ⌈a/h⌉ + 1 fits.
  for (;;) {
    let cells = 1;
    for (const a of amounts) {
      cells += Math.ceil(a / h);
    }
    if (cells <= maxCells) {
      return h;
    }
    h = Math.max(h + 1, Math.ceil((h * cells) / maxCells));
  }
}

function summarise(masses: Float64Array, h: number, input: RevenueDistributionInput): RevenueOutlook {
  const { closedRevenue, target } = input;
  const quantiles = [0.1, 0.5, 0.9];
  const found: number[] = [];
  let cumulative = 0;
  let reach = 0;
  let mean = 0;
  // A hair of tolerance so a cumulative sum of 0.1 − 1e-15 still counts as reaching the 10 % level.
  const eps = 1e-12;
  for (let k = 0; k < masses.length; k++) {
    const m = masses[k]!;
    const value = closedRevenue + k * h;
    cumulative += m;
    mean += m * value;
    if (value >= target) {
      reach += m;
    }
    while (found.length < quantiles.length && cumulative >= quantiles[found.length]! - eps) {
      found.push(value);
    }
  }
  const last = closedRevenue + (masses.length - 1) * h;
  while (found.length < quantiles.length) {
    found.push(last);
  }
  return {
    pReachTarget: Math.min(1, reach),
    p10: roundMinorUnits(found[0]!),
    p50: roundMinorUnits(found[1]!),
    p90: roundMinorUnits(found[2]!),
    expected: roundMinorUnits(mean),
  };
}

/** P(total ≤ x) under an exact result: the CDF of the discretised distribution. */
export function probabilityAtMost(result: ExactRevenue, x: number): number {
  let sum = 0;
  for (let k = 0; k < result.masses.length; k++) {
    if (result.closedRevenue + k * result.bucketSize > x) {
      break;
    }
    sum += result.masses[k]!;
  }
  return Math.min(1, sum);
}
