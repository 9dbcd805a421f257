import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { Invalid, NotFound, RuleViolated } from '../../core/errors.ts';
import {
  guessMapping,
  type ImportEntity,
  type Mapping,
  mappingProblems,
  type TextEncoding,
} from '../../core/import/index.ts';
import type { Db } from '../../db/client.ts';
import { importJobs } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import type { Actor } from '../../policies/scope.ts';
import type { ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';
import { dispatchImportRun, type ImportRunKind } from './import-dispatcher.ts';
import { assertEncodingSettled, rereadInEncoding } from './import-encoding.ts';
import type { ImportJob } from './import-file.ts';
import { importPermission } from './import-permission.ts';
import type { DuplicatePolicy } from './plan-import.ts';
import { runImport } from './run-import.ts';

/** Imports are the importer's own; admins and sales ops see everyone's in the org. */
function importScope(actor: Actor): SQL | undefined {
  const org = eq(importJobs.orgId, actor.orgId);
  return actor.role === 'admin' || actor.role === 'sales_ops'
    ? org
    : and(org, eq(importJobs.userId, actor.userId));
}

export async function getImport(
  ctx: ServiceContext,
  id: string,
  { lock = false } = {},
  db = ctx.db,
): Promise<ImportJob> {
  const q = db
    .select()
    .from(importJobs)
    .where(and(importScope(ctx.actor), eq(importJobs.id, id)));
  const [job] = lock ? await q.for('update') : await q;
  if (!job) {
    throw new NotFound('No such import.');
  }
  return job;
}

export async function listImports(ctx: ServiceContext, { limit = 50 }: { limit?: number | undefined }) {
  const items = await ctx.db
    .select()
    .from(importJobs)
    .where(importScope(ctx.actor))
    .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
    .limit(limit);
  return { items, total: items.length, totalCapped: false, nextCursor: null };
}

const RUNNING = ['validating', 'importing'];

export interface UpdateImportInput {
  mapping?: Mapping | undefined;
  mode?: 'all_or_nothing' | 'skip_bad' | undefined;
  duplicatePolicy?: DuplicatePolicy | undefined;
  /** A CSV file's encoding as the user chose it: the file is read again, its headers and mapping redone. */
  encoding?: TextEncoding | undefined;
}

/**
 * Changes mapping, mode, duplicate policy or a CSV's encoding before the commit; a changed import
 * needs a new dry run. A new encoding gives new headers: the mapping sent with it is checked against
 * them, or, when none is sent, guessed again.
 */
export async function updateImport(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: UpdateImportInput,
): Promise<ImportJob> {
  return ctx.db.transaction(async (tx) => {
    const job = await getImport(ctx, id, { lock: true }, tx);
    assertCan(ctx.actor, importPermission(job.entity));
    checkVersion('import', job, version);
    if (RUNNING.includes(job.status) || job.status === 'succeeded') {
      throw new RuleViolated(`This import is ${job.status}; it can no longer be changed.`);
    }
    const entity = job.entity as ImportEntity;
    const reread = input.encoding ? await rereadInEncoding(tx, job, input.encoding) : null;
    const headers = reread?.headers ?? job.headers ?? [];
    if (input.mapping) {
      const problems = mappingProblems(entity, headers, input.mapping);
      if (problems.length > 0) {
        throw new Invalid('The column mapping is not usable.', problems);
      }
    }
    const mapping = input.mapping ?? (reread ? guessMapping(entity, headers) : undefined);
    const now = ctx.now();
    const [updated] = await tx
      .update(importJobs)
      .set({
        ...(reread ? { format: reread.format, headers: reread.headers, totalRows: reread.totalRows } : {}),
        ...(mapping ? { mapping } : {}),
        ...(input.mode ? { mode: input.mode } : {}),
        ...(input.duplicatePolicy ? { duplicatePolicy: input.duplicatePolicy } : {}),
        status: 'uploaded',
        report: null,
        error: null,
        version: job.version + 1,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .where(and(eq(importJobs.orgId, job.orgId), eq(importJobs.id, job.id)))
      .returning();
    return updated as ImportJob;
  });
}

/**
 * Starts the dry run or the commit as a background job. The status flips first, under a row lock,
 * so a double click cannot start two runs of one import.
 */
export async function requestImportRun(
  ctx: ServiceContext,
  id: string,
  kind: ImportRunKind,
): Promise<ImportJob> {
  const job = await ctx.db.transaction(async (tx) => {
    const current = await getImport(ctx, id, { lock: true }, tx);
    assertCan(ctx.actor, importPermission(current.entity));
    if (RUNNING.includes(current.status) || current.status === 'succeeded') {
      throw new RuleViolated(`This import is ${current.status}; it cannot be started again.`);
    }
    assertEncodingSettled(current);
    if (current.entity === 'bank_statement' && kind === 'commit' && current.status !== 'validated') {
      throw new RuleViolated('Run the dry run and review the matches before recording the receipts.');
    }
    const problems = mappingProblems(
      current.entity as ImportEntity,
      current.headers ?? [],
      (current.mapping ?? {}) as Mapping,
    );
    if (problems.length > 0) {
      throw new Invalid('Fix the column mapping first.', problems);
    }
    const now = ctx.now();
    const [updated] = await tx
      .update(importJobs)
      .set({
        status: kind === 'validate' ? 'validating' : 'importing',
        processedRows: 0,
        error: null,
        finishedAt: null,
        version: current.version + 1,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .where(
        and(
          eq(importJobs.orgId, current.orgId),
          eq(importJobs.id, current.id),
          inArray(importJobs.status, [current.status]),
        ),
      )
      .returning();
    return updated as ImportJob;
  });
  await dispatchImportRun(ctx.db as Db, { kind, orgId: job.orgId, importId: job.id }, (db, req) =>
    runImport(db, req),
  );
  return job;
}
