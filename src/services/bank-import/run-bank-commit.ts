import { and, eq, sql } from 'drizzle-orm';
import { capAllocations, referenceKey } from '../../core/bank-import/index.ts';
import { bulkInsert, type Row } from '../../db/bulk-insert.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { importFiles, receiptAllocations, receipts } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId } from '../context.ts';
import { actorOfJob, type ImportJob } from '../import/import-file.ts';
import { syncFulfilmentAfterAllocations } from '../orders/sync-deal-fulfilment.ts';
import { failureMessage, LINE_BATCH, setJob, setProgress } from './bank-import-job.ts';

type ConfirmedLine = {
  id: string;
  row: number;
  received_on: string;
  amount: string;
  payer_name: string | null;
  bank_reference: string | null;
  memo: string | null;
  customer_id: string;
  allocations: { installmentId: string; amount: number }[] | null;
};

const uuidArray = (values: string[]) => sql`${sql.param(values)}::uuid[]`;
const textArray = (values: string[]) => sql`${sql.param(values)}::text[]`;

/**
 * Records the confirmed lines of a reviewed statement: one receipt per line (bank_transfer, payer,
 * reference, statement_line_id) with its allocations, in ONE transaction, set-based (bulk inserts and
 * one update of the installments). Installments and lines are locked first; each allocation is capped
 * by what its installment still has outstanding now, and the rest of a line stays on its receipt as
 * the customer's prepayment. Keeps the invariants of db/schema/collection.ts: installments.collected
 * and receipts.allocated equal the sums of their live allocations, an installment collected in full
 * is paid. A line already recorded, or whose bank reference a live receipt carries by now, is not
 * recorded again: committing twice records nothing twice.
 */
