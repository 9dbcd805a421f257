import { z } from 'zod';
import type { ContractReceiptRow } from '../../services/payment-plans/contract-receipts.ts';
import type { PaymentPlan } from '../../services/payment-plans/plan-fields.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const minor = z.number().int().describe('minor units (分) of the contract currency');

export const installmentSchema = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    condition: z.string(),
    label: z.string().nullable(),
    dueDate: z.string().nullable(),
    amount: minor,
    collected: minor,
    outstanding: minor,
    status: z.string().describe('open | paid | cancelled'),
    paidAt: z.string().nullable(),
    badDebtRiskAt: z.string().nullable(),
    orderId: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Installment' });

export const paymentPlanSchema = z
  .object({
    contract: z.object({
      id: z.string(),
      number: z.string(),
      title: z.string(),
      customerId: z.string(),
      status: z.string(),
      amount: minor,
      currency: z.string(),
      signDate: z.string().nullable(),
      revision: z.number().int(),
      version: z.number().int().describe('send as If-Match to PUT the plan'),
    }),
    installments: z.array(installmentSchema),
    planTotal: minor.describe('Σ amounts of installments not cancelled'),
    difference: minor.describe('planTotal − contract amount (0 when the plan adds up)'),
    collected: minor,
    outstanding: minor,
  })
  .meta({ id: 'PaymentPlan' });

export function presentPlan(p: PaymentPlan): z.infer<typeof paymentPlanSchema> {
  const c = p.contract;
  return {
    contract: {
      id: c.id,
      number: c.number,
      title: c.title,
      customerId: c.customerId,
      status: c.status,
      amount: c.amount,
      currency: c.currency,
      signDate: c.signDate,
      revision: c.revision,
      version: c.version,
    },
    installments: p.installments.map((i) => ({
      id: i.id,
      seq: i.seq,
      condition: i.condition,
      label: i.label,
      dueDate: i.dueDate,
      amount: i.amount,
      collected: i.collected,
      outstanding: i.status === 'cancelled' ? 0 : i.amount - i.collected,
      status: i.status,
      paidAt: iso(i.paidAt),
      badDebtRiskAt: iso(i.badDebtRiskAt),
      orderId: i.orderId,
      version: i.version,
    })),
    planTotal: p.planTotal,
    difference: p.difference,
    collected: p.collected,
    outstanding: p.outstanding,
  };
}

export const planPreviewSchema = z
  .object({
    contractAmount: minor,
    currency: z.string(),
    installments: z.array(
      z.object({
        condition: z.string(),
        dueDate: z.string().nullable(),
        amount: minor,
        label: z.string().nullable(),
        basisPoints: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'PaymentPlanPreview' });

export const contractReceiptSchema = z
  .object({
    allocationId: z.string(),
    receiptId: z.string(),
    receivedOn: z.string(),
    method: z.string(),
    payerName: z.string().nullable(),
    bankReference: z.string().nullable(),
    receiptAmount: minor,
    installmentId: z.string(),
    seq: z.number().int(),
    label: z.string().nullable(),
    amount: minor,
    source: z.string(),
    allocatedAt: z.string(),
    reversedAt: z.string().nullable(),
  })
  .meta({ id: 'ContractReceipt' });

export function presentContractReceipt(r: ContractReceiptRow): z.infer<typeof contractReceiptSchema> {
  return { ...r, allocatedAt: r.allocatedAt.toISOString(), reversedAt: iso(r.reversedAt) };
}
