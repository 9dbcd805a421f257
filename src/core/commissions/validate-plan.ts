import { type ErrorDetail, Invalid } from '../errors.ts';
import type { CommissionPlan } from './types.ts';

const isNonNegativeInt = (x: number): boolean => Number.isSafeInteger(x) && x >= 0;

/** Commission plan rules: tiers ascending from 0 %, integer basis-point rates ≥ 0, caps ≥ 0. */
export function validatePlan(plan: CommissionPlan): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (plan.tiers.length === 0) {
    errors.push({ path: 'tiers', message: 'a plan needs at least one tier' });
  } else if (plan.tiers[0]!.fromAttainmentBp !== 0) {
    errors.push({ path: 'tiers.0.fromAttainmentBp', message: 'the first tier must start at 0 % attainment' });
  }
  plan.tiers.forEach((tier, i) => {
    if (!isNonNegativeInt(tier.fromAttainmentBp)) {
      errors.push({ path: `tiers.${i}.fromAttainmentBp`, message: 'must be an integer ≥ 0 (basis points)' });
    }
    if (!isNonNegativeInt(tier.rateBp)) {
      errors.push({ path: `tiers.${i}.rateBp`, message: 'must be an integer ≥ 0 (basis points)' });
    }
    const previous = plan.tiers[i - 1];
    if (previous && previous.fromAttainmentBp >= tier.fromAttainmentBp) {
      errors.push({ path: `tiers.${i}.fromAttainmentBp`, message: 'tiers must be strictly ascending' });
    }
  });
  if (plan.capAmount !== undefined && !isNonNegativeInt(plan.capAmount)) {
    errors.push({ path: 'capAmount', message: 'must be an integer ≥ 0 (minor units)' });
  }
  if (
    plan.attainmentCapBp !== undefined &&
    !(isNonNegativeInt(plan.attainmentCapBp) && plan.attainmentCapBp > 0)
  ) {
    errors.push({ path: 'attainmentCapBp', message: 'must be an integer > 0 (basis points)' });
  }
  return errors;
}

/** Throws `Invalid` with every broken plan rule (see `validatePlan`). */
export function assertValidPlan(plan: CommissionPlan): void {
  const errors = validatePlan(plan);
  if (errors.length > 0) {
    throw new Invalid(
      `Commission plan "${plan.id}" is invalid: ${errors.map((e) => e.message).join('; ')}`,
      errors,
    );
  }
}
