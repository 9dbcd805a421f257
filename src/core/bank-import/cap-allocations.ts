import { Invalid } from '../errors.ts';

export interface ProposedReceipt {
  /** Key of the line (its id); kept in the result. */
  key: string;
  amount: number;
  allocations: readonly { installmentId: string; amount: number }[];
}

export interface CappedReceipt {
  key: string;
  amount: number;
  /** Non-zero parts only. */
  allocations: { installmentId: string; amount: number }[];
  /** Σ allocations. */
  allocated: number;
}

/**
 * Commits what was proposed, never more than is left: lines in the order given (file order) take their
 * proposed parts, each capped by what the installment still has outstanding now (another receipt may
 * have been recorded since the dry run) and by what is left of the line's own amount. What a cap takes
 * away stays unallocated on the receipt (prepayment). Σ allocations ≤ amount per receipt and ≤
 * outstanding per installment, always.
 */
export function capAllocations(
  receipts: readonly ProposedReceipt[],
  outstanding: ReadonlyMap<string, number>,
): CappedReceipt[] {
  const left = new Map(outstanding);
  return receipts.map((r) => {
    if (!Number.isSafeInteger(r.amount) || r.amount <= 0) {
      throw new Invalid(`amount of ${r.key} must be a whole number of minor units > 0, got ${r.amount}`);
    }
    let own = r.amount;
    const allocations: { installmentId: string; amount: number }[] = [];
    for (const a of r.allocations) {
      const part = Math.min(Math.max(0, Math.trunc(a.amount)), own, left.get(a.installmentId) ?? 0);
      if (part > 0) {
        const same = allocations.find((x) => x.installmentId === a.installmentId);
        if (same) {
          same.amount += part;
        } else {
          allocations.push({ installmentId: a.installmentId, amount: part });
        }
        own -= part;
        left.set(a.installmentId, (left.get(a.installmentId) ?? 0) - part);
      }
    }
    return { key: r.key, amount: r.amount, allocations, allocated: r.amount - own };
  });
}
