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
  // The exact share of part i is total × wᵢ / Σw: the same floors and remainders as apportioning.
  return apportionRounded(
    weights.map((w) => total * w),
    sum,
    total,
  );
}

/**
 * Rounds exact shares `numerators[i] / divisor` to integers that add up to `total`, where `total` is
 * Σ numerators / divisor rounded once (so |total − exact sum| ≤ ½): every share is its floor, then one
 * unit each goes to the largest fractional parts (ties: earlier index). Each part is then the floor or the
 * ceiling of its own exact share, so no line is ever a whole unit or more away from it — which sharing
 * `total` in proportion to the numerators does not promise (its quotas are off by up to ½ before the
 * remainder unit is added).
 */
export function apportionRounded(numerators: bigint[], divisor: bigint, total: bigint): bigint[] {
  if (divisor <= 0n || numerators.some((n) => n < 0n)) {
    throw new Invalid('apportioning needs a positive divisor and non-negative numerators');
  }
  const parts = numerators.map((n) => n / divisor);
  let leftover = total - parts.reduce((s, p) => s + p, 0n);
  const order = numerators
    .map((n, i) => ({ i, r: n % divisor }))
    .filter(({ r }) => r > 0n)
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  if (leftover < 0n || leftover > BigInt(order.length)) {
    throw new Invalid(`total ${total} is not the rounded sum of the shares`);
  }
  for (const { i } of order) {
    if (leftover === 0n) {
      break;
    }
    parts[i] = parts[i]! + 1n;
    leftover -= 1n;
  }
  return parts;
}
