import { Invalid } from '../errors.ts';

/**
 * The one rounding step of the targets area: a real amount to whole minor units, half away from
 * zero (commercial rounding, 四舍五入), so "baseline × coefficient" is rounded once, at the end.
 */
export function roundToMinorUnits(value: number): number {
  if (!Number.isFinite(value)) {
    throw new Invalid(`cannot round ${value} to minor units`);
  }
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  // Avoid -0 leaking into JSON and equality checks.
  return rounded === 0 ? 0 : rounded;
}
