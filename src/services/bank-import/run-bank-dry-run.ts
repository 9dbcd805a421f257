import { sql } from 'drizzle-orm';
import {
  type LineMatch,
  matchStatementLines,
  readStatementLine,
  type StatementLine,
} from '../../core/bank-import/index.ts';
import type { ErrorDetail } from '../../core/errors.ts';
import { type Mapping, parseRow } from '../../core/import/index.ts';
import { bulkInsert, type Row } from '../../db/bulk-insert.ts';
import type { Db } from '../../db/client.ts';
import { bankStatementLines } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { getCollectionSettings } from '../collection-settings/get-collection-settings.ts';
import { newId } from '../context.ts';
import { actorOfJob, type ImportJob, loadTable } from '../import/import-file.ts';
import { failureMessage, LINE_BATCH, setJob, setProgress } from './bank-import-job.ts';
import { loadMatchIndex } from './load-match-index.ts';

/** At most this many bad rows are listed in the report; the count stays exact. */
const REPORT_CAP = 1_000;

/**
 * The dry run of a bank statement: parses every row, matches the credits to customers and open
 * installments (core/bank-import), and stores each line with its match in bank_statement_lines for the
 * review — replacing the lines of an earlier dry run of the same import. Writes no receipt. Rows that
 * cannot be read are listed in the import's report; debits and duplicates are stored, flagged and
 * skipped.
 */
export async function runBankStatementDryRun(db: Db, job: ImportJob, now: () => Date): Promise<void> {
  try {
    const actor = await actorOfJob(db, job);
    assertCan(actor, 'money.write');
    const { headers, rows } = await loadTable(db, job);
    const mapping = (job.mapping ?? {}) as Mapping;
    const credits: StatementLine[] = [];
    const debits: { line: StatementLine; reason: string }[] = [];
    const bad: { row: number; errors: ErrorDetail[] }[] = [];
    for (let i = 0; i < rows.length; i++) {
      const parsed = parseRow('bank_statement', headers, mapping, rows[i] as string[], i + 2);
      const read = readStatementLine(parsed.row, parsed.values, parsed.errors);
      if (read.kind === 'credit') {
        credits.push(read.line);
      } else if (read.kind === 'debit') {
        debits.push(read);
      } else {
        bad.push({ row: read.row, errors: read.errors });
      }
    }
    await setProgress(db, job, Math.floor(rows.length / 4));
    const { contractNumberPrefix } = await getCollectionSettings(db, job.orgId);
    const index = await loadMatchIndex(db, job.orgId, credits, contractNumberPrefix);
    const matches = matchStatementLines(credits, index, contractNumberPrefix);
    await setProgress(db, job, Math.floor(rows.length / 2));

    const at = now();
    const stored: Row[] = [];
    credits.forEach((line, i) => {
      stored.push(lineRow(line, matches[i] as LineMatch));
    });
    for (const d of debits) {
      stored.push({
        ...lineRow(d.line, null),
        match_reason: d.reason,
        flag: 'debit',
        decision: 'skipped',
      });
    }
    stored.sort((a, b) => (a.row as number) - (b.row as number));
    const duplicates = matches.filter((m) => m.duplicateOf).length;
    await db.transaction(async (tx) => {
      await tx.execute(
        sql`delete from bank_statement_lines where org_id = ${job.orgId} and import_id = ${job.id}`,
      );
      const same: Row = {
        org_id: job.orgId,
        import_id: job.id,
        version: 1,
        created_at: at.toISOString(),
        created_by: actor.userId,
        updated_at: at.toISOString(),
        updated_by: actor.userId,
      };
      for (let i = 0; i < stored.length; i += LINE_BATCH) {
        await tx.execute(bulkInsert(bankStatementLines, stored.slice(i, i + LINE_BATCH), same));
        await setProgress(db, job, Math.floor(rows.length / 2 + (i / stored.length) * (rows.length / 2)));
      }
      await setJob(tx, job, {
        status: 'validated',
        processedRows: rows.length,
        errorRows: bad.length,
        insertedRows: 0,
        updatedRows: 0,
        skippedRows: debits.length + duplicates,
        report: bad.slice(0, REPORT_CAP),
        error: null,
        updatedAt: at,
      });
    });
  } catch (err) {
    await setJob(db, job, {
      status: 'failed',
      error: failureMessage(err),
      finishedAt: now(),
      updatedAt: now(),
    });
  }
}

function lineRow(line: StatementLine, m: LineMatch | null): Row {
  return {
    id: newId(),
    row: line.row,
    received_on: line.receivedOn,
    amount: line.amount,
    payer_name: line.payerName,
    payer_account: line.payerAccount,
    bank_reference: line.bankReference,
    memo: line.memo,
    match_kind: m?.matchKind ?? 'none',
    match_score: m?.matchScore ?? 0,
    match_reason: m?.reason ?? null,
    customer_id: m?.customerId ?? null,
    contract_id: m?.contractId ?? null,
    allocations: m && m.allocations.length > 0 ? JSON.stringify(m.allocations) : null,
    flag: m?.duplicateOf ? 'duplicate' : null,
    duplicate_receipt_id: m?.duplicateOf?.receiptId ?? null,
    decision: m?.duplicateOf ? 'skipped' : 'pending',
  };
}
