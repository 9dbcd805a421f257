import { describe, expect, it } from 'vitest';
import {
  type CustomerActivity,
  scoreQuintiles,
  scoreRfm,
  suggestTier,
} from '../../../../src/core/customers/index.ts';

function activity(
  overrides: Partial<CustomerActivity> & Pick<CustomerActivity, 'customerId'>,
): CustomerActivity {
  return { lastPurchaseDate: '2025-03-01', orderCount: 1, revenue: 100, ...overrides };
}

describe('scoreQuintiles', () => {
  it('spreads five distinct values over 1…5 regardless of input order', () => {
    expect(scoreQuintiles([30, 10, 50, 20, 40])).toEqual([3, 1, 5, 2, 4]);
  });

  it('puts ten distinct values two per quintile', () => {
    expect(scoreQuintiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('gives tied values the same score', () => {
    expect(scoreQuintiles([5, 5, 5, 1, 9])).toEqual([2, 2, 2, 1, 5]);
    expect(scoreQuintiles([7, 7, 7])).toEqual([1, 1, 1]);
  });
});

describe('scoreRfm', () => {
  it('scores recency against the injected as-of date, fewer days being better', () => {
    const scores = scoreRfm({
      asOf: '2025-04-01',
      customers: [
        activity({ customerId: 'a', lastPurchaseDate: '2025-03-31', orderCount: 1, revenue: 500 }),
        activity({ customerId: 'b', lastPurchaseDate: '2025-03-01', orderCount: 9, revenue: 400 }),
        activity({ customerId: 'c', lastPurchaseDate: '2025-01-01', orderCount: 5, revenue: 300 }),
        activity({ customerId: 'd', lastPurchaseDate: '2024-12-01', orderCount: 3, revenue: 200 }),
        activity({ customerId: 'e', lastPurchaseDate: null, orderCount: 0, revenue: 0 }),
      ],
    });
    expect(scores.map((s) => [s.customerId, s.recencyDays, s.code])).toEqual([
      ['a', 1, '525'],
      ['b', 31, '454'],
      ['c', 90, '343'],
      ['d', 121, '232'],
      ['e', null, '111'],
    ]);
  });

  it('rejects a purchase after the as-of date', () => {
    expect(() =>
      scoreRfm({
        asOf: '2025-04-01',
        customers: [activity({ customerId: 'a', lastPurchaseDate: '2025-04-02' })],
      }),
    ).toThrow(/after asOf/);
  });
});

describe('suggestTier', () => {
  it('suggests VIP for active A customers and key for inactive ones', () => {
    expect(suggestTier({ abcClass: 'A', r: 5, f: 4 }).tier).toBe('vip');
    const key = suggestTier({ abcClass: 'A', r: 3, f: 5 });
    expect(key.tier).toBe('key');
    expect(key.reason).toContain('protect');
  });

  it('promotes active B customers to key and leaves inactive C customers in the long tail', () => {
    expect(suggestTier({ abcClass: 'B', r: 4, f: 4 }).tier).toBe('key');
    expect(suggestTier({ abcClass: 'B', r: 4, f: 3 }).tier).toBe('normal');
    expect(suggestTier({ abcClass: 'C', r: 5, f: 5 }).tier).toBe('normal');
    expect(suggestTier({ abcClass: 'C', r: 2, f: 5 }).tier).toBe('longTail');
  });

  it('honours a configured activity threshold', () => {
    expect(suggestTier({ abcClass: 'A', r: 3, f: 3, rule: { minActiveScore: 3 } }).tier).toBe('vip');
  });
});
