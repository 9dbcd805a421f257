import { Invalid } from '../errors.ts';

/**
 * Largest-remainder (Hamilton) split of a non-negative integer `total` in proportion to non-negative
 * `weights`: floors first, then one unit each to the largest remainders (ties: earlier index). The parts
 * always add up to `total`. All-zero weights give all-zero parts and require total 0.
 */
export function allocateLargestRemainder(total: bigint, weights: bigint[]): bigint[] {
  if (total < 0n || weights.some((w) => w < 0n)) {
    throw new Invalid('allocation needs a non-negative total and weights');
  }
  const sum = weights.reduce((s, w) => s + w, 0n);
  if (sum === 0n) {
    if (total !== 0n) {
      throw new Invalid('cannot allocate a non-zero total over zero weights');
    }
    return weights.map(() => 0n);
  }
  const parts = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (total * w) % sum }));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  let leftover = total - parts.reduce((s, p) => s + p, 0n);
  for (const { i } of remainders) {
    if (leftover === 0n) {
      break;
    }
    parts[i] = parts[i]! + 1n;
    leftover -= 1n;
  }
  return parts;
}