export async function recordConfirmedLines(
  tx: Queryable,
  job: ImportJob,
  actor: { userId: string; name: string },
  at: Date,
  onProgress: (done: number, total: number) => Promise<void> = async () => {},
) {
  // Commits of one org's statements take turns, so two imports of the same statement committed at
  // once cannot both miss the other's receipts in the duplicate check below.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`bank-commit:${job.orgId}`}))`);
  const lines = (
    await tx.execute<ConfirmedLine>(sql`
      select id, row, received_on::text as received_on, amount::text as amount, payer_name,
             bank_reference, memo, customer_id, allocations
      from bank_statement_lines
      where org_id = ${job.orgId} and import_id = ${job.id} and decision = 'confirmed'
        and flag is null and receipt_id is null and customer_id is not null and amount > 0
      order by row
      for update`)
  ).rows;

  // Recorded meanwhile (another import of the same statement, or by hand): flag, don't record.
  const refs = [...new Set(lines.flatMap((l) => (l.bank_reference ? [l.bank_reference] : [])))];
  const taken = new Map<string, string>();
  for (let i = 0; i < refs.length; i += LINE_BATCH) {
    const found = await tx.execute<{ id: string; bank_reference: string }>(sql`
      select id, bank_reference from receipts
      where org_id = ${job.orgId} and kind = 'receipt' and reversed_at is null
        and bank_reference = any(${textArray(refs.slice(i, i + LINE_BATCH))})`);
    for (const r of found.rows) {
      taken.set(referenceKey(r.bank_reference) as string, r.id);
    }
  }
  const duplicates = lines.filter((l) => taken.has(referenceKey(l.bank_reference) ?? ''));
  if (duplicates.length > 0) {
    const ids = duplicates.map((l) => l.id);
    const receiptIds = duplicates.map((l) => taken.get(referenceKey(l.bank_reference) as string) as string);
    await tx.execute(sql`
      update bank_statement_lines b set flag = 'duplicate', decision = 'skipped',
        duplicate_receipt_id = x.receipt_id, version = b.version + 1,
        updated_at = ${at.toISOString()}, updated_by = ${actor.userId}
      from unnest(${uuidArray(ids)}, ${uuidArray(receiptIds)}) as x(id, receipt_id)
      where b.org_id = ${job.orgId} and b.id = x.id`);
  }
  const toRecord = lines.filter((l) => !taken.has(referenceKey(l.bank_reference) ?? ''));

  // The installments the lines go to, locked, with what they still have outstanding now.
  const installmentIds = [
    ...new Set(toRecord.flatMap((l) => (l.allocations ?? []).map((a) => a.installmentId))),
  ];
  const outstanding = new Map<string, number>();
  for (let i = 0; i < installmentIds.length; i += LINE_BATCH) {
    const found = await tx.execute<{ id: string; outstanding: string }>(sql`
      select id, (amount - collected)::text as outstanding from installments
      where org_id = ${job.orgId} and id = any(${uuidArray(installmentIds.slice(i, i + LINE_BATCH))})
        and status = 'open'
      order by id
      for update`);
    for (const r of found.rows) {
      outstanding.set(r.id, Number(r.outstanding));
    }
  }
  const capped = capAllocations(
    toRecord.map((l) => ({ key: l.id, amount: Number(l.amount), allocations: l.allocations ?? [] })),
    outstanding,
  );

  // Receipts take owner and unit from their customer at recording time (their data scope).
  const customerIds = [...new Set(toRecord.map((l) => l.customer_id))];
  const owners = new Map<string, { owner_id: string; unit_id: string }>();
  for (let i = 0; i < customerIds.length; i += LINE_BATCH) {
    const found = await tx.execute<{ id: string; owner_id: string; unit_id: string }>(sql`
      select id, owner_id, unit_id from customers
      where org_id = ${job.orgId} and id = any(${uuidArray(customerIds.slice(i, i + LINE_BATCH))})`);
    for (const r of found.rows) {
      owners.set(r.id, { owner_id: r.owner_id, unit_id: r.unit_id });
    }
  }

  const iso = at.toISOString();
  const audit = {
    version: 1,
    created_at: iso,
    created_by: actor.userId,
    updated_at: iso,
    updated_by: actor.userId,
  };
  const collected = new Map<string, number>();
  let allocatedTotal = 0;
  let amountTotal = 0;
  for (let i = 0; i < toRecord.length; i += LINE_BATCH) {
    const part = toRecord.slice(i, i + LINE_BATCH);
    const receiptRows: Row[] = [];
    const allocationRows: Row[] = [];
    const lineIds: string[] = [];
    const receiptIds: string[] = [];
    part.forEach((l, j) => {
      const c = capped[i + j] as (typeof capped)[number];
      const owner = owners.get(l.customer_id) as { owner_id: string; unit_id: string };
      const id = newId();
      receiptRows.push({
        id,
        customer_id: l.customer_id,
        received_on: l.received_on,
        amount: c.amount,
        payer_name: l.payer_name,
        bank_reference: l.bank_reference,
        notes: l.memo,
        allocated: c.allocated,
        statement_line_id: l.id,
        owner_id: owner.owner_id,
        unit_id: owner.unit_id,
      });
      for (const a of c.allocations) {
        allocationRows.push({
          id: newId(),
          receipt_id: id,
          installment_id: a.installmentId,
          amount: a.amount,
        });
        collected.set(a.installmentId, (collected.get(a.installmentId) ?? 0) + a.amount);
      }
      lineIds.push(l.id);
      receiptIds.push(id);
      allocatedTotal += c.allocated;
      amountTotal += c.amount;
    });
    await tx.execute(
      bulkInsert(receipts, receiptRows, {
        org_id: job.orgId,
        kind: 'receipt',
        currency: 'CNY',
        method: 'bank_transfer',
        ...audit,
      }),
    );
    if (allocationRows.length > 0) {
      await tx.execute(
        bulkInsert(receiptAllocations, allocationRows, {
          org_id: job.orgId,
          source: 'receipt',
          allocated_at: iso,
          allocated_by: actor.userId,
        }),
      );
    }
    await tx.execute(sql`
      update bank_statement_lines b set decision = 'recorded', receipt_id = x.receipt_id,
        version = b.version + 1, updated_at = ${iso}, updated_by = ${actor.userId}
      from unnest(${uuidArray(lineIds)}, ${uuidArray(receiptIds)}) as x(id, receipt_id)
      where b.org_id = ${job.orgId} and b.id = x.id`);
    await onProgress(i + part.length, toRecord.length);
  }

  // One update for every installment touched: collected += Σ of this commit's allocations; paid when full.
  const ids = [...collected.keys()];
  for (let i = 0; i < ids.length; i += LINE_BATCH) {
    const part = ids.slice(i, i + LINE_BATCH);
    const sums = part.map((id) => String(collected.get(id)));
    await tx.execute(sql`
      update installments t set collected = t.collected + x.amount,
        status = case when t.collected + x.amount = t.amount then 'paid' else t.status end,
        paid_at = case when t.collected + x.amount = t.amount then ${iso}::timestamptz else t.paid_at end,
        version = t.version + 1, updated_at = ${iso}, updated_by = ${actor.userId}
      from unnest(${uuidArray(part)}, ${sql.param(sums)}::bigint[]) as x(id, amount)
      where t.org_id = ${job.orgId} and t.id = x.id`);
  }
  return {
    recorded: toRecord.length,
    duplicates: duplicates.length,
    amount: amountTotal,
    allocated: allocatedTotal,
    prepayment: amountTotal - allocatedTotal,
    installments: ids.length,
    installmentIds: ids,
  };
}

