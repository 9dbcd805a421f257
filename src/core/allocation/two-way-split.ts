import { Invalid, RuleViolated } from '../errors.ts';
import { assertAllocatableTotal } from './largest-remainder.ts';

/** A dense row-major matrix: value of (row r, column c) at r * cols + c. */
export interface Matrix {
  rows: number;
  cols: number;
  values: Float64Array;
}

export interface FitResult extends Matrix {
  iterations: number;
  converged: boolean;
  /** Largest gap between a row or column sum and its target after the last iteration. */
  maxMarginError: number;
}

export interface TwoWaySplit extends FitResult {
  /** Integer cells; every row sums to its row total and every column to its column total. */
  parts: Float64Array;
}

function checkMargins(rowTotals: readonly number[], colTotals: readonly number[]): void {
  rowTotals.forEach((total, i) => {
    assertAllocatableTotal(total, `rowTotals[${i}]`);
  });
  colTotals.forEach((total, j) => {
    assertAllocatableTotal(total, `colTotals[${j}]`);
  });
  const rowSum = rowTotals.reduce((a, b) => a + b, 0);
  const colSum = colTotals.reduce((a, b) => a + b, 0);
  if (rowSum !== colSum) {
    throw new RuleViolated(
      `row totals add up to ${rowSum} but column totals to ${colSum}; both margins must agree`,
    );
  }
}

/** Builds a Matrix from nested arrays (rows of equal length). */
export function toMatrix(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const values = new Float64Array(rows.length * cols);
  rows.forEach((row, r) => {
    if (row.length !== cols) {
      throw new Invalid(`seed row ${r} has ${row.length} cells, expected ${cols}`);
    }
    values.set(row, r * cols);
  });
  return { rows: rows.length, cols, values };
}

/**
 * Iterative proportional fitting (RAS / Deming–Stephan): scale rows then columns of the seed until
 * both margins match within `tolerance` units. Zero seed cells stay zero (structural zeros).
 */
export function fitToMargins({
  seed,
  rowTotals,
  colTotals,
  tolerance = 1e-7,
  maxIterations = 1000,
}: {
  seed: Matrix;
  rowTotals: readonly number[];
  colTotals: readonly number[];
  tolerance?: number;
  maxIterations?: number;
}): FitResult {
  const { rows, cols } = seed;
  if (rowTotals.length !== rows || colTotals.length !== cols) {
    throw new Invalid(`seed is ${rows}×${cols} but margins are ${rowTotals.length}×${colTotals.length}`);
  }
  checkMargins(rowTotals, colTotals);
  const x = new Float64Array(seed.values);
  for (let k = 0; k < x.length; k++) {
    if (!Number.isFinite(x[k]!) || x[k]! < 0) {
      throw new Invalid(`seed cell (${Math.floor(k / cols)}, ${k % cols}) must be a finite number ≥ 0`);
    }
  }
  const rowSums = new Float64Array(rows);
  const colSums = new Float64Array(cols);
  const sumRows = () => {
    rowSums.fill(0);
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0, k = r * cols; c < cols; c++, k++) {
        s += x[k]!;
      }
      rowSums[r] = s;
    }
  };
  const sumCols = () => {
    colSums.fill(0);
    for (let r = 0, k = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, k++) {
        colSums[c] = colSums[c]! + x[k]!;
      }
    }
  };
  sumRows();
  sumCols();
  for (let r = 0; r < rows; r++) {
    if (rowTotals[r]! > 0 && rowSums[r] === 0) {
      throw new RuleViolated(`row ${r} needs ${rowTotals[r]} but its seed row is all zero`);
    }
  }
  for (let c = 0; c < cols; c++) {
    if (colTotals[c]! > 0 && colSums[c] === 0) {
      throw new RuleViolated(`column ${c} needs ${colTotals[c]} but its seed column is all zero`);
    }
  }
  let iterations = 0;
  let maxMarginError = Number.POSITIVE_INFINITY;
  while (iterations < maxIterations) {
    iterations++;
    for (let r = 0; r < rows; r++) {
      const factor = rowSums[r]! > 0 ? rowTotals[r]! / rowSums[r]! : 0;
      for (let c = 0, k = r * cols; c < cols; c++, k++) {
        x[k] = x[k]! * factor;
      }
    }
    sumCols();
    for (let r = 0, k = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++, k++) {
        const s = colSums[c]!;
        x[k] = s > 0 ? (x[k]! * colTotals[c]!) / s : 0;
      }
    }
    // After the column step columns are exact; the row gaps measure convergence.
    sumRows();
    maxMarginError = 0;
    for (let r = 0; r < rows; r++) {
      maxMarginError = Math.max(maxMarginError, Math.abs(rowSums[r]! - rowTotals[r]!));
    }
    if (maxMarginError <= tolerance) {
      break;
    }
  }
  return { rows, cols, values: x, iterations, converged: maxMarginError <= tolerance, maxMarginError };
}

