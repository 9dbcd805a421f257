import { and, eq } from 'drizzle-orm';
import {
  type Allocation,
  type AllocationResult,
  allocateManually,
  allocateOldestFirst,
} from '../../core/collection/index.ts';
import { Invalid } from '../../core/errors.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { contracts, receipts } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { auditChange } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { visibleRecord } from '../deals/record-refs.ts';
import { type StoredResponse, withIdempotency } from '../idempotency/with-idempotency.ts';
import { syncFulfilmentAfterAllocations } from '../orders/sync-deal-fulfilment.ts';
import { loadReceiptDetail, type ReceiptDetail } from './get-receipt.ts';
import {
  type OpenInstallmentRow,
  openInstallments,
  orgCurrency,
  RECEIPT_AUDIT_FIELDS,
  type Receipt,
  type ReceiptMethod,
  writeAllocations,
} from './receipt-fields.ts';

export interface AllocationInput {
  /** auto: oldest due first over the customer's open installments (optionally of one contract); manual: `parts`. */
  mode: 'auto' | 'manual';
  contractId?: string | null | undefined;
  parts?: Allocation[] | undefined;
}

export interface RecordReceiptInput {
  customerId: string;
  receivedOn: string;
  amount: number;
  method: ReceiptMethod;
  billMaturityDate?: string | null | undefined;
  payerName?: string | null | undefined;
  bankReference?: string | null | undefined;
  notes?: string | null | undefined;
  /** Absent: auto. What no installment takes stays unallocated: the customer's prepayment. */
  allocation?: AllocationInput | undefined;
  /** The bank-statement line the receipt comes from (bank import). */
  statementLineId?: string | null | undefined;
}

/** A receipt's method-specific rule: an acceptance bill (承兑汇票) has a maturity date after receipt; nothing else has one. */
export function checkBillMaturity(
  input: Pick<RecordReceiptInput, 'method' | 'billMaturityDate' | 'receivedOn'>,
) {
  if (input.method === 'acceptance_bill') {
    if (!input.billMaturityDate) {
      throw new Invalid('An acceptance bill needs its maturity date.', [
        { path: 'billMaturityDate', message: 'required for an acceptance bill' },
      ]);
    }
    if (input.billMaturityDate <= input.receivedOn) {
      throw new Invalid('An acceptance bill matures after the day it was received.', [
        { path: 'billMaturityDate', message: 'must be after receivedOn' },
      ]);
    }
  } else if (input.billMaturityDate) {
    throw new Invalid('Only an acceptance bill has a maturity date.', [
      { path: 'billMaturityDate', message: 'only for method acceptance_bill' },
    ]);
  }
}

/** A contract named to limit an allocation must be one of the customer's (400 at `path` otherwise). */
async function checkContractOfCustomer(
  db: Queryable,
  orgId: string,
  customerId: string,
  contractId: string,
  path: string,
) {
  const [c] = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(
      and(eq(contracts.orgId, orgId), eq(contracts.id, contractId), eq(contracts.customerId, customerId)),
    );
  if (!c) {
    throw new Invalid('No such contract of this customer.', [
      { path, message: 'not a contract of this customer' },
    ]);
  }
}

/** A field's path under `prefix` ('' for the body itself). */
const at = (prefix: string, field: string) => (prefix ? `${prefix}.${field}` : field);

/** Parts only with a manual allocation, and always with one (400 at `<path>.parts`). */
export function checkAllocationShape(allocation: AllocationInput, path: string) {
  if (allocation.mode === 'manual' && allocation.parts === undefined) {
    throw new Invalid('A manual allocation lists its parts.', [
      { path: at(path, 'parts'), message: 'required when mode is manual' },
    ]);
  }
  if (allocation.mode === 'auto' && allocation.parts !== undefined) {
    throw new Invalid('An automatic allocation takes no parts.', [
      { path: at(path, 'parts'), message: 'only when mode is manual' },
    ]);
  }
}

/**
 * How `amount` would be allocated over the customer's open installments (locked when `lock`), by the
 * default rule or by hand; `path` is where a manual part's error is reported.
 */
