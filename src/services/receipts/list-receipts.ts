import { and, eq, gte, lte, or, type SQL, sql } from 'drizzle-orm';
import { containsPattern } from '../../db/like.ts';
import { type PageRequest, paginate } from '../../db/paginate.ts';
import { installments, receiptAllocations, receipts } from '../../db/schema/index.ts';
import { ownedRecordScope } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';

export interface ListReceiptsFilter extends PageRequest {
  customerId?: string | undefined;
  /** Receipts with a live allocation to this contract. */
  contractId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  method?: string | undefined;
  kind?: string | undefined;
  /** Payer name or bank reference contains. */
  q?: string | undefined;
  /** true: only receipts with money not yet allocated (prepayments). */
  unallocated?: boolean | undefined;
}

/** Receipts in the actor's data scope, newest first, filtered; cursor pages with a capped total. */
export async function listReceipts(ctx: ServiceContext, f: ListReceiptsFilter) {
  const conditions: (SQL | undefined)[] = [
    ownedRecordScope(ctx.actor, receipts),
    f.customerId ? eq(receipts.customerId, f.customerId) : undefined,
    f.from ? gte(receipts.receivedOn, f.from) : undefined,
    f.to ? lte(receipts.receivedOn, f.to) : undefined,
    f.method ? eq(receipts.method, f.method) : undefined,
    f.kind ? eq(receipts.kind, f.kind) : undefined,
    f.unallocated
      ? sql`${receipts.kind} = 'receipt' and ${receipts.reversedAt} is null and ${receipts.allocated} < ${receipts.amount}`
      : undefined,
    f.contractId
      ? sql`exists (select 1 from ${receiptAllocations} a join ${installments} i on i.org_id = a.org_id and i.id = a.installment_id
          where a.org_id = ${receipts.orgId} and a.receipt_id = ${receipts.id} and a.reversed_at is null and i.contract_id = ${f.contractId})`
      : undefined,
  ];
  if (f.q) {
    const pattern = containsPattern(f.q);
    conditions.push(
      or(sql`${receipts.payerName} ilike ${pattern}`, sql`${receipts.bankReference} ilike ${pattern}`),
    );
  }
  return paginate({
    db: ctx.db,
    table: receipts,
    where: and(...conditions),
    sortable: { receivedOn: receipts.receivedOn, createdAt: receipts.createdAt, amount: receipts.amount },
    defaultSort: '-receivedOn',
    id: receipts.id,
    request: f,
    extra: {
      // Correlated to the outer row by name: drizzle leaves selected columns unqualified.
      customerName: sql<string>`(select c.name from customers c where c.org_id = receipts.org_id and c.id = receipts.customer_id)`,
      contractNumbers: sql<
        string[]
      >`(select coalesce(array_agg(distinct k.number), '{}') from receipt_allocations a
        join installments i on i.org_id = a.org_id and i.id = a.installment_id
        join contracts k on k.org_id = i.org_id and k.id = i.contract_id
        where a.org_id = receipts.org_id and a.receipt_id = receipts.id and a.reversed_at is null)`,
    },
  });
}
