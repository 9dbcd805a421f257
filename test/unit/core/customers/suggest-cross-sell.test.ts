import { describe, expect, it } from 'vitest';
import { suggestCrossSell } from '../../../../src/core/customers/suggest-cross-sell.ts';

/*
 * Ten won deals by hand:
 *   A B ×4, A B C ×2, A C ×1, B C ×1, D ×2.
 * n(A) = 7, n(B) = 7, n(C) = 4, n(D) = 2; n(A,B) = 6, n(A,C) = 3, n(B,C) = 3, N = 10.
 * A customer owning A only:
 *   A → B: support 6/10 = 0.6, confidence 6/7, lift (6/7) / (7/10) = 60/49
 *   A → C: support 3/10 = 0.3, confidence 3/7, lift (3/7) / (4/10) = 30/28 = 15/14
 * A customer owning A and B: C's best rule is B → C vs A → C, both 3/7 and lift 15/14; ties by id → A.
 */
const baskets = [
  ...Array.from({ length: 4 }, () => ['A', 'B']),
  ['A', 'B', 'C'],
  ['A', 'B', 'C', 'C'],
  ['A', 'C'],
  ['B', 'C'],
  ['D'],
  ['D'],
];

describe('suggestCrossSell: association rules over won deals', () => {
  it('computes support, confidence and lift as by hand, best first', () => {
    const s = suggestCrossSell(baskets, ['A']);
    expect(s.map((r) => r.productId)).toEqual(['B', 'C']);
    expect(s[0]).toEqual({
      productId: 'B',
      antecedentId: 'A',
      deals: 6,
      antecedentDeals: 7,
      productDeals: 7,
      totalDeals: 10,
      support: 0.6,
      confidence: 6 / 7,
      lift: 60 / 49,
    });
    expect(s[1]).toMatchObject({ productId: 'C', deals: 3, support: 0.3, confidence: 3 / 7 });
    expect(s[1]!.lift).toBeCloseTo(15 / 14, 12);
  });

  it('never suggests what the customer already has, and D (never bought with A) not at all', () => {
    const s = suggestCrossSell(baskets, ['A', 'B']);
    expect(s.map((r) => [r.productId, r.antecedentId])).toEqual([['C', 'A']]);
  });

  it('drops rules under the minimum deals and confidence; nothing for a customer with nothing', () => {
    expect(suggestCrossSell(baskets, ['A'], { minDeals: 4 }).map((r) => r.productId)).toEqual(['B']);
    expect(suggestCrossSell(baskets, ['A'], { minConfidence: 0.5 }).map((r) => r.productId)).toEqual(['B']);
    expect(suggestCrossSell(baskets, [])).toEqual([]);
    expect(suggestCrossSell([], ['A'])).toEqual([]);
  });
});
