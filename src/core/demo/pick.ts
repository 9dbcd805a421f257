import type { Rng } from '../random.ts';

/** Uniform integer in [min, max] (both inclusive). */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min + 1));
}

/** One element of a non-empty list, uniformly. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng.next() * items.length)] as T;
}

/** True with probability p. */
export function chance(rng: Rng, p: number): boolean {
  return rng.next() < p;
}

/** A categorical distribution: pick with `sample(rng)`; weights need not sum to 1. */
export interface Weighted<T> {
  values: readonly T[];
  sample(rng: Rng): T;
}

/** Builds a sampler over `[value, weight]` pairs (cumulative table, binary search). */
export function weighted<T>(pairs: readonly (readonly [T, number])[]): Weighted<T> {
  const values = pairs.map(([v]) => v);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of pairs) {
    if (!(w >= 0)) {
      throw new Error(`weight must be ≥ 0, got ${w}`);
    }
    total += w;
    cumulative.push(total);
  }
  if (total <= 0) {
    throw new Error('weights must not all be 0');
  }
  return {
    values,
    sample(rng) {
      return values[searchCumulative(cumulative, rng.next() * total)] as T;
    },
  };
}

/** Index of the first cumulative weight above `x`. */
export function searchCumulative(cumulative: readonly number[], x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) > x) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return lo;
}

/** A standard normal deviate (Box–Muller; one value per call, two uniforms used). */
export function normal(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Log-normal value with the given median and log-space sigma, clamped to [min, max]. */
export function logNormal(rng: Rng, median: number, sigma: number, min: number, max: number): number {
  const x = median * Math.exp(sigma * normal(rng));
  return Math.min(max, Math.max(min, x));
}
