import { z } from 'zod';
import type { CustomerPrepayment } from '../../services/receipts/customer-prepayment.ts';
import type { ReceiptDetail } from '../../services/receipts/get-receipt.ts';
import type { AllocationPreview } from '../../services/receipts/preview-allocation.ts';
import type { Receipt } from '../../services/receipts/receipt-fields.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const minor = z.number().int().describe('minor units (分) of the currency');

export const receiptSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['receipt', 'reversal']),
    customerId: z.string(),
    customerName: z.string().optional(),
    receivedOn: z.string(),
    amount: minor,
    currency: z.string(),
    method: z.string(),
    billMaturityDate: z.string().nullable(),
    payerName: z.string().nullable(),
    bankReference: z.string().nullable(),
    notes: z.string().nullable(),
    allocated: minor,
    unallocated: minor.describe(
      'amount − allocated for a live receipt; 0 for reversed receipts and reversal rows',
    ),
    reversesId: z.string().nullable(),
    reversedAt: z.string().nullable(),
    reversalReason: z.string().nullable(),
    contractNumbers: z.array(z.string()).optional(),
    ownerId: z.string(),
    unitId: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
  })
  .meta({ id: 'Receipt' });

export function presentReceipt(
  r: Receipt & { customerName?: string; contractNumbers?: string[] | null },
): z.infer<typeof receiptSchema> {
  return {
    id: r.id,
    kind: r.kind as 'receipt' | 'reversal',
    customerId: r.customerId,
    ...(r.customerName !== undefined ? { customerName: r.customerName } : {}),
    receivedOn: r.receivedOn,
    amount: r.amount,
    currency: r.currency,
    method: r.method,
    billMaturityDate: r.billMaturityDate,
    payerName: r.payerName,
    bankReference: r.bankReference,
    notes: r.notes,
    allocated: r.allocated,
    unallocated: r.kind === 'receipt' && !r.reversedAt ? r.amount - r.allocated : 0,
    reversesId: r.reversesId,
    reversedAt: iso(r.reversedAt),
    reversalReason: r.reversalReason,
    ...(r.contractNumbers !== undefined ? { contractNumbers: r.contractNumbers ?? [] } : {}),
    ownerId: r.ownerId,
    unitId: r.unitId,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
  };
}

export const receiptAllocationSchema = z
  .object({
    id: z.string(),
    installmentId: z.string(),
    contractId: z.string(),
    contractNumber: z.string(),
    seq: z.number().int(),
    label: z.string().nullable(),
    dueDate: z.string().nullable(),
    amount: minor,
    source: z.string(),
    allocatedAt: z.string(),
    allocatedBy: z.string().nullable(),
    reversedAt: z.string().nullable(),
    reversedBy: z.string().nullable(),
  })
  .meta({ id: 'ReceiptAllocation' });

export const receiptDetailSchema = receiptSchema
  .extend({
    customerName: z.string(),
    allocations: z.array(receiptAllocationSchema),
    related: z
      .object({ id: z.string(), kind: z.string(), receivedOn: z.string(), amount: minor })
      .nullable()
      .describe('the reversal row of a reversed receipt, or the receipt a reversal row reverses'),
  })
  .meta({ id: 'ReceiptDetail' });

export function presentReceiptDetail(d: ReceiptDetail): z.infer<typeof receiptDetailSchema> {
  return {
    ...presentReceipt(d.receipt),
    customerName: d.customerName,
    allocations: d.allocations.map((a) => ({
      ...a,
      allocatedAt: a.allocatedAt.toISOString(),
      reversedAt: iso(a.reversedAt),
    })),
    related: d.related,
  };
}

export const prepaymentSchema = z
  .object({
    customerId: z.string(),
    currency: z.string(),
    balance: minor.describe('Σ receipts (reversals negative) − Σ live allocations'),
    receipts: z.array(receiptSchema),
  })
  .meta({ id: 'CustomerPrepayment' });

export function presentPrepayment(p: CustomerPrepayment): z.infer<typeof prepaymentSchema> {
  return {
    customerId: p.customerId,
    currency: p.currency,
    balance: p.balance,
    receipts: p.receipts.map((r) => presentReceipt(r)),
  };
}

export const allocationPreviewSchema = z
  .object({
    currency: z.string(),
    amount: minor,
    allocated: minor,
    prepayment: minor.describe('what would stay unallocated'),
    installments: z.array(
      z.object({
        id: z.string(),
        contractId: z.string(),
        contractNumber: z.string(),
        seq: z.number().int(),
        label: z.string().nullable(),
        condition: z.string(),
        dueDate: z.string().nullable(),
        amount: minor,
        collected: minor,
        outstanding: minor,
        allocate: minor.describe('what this allocation gives the installment'),
      }),
    ),
  })
  .meta({ id: 'AllocationPreview' });

export function presentAllocationPreview(p: AllocationPreview): z.infer<typeof allocationPreviewSchema> {
  return {
    currency: p.currency,
    amount: p.amount,
    allocated: p.allocated,
    prepayment: p.prepayment,
    installments: p.installments.map((i) => ({
      id: i.id,
      contractId: i.contractId,
      contractNumber: i.contractNumber,
      seq: i.seq,
      label: i.label,
      condition: i.condition,
      dueDate: i.dueDate,
      amount: i.amount,
      collected: i.collected,
      outstanding: i.outstanding,
      allocate: i.allocate,
    })),
  };
}
