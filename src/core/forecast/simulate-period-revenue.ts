import { Invalid } from '../errors.ts';
import { forkRng, type Rng, type Rng32 } from '../random.ts';
import { EXPONENTIAL_ZIGGURAT, sampleExponential, sampleExponentialSlow } from './exponential-ziggurat.ts';
import { normalCdf, normalQuantile } from './normal.ts';
import {
  assertValidRevenueInput,
  landingProbability,
  type OpenDeal,
  type RevenueDistributionInput,
  type RevenueOutlook,
  summariseTrials,
} from './revenue-distribution.ts';

/**
 * Monte Carlo distribution of period revenue.
 *
 * Method (exact in distribution, cost ∝ Σ min(p, 1 − p) · trials instead of deals · trials):
 * a deal lands in each trial independently with p = win·(1 − slip), so the trials it lands in form a
 * Bernoulli process; the gap before its next landing is geometric, drawn as ⌊E / −ln(1 − p)⌋ with
 * E ~ Exp(1) from an inlined ziggurat. Deals with p > ½ are first credited to every trial and then
 * the *misses* (rate 1 − p) are skipped to and debited. Totals are integer sums in a Float64Array
 * (exact below 2⁵³ minor units), so summation order does not matter.
 *
 * Correlation (optional, `correlation` = ρ > 0): a one-factor Gaussian copula (Vasicek). Trial t draws
 * a market factor Z_t ~ N(0, 1); deal i lands iff √ρ·Z_t + √(1 − ρ)·ε_it > Φ⁻¹(1 − p_i), ε independent.
 * Given Z, deals are independent with p_i(Z) = Φ((Φ⁻¹(p_i) + √ρ·Z)/√(1 − ρ)); unconditionally each
 * deal keeps its own p_i, so the expected value is unchanged and only the spread widens (a good or bad
 * quarter moves many deals together). Trials are sorted by Z and cut into blocks; within a block the
 * largest conditional probability drives the geometric skips and each candidate is kept with
 * probability p_i(Z_t)/p̄ (thinning), which is again exact.
 */
export interface SimulateOptions {
  /** Number of trials (default 10,000). */
  trials?: number;
  /** Injected random source (same seed → same result). */
  rng: Rng;
  /** Factor correlation ρ in [0, 1) between deals (default 0: independent). */
  correlation?: number;
}

/** Result of the Monte Carlo simulation. */
export interface SimulatedRevenue extends RevenueOutlook {
  method: 'monte-carlo';
  trials: number;
  /** Period total of every trial (minor units), in trial order. */
  totals: Float64Array;
}

/** Period-revenue distribution by Monte Carlo with geometric skipping (exact in distribution; see module doc). */
export function simulatePeriodRevenue(
  input: RevenueDistributionInput,
  options: SimulateOptions,
): SimulatedRevenue {
  assertValidRevenueInput(input);
  const trials = options.trials ?? 10_000;
  const correlation = options.correlation ?? 0;
  if (!Number.isInteger(trials) || trials < 1) {
    throw new Invalid('trials must be a positive integer', [{ path: 'trials', message: 'must be ≥ 1' }]);
  }
  if (!(correlation >= 0 && correlation < 1)) {
    throw new Invalid('correlation must lie in [0, 1)', [
      { path: 'correlation', message: 'must lie in [0, 1)' },
    ]);
  }
  const totals =
    correlation === 0
      ? simulateIndependent(input.openDeals, trials, options.rng)
      : simulateCorrelated(input.openDeals, trials, correlation, forkRng(options.rng));
  if (input.closedRevenue !== 0) {
    for (let t = 0; t < trials; t++) {
      totals[t]! += input.closedRevenue;
    }
  }
  return { method: 'monte-carlo', trials, totals, ...summariseTrials(totals, input.target) };
}

function seedWord(rng: Rng): number {
  return Math.floor(rng.next() * 4294967296) | 0;
}

