import { sql } from 'drizzle-orm';
import {
  contractNumberPattern,
  contractNumbersIn,
  type MatchIndex,
  type OpenInstallmentRef,
  referenceKey,
  referenceTokens,
  type StatementLine,
} from '../../core/bank-import/index.ts';
import { customerNameKey } from '../../core/customers/index.ts';
import type { Queryable } from '../../db/client.ts';
import { chunked } from '../import/planned-row.ts';

const textArray = (values: string[]) => sql`${sql.param(values)}::text[]`;

/**
 * Everything matching needs, set-based: the contracts whose numbers the lines mention, the live
 * receipts whose bank references they carry (as their own reference or in the memo), the customers
 * whose name keys the payer names fold to, and the org's open installments — one query per 5,000
 * keys, never one per line.
 */
export async function loadMatchIndex(
  db: Queryable,
  orgId: string,
  lines: readonly StatementLine[],
  contractPrefix: string,
): Promise<MatchIndex> {
  const numbers = new Set<string>();
  const references = new Set<string>();
  const nameKeys = new Set<string>();
  const pattern = contractNumberPattern(contractPrefix);
  for (const line of lines) {
    for (const n of contractNumbersIn(line, contractPrefix, pattern)) {
      numbers.add(n);
    }
    for (const t of referenceTokens(line)) {
      references.add(t);
    }
    if (line.bankReference) {
      // As typed too: a receipt keeps the reference as the bank wrote it.
      references.add(line.bankReference);
      const key = referenceKey(line.bankReference);
      if (key) {
        references.add(key);
      }
    }
    if (line.payerName) {
      nameKeys.add(customerNameKey(line.payerName));
    }
  }

  const contracts = await chunked(
    [...numbers],
    async (part) =>
      (
        await db.execute<{ id: string; customer_id: string; number: string }>(sql`
        select id, customer_id, number from contracts
        where org_id = ${orgId} and number = any(${textArray(part)})`)
      ).rows,
  );
  const receipts = await chunked(
    [...references],
    async (part) =>
      (
        await db.execute<{ id: string; customer_id: string; bank_reference: string }>(sql`
        select id, customer_id, bank_reference from receipts
        where org_id = ${orgId} and kind = 'receipt' and reversed_at is null
          and bank_reference = any(${textArray(part)})`)
      ).rows,
  );
  const customers = await chunked(
    [...nameKeys],
    async (part) =>
      (
        await db.execute<{ id: string; name_key: string }>(sql`
        select id, name_key from customers
        where org_id = ${orgId} and merged_into_id is null and name_key = any(${textArray(part)})`)
      ).rows,
  );
  // The org's open installments of approved or active contracts, in contract and plan order.
  const open = await db.execute<{
    id: string;
    contract_id: string;
    customer_id: string;
    due_date: string | null;
    outstanding: string;
  }>(sql`
    select i.id, i.contract_id, i.customer_id, i.due_date::text as due_date,
           (i.amount - i.collected)::text as outstanding
    from installments i
    join contracts c on c.org_id = i.org_id and c.id = i.contract_id
    where i.org_id = ${orgId} and i.status = 'open' and i.amount > i.collected
      and c.status in ('approved', 'active')
    order by i.contract_id, i.seq`);

  const customersByNameKey = new Map<string, string | 'ambiguous'>();
  for (const c of customers) {
    const prev = customersByNameKey.get(c.name_key);
    customersByNameKey.set(c.name_key, prev && prev !== c.id ? 'ambiguous' : c.id);
  }
  const receiptsByReference = new Map<string, { receiptId: string; customerId: string }>();
  for (const r of receipts) {
    const key = referenceKey(r.bank_reference);
    if (key && !receiptsByReference.has(key)) {
      receiptsByReference.set(key, { receiptId: r.id, customerId: r.customer_id });
    }
  }
  return {
    contractsByNumber: new Map(
      contracts.map((c) => [c.number, { contractId: c.id, customerId: c.customer_id }]),
    ),
    receiptsByReference,
    customersByNameKey,
    openInstallments: open.rows.map(
      (i): OpenInstallmentRef => ({
        id: i.id,
        contractId: i.contract_id,
        customerId: i.customer_id,
        dueDate: i.due_date,
        outstanding: Number(i.outstanding),
      }),
    ),
  };
}
