import { describe, expect, it } from 'vitest';
import { classifyAbc } from '../../../../src/core/customers/index.ts';

describe('classifyAbc', () => {
  it('classifies a hand example by where each cumulative share starts', () => {
    const entries = classifyAbc([
      { customerId: 'c4', revenue: 60 },
      { customerId: 'c1', revenue: 500 },
      { customerId: 'c5', revenue: 40 },
      { customerId: 'c3', revenue: 100 },
      { customerId: 'c2', revenue: 300 },
    ]);
    // Cumulative before: c1 0 %, c2 50 %, c3 80 %, c4 90 %, c5 96 %.
    expect(entries.map((e) => [e.customerId, e.abcClass, e.cumulativeBeforeBp, e.cumulativeBp])).toEqual([
      ['c1', 'A', 0, 5_000],
      ['c2', 'A', 5_000, 8_000],
      ['c3', 'B', 8_000, 9_000],
      ['c4', 'B', 9_000, 9_600],
      ['c5', 'C', 9_600, 10_000],
    ]);
    expect(entries[2]!.reason).toContain('80.00 %');
  });

  it('keeps the customer that crosses 80 % in class A', () => {
    const entries = classifyAbc([
      { customerId: 'big', revenue: 900 },
      { customerId: 'mid', revenue: 80 },
      { customerId: 'small', revenue: 20 },
    ]);
    // Starts at 0 %, 90 %, 98 %.
    expect(entries.map((e) => e.abcClass)).toEqual(['A', 'B', 'C']);
  });

  it('gives equal revenues the same class and orders them by id', () => {
    const entries = classifyAbc([
      { customerId: 'd', revenue: 100 },
      { customerId: 'a', revenue: 700 },
      { customerId: 'c', revenue: 100 },
      { customerId: 'b', revenue: 100 },
    ]);
    expect(entries.map((e) => `${e.customerId}${e.abcClass}`)).toEqual(['aA', 'bA', 'cA', 'dA']);
    expect(entries[2]!.reason).toBe('same revenue as b, same class');
  });

  it('puts zero and negative revenue in C and honours custom thresholds', () => {
    const entries = classifyAbc(
      [
        { customerId: 'x', revenue: 600 },
        { customerId: 'y', revenue: 400 },
        { customerId: 'z', revenue: -50 },
        { customerId: 'w', revenue: 0 },
      ],
      { aUpToBp: 5_000, bUpToBp: 9_000 },
    );
    expect(entries.map((e) => `${e.customerId}${e.abcClass}`)).toEqual(['xA', 'yB', 'wC', 'zC']);
  });

  it('rejects inverted thresholds', () => {
    expect(() => classifyAbc([], { aUpToBp: 9_000, bUpToBp: 8_000 })).toThrow(/thresholds/);
  });
});
