import { Invalid } from '../errors.ts';

/** Rejects totals that cannot be split into integer parts: negative, fractional, unsafe or not finite. */
export function assertAllocatableTotal(total: number, what = 'total'): void {
  if (!Number.isSafeInteger(total)) {
    throw new Invalid(`${what} must be a whole number of minor units (got ${total})`);
  }
  if (total < 0) {
    throw new Invalid(`${what} must not be negative (got ${total})`);
  }
}

/** Rejects weights that are negative or not finite. */
export function assertWeights(weights: ArrayLike<number>, what = 'weights'): void {
  for (let i = 0; i < weights.length; i++) {
    const weight = weights[i]!;
    if (!Number.isFinite(weight) || weight < 0) {
      throw new Invalid(`${what}[${i}] must be a finite number ≥ 0 (got ${weight})`);
    }
  }
}

/** Orders the first `count` indices by fraction descending, ties to the lower index. */
function sortByFractionDesc(order: Int32Array, count: number, fractions: Float64Array): void {
  if (count > 64) {
    const sorted = Array.from(order.subarray(0, count)).sort(
      (a, b) => fractions[b]! - fractions[a]! || a - b,
    );
    order.set(sorted);
    return;
  }
  // Insertion sort is stable, so equal fractions keep index order; children of one node are few.
  for (let a = 1; a < count; a++) {
    const index = order[a]!;
    const fraction = fractions[index]!;
    let b = a - 1;
    while (b >= 0 && fractions[order[b]!]! < fraction) {
      order[b + 1] = order[b]!;
      b--;
    }
    order[b + 1] = index;
  }
}

/**
 * Core of the largest-remainder (Hamilton) method, writing into `out`: floor every exact quota,
 * then hand the units left over to the largest fractional parts, ties to the lower index.
 * Only children with a positive weight can receive a unit. Assumes validated input; allocation-free
 * apart from a small index buffer, so it can run millions of times.
 */
export function hamiltonInto(
  total: number,
  weights: ArrayLike<number>,
  out: Float64Array | number[],
  scratch?: { fractions: Float64Array; order: Int32Array },
): void {
  const n = weights.length;
  let weightSum = 0;
  for (let i = 0; i < n; i++) {
    weightSum += weights[i]!;
  }
  if (total === 0) {
    for (let i = 0; i < n; i++) {
      out[i] = 0;
    }
    return;
  }
  if (!(weightSum > 0)) {
    throw new Invalid(`cannot split ${total} when all weights are zero`);
  }
  const fractions = scratch?.fractions ?? new Float64Array(n);
  const order = scratch?.order ?? new Int32Array(n);
  let assigned = 0;
  let candidates = 0;
  for (let i = 0; i < n; i++) {
    const weight = weights[i]!;
    const quota = (total * weight) / weightSum;
    const base = Math.floor(quota);
    out[i] = base;
    assigned += base;
    fractions[i] = quota - base;
    if (weight > 0) {
      order[candidates++] = i;
    }
  }
  let left = total - assigned;
  if (left === 0) {
    return;
  }
  sortByFractionDesc(order, candidates, fractions);
  // left is below `candidates` in exact arithmetic; the loop also absorbs float drift either way.
  for (let k = 0; left !== 0; k = (k + 1) % candidates) {
    const index = order[left > 0 ? k : candidates - 1 - k]!;
    if (left > 0) {
      out[index] = out[index]! + 1;
      left--;
    } else if (out[index]! > 0) {
      out[index] = out[index]! - 1;
      left++;
    }
  }
}

/** Splits an integer total in proportion to weights by largest remainder (Hamilton), ties to the lower index. */
export function allocateByWeights({
  total,
  weights,
}: {
  total: number;
  weights: readonly number[];
}): number[] {
  assertAllocatableTotal(total);
  assertWeights(weights);
  if (weights.length === 0) {
    if (total !== 0) {
      throw new Invalid(`cannot split ${total} among no children`);
    }
    return [];
  }
  const parts = new Array<number>(weights.length).fill(0);
  hamiltonInto(total, weights, parts);
  return parts;
}

/** Splits an integer total into `count` equal parts differing by at most one unit; extra units go to the first children. */
export function allocateEqually({ total, count }: { total: number; count: number }): number[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new Invalid(`count must be a whole number ≥ 0 (got ${count})`);
  }
  return allocateByWeights({ total, weights: new Array<number>(count).fill(1) });
}

function normalise(values: readonly number[], what: string): number[] {
  assertWeights(values, what);
  const sum = values.reduce((acc, value) => acc + value, 0);
  if (!(sum > 0)) {
    throw new Invalid(`${what} sum to zero, so they give no shares`);
  }
  return values.map((value) => value / sum);
}

/**
 * Blended weights α·historical share + (1−α)·potential share, each normalised to sum 1 first
 * (target split "from history and market potential", 001 text); α = 1 is pure history.
 */
export function blendWeights({
  history,
  potential,
  alpha,
}: {
  history: readonly number[];
  potential: readonly number[];
  alpha: number;
}): number[] {
  if (!Number.isFinite(alpha) || alpha < 0 || alpha > 1) {
    throw new Invalid(`alpha must lie in [0, 1] (got ${alpha})`);
  }
  if (history.length !== potential.length) {
    throw new Invalid(`history has ${history.length} children but potential has ${potential.length}`);
  }
  const h = alpha > 0 ? normalise(history, 'history') : history.map(() => 0);
  const p = alpha < 1 ? normalise(potential, 'potential') : potential.map(() => 0);
  return h.map((share, i) => alpha * share + (1 - alpha) * p[i]!);
}

/** Splits a total by blended history/potential weights (α·history + (1−α)·potential), largest remainder. */
export function allocateByBlend({
  total,
  history,
  potential,
  alpha,
}: {
  total: number;
  history: readonly number[];
  potential: readonly number[];
  alpha: number;
}): number[] {
  return allocateByWeights({ total, weights: blendWeights({ history, potential, alpha }) });
}
