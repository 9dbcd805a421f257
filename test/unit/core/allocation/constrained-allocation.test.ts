import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateWithConstraints, type ConstrainedChild } from '../../../../src/core/allocation/index.ts';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('allocateWithConstraints', () => {
  it('takes fixed parts first and splits the rest by weight', () => {
    const result = allocateWithConstraints({
      total: 1000,
      children: [{ weight: 1, fixed: 400 }, { weight: 1 }, { weight: 2 }],
    });
    expect(result.parts).toEqual([400, 200, 400]);
    expect(result.status).toEqual(['fixed', 'free', 'free']);
    expect(result.remainder).toBe(600);
  });

  it('lifts children to their floor and redistributes the rest', () => {
    // Proportional: 10, 45, 45; floor 30 on the first → 30, then 70 split 35/35.
    const result = allocateWithConstraints({
      total: 100,
      children: [{ weight: 10, floor: 30 }, { weight: 45 }, { weight: 45 }],
    });
    expect(result.parts).toEqual([30, 35, 35]);
    expect(result.status).toEqual(['floor', 'free', 'free']);
  });

  it('caps children and hands the excess to the others, repeatedly', () => {
    // Proportional 50/30/20; cap 40 → 60 over 30:20 = 36/24; cap 30 on the second → 30, third gets 30.
    const result = allocateWithConstraints({
      total: 100,
      children: [{ weight: 5, cap: 40 }, { weight: 3, cap: 30 }, { weight: 2 }],
    });
    expect(result.parts).toEqual([40, 30, 30]);
    expect(result.status).toEqual(['cap', 'cap', 'free']);
  });

  it('says why a combination is infeasible', () => {
    expect(() => allocateWithConstraints({ total: 10, children: [{ weight: 1, fixed: 11 }] })).toThrow(
      /fixed parts add up to 11, more than the total 10/,
    );
    expect(() =>
      allocateWithConstraints({
        total: 10,
        children: [
          { weight: 1, floor: 6 },
          { weight: 1, floor: 6 },
        ],
      }),
    ).toThrow(/floors add up to 12/);
    expect(() =>
      allocateWithConstraints({
        total: 10,
        children: [
          { weight: 1, cap: 3 },
          { weight: 1, cap: 3 },
        ],
      }),
    ).toThrow(/hold at most 6/);
    expect(() => allocateWithConstraints({ total: 10, children: [{ weight: 1, floor: 5, cap: 4 }] })).toThrow(
      /floor 5 above its cap 4/,
    );
    expect(() =>
      allocateWithConstraints({ total: 10, children: [{ weight: 1, fixed: 3, cap: 2 }, { weight: 1 }] }),
    ).toThrow(/outside its floor\/cap/);
    expect(() =>
      allocateWithConstraints({ total: 10, children: [{ weight: 0 }, { weight: 1, cap: 5 }] }),
    ).toThrow(/hold at most 5/);
  });

  const childArb = fc.record({
    weight: fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 1000, noNaN: true })),
    floor: fc.integer({ min: 0, max: 200 }),
    capExtra: fc.integer({ min: 0, max: 400 }),
    fixed: fc.integer({ min: 0, max: 200 }),
    useFloor: fc.boolean(),
    useCap: fc.boolean(),
    useFixed: fc.boolean(),
  });

  it('sums exactly, never negative, and respects floors, caps and fixed parts', () => {
    fc.assert(
      fc.property(
        fc.array(childArb, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 5000 }),
        (raw, seed) => {
          const children: ConstrainedChild[] = raw.map((c) => {
            const lo = c.useFloor ? c.floor : 0;
            const hi = c.useCap ? lo + c.capExtra : Number.POSITIVE_INFINITY;
            return {
              weight: c.weight,
              ...(c.useFloor ? { floor: lo } : {}),
              ...(c.useCap ? { cap: hi } : {}),
              ...(c.useFixed ? { fixed: Math.min(hi, Math.max(lo, c.fixed)) } : {}),
            };
          });
          // Choose a feasible total between the smallest and largest placeable amount.
          const min = sum(children.map((c) => c.fixed ?? c.floor ?? 0));
          const max = sum(
            children.map((c) => c.fixed ?? (c.weight > 0 ? (c.cap ?? 10_000) : (c.floor ?? 0))),
          );
          const total = min + (max > min ? seed % (max - min + 1) : 0);
          const result = allocateWithConstraints({ total, children });
          expect(sum(result.parts)).toBe(total);
          result.parts.forEach((part, i) => {
            const child = children[i]!;
            expect(Number.isInteger(part)).toBe(true);
            expect(part).toBeGreaterThanOrEqual(child.floor ?? 0);
            expect(part).toBeLessThanOrEqual(child.cap ?? Number.POSITIVE_INFINITY);
            if (child.fixed !== undefined) {
              expect(part).toBe(child.fixed);
            }
          });
          // Free children: within one unit of their exact proportional share of what is left to them.
          const free = result.status.flatMap((s, i) => (s === 'free' ? [i] : []));
          const pinned = sum(result.parts.filter((_, i) => result.status[i] !== 'free'));
          const freeWeight = sum(free.map((i) => children[i]!.weight));
          for (const i of free) {
            const exact = ((total - pinned) * children[i]!.weight) / freeWeight;
            expect(Math.abs(result.parts[i]! - exact)).toBeLessThan(1 + 1e-9);
          }
        },
      ),
    );
  });

  it('matches the plain largest-remainder split when no bound binds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 100_000 }),
        (weights, total) => {
          const result = allocateWithConstraints({ total, children: weights.map((weight) => ({ weight })) });
          const weightSum = sum(weights);
          expect(sum(result.parts)).toBe(total);
          result.parts.forEach((part, i) => {
            expect(Math.abs(part - (total * weights[i]!) / weightSum)).toBeLessThan(1);
          });
        },
      ),
    );
  });
});
