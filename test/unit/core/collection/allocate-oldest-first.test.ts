import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateOldestFirst, type OpenInstallment } from '../../../../src/core/collection/index.ts';

const installment = fc.record({
  dueDate: fc.option(
    fc
      .integer({ min: 0, max: 2000 })
      .map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)),
    { nil: null },
  ),
  outstanding: fc.integer({ min: 0, max: 10_000_000 }),
});

describe('allocateOldestFirst', () => {
  it('fills the oldest due first, dated before undated, and puts the rest in the prepayment', () => {
    const open: OpenInstallment[] = [
      { id: 'c', dueDate: null, outstanding: 500 },
      { id: 'b', dueDate: '2026-03-01', outstanding: 300 },
      { id: 'a', dueDate: '2026-01-15', outstanding: 200 },
    ];
    expect(allocateOldestFirst(450, open)).toEqual({
      allocations: [
        { installmentId: 'a', amount: 200 },
        { installmentId: 'b', amount: 250 },
      ],
      remainder: 0,
    });
    expect(allocateOldestFirst(1_200, open)).toEqual({
      allocations: [
        { installmentId: 'a', amount: 200 },
        { installmentId: 'b', amount: 300 },
        { installmentId: 'c', amount: 500 },
      ],
      remainder: 200,
    });
  });

  it('refuses fractions and negative amounts', () => {
    expect(() => allocateOldestFirst(1.5, [])).toThrow(/whole number/);
    expect(() => allocateOldestFirst(-1, [])).toThrow(/whole number/);
    expect(() => allocateOldestFirst(1, [{ id: 'x', dueDate: null, outstanding: -2 }])).toThrow(
      /outstanding of x/,
    );
  });

  it('adds up exactly, never over-fills, and fills strictly in due order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50_000_000 }),
        fc.array(installment, { maxLength: 12 }),
        (amount, rows) => {
          const open = rows.map((r, i) => ({ id: `i${i}`, ...r }));
          const { allocations, remainder } = allocateOldestFirst(amount, open);
          const total = allocations.reduce((s, a) => s + a.amount, 0);
          expect(total + remainder).toBe(amount);
          expect(remainder).toBeGreaterThanOrEqual(0);
          const byId = new Map(open.map((o) => [o.id, o]));
          for (const a of allocations) {
            expect(a.amount).toBeGreaterThan(0);
            expect(a.amount).toBeLessThanOrEqual(byId.get(a.installmentId)?.outstanding ?? -1);
          }
          // Every allocation but the last fills its installment completely; money is left only when all are full.
          allocations.slice(0, -1).forEach((a) => {
            expect(a.amount).toBe(byId.get(a.installmentId)?.outstanding);
          });
          if (remainder > 0) {
            expect(total).toBe(open.reduce((s, o) => s + o.outstanding, 0));
          }
          // Due order: no undated before a dated one; dates never decrease.
          const dates = allocations.map((a) => byId.get(a.installmentId)?.dueDate ?? null);
          for (let i = 1; i < dates.length; i++) {
            const prev = dates[i - 1];
            const cur = dates[i];
            if (prev === null) {
              expect(cur).toBeNull();
            } else if (cur !== null && cur !== undefined) {
              expect(cur >= (prev as string)).toBe(true);
            }
          }
        },
      ),
    );
  });
});
