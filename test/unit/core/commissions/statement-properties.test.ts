import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateLargestRemainder,
  apportionRounded,
  buildCommissionStatement,
  type CommissionPlan,
} from '../../../../src/core/commissions/index.ts';

const planArb: fc.Arbitrary<CommissionPlan> = fc
  .record({
    basis: fc.constantFrom('marginal' as const, 'retroactive' as const),
    starts: fc.uniqueArray(fc.integer({ min: 1, max: 20_000 }), { maxLength: 4 }),
    rates: fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 5, maxLength: 5 }),
    capAmount: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: undefined }),
    attainmentCapBp: fc.option(fc.integer({ min: 1, max: 30_000 }), { nil: undefined }),
  })
  .map(({ basis, starts, rates, capAmount, attainmentCapBp }) => ({
    id: 'p',
    basis,
    tiers: [0, ...[...starts].sort((a, b) => a - b)].map((fromAttainmentBp, i) => ({
      fromAttainmentBp,
      rateBp: rates[i]!,
    })),
    capAmount,
    attainmentCapBp,
  }));

const receiptsArb = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 4 }),
    date: fc.constantFrom('2025-04-01', '2025-04-15', '2025-04-30'),
    amount: fc.integer({ min: 1, max: 50_000_000 }),
  }),
  { selector: (r) => r.id, maxLength: 12 },
);

describe('commission statement properties', () => {
  it('adds up exactly: lines = total, receipts = gross + cap, gross = exact rounded once', () => {
    fc.assert(
      fc.property(
        planArb,
        receiptsArb,
        fc.integer({ min: 1, max: 100_000_000 }),
        (plan, receipts, target) => {
          const s = buildCommissionStatement({ plan, period: '2025-04', target, receipts });
          expect(s.lines.reduce((t, l) => t + l.amount, 0)).toBe(s.total);
          expect(s.receipts.reduce((t, r) => t + r.commissionPaid, 0)).toBe(s.gross + s.capAdjustment);
          expect(s.total).toBe(s.gross + s.capAdjustment);
          const exact = s.lines
            .filter((l) => l.kind === 'commission' || l.kind === 'notCounted')
            .reduce((t, l) => t + (l.base! * l.rateBp!) / 10_000, 0);
          expect(Math.abs(s.gross - exact)).toBeLessThanOrEqual(0.5 + 1e-6);
          if (plan.capAmount !== undefined) {
            expect(s.total).toBeLessThanOrEqual(plan.capAmount);
          }
          expect(s.counted).toBeLessThanOrEqual(s.collected);
          for (const l of s.lines) {
            if (l.kind === 'commission') {
              expect(Math.abs(l.amount - (l.base! * l.rateBp!) / 10_000)).toBeLessThan(1 + 1e-9);
            }
          }
          // Every collected unit appears in exactly one line.
          expect(s.lines.filter((l) => l.base !== undefined).reduce((t, l) => t + l.base!, 0)).toBe(
            s.collected,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps every line within one unit of its exact amount (shrunk counterexample of the proportional split)', () => {
    // Found by the property above with seed 1 at 200 000 runs: sharing the rounded gross in proportion
    // to the numerators paid one line 1.0006 above its exact commission.
    const s = buildCommissionStatement({
      plan: {
        id: 'p',
        basis: 'marginal',
        tiers: [
          { fromAttainmentBp: 0, rateBp: 7 },
          { fromAttainmentBp: 89, rateBp: 9 },
        ],
      },
      period: '2025-04',
      target: 29_457_697,
      receipts: [
        { id: ' ', date: '2025-04-01', amount: 326_108 },
        { id: '!', date: '2025-04-01', amount: 36_103_334 },
        { id: '"', date: '2025-04-01', amount: 234_917 },
      ],
    });
    for (const l of s.lines) {
      if (l.kind === 'commission') {
        const exact = (l.base! * l.rateBp!) / 10_000;
        expect(l.amount === Math.floor(exact) || l.amount === Math.ceil(exact)).toBe(true);
      }
    }
    expect(s.lines.reduce((t, l) => t + l.amount, 0)).toBe(s.gross);
  });

  it('apportions a rounded total as floors or ceilings of the exact shares', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 14n }), { minLength: 1, maxLength: 30 }),
        fc.bigInt({ min: 1n, max: 100_000n }),
        (numerators, divisor) => {
          const sum = numerators.reduce((s, n) => s + n, 0n);
          const total = (2n * sum + divisor) / (2n * divisor);
          const parts = apportionRounded(numerators, divisor, total);
          expect(parts.reduce((s, p) => s + p, 0n)).toBe(total);
          parts.forEach((p, i) => {
            const floor = numerators[i]! / divisor;
            const exact = numerators[i]! % divisor === 0n;
            expect(p === floor || (!exact && p === floor + 1n)).toBe(true);
          });
        },
      ),
      { numRuns: 2_000 },
    );
    expect(() => apportionRounded([5n, 5n], 10n, 3n)).toThrow(/rounded sum/);
  });

  it('marginal never pays more than retroactive on the same plan and receipts', () => {
    fc.assert(
      fc.property(
        planArb,
        receiptsArb,
        fc.integer({ min: 1, max: 100_000_000 }),
        (plan, receipts, target) => {
          // Holds for ascending rates only; sort them so the plan rewards higher attainment.
          const tiers = plan.tiers.map((t, i, all) => ({
            ...t,
            rateBp: [...all.map((x) => x.rateBp)].sort((a, b) => a - b)[i]!,
          }));
          const base = { ...plan, tiers, capAmount: undefined };
          const m = buildCommissionStatement({
            plan: { ...base, basis: 'marginal' },
            period: 'p',
            target,
            receipts,
          });
          const r = buildCommissionStatement({
            plan: { ...base, basis: 'retroactive' },
            period: 'p',
            target,
            receipts,
          });
          expect(m.total).toBeLessThanOrEqual(r.total + 1);
        },
      ),
    );
  });

  it('allocates by largest remainder so parts always sum to the total', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 12n }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          fc.pre(weights.some((w) => w > 0n));
          const parts = allocateLargestRemainder(total, weights);
          expect(parts.reduce((s, p) => s + p, 0n)).toBe(total);
          const sum = weights.reduce((s, w) => s + w, 0n);
          parts.forEach((p, i) => {
            const quota = (total * weights[i]!) / sum;
            expect(p === quota || p === quota + 1n).toBe(true);
          });
        },
      ),
    );
  });
});
