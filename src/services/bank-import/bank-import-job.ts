import { and, eq, sql } from 'drizzle-orm';
import { DomainError } from '../../core/errors.ts';
import { FileProblem } from '../../core/import/index.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { importJobs } from '../../db/schema/index.ts';
import type { ImportJob } from '../import/import-file.ts';

/** Lines written or recorded per statement; progress is reported between batches. */
export const LINE_BATCH = 5_000;

export async function setJob(db: Queryable, job: ImportJob, values: Partial<typeof importJobs.$inferInsert>) {
  await db
    .update(importJobs)
    .set(values)
    .where(and(eq(importJobs.orgId, job.orgId), eq(importJobs.id, job.id)));
}

/** Progress in its own short transaction on another pooled connection, without waiting for the WAL flush. */
export async function setProgress(db: Db, job: ImportJob, processedRows: number) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local synchronous_commit = off`);
    await tx
      .update(importJobs)
      .set({ processedRows })
      .where(and(eq(importJobs.orgId, job.orgId), eq(importJobs.id, job.id)));
  });
}

export function failureMessage(err: unknown): string {
  if (err instanceof DomainError || err instanceof FileProblem) {
    return err.message;
  }
  return `The import failed: ${err instanceof Error ? err.message : String(err)}. Nothing was written.`;
}