export async function planAllocation(
  db: Queryable,
  orgId: string,
  {
    customerId,
    amount,
    allocation,
    lock,
    path,
    currency,
  }: {
    customerId: string;
    amount: number;
    allocation: AllocationInput;
    lock: boolean;
    path: string;
    currency: string;
  },
): Promise<{ open: OpenInstallmentRow[]; result: AllocationResult }> {
  checkAllocationShape(allocation, path);
  if (allocation.contractId) {
    await checkContractOfCustomer(db, orgId, customerId, allocation.contractId, at(path, 'contractId'));
  }
  const open = await openInstallments(db, orgId, {
    customerId,
    contractId: allocation.mode === 'auto' ? allocation.contractId : null,
    lock,
  });
  const result =
    allocation.mode === 'auto'
      ? allocateOldestFirst(amount, open)
      : allocateManually(amount, allocation.parts ?? [], open, { path: at(path, 'parts'), currency });
  return { open, result };
}

/**
 * Records one receipt (回款) with its allocations, inside the caller's transaction: the receipt row
 * (owner and unit copied from the customer, for the data scope), its allocations to installments
 * (auto: oldest due first; manual: the parts given), the installments' collected and status, the
 * receipt's `allocated`, and the audit row. What is not allocated is the customer's prepayment.
 * The one way a receipt is written — the receipts API and the bank-statement import both call it.
 */
export async function recordReceipt(
  tx: Tx,
  ctx: ServiceContext,
  input: RecordReceiptInput,
): Promise<Receipt> {
  assertCan(ctx.actor, 'money.write');
  checkBillMaturity(input);
  const customer = await visibleRecord(tx, ctx.actor, 'customer', input.customerId, 'customerId');
  const now = ctx.now();
  const currency = await orgCurrency(tx, ctx.actor.orgId);
  const { result } = await planAllocation(tx, ctx.actor.orgId, {
    customerId: customer.id,
    amount: input.amount,
    allocation: input.allocation ?? { mode: 'auto' },
    lock: true,
    path: 'allocation',
    currency,
  });
  const allocated = input.amount - result.remainder;
  const [receipt] = await tx
    .insert(receipts)
    .values({
      orgId: ctx.actor.orgId,
      id: newId(),
      kind: 'receipt',
      customerId: customer.id,
      receivedOn: input.receivedOn,
      amount: input.amount,
      currency,
      method: input.method,
      billMaturityDate: input.billMaturityDate ?? null,
      payerName: input.payerName?.trim() || null,
      bankReference: input.bankReference?.trim() || null,
      notes: input.notes?.trim() || null,
      allocated,
      statementLineId: input.statementLineId ?? null,
      ownerId: customer.ownerId,
      unitId: customer.unitId,
      createdAt: now,
      createdBy: ctx.actor.userId,
      updatedAt: now,
      updatedBy: ctx.actor.userId,
    })
    .returning();
  const source = input.allocation?.mode === 'manual' ? 'manual' : 'receipt';
  await writeAllocations(tx, ctx.actor, receipt!.id, result.allocations, source, now);
  await syncFulfilmentAfterAllocations(
    tx,
    ctx,
    result.allocations.map((a) => a.installmentId),
  );
  await auditChange(tx, ctx, {
    entity: 'receipt',
    entityId: receipt!.id,
    before: null,
    after: receipt!,
    fields: RECEIPT_AUDIT_FIELDS,
    at: now,
    extra: { allocations: { before: null, after: result.allocations } },
  });
  return receipt!;
}

/**
 * POST /receipts: records a receipt in its own transaction, at most once per Idempotency-Key; the
 * answer (presented by `present`, inside the transaction) is what a retry gets back.
 */
export async function createReceipt<T>(
  ctx: ServiceContext,
  input: RecordReceiptInput,
  { idempotencyKey, present }: { idempotencyKey: string | undefined; present: (detail: ReceiptDetail) => T },
): Promise<StoredResponse<T> & { replayed: boolean }> {
  assertCan(ctx.actor, 'money.write');
  return withIdempotency(
    ctx,
    { key: idempotencyKey, method: 'POST', route: '/api/v1/receipts', body: input },
    async (tx) => {
      const receipt = await recordReceipt(tx, ctx, input);
      return { statusCode: 201, body: present(await loadReceiptDetail(tx, ctx.actor, receipt.id)) };
    },
  );
}
