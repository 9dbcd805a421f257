import type { ServiceContext } from '../context.ts';
import { findContract, loadPlan, type PaymentPlan } from './plan-fields.ts';

/** A contract's payment plan (回款计划): installments with collected/outstanding, plan total vs contract amount. */
export async function getPlan(ctx: ServiceContext, contractId: string): Promise<PaymentPlan> {
  const contract = await findContract(ctx.db, ctx.actor, contractId);
  return loadPlan(ctx.db, ctx.actor, contract);
}
