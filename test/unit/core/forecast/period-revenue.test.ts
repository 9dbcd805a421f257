import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleExponential } from '../../../../src/core/forecast/exponential-ziggurat.ts';
import {
  computePeriodRevenueExactly,
  expectRevenue,
  normalCdf,
  normalQuantile,
  type OpenDeal,
  probabilityAtMost,
  type RevenueDistributionInput,
  simulatePeriodRevenue,
} from '../../../../src/core/forecast/index.ts';
import { createRng, type Rng } from '../../../../src/core/random.ts';

function randomPortfolio(rng: Rng, deals: number, amountUnit = 1): RevenueDistributionInput {
  const openDeals: OpenDeal[] = Array.from({ length: deals }, () => ({
    amount: amountUnit * (1 + Math.floor(rng.next() * 500)),
    winProbability: Math.round(rng.next() * 100) / 100,
    slipProbability: rng.next() < 0.5 ? 0 : Math.round(rng.next() * 50) / 100,
  }));
  const expected = expectRevenue({ openDeals, closedRevenue: 0, target: 0 });
  return {
    openDeals,
    closedRevenue: 12_345,
    target: 12_345 + Math.round(expected * (0.8 + 0.4 * rng.next())),
  };
}

describe('exact period-revenue distribution', () => {
  it('matches a hand-computed two-deal distribution', () => {
    // A: 100 lands with 0.5 × (1 − 0.2) = 0.4; B: 300 lands with 0.5. Totals (+1,000 closed):
    // 1,000 w.p. 0.3, 1,100 w.p. 0.2, 1,300 w.p. 0.3, 1,400 w.p. 0.2.
    const r = computePeriodRevenueExactly({
      openDeals: [
        { amount: 100, winProbability: 0.5, slipProbability: 0.2 },
        { amount: 300, winProbability: 0.5 },
      ],
      closedRevenue: 1_000,
      target: 1_300,
    });
    expect(r.bucketSize).toBe(1);
    expect(r.pReachTarget).toBeCloseTo(0.5, 12);
    // Lower quantiles: P(total ≤ 1,100) = 0.5 exactly, so the median is 1,100.
    expect([r.p10, r.p50, r.p90]).toEqual([1_000, 1_100, 1_400]);
    expect(r.expected).toBe(1_190);
    expect(probabilityAtMost(r, 1_100)).toBeCloseTo(0.5, 12);
  });

  it('keeps the grid within the cell budget and the mean exact', () => {
    const input = randomPortfolio(createRng(3), 1_000, 9_973);
    const r = computePeriodRevenueExactly(input, { maxCells: 100_000 });
    expect(r.masses.length).toBeLessThanOrEqual(100_000);
    expect(r.bucketSize).toBeGreaterThan(1);
    expect(Math.abs(r.expected - expectRevenue(input))).toBeLessThanOrEqual(1);
    const total = r.masses.reduce((s, m) => s + m, 0);
    expect(total).toBeCloseTo(1, 9);
  });
});

