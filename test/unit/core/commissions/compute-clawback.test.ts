import { describe, expect, it } from 'vitest';
import { computeClawback, type Reversal } from '../../../../src/core/commissions/index.ts';

function reversal(overrides: Partial<Reversal> = {}): Reversal {
  return {
    id: 'rev',
    receiptId: 'r1',
    date: '2025-06-01',
    reversedAmount: 500_000,
    original: { period: '2025-04', receiptAmount: 500_000, commissionPaid: 5_000 },
    ...overrides,
  };
}

describe('computeClawback', () => {
  it('claws back everything that was paid when the whole receipt is reversed', () => {
    const line = computeClawback(reversal());
    expect(line.amount).toBe(-5_000);
    expect(line.explanation).toContain('2025-04 paid 5000');
  });

  it('claws back exactly what was paid across partial reversals with rounding', () => {
    const original = { period: '2025-04', receiptAmount: 2, commissionPaid: 1 };
    const first = computeClawback(reversal({ reversedAmount: 1, original }));
    const second = computeClawback(
      reversal({ reversedAmount: 1, original: { ...original, alreadyReversedAmount: 1 } }),
    );
    expect([first.amount, second.amount]).toEqual([-1, 0]);
  });

  it('refuses to reverse more than is left of the receipt', () => {
    const original = { period: '2025-04', receiptAmount: 100, commissionPaid: 3, alreadyReversedAmount: 60 };
    expect(() => computeClawback(reversal({ reversedAmount: 41, original }))).toThrow(/at most what is left/);
  });
});
