import type PgBoss from 'pg-boss';
import type { Db } from '../db/client.ts';
import { systemNow } from '../services/context.ts';
import { type ImportRunRequest, setImportDispatcher } from '../services/import/import-dispatcher.ts';
import { failInterruptedImports, runImport } from '../services/import/run-import.ts';

export const IMPORT_QUEUE = 'imports.run';

/**
 * Import dry runs and commits on pg-boss. A run found still marked running at start was cut off by
 * a crash (its transaction rolled back), so it is marked failed before new work is taken.
 */
export async function startImportWorker(boss: PgBoss, db: Db, log: (msg: string) => void): Promise<void> {
  const interrupted = await failInterruptedImports(db, systemNow());
  if (interrupted > 0) {
    log(`marked ${interrupted} interrupted import(s) as failed`);
  }
  // No retries: a failed run records why on the import; the user decides whether to start again.
  await boss.createQueue(IMPORT_QUEUE, { name: IMPORT_QUEUE, retryLimit: 0, expireInSeconds: 3_600 });
  await boss.work<ImportRunRequest>(IMPORT_QUEUE, async ([job]) => {
    if (job) {
      await runImport(db, job.data);
    }
  });
  setImportDispatcher(async (req) => {
    await boss.send(IMPORT_QUEUE, req);
  });
}