function simulateIndependent(deals: readonly OpenDeal[], trials: number, rng: Rng): Float64Array {
  const acc = new Float64Array(trials);
  const { ke, we } = EXPONENTIAL_ZIGGURAT;
  const slowRng = forkRng(rng);
  // The hot loop runs sfc32 in local variables (seeded from the injected rng) so V8 keeps it in registers.
  let a = seedWord(rng);
  let b = seedWord(rng);
  let c = seedWord(rng);
  let d = seedWord(rng) | 1;
  let base = 0;
  for (let i = 0; i < deals.length; i++) {
    const deal = deals[i]!;
    const p = landingProbability(deal);
    const amount = deal.amount;
    if (!(p > 0) || amount === 0) {
      continue;
    }
    if (p >= 1) {
      base += amount;
      continue;
    }
    let rate = p;
    let delta = amount;
    if (p > 0.5) {
      base += amount;
      rate = 1 - p;
      delta = -amount;
    }
    const scale = -1 / Math.log1p(-rate);
    let t = 0;
    for (;;) {
      const w = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + w) | 0;
      const jz = w >>> 0;
      const iz = jz & 255;
      const gap = (jz < ke[iz]! ? jz * we[iz]! : sampleExponentialSlow(jz, iz, slowRng)) * scale;
      if (gap >= trials - t) {
        break;
      }
      // t stays a small integer (gap < trials here), so `| 0` is ⌊t + gap⌋ and keeps V8 on int32 paths.
      t = (t + gap) | 0;
      acc[t]! += delta;
      t++;
    }
  }
  if (base !== 0) {
    for (let t = 0; t < trials; t++) {
      acc[t]! += base;
    }
  }
  return acc;
}

const BLOCKS = 64;

function simulateCorrelated(
  deals: readonly OpenDeal[],
  trials: number,
  rho: number,
  rng: Rng32,
): Float64Array {
  const z = new Float64Array(trials);
  for (let t = 0; t < trials; t++) {
    z[t] = normalQuantile((rng.nextUint32() + 0.5) / 4294967296);
  }
  // Trials are exchangeable, so ordering them by the factor changes nothing but lets p_i(Z) be monotone per block.
  z.sort();
  const blocks = Math.min(BLOCKS, trials);
  const edges: number[] = [];
  for (let k = 0; k <= blocks; k++) {
    edges.push(Math.round((k * trials) / blocks));
  }
  const acc = new Float64Array(trials);
  const credit = new Float64Array(trials + 1);
  const loading = Math.sqrt(rho);
  const idiosyncratic = Math.sqrt(1 - rho);
  for (const deal of deals) {
    const p = landingProbability(deal);
    const amount = deal.amount;
    if (!(p > 0) || amount === 0) {
      continue;
    }
    if (p >= 1) {
      credit[0]! += amount;
      credit[trials]! -= amount;
      continue;
    }
    const threshold = normalQuantile(p);
    const conditional = (t: number) => normalCdf((threshold + loading * z[t]!) / idiosyncratic);
    for (let k = 0; k < blocks; k++) {
      const start = edges[k]!;
      const end = edges[k + 1]!;
      if (end <= start) {
        continue;
      }
      const lo = conditional(start);
      const hi = conditional(end - 1);
      if (hi <= 0.5 || lo < 0.5) {
        // Skip to candidate landings at the block's highest rate, keep each with p(Z_t)/hi.
        visitBernoulli(start, end, hi, rng, (t) => {
          if (lo === hi || rng.next() * hi < conditional(t)) {
            acc[t]! += amount;
          }
        });
      } else {
        // Credit the whole block, then skip to candidate misses at rate 1 − lo.
        credit[start]! += amount;
        credit[end]! -= amount;
        visitBernoulli(start, end, 1 - lo, rng, (t) => {
          if (lo === hi || rng.next() * (1 - lo) < 1 - conditional(t)) {
            acc[t]! -= amount;
          }
        });
      }
    }
  }
  let running = 0;
  for (let t = 0; t < trials; t++) {
    running += credit[t]!;
    acc[t]! += running;
  }
  return acc;
}

/** Call `visit` on each index in [start, end) selected by an independent Bernoulli(rate) draw, via geometric gaps. */
function visitBernoulli(
  start: number,
  end: number,
  rate: number,
  rng: Rng32,
  visit: (t: number) => void,
): void {
  if (!(rate > 0)) {
    return;
  }
  if (rate >= 1) {
    for (let t = start; t < end; t++) {
      visit(t);
    }
    return;
  }
  const scale = -1 / Math.log1p(-rate);
  let t = start;
  for (;;) {
    t += Math.floor(sampleExponential(rng) * scale);
    if (t >= end) {
      return;
    }
    visit(t);
    t++;
  }
}