/** The commit job of a bank-statement import: records the confirmed lines, then closes the import. */
export async function runBankStatementCommit(db: Db, job: ImportJob, now: () => Date): Promise<void> {
  try {
    const actor = await actorOfJob(db, job);
    assertCan(actor, 'money.write');
    const at = now();
    await db.transaction(async (tx) => {
      const result = await recordConfirmedLines(tx, job, actor, at, (done, total) =>
        setProgress(db, job, Math.round((done / Math.max(total, 1)) * job.totalRows)),
      );
      // Contracts now fully collected (and delivered) move their deals to 回款交付.
      await syncFulfilmentAfterAllocations(tx, { db, actor, now: () => at, meta: {} }, result.installmentIds);
      const counts = await tx.execute<{ skipped: string; pending: string }>(sql`
        select count(*) filter (where decision = 'skipped')::text as skipped,
               count(*) filter (where decision = 'pending')::text as pending
        from bank_statement_lines where org_id = ${job.orgId} and import_id = ${job.id}`);
      const skipped = Number(counts.rows[0]?.skipped ?? 0);
      const pending = Number(counts.rows[0]?.pending ?? 0);
      await recordAudit({
        db: tx,
        orgId: job.orgId,
        actor,
        action: 'update',
        entity: 'import',
        entityId: job.id,
        changes: {
          status: { before: job.status, after: 'succeeded' },
          entity: { before: null, after: 'bank_statement' },
          receipts: { before: null, after: result.recorded },
          amount: { before: null, after: result.amount },
          allocated: { before: null, after: result.allocated },
          prepayment: { before: null, after: result.prepayment },
          installments: { before: null, after: result.installments },
          duplicates: { before: null, after: result.duplicates },
          skippedLines: { before: null, after: skipped },
          pendingLines: { before: null, after: pending },
        },
        at,
      });
      await setJob(tx, job, {
        status: 'succeeded',
        processedRows: job.totalRows,
        insertedRows: result.recorded,
        updatedRows: 0,
        skippedRows: skipped + pending,
        error: null,
        finishedAt: now(),
        updatedAt: now(),
      });
      await tx
        .delete(importFiles)
        .where(and(eq(importFiles.orgId, job.orgId), eq(importFiles.importId, job.id)));
    });
  } catch (err) {
    // Nothing was written; the reviewed lines and their decisions stay, so the commit can be retried.
    await setJob(db, job, { status: 'validated', error: failureMessage(err), updatedAt: now() });
  }
}