describe('Monte Carlo period-revenue distribution', () => {
  it('agrees with the exact distribution within 1 point on P(reach target) and on percentiles', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 5, max: 120 }),
        (seed, size) => {
          const input = randomPortfolio(createRng(seed), size);
          const exact = computePeriodRevenueExactly(input);
          expect(exact.bucketSize).toBe(1); // amounts fit the grid: the "exact" side is exact
          const mc = simulatePeriodRevenue(input, { trials: 40_000, rng: createRng(seed + 1) });
          expect(Math.abs(mc.pReachTarget - exact.pReachTarget)).toBeLessThan(0.01);
          // A Monte Carlo percentile must be a (q ± 1 point)-quantile of the exact distribution.
          for (const [q, value] of [
            [0.1, mc.p10],
            [0.5, mc.p50],
            [0.9, mc.p90],
          ] as const) {
            expect(probabilityAtMost(exact, value)).toBeGreaterThanOrEqual(q - 0.01);
            expect(probabilityAtMost(exact, value - 1)).toBeLessThanOrEqual(q + 0.01);
          }
          expect(Math.abs(mc.expected - exact.expected)).toBeLessThan(0.01 * exact.expected + 1);
        },
      ),
      { numRuns: 8, seed: 20_240_601 },
    );
  });

  it('agrees with the exact DP on a coarse grid within a bucket plus sampling error', () => {
    const input = randomPortfolio(createRng(11), 1_000, 9_973);
    const exact = computePeriodRevenueExactly(input);
    const mc = simulatePeriodRevenue(input, { trials: 40_000, rng: createRng(12) });
    expect(Math.abs(mc.pReachTarget - exact.pReachTarget)).toBeLessThan(0.01);
    for (const [q, value] of [
      [0.1, mc.p10],
      [0.5, mc.p50],
      [0.9, mc.p90],
    ] as const) {
      expect(probabilityAtMost(exact, value + exact.bucketSize)).toBeGreaterThanOrEqual(q - 0.01);
      expect(probabilityAtMost(exact, value - exact.bucketSize)).toBeLessThanOrEqual(q + 0.01);
    }
  });

  it('gives the identical result for the same seed and a different one for another seed', () => {
    const input = randomPortfolio(createRng(5), 300, 1_000);
    const a = simulatePeriodRevenue(input, { trials: 5_000, rng: createRng(99) });
    const b = simulatePeriodRevenue(input, { trials: 5_000, rng: createRng(99) });
    const c = simulatePeriodRevenue(input, { trials: 5_000, rng: createRng(100) });
    expect(b.totals).toEqual(a.totals);
    expect(b.p50).toBe(a.p50);
    expect(c.totals).not.toEqual(a.totals);
  });

  it('treats certain and impossible deals exactly', () => {
    const r = simulatePeriodRevenue(
      {
        openDeals: [
          { amount: 700, winProbability: 1 },
          { amount: 300, winProbability: 1, slipProbability: 1 },
          { amount: 50, winProbability: 0 },
        ],
        closedRevenue: 100,
        target: 800,
      },
      { trials: 1_000, rng: createRng(1) },
    );
    expect([r.p10, r.p50, r.p90, r.expected, r.pReachTarget]).toEqual([800, 800, 800, 800, 1]);
  });

  it('keeps the mean but widens the spread when deals share a market factor', () => {
    const input = randomPortfolio(createRng(8), 400, 1_000);
    const independent = simulatePeriodRevenue(input, { trials: 20_000, rng: createRng(1) });
    const correlated = simulatePeriodRevenue(input, { trials: 20_000, rng: createRng(1), correlation: 0.3 });
    const again = simulatePeriodRevenue(input, { trials: 20_000, rng: createRng(1), correlation: 0.3 });
    const exactMean = expectRevenue(input);
    expect(Math.abs(correlated.expected - exactMean) / exactMean).toBeLessThan(0.01);
    expect(correlated.p90 - correlated.p10).toBeGreaterThan(2 * (independent.p90 - independent.p10));
    expect(again.totals).toEqual(correlated.totals);
  });
});

describe('sampling building blocks', () => {
  it('draws exponential variates with the right mean and tails', () => {
    const rng = createRng(2024);
    const n = 400_000;
    let sum = 0;
    let over1 = 0;
    let over3 = 0;
    let over8 = 0;
    for (let i = 0; i < n; i++) {
      const e = sampleExponential(rng);
      sum += e;
      over1 += e > 1 ? 1 : 0;
      over3 += e > 3 ? 1 : 0;
      over8 += e > 8 ? 1 : 0;
    }
    expect(sum / n).toBeCloseTo(1, 2);
    expect(over1 / n).toBeCloseTo(Math.exp(-1), 2);
    expect(over3 / n).toBeCloseTo(Math.exp(-3), 2);
    expect(over8).toBeGreaterThan(0); // the tail beyond the ziggurat's base strip is reachable
  });

  it('computes the normal CDF and its inverse to near double precision', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    for (const p of [1e-10, 0.001, 0.02425, 0.3, 0.5, 0.9, 0.999999]) {
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
    }
  });

  it('seeds the generator reproducibly, with unrelated streams for neighbouring seeds', () => {
    const a = createRng(1);
    const b = createRng(1);
    const c = createRng(2);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
