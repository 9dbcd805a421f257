import { assertCan } from '../../policies/permissions.ts';
import type { ServiceContext } from '../context.ts';
import { visibleRecord } from '../deals/record-refs.ts';
import { type OpenInstallmentRow, orgCurrency } from './receipt-fields.ts';
import { type AllocationInput, planAllocation } from './record-receipt.ts';

export interface AllocationPreview {
  currency: string;
  amount: number;
  /** Every open installment the money could go to (of the contract, when an auto allocation names one), with its share. */
  installments: (OpenInstallmentRow & { allocate: number })[];
  allocated: number;
  /** What would stay unallocated: the customer's prepayment. */
  prepayment: number;
}

/**
 * What recording (or allocating) `amount` for a customer would do, written nowhere: the receipt
 * entry's live allocation preview. Same rules and errors as the real write.
 */
export async function previewAllocation(
  ctx: ServiceContext,
  input: { customerId: string; amount: number; allocation: AllocationInput },
): Promise<AllocationPreview> {
  assertCan(ctx.actor, 'money.write');
  const customer = await visibleRecord(ctx.db, ctx.actor, 'customer', input.customerId, 'customerId');
  const currency = await orgCurrency(ctx.db, ctx.actor.orgId);
  const { open, result } = await planAllocation(ctx.db, ctx.actor.orgId, {
    customerId: customer.id,
    amount: input.amount,
    allocation: input.allocation,
    lock: false,
    path: 'allocation',
    currency,
  });
  const share = new Map(result.allocations.map((a) => [a.installmentId, a.amount]));
  return {
    currency,
    amount: input.amount,
    installments: open.map((i) => ({ ...i, allocate: share.get(i.id) ?? 0 })),
    allocated: input.amount - result.remainder,
    prepayment: result.remainder,
  };
}
