import { Invalid, RuleViolated } from '../errors.ts';
import type { Allocation, AllocationResult, OpenInstallment } from './allocate-oldest-first.ts';
import { formatMinor } from './payment-plan.ts';

/**
 * A receipt's allocation chosen by hand (手工核销): each part goes to an installment that can still
 * take money, none above what that installment still lacks, all together no more than the money
 * there is; the rest stays unallocated (the customer's prepayment). Parts are checked in the order
 * given; the first broken rule is reported at its part (`<path>.<i>.installmentId` / `.amount`).
 */
export function allocateManually(
  amount: number,
  parts: readonly Allocation[],
  open: readonly OpenInstallment[],
  { path = 'parts', currency = 'CNY' }: { path?: string; currency?: string } = {},
): AllocationResult {
  const byId = new Map(open.map((i) => [i.id, i]));
  const seen = new Set<string>();
  let total = 0;
  for (const [i, part] of parts.entries()) {
    if (seen.has(part.installmentId)) {
      throw new Invalid('Each installment may appear once in an allocation.', [
        { path: `${path}.${i}.installmentId`, message: 'appears twice' },
      ]);
    }
    seen.add(part.installmentId);
    const installment = byId.get(part.installmentId);
    if (!installment) {
      throw new Invalid('No open installment of this customer with this id.', [
        { path: `${path}.${i}.installmentId`, message: 'not an open installment of this customer' },
      ]);
    }
    if (!Number.isSafeInteger(part.amount) || part.amount <= 0) {
      throw new Invalid('An allocated amount must be a whole number of minor units > 0.', [
        { path: `${path}.${i}.amount`, message: 'must be a whole number > 0 (minor units)' },
      ]);
    }
    if (part.amount > installment.outstanding) {
      const message = `exceeds the ${formatMinor(installment.outstanding, currency)} still outstanding`;
      throw new RuleViolated(`An installment cannot take more than it still lacks: ${message}.`, [
        { path: `${path}.${i}.amount`, message },
      ]);
    }
    total += part.amount;
  }
  if (total > amount) {
    const message = `the parts add up to ${formatMinor(total, currency)}, ${formatMinor(total - amount, currency)} more than the ${formatMinor(amount, currency)} available`;
    throw new RuleViolated(`Cannot allocate more money than there is: ${message}.`, [{ path, message }]);
  }
  return { allocations: parts.map((p) => ({ ...p })), remainder: amount - total };
}
