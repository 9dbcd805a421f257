import { Invalid } from './errors.ts';

/**
 * The one rounding rule for money (STYLE.md habit 9): a real amount to whole minor units (分), half
 * away from zero (commercial rounding, 四舍五入). Non-finite input is an error; -0 never leaks out.
 */
export function roundMinorUnits(value: number): number {
  if (!Number.isFinite(value)) {
    throw new Invalid(`cannot round ${value} to minor units`);
  }
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return rounded === 0 ? 0 : rounded;
}

/**
 * The same rule, exactly, for a rational amount numerator / denominator in minor units (BigInt, no
 * float error): half away from zero. Used where money is multiplied by rates or basis points.
 */
export function divideRoundMinor(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) {
    throw new Invalid('denominator must be > 0');
  }
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const rounded = (2n * n + denominator) / (2n * denominator);
  return negative ? -rounded : rounded;
}
