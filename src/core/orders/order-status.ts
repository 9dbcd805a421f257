/** The supply-chain states of an order, in their order (DESIGN.md §2 row 5). */
export const ORDER_FLOW = [
  'received',
  'reviewed',
  'in_production',
  'in_warehouse',
  'shipped',
  'delivered',
  'accepted',
] as const;
export type OrderFlowStatus = (typeof ORDER_FLOW)[number];
export type OrderStatus = OrderFlowStatus | 'cancelled';
export const ORDER_STATUSES: readonly OrderStatus[] = [...ORDER_FLOW, 'cancelled'];

/** States from which an order may still be cancelled: anything before it left the warehouse. */
export const CANCELLABLE: readonly OrderStatus[] = ['received', 'reviewed', 'in_production', 'in_warehouse'];

/** States in which the goods have reached the customer. */
export const DELIVERED_STATES: readonly OrderStatus[] = ['delivered', 'accepted'];

export type AdvanceProblem =
  | { kind: 'final'; message: string }
  | { kind: 'backwards'; message: string }
  | { kind: 'not_cancellable'; message: string }
  | { kind: 'same'; message: string };

/**
 * The steps an order goes through moving from `from` to `to`: forward only, skipping allowed (each
 * skipped step is returned so it is recorded), never backwards; cancel only before shipping.
 * Answers the steps in order (the last one is `to`), or the rule it breaks.
 */
export function advanceSteps(
  from: OrderStatus,
  to: OrderStatus,
): { steps: OrderStatus[] } | { problem: AdvanceProblem } {
  if (from === 'cancelled' || from === 'accepted') {
    return { problem: { kind: 'final', message: `an ${from} order does not move any more` } };
  }
  if (to === 'cancelled') {
    return CANCELLABLE.includes(from)
      ? { steps: ['cancelled'] }
      : { problem: { kind: 'not_cancellable', message: `a ${from} order can no longer be cancelled` } };
  }
  const i = ORDER_FLOW.indexOf(from);
  const j = ORDER_FLOW.indexOf(to);
  if (j === i) {
    return { problem: { kind: 'same', message: `the order is already ${from}` } };
  }
  if (j < i) {
    return { problem: { kind: 'backwards', message: `an order never goes back (from ${from} to ${to})` } };
  }
  return { steps: ORDER_FLOW.slice(i + 1, j + 1) };
}
