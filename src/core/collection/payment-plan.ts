import { allocateByWeights } from '../allocation/largest-remainder.ts';
import { Invalid } from '../errors.ts';

/** When an installment (回款计划的一期) falls due. */
export const INSTALLMENT_CONDITIONS = [
  'on_signing',
  'on_date',
  'on_delivery',
  'on_acceptance',
  'retention',
  'milestone',
] as const;
export type InstallmentCondition = (typeof INSTALLMENT_CONDITIONS)[number];

/**
 * Whether an installment of this condition needs its due date when the plan is saved: on delivery /
 * on acceptance get theirs from the order (actual date + credit days), so they may wait without one.
 */
export function needsDueDate(condition: InstallmentCondition): boolean {
  return condition !== 'on_delivery' && condition !== 'on_acceptance';
}

/**
 * How far a plan is from its contract: plan total − contract amount, in minor units (negative: the
 * plan is short, positive: it asks for more than the contract). A plan must add up to the cent.
 */
export function planDifference(contractAmount: number, amounts: readonly number[]): number {
  return amounts.reduce((sum, a) => sum + a, 0) - contractAmount;
}

/** Whole basis points from percents with at most two decimals (30 → 3000, 12.5 → 1250). */
export function percentsToBasisPoints(percents: readonly number[]): number[] {
  return percents.map((p, i) => {
    const bp = Math.round(p * 100);
    if (!Number.isFinite(p) || p < 0 || Math.abs(bp - p * 100) > 1e-6) {
      throw new Invalid(`percents[${i}] must be a number ≥ 0 with at most two decimals`, [
        { path: `percents.${i}`, message: 'must be a number ≥ 0 with at most two decimals' },
      ]);
    }
    return bp;
  });
}

/**
 * A payment-plan template (30/60/10 …) applied to a contract amount: the amounts by the core's
 * largest remainder, so they add up to the contract amount exactly whatever the rounding; the shares
 * must make 100 % (10,000 basis points).
 */
export function splitByBasisPoints(
  total: number,
  basisPoints: readonly number[],
  path = 'basisPoints',
): number[] {
  const sum = basisPoints.reduce((s, b) => s + b, 0);
  if (sum !== 10_000) {
    throw new Invalid(`The shares must add up to 100 % (they add up to ${sum / 100} %).`, [
      { path, message: `must add up to 100 % (got ${sum / 100} %)` },
    ]);
  }
  return allocateByWeights({ total, weights: basisPoints });
}

/** The status an installment has with this amount and collected: paid once collected in full. */
export function installmentStatus(
  amount: number,
  collected: number,
  current: string,
): 'open' | 'paid' | 'cancelled' {
  if (current === 'cancelled') {
    return 'cancelled';
  }
  return collected >= amount && amount > 0 ? 'paid' : 'open';
}

/** Money as people read it in error texts, e.g. CNY 1,234.50 (minor units of a 2-decimal currency). */
export function formatMinor(amount: number, currency = 'CNY'): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${currency} ${whole}.${cents}`;
}
