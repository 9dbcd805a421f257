import { Invalid } from '../errors.ts';
import { forkRng, type Rng, type Rng32 } from '../random.ts';
import { EXPONENTIAL_ZIGGURAT, sampleExponential, sampleExponentialSlow } from './exponential-ziggurat.ts';
import { sampleGroupedBernoulliSums } from './grouped-alias-sampler.ts';
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
 * Method without correlation (exact in distribution; cost ≈ trials · n / 8 table draws instead of one
 * Bernoulli draw per deal and trial): a deal lands in a trial independently with p = win·(1 − slip).
 * Deals are cut into groups of 8; each group's 256 outcomes (which of its deals land) are enumerated with
 * their total and probability, and a Walker/Vose alias table over them draws a whole group's outcome from
 * 16 random bits (one sfc32 word serves two groups; a rare tie with the threshold takes more bits, so no
 * outcome probability is rounded to the bit budget). Tables are built 16 groups at a time and swept over
 * all trials, so they stay in cache (see ./grouped-alias-sampler.ts). Deals with min(p, 1 − p) < 3 % are
 * cheaper to sample by geometric skipping: the trials a deal lands in form a Bernoulli process, so the gap
 * to its next landing is ⌊E / −ln(1 − p)⌋ with E ~ Exp(1) from an inlined ziggurat (for p > ½ the deal is
 * credited to every trial and its misses are skipped to and debited). Totals are integer sums in a
 * Float64Array (exact below 2⁵³ minor units), so summation order does not matter.
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

/**
 * Period-revenue distribution by Monte Carlo: grouped alias sampling plus geometric skipping for rare
 * events, or a one-factor copula when `correlation` > 0 (exact in distribution; see module doc).
 */
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

/**
 * Below this min(p, 1 − p) a deal is cheaper to sample by geometric skipping (≈ 11 ns per landing, so
 * ≈ 11·p ns per trial) than in an alias group (≈ 0.4 ns per deal and trial, plus the table build).
 */
const SPARSE_RATE = 0.03;

function simulateIndependent(deals: readonly OpenDeal[], trials: number, rng: Rng): Float64Array {
  const acc = new Float64Array(trials);
  const denseAmounts: number[] = [];
  const denseRates: number[] = [];
  const sparse: number[] = [];
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
    } else if (p < SPARSE_RATE || p > 1 - SPARSE_RATE) {
      sparse.push(i);
    } else {
      denseAmounts.push(amount);
      denseRates.push(p);
    }
  }
  sampleGroupedBernoulliSums(denseAmounts, denseRates, acc, trials, rng);
  base += skipToRareEvents(deals, sparse, acc, trials, rng);
  if (base !== 0) {
    for (let t = 0; t < trials; t++) {
      acc[t]! += base;
    }
  }
  return acc;
}

/**
 * Geometric skipping for the deals `indices` (each 0 < p < 1): a deal's landings over the trials form a
 * Bernoulli process, so the gap to the next one is ⌊E / −ln(1 − p)⌋ with E ~ Exp(1). Deals with p > ½
 * are credited to every trial (returned as a constant) and their misses skipped to and debited instead.
 */
function skipToRareEvents(
  deals: readonly OpenDeal[],
  indices: readonly number[],
  acc: Float64Array,
  trials: number,
  rng: Rng,
): number {
  if (indices.length === 0) {
    return 0;
  }
  const { ke, we } = EXPONENTIAL_ZIGGURAT;
  const slowRng = forkRng(rng);
  // The hot loop runs sfc32 in local variables (seeded from the injected rng) so V8 keeps it in registers.
  let a = seedWord(rng);
  let b = seedWord(rng);
  let c = seedWord(rng);
  let d = seedWord(rng) | 1;
  let base = 0;
  for (const i of indices) {
    const deal = deals[i]!;
    const p = landingProbability(deal);
    const amount = deal.amount;
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
  return base;
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
