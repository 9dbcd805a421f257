import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocateByWeights,
  fitToMargins,
  splitTwoWay,
  toMatrix,
} from '../../../../src/core/allocation/index.ts';

const rowSums = (parts: Float64Array, rows: number, cols: number) =>
  Array.from({ length: rows }, (_, r) => parts.subarray(r * cols, (r + 1) * cols).reduce((a, b) => a + b, 0));
const colSums = (parts: Float64Array, rows: number, cols: number) =>
  Array.from({ length: cols }, (_, c) => {
    let s = 0;
    for (let r = 0; r < rows; r++) {
      s += parts[r * cols + c]!;
    }
    return s;
  });

describe('fitToMargins (IPF)', () => {
  it('reproduces the classic 2×2 example', () => {
    // Seed [[1,1],[1,1]] with rows 30/70 and columns 40/60: the independence table 12/18/28/42.
    const fit = fitToMargins({
      seed: toMatrix([
        [1, 1],
        [1, 1],
      ]),
      rowTotals: [30, 70],
      colTotals: [40, 60],
    });
    expect(fit.converged).toBe(true);
    expect(Array.from(fit.values).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([12, 18, 28, 42]);
  });

  it('keeps structural zeros at zero', () => {
    const fit = fitToMargins({
      seed: toMatrix([
        [0, 5, 5],
        [4, 0, 6],
        [3, 3, 0],
      ]),
      rowTotals: [10, 10, 10],
      colTotals: [8, 10, 12],
    });
    expect(fit.converged).toBe(true);
    expect([fit.values[0], fit.values[4], fit.values[8]]).toEqual([0, 0, 0]);
  });

  it('rejects margins whose totals differ and rows that cannot be filled', () => {
    expect(() => fitToMargins({ seed: toMatrix([[1, 1]]), rowTotals: [10], colTotals: [5, 6] })).toThrow(
      /row totals add up to 10 but column totals to 11/,
    );
    expect(() =>
      fitToMargins({
        seed: toMatrix([
          [1, 1],
          [0, 0],
        ]),
        rowTotals: [5, 5],
        colTotals: [5, 5],
      }),
    ).toThrow(/row 1 needs 5 but its seed row is all zero/);
    expect(() => fitToMargins({ seed: toMatrix([[1, 0]]), rowTotals: [5], colTotals: [0, 5] })).toThrow(
      /column 1 needs 5/,
    );
  });
});

describe('splitTwoWay (IPF + controlled rounding)', () => {
  it('rounds a 3×3 table keeping every row and column exact', () => {
    const split = splitTwoWay({
      seed: toMatrix([
        [1, 1, 1],
        [1, 1, 1],
        [1, 1, 1],
      ]),
      rowTotals: [10, 10, 10],
      colTotals: [10, 10, 10],
    });
    // Each cell is 3.333…: every row and column gets exactly one extra unit.
    expect(rowSums(split.parts, 3, 3)).toEqual([10, 10, 10]);
    expect(colSums(split.parts, 3, 3)).toEqual([10, 10, 10]);
    expect(Array.from(split.parts).every((v) => v === 3 || v === 4)).toBe(true);
  });

  it('completes the rounding by augmenting paths where the greedy pass gets stuck', () => {
    // Fitted ≈ [[1.599, 0.498, 0.903], [0.541, 0, 0.459], [0.860, 0.502, 1.638]]: taking the largest
    // fractions first (0.903, 0.860, 0.638, 0.599 …) leaves row 1 needing a unit only column 2 could take.
    const seed = toMatrix([
      [3, 2, 2],
      [4, 0, 4],
      [4, 5, 9],
    ]);
    const split = splitTwoWay({ seed, rowTotals: [3, 1, 3], colTotals: [3, 1, 3] });
    expect(rowSums(split.parts, 3, 3)).toEqual([3, 1, 3]);
    expect(colSums(split.parts, 3, 3)).toEqual([3, 1, 3]);
    expect(split.parts[4]).toBe(0);
    split.parts.forEach((v, k) => {
      expect(Math.abs(v - split.values[k]!)).toBeLessThan(1);
    });
  });

  it('handles zero rows and columns', () => {
    const split = splitTwoWay({
      seed: toMatrix([
        [2, 0, 1],
        [5, 5, 5],
        [1, 1, 1],
      ]),
      rowTotals: [0, 9, 6],
      colTotals: [5, 0, 10],
    });
    expect(Array.from(split.parts.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(colSums(split.parts, 3, 3)).toEqual([5, 0, 10]);
    expect(rowSums(split.parts, 3, 3)).toEqual([0, 9, 6]);
  });

  it('refuses a zero pattern that admits no table', () => {
    // Row 0 can only use column 0, which only wants 1 unit.
    expect(() =>
      splitTwoWay({
        seed: toMatrix([
          [1, 0],
          [1, 1],
        ]),
        rowTotals: [5, 5],
        colTotals: [1, 9],
        maxIterations: 200,
      }),
    ).toThrow(/cannot round|overshoots/);
  });

  const tableArb = fc
    .record({
      rows: fc.integer({ min: 1, max: 8 }),
      cols: fc.integer({ min: 1, max: 8 }),
      total: fc.integer({ min: 0, max: 1_000_000 }),
    })
    .chain(({ rows, cols, total }) =>
      fc.record({
        rows: fc.constant(rows),
        cols: fc.constant(cols),
        total: fc.constant(total),
        seed: fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), {
          minLength: rows * cols,
          maxLength: rows * cols,
        }),
        rowWeights: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: rows, maxLength: rows }),
        colWeights: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: cols, maxLength: cols }),
      }),
    );

  it('keeps both margins exact, never negative and within one unit of the fitted cell', () => {
    fc.assert(
      fc.property(tableArb, ({ rows, cols, total, seed, rowWeights, colWeights }) => {
        const rw = rowWeights.some((w) => w > 0) ? rowWeights : rowWeights.map(() => 1);
        const cw = colWeights.some((w) => w > 0) ? colWeights : colWeights.map(() => 1);
        const rowTotals = allocateByWeights({ total, weights: rw });
        const colTotals = allocateByWeights({ total, weights: cw });
        const split = splitTwoWay({
          seed: { rows, cols, values: Float64Array.from(seed) },
          rowTotals,
          colTotals,
        });
        expect(rowSums(split.parts, rows, cols)).toEqual(rowTotals);
        expect(colSums(split.parts, rows, cols)).toEqual(colTotals);
        split.parts.forEach((v, k) => {
          expect(Number.isInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
          expect(Math.abs(v - split.values[k]!)).toBeLessThanOrEqual(1 + 1e-6);
        });
      }),
    );
  });

  it('keeps both margins with structural zeros when the seed pattern allows a table', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }),
        fc.array(fc.boolean(), { minLength: 49, maxLength: 49 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 49, maxLength: 49 }),
        (n, holes, base) => {
          // Build the margins from an integer table on the allowed cells, so a solution exists.
          const seed = new Float64Array(n * n);
          const table = new Float64Array(n * n);
          for (let k = 0; k < n * n; k++) {
            const allowed = !holes[k] || k % (n + 1) === 0; // the diagonal always stays open
            seed[k] = allowed ? 1 + (base[k]! % 7) : 0;
            table[k] = allowed ? base[k]! : 0;
          }
          const rowTotals = rowSums(table, n, n);
          const colTotals = colSums(table, n, n);
          const split = splitTwoWay({
            seed: { rows: n, cols: n, values: seed },
            rowTotals,
            colTotals,
            maxIterations: 5000,
          });
          expect(rowSums(split.parts, n, n)).toEqual(rowTotals);
          expect(colSums(split.parts, n, n)).toEqual(colTotals);
          split.parts.forEach((v, k) => {
            if (seed[k] === 0) {
              expect(v).toBe(0);
            }
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
