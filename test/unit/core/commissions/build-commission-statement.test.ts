import { describe, expect, it } from 'vitest';
import { buildCommissionStatement } from '../../../../src/core/commissions/index.ts';
import { aprilReceipts, buildPlan, buildReceipt, TARGET } from './factories.ts';

const sumLines = (s: { lines: { amount: number }[] }) => s.lines.reduce((t, l) => t + l.amount, 0);

describe('buildCommissionStatement', () => {
  it('pays each band at its own rate with marginal tiers', () => {
    const s = buildCommissionStatement({
      plan: buildPlan(),
      period: '2025-04',
      target: TARGET,
      receipts: aprilReceipts(),
    });
    // r1: 500 000 × 1 % = 5 000. r2: 300 000 × 1 % + 200 000 × 3 % + 200 000 × 5 % = 3 000 + 6 000 + 10 000.
    expect(s.lines.map((l) => [l.receiptId, l.tierLabel, l.base, l.rateBp, l.amount])).toEqual([
      ['r1', 'below 80 %', 500_000, 100, 5_000],
      ['r2', 'below 80 %', 300_000, 100, 3_000],
      ['r2', 'base', 200_000, 300, 6_000],
      ['r2', 'accelerator', 200_000, 500, 10_000],
    ]);
    expect(s.lines[2]).toMatchObject({ bandFrom: 800_000, bandTo: 1_000_000 });
    expect(s.lines[3]).toMatchObject({ bandFrom: 1_000_000, bandTo: null });
    expect(s).toMatchObject({ collected: 1_200_000, attainmentBp: 12_000, tierReached: 'accelerator' });
    expect(s.total).toBe(24_000);
    expect(s.receipts).toEqual([
      { receiptId: 'r1', amount: 500_000, commissionPaid: 5_000 },
      { receiptId: 'r2', amount: 700_000, commissionPaid: 19_000 },
    ]);
  });

  it('pays all revenue at the reached rate with retroactive tiers', () => {
    const plan = buildPlan({ basis: 'retroactive' });
    const s = buildCommissionStatement({
      plan,
      period: '2025-04',
      target: TARGET,
      receipts: aprilReceipts(),
    });
    expect(s.lines.map((l) => [l.receiptId, l.rateBp, l.amount])).toEqual([
      ['r1', 500, 25_000],
      ['r2', 500, 35_000],
    ]);
    expect(s.total).toBe(60_000);
  });

  it('uses the base rate for retroactive tiers at exactly 80 % and the low rate just below', () => {
    const plan = buildPlan({ basis: 'retroactive' });
    const at = buildCommissionStatement({
      plan,
      period: '2025-04',
      target: TARGET,
      receipts: [buildReceipt({ id: 'r', amount: 800_000 })],
    });
    expect(at.total).toBe(24_000);
    const below = buildCommissionStatement({
      plan,
      period: '2025-04',
      target: TARGET,
      receipts: [buildReceipt({ id: 'r', amount: 799_999 })],
    });
    expect(below.total).toBe(8_000); // 7 999.99 rounds half up to 8 000
  });

  it('caps the commission amount with an explicit negative line and caps receipts pro rata', () => {
    const plan = buildPlan({ capAmount: 20_000 });
    const s = buildCommissionStatement({
      plan,
      period: '2025-04',
      target: TARGET,
      receipts: aprilReceipts(),
    });
    expect(s.gross).toBe(24_000);
    expect(s.capAdjustment).toBe(-4_000);
    expect(s.lines.at(-1)).toMatchObject({ kind: 'cap', amount: -4_000 });
    expect(s.total).toBe(20_000);
    expect(sumLines(s)).toBe(20_000);
    // 20 000 split 5 000 : 19 000 → 4 166.67 / 15 833.33 → largest remainder gives r1 the extra unit.
    expect(s.receipts.map((r) => r.commissionPaid)).toEqual([4_167, 15_833]);
  });

  it('stops counting revenue at the attainment cap', () => {
    const plan = buildPlan({ attainmentCapBp: 11_000 });
    const s = buildCommissionStatement({
      plan,
      period: '2025-04',
      target: TARGET,
      receipts: aprilReceipts(),
    });
    expect(s.counted).toBe(1_100_000);
    expect(s.lines.at(-1)).toMatchObject({
      kind: 'notCounted',
      base: 100_000,
      amount: 0,
      bandFrom: 1_100_000,
    });
    expect(s.lines.find((l) => l.tierLabel === 'accelerator')).toMatchObject({
      base: 100_000,
      amount: 5_000,
    });
    expect(s.total).toBe(19_000); // 5 000 + 3 000 + 6 000 + 5 000
  });

  it('rounds once and shares the rounded total by largest remainder', () => {
    // Three receipts of 50 分 at 1 % earn 0.5 each: exact 1.5 → 2 in total, lines 1 + 1 + 0.
    const plan = buildPlan({ tiers: [{ fromAttainmentBp: 0, rateBp: 100 }] });
    const receipts = ['a', 'b', 'c'].map((id) => buildReceipt({ id, amount: 50 }));
    const s = buildCommissionStatement({ plan, period: '2025-04', target: TARGET, receipts });
    expect(s.lines.map((l) => l.amount)).toEqual([1, 1, 0]);
    expect(s.total).toBe(2);
  });

  it('claws back a reversed receipt in the period of the reversal, on the original payout', () => {
    const april = buildCommissionStatement({
      plan: buildPlan(),
      period: '2025-04',
      target: TARGET,
      receipts: aprilReceipts(),
    });
    const paidOnR2 = april.receipts.find((r) => r.receiptId === 'r2')!;
    const may = buildCommissionStatement({
      plan: buildPlan(),
      period: '2025-05',
      target: TARGET,
      receipts: [buildReceipt({ id: 'r3', amount: 100_000, date: '2025-05-10' })],
      reversals: [
        {
          id: 'rev1',
          receiptId: 'r2',
          date: '2025-05-02',
          reversedAmount: 350_000,
          original: { period: '2025-04', receiptAmount: 700_000, commissionPaid: paidOnR2.commissionPaid },
        },
      ],
    });
    expect(may.gross).toBe(1_000);
    expect(may.lines.at(-1)).toMatchObject({ kind: 'clawback', receiptId: 'r2', amount: -9_500 });
    expect(may.clawbacks).toBe(-9_500);
    expect(may.total).toBe(-8_500);
    expect(sumLines(may)).toBe(-8_500);
  });

  it('rejects plans whose first tier does not start at 0 %', () => {
    const plan = buildPlan({ tiers: [{ fromAttainmentBp: 8_000, rateBp: 300 }] });
    expect(() => buildCommissionStatement({ plan, period: 'p', target: TARGET, receipts: [] })).toThrow(
      /first tier must start at 0 %/,
    );
  });

  it('rejects negative receipts: reversals are separate inputs', () => {
    expect(() =>
      buildCommissionStatement({
        plan: buildPlan(),
        period: 'p',
        target: TARGET,
        receipts: [buildReceipt({ id: 'x', amount: -5 })],
      }),
    ).toThrow(/amount must be an integer > 0/);
  });
});
