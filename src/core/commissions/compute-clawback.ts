import { Invalid } from '../errors.ts';
import { divideRoundMinor } from '../money.ts';
import type { Reversal, StatementLine } from './types.ts';

/**
 * Clawback of a reversed receipt, booked as a negative line in the period of the reversal. It is
 * computed on the same tier basis as the original payout: the commission actually paid on that receipt
 * (after tiers and cap of its original period) × reversed share. The original period is not reopened.
 * Partial reversals use cumulative differences — round(paid × (already + now) / amount) −
 * round(paid × already / amount) — so all reversals of a receipt claw back exactly what was paid.
 */
export function computeClawback(reversal: Reversal): StatementLine {
  const { receiptAmount, commissionPaid, period } = reversal.original;
  const already = reversal.original.alreadyReversedAmount ?? 0;
  const checks: [boolean, string, string][] = [
    [
      Number.isSafeInteger(receiptAmount) && receiptAmount > 0,
      'original.receiptAmount',
      'must be an integer > 0',
    ],
    [
      Number.isSafeInteger(commissionPaid) && commissionPaid >= 0,
      'original.commissionPaid',
      'must be an integer ≥ 0',
    ],
    [
      Number.isSafeInteger(already) && already >= 0,
      'original.alreadyReversedAmount',
      'must be an integer ≥ 0',
    ],
    [
      Number.isSafeInteger(reversal.reversedAmount) &&
        reversal.reversedAmount > 0 &&
        already + reversal.reversedAmount <= receiptAmount,
      'reversedAmount',
      'must be > 0 and at most what is left of the receipt',
    ],
  ];
  for (const [ok, path, message] of checks) {
    if (!ok) {
      throw new Invalid(`reversal ${reversal.id}: ${path} ${message}`, [{ path, message }]);
    }
  }
  const paid = BigInt(commissionPaid);
  const amount = BigInt(receiptAmount);
  const before = divideRoundMinor(paid * BigInt(already), amount);
  const after = divideRoundMinor(paid * BigInt(already + reversal.reversedAmount), amount);
  const clawback = Number(before - after);
  return {
    kind: 'clawback',
    receiptId: reversal.receiptId,
    reversalId: reversal.id,
    base: reversal.reversedAmount,
    amount: clawback,
    explanation:
      `clawback: ${reversal.reversedAmount} of receipt ${reversal.receiptId} (${receiptAmount}) reversed on ` +
      `${reversal.date}; ${period} paid ${commissionPaid} on it → ${clawback}`,
  };
}
