import type { MessageKey } from '../../app/i18n/index.tsx';
import type { Role } from '../../app/types.ts';

/** The supply-chain steps in order (server: core/orders/order-status.ts). */
export const ORDER_FLOW = [
  'received',
  'reviewed',
  'in_production',
  'in_warehouse',
  'shipped',
  'delivered',
  'accepted',
] as const;
export const ORDER_STATUSES = [...ORDER_FLOW, 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const CANCELLABLE: readonly string[] = ['received', 'reviewed', 'in_production', 'in_warehouse'];

export const STATUS_COLORS: Record<string, string> = {
  received: 'default',
  reviewed: 'blue',
  in_production: 'geekblue',
  in_warehouse: 'purple',
  shipped: 'cyan',
  delivered: 'green',
  accepted: 'success',
  cancelled: 'error',
};

export function statusKey(status: string): MessageKey {
  return `order.status.${status}` as MessageKey;
}

/** The steps an order may still move to: every later step of the flow. */
export function nextSteps(status: string): OrderStatus[] {
  const i = ORDER_FLOW.indexOf(status as (typeof ORDER_FLOW)[number]);
  return i < 0 ? [] : ORDER_FLOW.slice(i + 1);
}

/** Orders are money records: admin and finance take and move them (server: money.write). */
export function canWriteMoney(role: Role): boolean {
  return role === 'admin' || role === 'finance';
}
