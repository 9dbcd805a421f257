import { describe, expect, it } from 'vitest';
import {
  aliasTableMasses,
  allocateAliasScratch,
  allocateGroupAliasTables,
  fillGroupAliasTable,
  GROUP_SIZE,
  sampleGroupedBernoulliSums,
  sweepTrials,
} from '../../../../src/core/forecast/grouped-alias-sampler.ts';
import { type OpenDeal, simulatePeriodRevenue } from '../../../../src/core/forecast/index.ts';
import { createRng, type Rng } from '../../../../src/core/random.ts';

/** Brute force: every subset of the deals, its total and probability, merged by total. */
function enumerateByBruteForce(amounts: number[], probabilities: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (let mask = 0; mask < 1 << amounts.length; mask++) {
    let total = 0;
    let p = 1;
    for (let i = 0; i < amounts.length; i++) {
      const lands = (mask >> i) & 1;
      total += lands ? amounts[i]! : 0;
      p *= lands ? probabilities[i]! : 1 - probabilities[i]!;
    }
    out.set(total, (out.get(total) ?? 0) + p);
  }
  return out;
}

/** Exact distribution of Σ amounts·Bernoulli(p) for small integer amounts, by convolution. */
function convolve(amounts: readonly number[], probabilities: readonly number[]): number[] {
  let dist = [1];
  amounts.forEach((a, i) => {
    const p = probabilities[i]!;
    const next = new Array<number>(dist.length + a).fill(0);
    dist.forEach((m, v) => {
      next[v]! += m * (1 - p);
      next[v + a]! += m * p;
    });
    dist = next;
  });
  return dist;
}

/**
 * Pearson's χ² of observed counts against exact probabilities, pooling values whose expected count is
 * below 5. Returns the statistic and the degrees of freedom.
 */
function chiSquare(counts: Map<number, number>, exact: number[], n: number): { stat: number; df: number } {
  let stat = 0;
  let bins = 0;
  let pooledExpected = 0;
  let pooledObserved = 0;
  exact.forEach((p, v) => {
    const expected = p * n;
    const observed = counts.get(v) ?? 0;
    if (expected < 5) {
      pooledExpected += expected;
      pooledObserved += observed;
      return;
    }
    stat += (observed - expected) ** 2 / expected;
    bins++;
  });
  if (pooledExpected > 0) {
    stat += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
    bins++;
  }
  // Every observed total must be a possible one.
  for (const v of counts.keys()) {
    expect(exact[v] ?? 0).toBeGreaterThan(0);
  }
  return { stat, df: bins - 1 };
}

/** A χ² critical value far in the tail (≈ p < 10⁻⁴) by the Wilson–Hilferty approximation. */
function chiSquareCritical(df: number): number {
  const z = 3.72;
  const h = 2 / (9 * df);
  return df * (1 - h + z * Math.sqrt(h)) ** 3;
}

function randomGroup(rng: Rng, size: number): { amounts: number[]; probabilities: number[] } {
  const special = [0, 1, 1e-9, 1 - 1e-9, 0.5, 1 / 3];
  const amounts = Array.from({ length: size }, () => 1 + Math.floor(rng.next() * 50));
  const probabilities = Array.from({ length: size }, () =>
    rng.next() < 0.3 ? special[Math.floor(rng.next() * special.length)]! : rng.next(),
  );
  return { amounts, probabilities };
}

