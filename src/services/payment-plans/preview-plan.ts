import { addDays } from '../../core/calendar/calendar-date.ts';
import {
  type InstallmentCondition,
  needsDueDate,
  percentsToBasisPoints,
  splitByBasisPoints,
} from '../../core/collection/index.ts';
import { Invalid } from '../../core/errors.ts';
import { assertCan } from '../../policies/permissions.ts';
import type { ServiceContext } from '../context.ts';
import { findContract } from './plan-fields.ts';

export interface PreviewPlanInput {
  /** Shares in percent (30, 60, 10; two decimals at most) — or `basisPoints` (3000, 6000, 1000). */
  percents?: number[] | undefined;
  basisPoints?: number[] | undefined;
  conditions: InstallmentCondition[];
  /** Fixed due dates, per installment (null: none or from `offsetDays`). */
  dueDates?: (string | null)[] | undefined;
  /** Days after the contract's sign date (start date, or today when it has neither). */
  offsetDays?: (number | null)[] | undefined;
  labels?: (string | null)[] | undefined;
}

export interface PreviewPlanInstallment {
  condition: InstallmentCondition;
  dueDate: string | null;
  amount: number;
  label: string | null;
  basisPoints: number;
}

function sameLength(name: string, values: unknown[] | undefined, n: number) {
  if (values !== undefined && values.length !== n) {
    throw new Invalid(`${name} must have one entry per installment.`, [
      { path: name, message: `must have ${n} entries, one per share` },
    ]);
  }
}

/**
 * A plan template applied to a contract (30/60/10 …), written nowhere: the amounts by the core's
 * largest remainder, so they add up to the contract amount exactly; due dates fixed or as days after
 * signing. The plan editor shows it and saves it through PUT /plan.
 */
export async function previewPlan(
  ctx: ServiceContext,
  contractId: string,
  input: PreviewPlanInput,
): Promise<{ contractAmount: number; currency: string; installments: PreviewPlanInstallment[] }> {
  const contract = await findContract(ctx.db, ctx.actor, contractId);
  assertCan(ctx.actor, 'money.write');
  if ((input.percents === undefined) === (input.basisPoints === undefined)) {
    throw new Invalid('Send the shares as percents or as basisPoints (one of them).', [
      { path: 'percents', message: 'send percents or basisPoints' },
    ]);
  }
  const shares = input.basisPoints ?? percentsToBasisPoints(input.percents ?? []);
  const n = shares.length;
  sameLength('conditions', input.conditions, n);
  sameLength('dueDates', input.dueDates, n);
  sameLength('offsetDays', input.offsetDays, n);
  sameLength('labels', input.labels, n);
  const amounts = splitByBasisPoints(contract.amount, shares, input.basisPoints ? 'basisPoints' : 'percents');
  const base = contract.signDate ?? contract.startDate ?? ctx.now().toISOString().slice(0, 10);
  return {
    contractAmount: contract.amount,
    currency: contract.currency,
    installments: shares.map((bp, i) => {
      const condition = input.conditions[i]!;
      const fixed = input.dueDates?.[i] ?? null;
      const offset = input.offsetDays?.[i] ?? null;
      const dueDate =
        fixed ?? (offset !== null ? addDays(base, offset) : needsDueDate(condition) ? base : null);
      return { condition, dueDate, amount: amounts[i]!, label: input.labels?.[i] ?? null, basisPoints: bp };
    }),
  };
}
