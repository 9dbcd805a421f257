import { Invalid } from '../errors.ts';

/** An installment that can still take money: what is left of it, and when it falls due. */
export interface OpenInstallment {
  id: string;
  /** 'YYYY-MM-DD'; null while a conditional installment waits for its delivery (it comes last). */
  dueDate: string | null;
  /** amount − collected, minor units, ≥ 0. */
  outstanding: number;
}

export interface Allocation {
  installmentId: string;
  amount: number;
}

export interface AllocationResult {
  /** Non-zero parts only, in the order they were filled. */
  allocations: Allocation[];
  /** What no installment could take: it becomes the customer's prepayment balance. */
  remainder: number;
}

/**
 * The default allocation of a receipt (回款核销): oldest due date first, each installment filled in
 * full before the next gets anything; installments without a due date after all dated ones; ties keep
 * the order given (callers pass contract and plan order). Whole minor units throughout, so
 * Σ allocations + remainder = amount exactly and no part exceeds its installment's outstanding amount.
 */
export function allocateOldestFirst(amount: number, open: readonly OpenInstallment[]): AllocationResult {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new Invalid(`amount must be a whole number of minor units ≥ 0, got ${amount}`);
  }
  for (const installment of open) {
    if (!Number.isSafeInteger(installment.outstanding) || installment.outstanding < 0) {
      throw new Invalid(
        `outstanding of ${installment.id} must be a whole number ≥ 0, got ${installment.outstanding}`,
      );
    }
  }
  const ordered = open
    .map((installment, index) => ({ installment, index }))
    .sort((a, b) => {
      const da = a.installment.dueDate;
      const db = b.installment.dueDate;
      if (da !== db) {
        if (da === null) {
          return 1;
        }
        if (db === null) {
          return -1;
        }
        return da < db ? -1 : 1;
      }
      return a.index - b.index;
    });
  const allocations: Allocation[] = [];
  let left = amount;
  for (const { installment } of ordered) {
    if (left === 0) {
      break;
    }
    const part = Math.min(left, installment.outstanding);
    if (part > 0) {
      allocations.push({ installmentId: installment.id, amount: part });
      left -= part;
    }
  }
  return { allocations, remainder: left };
}
