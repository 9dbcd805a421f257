import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { DomainError } from '../../core/errors.ts';
import { FileProblem, type Mapping, type RecordEntity } from '../../core/import/index.ts';
import type { Db } from '../../db/client.ts';
import { importFiles, importJobs } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { runBankStatementCommit } from '../bank-import/run-bank-commit.ts';
import { runBankStatementDryRun } from '../bank-import/run-bank-dry-run.ts';
import { systemNow } from '../context.ts';
import type { ImportRunRequest } from './import-dispatcher.ts';
import { actorOfJob, type ImportJob, loadJob, loadTable } from './import-file.ts';
import { type DuplicatePolicy, type PlannedRow, PROGRESS_EVERY_MS, planImport } from './plan-import.ts';
import { prepareInsert, prepareUpdate } from './write-import.ts';

/** At most this many bad rows are listed in a report; the counts stay exact. */
export const REPORT_CAP = 1_000;
export const BATCH_SIZE = 2_000;

export interface RunOptions {
  now?: () => Date;
  batchSize?: number;
  /** Called after each written batch, inside the transaction (tests inject a failure here). */
  afterBatch?: (batchNo: number) => Promise<void> | void;
}

function reportOf(plan: PlannedRow[]) {
  return plan
    .filter((p) => p.action === 'error')
    .slice(0, REPORT_CAP)
    .map((p) => ({ row: p.row, errors: p.errors }));
}

async function setJob(db: Db, job: ImportJob, values: Partial<typeof importJobs.$inferInsert>) {
  await db
    .update(importJobs)
    .set(values)
    .where(and(eq(importJobs.orgId, job.orgId), eq(importJobs.id, job.id)));
}

/**
 * Progress only: its own short transaction on another pooled connection, without waiting for the
 * WAL flush (a lost progress figure after a crash is harmless; 100 fsyncs per import are not).
 */