/**
 * Controlled rounding keeping both margins exact: floor every cell, then place the row/column
 * residual units on cells (at most one per cell, never on a structural zero) greedily by largest
 * fractional part, completing with augmenting paths (a max-flow on the row–column graph) when the
 * greedy pass gets stuck. Because the fractional parts themselves form a feasible fractional flow,
 * an integral one exists whenever the fit converged (flow integrality theorem).
 */
export function roundKeepingMargins({
  fitted,
  rowTotals,
  colTotals,
}: {
  fitted: Matrix;
  rowTotals: readonly number[];
  colTotals: readonly number[];
}): Float64Array {
  const { rows, cols, values } = fitted;
  checkMargins(rowTotals, colTotals);
  const parts = new Float64Array(values.length);
  const rowNeed = new Float64Array(rowTotals);
  const colNeed = new Float64Array(colTotals);
  const candidates: number[] = [];
  for (let r = 0, k = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++, k++) {
      const v = values[k]!;
      const base = Math.floor(v + 1e-9);
      parts[k] = base;
      rowNeed[r] = rowNeed[r]! - base;
      colNeed[c] = colNeed[c]! - base;
      if (v > 0) {
        candidates.push(k);
      }
    }
  }
  for (let i = 0; i < rows + cols; i++) {
    const need = i < rows ? rowNeed[i]! : colNeed[i - rows]!;
    if (need < 0) {
      throw new RuleViolated(
        `the fitted matrix overshoots ${i < rows ? `row ${i}` : `column ${i - rows}`}; refit`,
      );
    }
  }
  const frac = (k: number) => values[k]! - Math.floor(values[k]! + 1e-9);
  candidates.sort((a, b) => frac(b) - frac(a) || a - b);
  const bumped = new Uint8Array(values.length);
  for (const k of candidates) {
    const r = Math.floor(k / cols);
    const c = k - r * cols;
    if (rowNeed[r]! > 0 && colNeed[c]! > 0) {
      bumped[k] = 1;
      rowNeed[r] = rowNeed[r]! - 1;
      colNeed[c] = colNeed[c]! - 1;
    }
  }
  completeByAugmentingPaths({ rows, cols, values, bumped, rowNeed, colNeed });
  for (let k = 0; k < parts.length; k++) {
    parts[k] = parts[k]! + bumped[k]!;
  }
  return parts;
}

/** Finishes the unit placement with BFS augmenting paths: row → free cell → column → bumped cell → row … */
function completeByAugmentingPaths({
  rows,
  cols,
  values,
  bumped,
  rowNeed,
  colNeed,
}: {
  rows: number;
  cols: number;
  values: Float64Array;
  bumped: Uint8Array;
  rowNeed: Float64Array;
  colNeed: Float64Array;
}): void {
  const cellIntoCol = new Int32Array(cols);
  const colIntoRow = new Int32Array(rows);
  for (let start = 0; start < rows; start++) {
    while (rowNeed[start]! > 0) {
      cellIntoCol.fill(-1);
      colIntoRow.fill(-1);
      const queue = [start];
      let target = -1;
      for (let head = 0; head < queue.length && target < 0; head++) {
        const r = queue[head]!;
        for (let c = 0; c < cols; c++) {
          const k = r * cols + c;
          if (cellIntoCol[c]! >= 0 || !(values[k]! > 0) || bumped[k]) {
            continue;
          }
          cellIntoCol[c] = k;
          if (colNeed[c]! > 0) {
            target = c;
            break;
          }
          for (let r2 = 0; r2 < rows; r2++) {
            if (r2 !== start && colIntoRow[r2] === -1 && bumped[r2 * cols + c]) {
              colIntoRow[r2] = c;
              queue.push(r2);
            }
          }
        }
      }
      if (target < 0) {
        throw new RuleViolated(
          `cannot round row ${start} while keeping both margins; the seed's zero pattern admits no integer table`,
        );
      }
      // Walk back: bump the cell that reached each column, unbump the cell that reached its row.
      for (let c = target; ; ) {
        const k = cellIntoCol[c]!;
        bumped[k] = 1;
        const r = Math.floor(k / cols);
        if (r === start) {
          break;
        }
        c = colIntoRow[r]!;
        bumped[r * cols + c] = 0;
      }
      rowNeed[start] = rowNeed[start]! - 1;
      colNeed[target] = colNeed[target]! - 1;
    }
  }
}

/**
 * Two-way split with both margins fixed (e.g. rep × product line): IPF from a seed matrix (e.g.
 * history), then controlled rounding so every row and every column adds up exactly.
 */
export function splitTwoWay(options: {
  seed: Matrix;
  rowTotals: readonly number[];
  colTotals: readonly number[];
  tolerance?: number;
  maxIterations?: number;
}): TwoWaySplit {
  const fitted = fitToMargins(options);
  const parts = roundKeepingMargins({ fitted, rowTotals: options.rowTotals, colTotals: options.colTotals });
  return { ...fitted, parts };
}
