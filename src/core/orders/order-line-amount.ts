import { Invalid } from '../errors.ts';

export interface OrderedSoFar {
  /** Quantity of the contract line already on live (not cancelled) orders. */
  quantity: number;
  /** Amount (minor units) of the contract line already on live orders. */
  amount: number;
}

/**
 * The amount of `quantity` units of a contract line put on an order: pro rata of the line amount,
 * exact in minor units. The line's cumulative share after this order is floor(amount × ordered ÷
 * line quantity), less what earlier orders already took; the order that completes the line takes
 * the whole remainder, so the orders of a line always add up to its amount to the fen.
 */
export function orderLineAmount(
  line: { quantity: number; amount: number },
  soFar: OrderedSoFar,
  quantity: number,
): number {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new Invalid(`quantity must be a whole number ≥ 1, got ${quantity}`);
  }
  if (soFar.quantity + quantity > line.quantity) {
    throw new Invalid(
      `quantity ${quantity} exceeds what is left of the line (${line.quantity - soFar.quantity})`,
    );
  }
  const left = line.amount - soFar.amount;
  const after = soFar.quantity + quantity;
  if (after === line.quantity) {
    return left;
  }
  // bigint: amount × quantity can pass 2^53 even when both fit.
  const cumulative = Number((BigInt(line.amount) * BigInt(after)) / BigInt(line.quantity));
  return Math.min(Math.max(cumulative - soFar.amount, 0), left);
}