async function setProgress(db: Db, job: ImportJob, processedRows: number) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = off`);
    await tx
      .update(importJobs)
      .set({ processedRows })
      .where(and(eq(importJobs.orgId, job.orgId), eq(importJobs.id, job.id)));
  });
}

async function plan(db: Db, job: ImportJob, onProgress: (n: number) => Promise<void>) {
  const actor = await actorOfJob(db, job);
  const { headers, rows } = await loadTable(db, job);
  const planned = await planImport({
    db,
    actor,
    entity: job.entity as RecordEntity,
    headers,
    mapping: (job.mapping ?? {}) as Mapping,
    rows,
    duplicatePolicy: job.duplicatePolicy as DuplicatePolicy,
    onProgress,
  });
  return { actor, planned };
}

function failureMessage(err: unknown): string {
  if (err instanceof DomainError || err instanceof FileProblem) {
    return err.message;
  }
  return `The import failed: ${err instanceof Error ? err.message : String(err)}. Nothing was written.`;
}

/** The dry run: validates every row and stores the report; writes nothing else. */
export async function runImportValidation(
  db: Db,
  orgId: string,
  importId: string,
  options: RunOptions = {},
): Promise<void> {
  const now = options.now ?? systemNow;
  const job = await loadJob(db, orgId, importId);
  if (job.entity === 'bank_statement') {
    await runBankStatementDryRun(db, job, now);
    return;
  }
  try {
    const { planned } = await plan(db, job, (n) => setProgress(db, job, n));
    const count = (a: PlannedRow['action']) => planned.filter((p) => p.action === a).length;
    await setJob(db, job, {
      status: 'validated',
      processedRows: planned.length,
      errorRows: count('error'),
      // What the commit would do, for the UI.
      insertedRows: 0,
      updatedRows: 0,
      skippedRows: count('skip'),
      report: reportOf(planned),
      error: null,
      updatedAt: now(),
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

/**
 * The commit. Validates again, then writes every good row in ONE transaction, batch by batch
 * (all_or_nothing refuses to start when any row is bad; skip_bad leaves bad rows out and lists them).
 * A failure or a killed process rolls the whole transaction back, so no partial import is ever
 * visible. Progress is written through the pool on another connection, outside the transaction,
 * so the UI sees it move.
 */
export async function runImportCommit(
  db: Db,
  orgId: string,
  importId: string,
  options: RunOptions = {},
): Promise<void> {
  const now = options.now ?? systemNow;
  const batchSize = options.batchSize ?? BATCH_SIZE;
  const job = await loadJob(db, orgId, importId);
  if (job.entity === 'bank_statement') {
    await runBankStatementCommit(db, job, now);
    return;
  }
  try {
    const { actor, planned } = await plan(db, job, (n) => setProgress(db, job, n));
    const bad = planned.filter((p) => p.action === 'error').length;
    const report = reportOf(planned);
    if (bad > 0 && job.mode === 'all_or_nothing') {
      await setJob(db, job, {
        status: 'failed',
        processedRows: planned.length,
        errorRows: bad,
        insertedRows: 0,
        updatedRows: 0,
        skippedRows: 0,
        report,
        error: `${bad} row(s) have problems; nothing was imported (all-or-nothing).`,
        finishedAt: now(),
        updatedAt: now(),
      });
      return;
    }
    const inserts = planned.filter((p) => p.action === 'insert');
    const updates = planned.filter((p) => p.action === 'update');
    const skipped = planned.filter((p) => p.action === 'skip').length;
    const at = now();
    const entity = job.entity as RecordEntity;
    await db.transaction(async (tx) => {
      const work: { kind: 'insert' | 'update'; rows: PlannedRow[] }[] = [];
      for (let i = 0; i < inserts.length; i += batchSize) {
        work.push({ kind: 'insert', rows: inserts.slice(i, i + batchSize) });
      }
      for (let i = 0; i < updates.length; i += batchSize) {
        work.push({ kind: 'update', rows: updates.slice(i, i + batchSize) });
      }
      let done = 0;
      let batchNo = 0;
      let reportedAt = performance.now();
      const written = async (w: (typeof work)[number]) => {
        done += w.rows.length;
        batchNo++;
        await options.afterBatch?.(batchNo);
        // Another connection: the transaction's own writes stay invisible until commit. The first
        // half of the bar is checking, the second half writing.
        if (performance.now() - reportedAt >= PROGRESS_EVERY_MS) {
          reportedAt = performance.now();
          await setProgress(db, job, Math.floor((planned.length + done) / 2));
        }
      };
      const runAll = async (statements: SQL[]) => {
        for (const statement of statements) {
          await tx.execute(statement);
        }
      };
      // Batch n + 1 is built while the database writes batch n (this process and PostgreSQL work on
      // different cores); it is sent only after n is written and afterBatch(n) has run.
      let inFlight: { w: (typeof work)[number]; run: Promise<void> } | undefined;
      try {
        for (const w of work) {
          const statements =
            w.kind === 'insert'
              ? await prepareInsert(tx, actor, entity, w.rows, at)
              : prepareUpdate(actor, entity, w.rows, at);
          if (inFlight) {
            await inFlight.run;
            await written(inFlight.w);
          }
          const run = runAll(statements);
          // Awaited below; this handler only keeps a failure that comes while the next batch is
          // being built from counting as an unhandled rejection.
          run.catch(() => {});
          inFlight = { w, run };
        }
        if (inFlight) {
          const last = inFlight;
          inFlight = undefined;
          await last.run;
          await written(last.w);
        }
      } finally {
        // When building a batch fails, the one still running must settle before the rollback.
        await inFlight?.run.catch(() => {});
      }
      await recordAudit({
        db: tx,
        orgId: job.orgId,
        actor,
        action: 'update',
        entity: 'import',
        entityId: job.id,
        changes: {
          status: { before: job.status, after: 'succeeded' },
          entity: { before: null, after: entity },
          insertedRows: { before: null, after: inserts.length },
          updatedRows: { before: null, after: updates.length },
          skippedRows: { before: null, after: skipped },
          errorRows: { before: null, after: bad },
        },
        at,
      });
      await tx
        .update(importJobs)
        .set({
          status: 'succeeded',
          processedRows: planned.length,
          errorRows: bad,
          insertedRows: inserts.length,
          updatedRows: updates.length,
          skippedRows: skipped,
          report,
          error: null,
          finishedAt: now(),
          updatedAt: now(),
        })
        .where(and(eq(importJobs.orgId, job.orgId), eq(importJobs.id, job.id)));
      // The file is not needed once its rows are in.
      await tx
        .delete(importFiles)
        .where(and(eq(importFiles.orgId, job.orgId), eq(importFiles.importId, job.id)));
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

/** The worker entry point for both kinds of run. */
export async function runImport(db: Db, req: ImportRunRequest, options: RunOptions = {}): Promise<void> {
  if (req.kind === 'validate') {
    await runImportValidation(db, req.orgId, req.importId, options);
  } else {
    await runImportCommit(db, req.orgId, req.importId, options);
  }
}

/**
 * On worker start: a run still marked running was cut off by a crash or kill. Its transaction was
 * rolled back by PostgreSQL, so nothing of it is in the tables; say so on the import.
 */
export async function failInterruptedImports(db: Db, now: Date): Promise<number> {
  const rows = await db
    .update(importJobs)
    .set({
      status: 'failed',
      error: 'The import was interrupted (the server stopped); nothing was written. Start it again.',
      finishedAt: now,
      updatedAt: now,
    })
    .where(inArray(importJobs.status, ['validating', 'importing']))
    .returning({ id: importJobs.id });
  return rows.length;
}