describe('grouped alias tables', () => {
  it('sample exactly the brute-force outcome distribution of their group', () => {
    const rng = createRng(42);
    for (const k of [1, 3, 5, GROUP_SIZE]) {
      for (let rep = 0; rep < 20; rep++) {
        // Some groups are short (padded with deals that never land), as the last group of a portfolio is.
        const count = rep % 4 === 3 ? Math.max(0, k - 1 - (rep % k)) : k;
        const { amounts, probabilities } = randomGroup(rng, count);
        const tables = allocateGroupAliasTables(k, 2, 16 - k);
        fillGroupAliasTable(amounts, probabilities, 0, count, tables, 1, allocateAliasScratch(k));
        const fromTable = aliasTableMasses(tables, 1);
        const exact = enumerateByBruteForce(amounts, probabilities);
        for (const [total, p] of exact) {
          expect(Math.abs((fromTable.get(total) ?? 0) - p)).toBeLessThan(1e-14);
        }
        for (const [total, p] of fromTable) {
          expect(exact.has(total) || p < 1e-15).toBe(true);
        }
        for (let e = 1 << k; e < 2 << k; e++) {
          expect(tables.threshold[e]).toBeGreaterThanOrEqual(0);
          expect(tables.threshold[e]).toBeLessThanOrEqual(2 ** (16 - k));
          expect(tables.remainder[e]).toBeGreaterThanOrEqual(0);
          expect(tables.remainder[e]).toBeLessThan(1);
        }
      }
    }
  });

  it('draws sums whose frequencies pass a χ² test against the exact distribution', () => {
    // 29 deals → 4 groups of 8 (the last one short) → padded to an even 4; small amounts so totals repeat.
    const rng = createRng(7);
    const amounts = Array.from({ length: 29 }, () => 1 + Math.floor(rng.next() * 4));
    const probabilities = Array.from({ length: 29 }, (_, i) =>
      i % 5 === 0 ? 0.97 : 0.05 + 0.9 * rng.next(),
    );
    const trials = 200_000;
    const acc = new Float64Array(trials);
    sampleGroupedBernoulliSums(amounts, probabilities, acc, trials, createRng(2024));
    const counts = new Map<number, number>();
    for (const v of acc) {
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const { stat, df } = chiSquare(counts, convolve(amounts, probabilities), trials);
    expect(df).toBeGreaterThan(20);
    expect(stat).toBeLessThan(chiSquareCritical(df));
  });

  it('gives the same draws for the same seed and adds to what is already accumulated', () => {
    const amounts = [5, 7, 11, 13, 17, 19, 23, 29, 31];
    const probabilities = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    const a = new Float64Array(1_000);
    const b = new Float64Array(1_000).fill(100);
    sampleGroupedBernoulliSums(amounts, probabilities, a, 1_000, createRng(3));
    sampleGroupedBernoulliSums(amounts, probabilities, b, 1_000, createRng(3));
    expect(Array.from(b, (v) => v - 100)).toEqual(Array.from(a));
    expect(new Set(a).size).toBeGreaterThan(20);
  });
});

describe('independent Monte Carlo end to end', () => {
  it('passes a χ² test against exact enumeration, mixing alias groups with rare and near-certain deals', () => {
    const rng = createRng(31);
    const openDeals: OpenDeal[] = Array.from({ length: 23 }, (_, i) => ({
      amount: 1 + Math.floor(rng.next() * 5),
      // Every fourth deal is rare (p < 3 %) or near-certain, so it takes the geometric-skipping path.
      winProbability: i % 4 === 0 ? (i % 8 === 0 ? 0.02 : 0.99) : rng.next(),
      slipProbability: i % 3 === 0 ? 0.25 : 0,
    }));
    const trials = 200_000;
    const r = simulatePeriodRevenue(
      { openDeals, closedRevenue: 0, target: 0 },
      { trials, rng: createRng(5) },
    );
    const counts = new Map<number, number>();
    for (const v of r.totals) {
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const exact = convolve(
      openDeals.map((d) => d.amount),
      openDeals.map((d) => d.winProbability * (1 - (d.slipProbability ?? 0))),
    );
    const { stat, df } = chiSquare(counts, exact, trials);
    expect(df).toBeGreaterThan(20);
    expect(stat).toBeLessThan(chiSquareCritical(df));
  });
});

describe('the threshold tie-break', () => {
  it('decides ties on the threshold’s integer part by the fractional remainder', () => {
    // Every threshold is 0, so an entry keeps itself only on a tie (low bits f = 0, chance 2^−8), and then
    // with chance `remainder`: ½ in group 0 (own value 1), ¼ in group 1 (own value 10⁶); aliases are 0.
    const tables = allocateGroupAliasTables(GROUP_SIZE, 2, 16 - GROUP_SIZE);
    const entries = 1 << GROUP_SIZE;
    for (let e = 0; e < entries; e++) {
      tables.remainder[e] = 0.5;
      tables.value[2 * e] = 1;
      tables.remainder[entries + e] = 0.25;
      tables.value[2 * (entries + e)] = 1e6;
    }
    const trials = 512_000;
    const acc = new Float64Array(trials);
    sweepTrials(acc, trials, 2, tables, new Int32Array([1, 2, 3, 4]), createRng(77));
    const total = acc.reduce((s, v) => s + v, 0);
    const kept0 = total % 1e6;
    const kept1 = Math.floor(total / 1e6);
    // Binomial(512,000, 1/512): mean 1,000, sd ≈ 31.6; Binomial(512,000, 1/1,024): mean 500, sd ≈ 22.4.
    expect(Math.abs(kept0 - 1_000)).toBeLessThan(5 * 31.6);
    expect(Math.abs(kept1 - 500)).toBeLessThan(5 * 22.4);
  });
});
