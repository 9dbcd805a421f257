import type { Db } from '../../db/client.ts';

export type ImportRunKind = 'validate' | 'commit';
export interface ImportRunRequest {
  kind: ImportRunKind;
  orgId: string;
  importId: string;
}
type Dispatch = (req: ImportRunRequest) => Promise<void>;
type Runner = (db: Db, req: ImportRunRequest) => Promise<void>;

let dispatch: Dispatch | null = null;

/** The job queue (src/jobs/start-jobs.ts) registers itself here; null unregisters it. */
export function setImportDispatcher(d: Dispatch | null): void {
  dispatch = d;
}

/**
 * Hands a dry run or commit to the background queue (pg-boss). Without a queue (API-only tests, a
 * CLI process) it runs in this process after the response, so the import still completes.
 */
export async function dispatchImportRun(db: Db, req: ImportRunRequest, runInProcess: Runner): Promise<void> {
  if (dispatch) {
    await dispatch(req);
    return;
  }
  setImmediate(() => {
    runInProcess(db, req).catch(() => {
      // The runner records its own failure on the import; nothing else to report here.
    });
  });
}
