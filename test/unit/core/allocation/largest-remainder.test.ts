import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateByBlend,
  allocateByWeights,
  allocateEqually,
  blendWeights,
} from '../../../../src/core/allocation/index.ts';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('allocateByWeights (largest remainder)', () => {
  it('gives the leftover units to the largest fractional parts', () => {
    // Quotas 3.333…, 3.333…, 3.333… → 4, 3, 3 (tie broken by index).
    expect(allocateByWeights({ total: 10, weights: [1, 1, 1] })).toEqual([4, 3, 3]);
    // Quotas 4.6, 3.4, 2.0 → 5, 3, 2.
    expect(allocateByWeights({ total: 10, weights: [46, 34, 20] })).toEqual([5, 3, 2]);
    expect(allocateEqually({ total: 7, count: 3 })).toEqual([3, 2, 2]);
  });

  it('splits zero into zeros and never hands a unit to a zero weight', () => {
    expect(allocateByWeights({ total: 0, weights: [0, 0] })).toEqual([0, 0]);
    expect(allocateByWeights({ total: 5, weights: [0, 1, 0, 1] })).toEqual([0, 3, 0, 2]);
  });

  it('rejects negative, fractional or unsafe totals and bad weights', () => {
    expect(() => allocateByWeights({ total: -1, weights: [1] })).toThrow(/must not be negative/);
    expect(() => allocateByWeights({ total: 1.5, weights: [1] })).toThrow(/whole number/);
    expect(() => allocateByWeights({ total: 2 ** 60, weights: [1] })).toThrow(/whole number/);
    expect(() => allocateByWeights({ total: 5, weights: [1, -1] })).toThrow(/weights\[1\]/);
    expect(() => allocateByWeights({ total: 5, weights: [0, 0] })).toThrow(/all weights are zero/);
    expect(() => allocateByWeights({ total: 5, weights: [] })).toThrow(/no children/);
  });

  it('always sums exactly, is never negative and stays within one unit of each exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_000 }),
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (total, rawWeights) => {
          const weights = rawWeights.some((w) => w > 0) ? rawWeights : [...rawWeights.slice(1), 1];
          const parts = allocateByWeights({ total, weights });
          const weightSum = sum(weights);
          expect(sum(parts)).toBe(total);
          parts.forEach((part, i) => {
            expect(Number.isInteger(part)).toBe(true);
            expect(part).toBeGreaterThanOrEqual(0);
            expect(Math.abs(part - (total * weights[i]!) / weightSum)).toBeLessThan(
              1 + 1e-6 * Math.max(1, total / 1e9),
            );
          });
        },
      ),
    );
  });

  it('is deterministic and order-consistent for equal weights', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 30 }), (total, count) => {
        const parts = allocateEqually({ total, count });
        expect(sum(parts)).toBe(total);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
        // Extra units go to the first children.
        expect([...parts].sort((a, b) => b - a)).toEqual(parts);
      }),
    );
  });
});

describe('blended weights', () => {
  it('mixes normalised history and potential shares with α', () => {
    const weights = blendWeights({ history: [300, 100], potential: [1, 3], alpha: 0.5 });
    // history shares 0.75/0.25, potential 0.25/0.75 → 0.5/0.5.
    expect(weights).toEqual([0.5, 0.5]);
    expect(allocateByBlend({ total: 1000, history: [300, 100], potential: [1, 3], alpha: 0.8 })).toEqual([
      // 0.8·0.75 + 0.2·0.25 = 0.65; 0.8·0.25 + 0.2·0.75 = 0.35.
      650, 350,
    ]);
  });

  it('rejects α outside [0, 1] and mismatched lengths', () => {
    expect(() => blendWeights({ history: [1], potential: [1], alpha: 1.1 })).toThrow(/alpha/);
    expect(() => blendWeights({ history: [1, 2], potential: [1], alpha: 0.5 })).toThrow(/children/);
  });

  it('lets α = 1 ignore an all-zero potential', () => {
    expect(allocateByBlend({ total: 9, history: [2, 1], potential: [0, 0], alpha: 1 })).toEqual([6, 3]);
  });
});
