import { z } from 'zod';
import type { Contract, ContractLine } from '../../services/contracts/contract-fields.ts';
import type { CustomerCreditView } from '../../services/contracts/credit.ts';
import type { ContractDetail, listContractRevisions } from '../../services/contracts/get-contract.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const minor = z.number().int().describe('minor units of the currency');

export const contractSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    title: z.string(),
    customerId: z.string(),
    customerName: z.string().nullable(),
    dealId: z.string().nullable(),
    dealName: z.string().nullable(),
    signDate: z.string().nullable(),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    amount: minor,
    currency: z.string(),
    paymentTerms: z.string().nullable(),
    creditDays: z.number().int().nullable(),
    status: z.string().describe('draft | submitted | approved | rejected | active | completed | terminated'),
    revision: z.number().int(),
    submittedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decisionComment: z.string().nullable(),
    activatedAt: z.string().nullable(),
    completedAt: z.string().nullable(),
    terminatedAt: z.string().nullable(),
    terminationReason: z.string().nullable(),
    creditApprovedAt: z.string().nullable(),
    creditApprovedBy: z.string().nullable(),
    ownerId: z.string(),
    ownerName: z.string().nullable(),
    unitId: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Contract' });

export function presentContract(
  c: Contract,
  names: { customerName?: string | null; dealName?: string | null; ownerName?: string | null } = {},
): z.infer<typeof contractSchema> {
  return {
    id: c.id,
    number: c.number,
    title: c.title,
    customerId: c.customerId,
    customerName: names.customerName ?? null,
    dealId: c.dealId,
    dealName: names.dealName ?? null,
    signDate: c.signDate,
    startDate: c.startDate,
    endDate: c.endDate,
    amount: c.amount,
    currency: c.currency,
    paymentTerms: c.paymentTerms,
    creditDays: c.creditDays,
    status: c.status,
    revision: c.revision,
    submittedAt: iso(c.submittedAt),
    decidedAt: iso(c.decidedAt),
    decidedBy: c.decidedBy,
    decisionComment: c.decisionComment,
    activatedAt: iso(c.activatedAt),
    completedAt: iso(c.completedAt),
    terminatedAt: iso(c.terminatedAt),
    terminationReason: c.terminationReason,
    creditApprovedAt: iso(c.creditApprovedAt),
    creditApprovedBy: c.creditApprovedBy,
    ownerId: c.ownerId,
    ownerName: names.ownerName ?? null,
    unitId: c.unitId,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export const contractLineSchema = z
  .object({
    id: z.string(),
    position: z.number().int(),
    productId: z.string().nullable(),
    description: z.string(),
    quantity: z.number().int(),
    unitPrice: minor,
    discountBp: z.number().int(),
    amount: minor,
  })
  .meta({ id: 'ContractLine' });

function presentLine(l: ContractLine): z.infer<typeof contractLineSchema> {
  return {
    id: l.id,
    position: l.position,
    productId: l.productId,
    description: l.description,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    discountBp: l.discountBp,
    amount: l.amount,
  };
}

export const contractEventSchema = z
  .object({
    id: z.string(),
    action: z
      .string()
      .describe(
        'create | submit | approve | reject | activate | complete | terminate | revise | credit_approve',
      ),
    fromStatus: z.string().nullable(),
    toStatus: z.string().nullable(),
    comment: z.string().nullable(),
    at: z.string(),
    by: z.string().nullable(),
    byName: z.string().nullable(),
  })
  .meta({ id: 'ContractEvent' });

export const contractDetailSchema = contractSchema
  .extend({
    lines: z.array(contractLineSchema),
    events: z.array(contractEventSchema),
    decidedByName: z.string().nullable(),
    creditApprovedByName: z.string().nullable(),
    credit: z.object({
      creditLimit: minor.nullable().describe("the customer's credit limit (null: none)"),
      openReceivables: minor.describe("the customer's open receivables on its active contracts"),
    }),
  })
  .meta({ id: 'ContractDetail' });

export function presentContractDetail(d: ContractDetail): z.infer<typeof contractDetailSchema> {
  return {
    ...presentContract(d.contract, d),
    lines: d.lines.map(presentLine),
    events: d.events.map((e) => ({
      id: e.id,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      comment: e.comment,
      at: e.at.toISOString(),
      by: e.by,
      byName: e.byName,
    })),
    decidedByName: d.decidedByName,
    creditApprovedByName: d.creditApprovedByName,
    credit: d.credit,
  };
}

export const contractRevisionSchema = z
  .object({
    id: z.string(),
    revision: z.number().int(),
    reason: z.string().nullable(),
    changes: z
      .record(z.string(), z.object({ from: z.unknown(), to: z.unknown() }))
      .describe('changed fields: { field: { from, to } }; lines as whole lists'),
    changedAt: z.string(),
    changedBy: z.string().nullable(),
    changedByName: z.string().nullable(),
  })
  .meta({ id: 'ContractRevision' });

export function presentRevision(
  r: Awaited<ReturnType<typeof listContractRevisions>>[number],
): z.infer<typeof contractRevisionSchema> {
  return {
    id: r.id,
    revision: r.revision,
    reason: r.reason,
    changes: r.changes as Record<string, { from: unknown; to: unknown }>,
    changedAt: r.changedAt.toISOString(),
    changedBy: r.changedBy,
    changedByName: r.changedByName,
  };
}

export const customerCreditSchema = z
  .object({
    customerId: z.string(),
    creditLimit: minor.nullable().describe('null: no limit'),
    creditDays: z.number().int().nullable().describe("null: the org's default"),
    effectiveCreditDays: z.number().int(),
    openReceivables: minor,
    version: z.number().int().describe('0 while the customer has no credit terms; send it as If-Match'),
    updatedAt: z.string().nullable(),
  })
  .meta({ id: 'CustomerCredit' });

export function presentCredit(c: CustomerCreditView): z.infer<typeof customerCreditSchema> {
  return { ...c, updatedAt: iso(c.updatedAt) };
}
