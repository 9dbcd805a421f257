import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateManually,
  formatMinor,
  installmentStatus,
  needsDueDate,
  percentsToBasisPoints,
  planDifference,
  splitByBasisPoints,
} from '../../../../src/core/collection/index.ts';
import { Invalid, RuleViolated } from '../../../../src/core/errors.ts';

describe('plan templates split exactly', () => {
  it('30/60/10 of an odd amount adds up to the cent', () => {
    expect(splitByBasisPoints(100_003, [3000, 6000, 1000])).toEqual([30_001, 60_002, 10_000]);
    expect(splitByBasisPoints(1, [3000, 7000])).toEqual([0, 1]);
  });

  it('any shares making 100 % split any amount into parts that add up to it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const sum = weights.reduce((s, w) => s + w, 0);
          const bp = weights.map((w) => Math.floor((w * 10_000) / sum));
          bp[0]! += 10_000 - bp.reduce((s, b) => s + b, 0);
          const parts = splitByBasisPoints(total, bp);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
          expect(planDifference(total, parts)).toBe(0);
          for (const [i, p] of parts.entries()) {
            expect(Math.abs(p - (total * bp[i]!) / 10_000)).toBeLessThan(1);
          }
        },
      ),
    );
  });

  it('refuses shares that do not make 100 %, and percents with more than two decimals', () => {
    expect(() => splitByBasisPoints(100, [3000, 6000])).toThrow(Invalid);
    expect(percentsToBasisPoints([30, 12.5, 57.5])).toEqual([3000, 1250, 5750]);
    expect(() => percentsToBasisPoints([33.333])).toThrow(Invalid);
  });
});

describe('plan rules', () => {
  it('says which way and how far a plan is off', () => {
    expect(planDifference(1000, [300, 699])).toBe(-1);
    expect(planDifference(1000, [300, 705])).toBe(5);
  });

  it('lets only on-delivery / on-acceptance installments wait for a due date', () => {
    expect(needsDueDate('on_delivery')).toBe(false);
    expect(needsDueDate('on_acceptance')).toBe(false);
    for (const c of ['on_signing', 'on_date', 'retention', 'milestone'] as const) {
      expect(needsDueDate(c)).toBe(true);
    }
  });

  it('an installment is paid once collected in full; cancelled stays cancelled', () => {
    expect(installmentStatus(100, 100, 'open')).toBe('paid');
    expect(installmentStatus(100, 99, 'paid')).toBe('open');
    expect(installmentStatus(100, 100, 'cancelled')).toBe('cancelled');
  });

  it('formats money for messages', () => {
    expect(formatMinor(123_456_789)).toBe('CNY 1,234,567.89');
    expect(formatMinor(-5)).toBe('-CNY 0.05');
  });
});

describe('manual allocation (手工核销)', () => {
  const open = [
    { id: 'a', dueDate: '2026-01-01', outstanding: 300 },
    { id: 'b', dueDate: null, outstanding: 700 },
  ];

  it('takes the parts given and leaves the rest as prepayment', () => {
    expect(allocateManually(1000, [{ installmentId: 'b', amount: 500 }], open)).toEqual({
      allocations: [{ installmentId: 'b', amount: 500 }],
      remainder: 500,
    });
  });

  it('refuses a part above what the installment lacks, parts above the money, unknown or repeated installments', () => {
    expect(() => allocateManually(1000, [{ installmentId: 'a', amount: 301 }], open)).toThrow(RuleViolated);
    expect(() =>
      allocateManually(
        500,
        [
          { installmentId: 'a', amount: 300 },
          { installmentId: 'b', amount: 201 },
        ],
        open,
      ),
    ).toThrow(RuleViolated);
    expect(() => allocateManually(500, [{ installmentId: 'z', amount: 1 }], open)).toThrow(Invalid);
    expect(() =>
      allocateManually(
        500,
        [
          { installmentId: 'a', amount: 1 },
          { installmentId: 'a', amount: 1 },
        ],
        open,
      ),
    ).toThrow(Invalid);
  });

  it('never gives an installment more than it lacks nor more than the money (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 8 }),
        (amount, outstanding, asks) => {
          const inst = outstanding.map((o, i) => ({ id: `i${i}`, dueDate: null, outstanding: o }));
          const parts = asks.slice(0, inst.length).map((a, i) => ({ installmentId: `i${i}`, amount: a }));
          try {
            const r = allocateManually(amount, parts, inst);
            const total = r.allocations.reduce((s, p) => s + p.amount, 0);
            expect(total + r.remainder).toBe(amount);
            for (const p of r.allocations) {
              expect(p.amount).toBeLessThanOrEqual(inst.find((i) => i.id === p.installmentId)!.outstanding);
            }
          } catch (e) {
            expect(e).toBeInstanceOf(RuleViolated);
          }
        },
      ),
    );
  });
});
