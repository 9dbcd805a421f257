import { divideRoundMinor } from '../money.ts';

/**
 * Amount of one deal line in minor units: quantity × unit price × (1 − discount), rounded half up
 * once per line, so the deal amount is the plain sum of its lines.
 */
export function lineItemAmount(quantity: number, unitPrice: number, discountBp: number): number {
  return Number(
    divideRoundMinor(BigInt(quantity) * BigInt(unitPrice) * BigInt(10_000 - discountBp), 10_000n),
  );
}

/** Deal amount from its lines: the sum of the rounded line amounts. */
export function sumLineItems(
  lines: readonly { quantity: number; unitPrice: number; discountBp: number }[],
): number {
  return lines.reduce((s, l) => s + lineItemAmount(l.quantity, l.unitPrice, l.discountBp), 0);
}

/** Weighted (probability-adjusted) amount of one deal: amount × probability, rounded half up. */
export function weightedAmount(amount: number, probabilityBp: number): number {
  return Number(divideRoundMinor(BigInt(amount) * BigInt(probabilityBp), 10_000n));
}

/**
 * Totals of one board column: count, amount and weighted amount. Weighting is per deal (then
 * summed) so that a column's weighted total equals the sum of the cards' weighted amounts.
 */
export function summariseStage(deals: readonly { amount: number; probabilityBp: number }[]) {
  let amount = 0;
  let weighted = 0;
  for (const d of deals) {
    amount += d.amount;
    weighted += weightedAmount(d.amount, d.probabilityBp);
  }
  return { count: deals.length, amount, weightedAmount: weighted };
}
