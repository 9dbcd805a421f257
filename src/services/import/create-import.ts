import { Invalid } from '../../core/errors.ts';
import { FileProblem, guessMapping, type ImportEntity } from '../../core/import/index.ts';
import { importFiles, importJobs } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { cleanHeaders, type ImportFormat, type ImportJob, readTable } from './import-file.ts';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

export interface CreateImportInput {
  entity: ImportEntity;
  fileName: string;
  format: ImportFormat;
  contentBase64: string;
}

/** Upload: reads the header row, guesses the column mapping and keeps the file for the dry run and commit. */
export async function createImport(ctx: ServiceContext, input: CreateImportInput): Promise<ImportJob> {
  assertCan(ctx.actor, 'sales.write');
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length === 0) {
    throw new Invalid('The file is empty.', [{ path: 'contentBase64', message: 'empty file' }]);
  }
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new Invalid('The file is larger than 20 MB.', [
      { path: 'contentBase64', message: 'at most 20 MB' },
    ]);
  }
  let table: string[][];
  try {
    table = await readTable(input.format, bytes);
  } catch (err) {
    if (err instanceof FileProblem) {
      throw new Invalid(err.message, [{ path: 'contentBase64', message: err.message }]);
    }
    throw err;
  }
  if (table.length < 2) {
    throw new Invalid('The file needs a header row and at least one data row.', [
      { path: 'contentBase64', message: 'no data rows' },
    ]);
  }
  if (table.length - 1 > MAX_IMPORT_ROWS) {
    throw new Invalid(`At most ${MAX_IMPORT_ROWS} rows per import.`, [
      { path: 'contentBase64', message: 'too many rows' },
    ]);
  }
  const headers = cleanHeaders(table[0] as string[]);
  const now = ctx.now();
  const id = newId();
  return ctx.db.transaction(async (tx) => {
    const [job] = await tx
      .insert(importJobs)
      .values({
        orgId: ctx.actor.orgId,
        id,
        userId: ctx.actor.userId,
        entity: input.entity,
        fileName: input.fileName,
        format: input.format,
        headers,
        mapping: guessMapping(input.entity, headers),
        totalRows: table.length - 1,
        createdAt: now,
        createdBy: ctx.actor.userId,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    await tx
      .insert(importFiles)
      .values({ orgId: ctx.actor.orgId, importId: id, content: bytes.toString('base64') });
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'create',
      entity: 'import',
      entityId: id,
      changes: {
        entity: { before: null, after: input.entity },
        fileName: { before: null, after: input.fileName },
        totalRows: { before: null, after: table.length - 1 },
      },
      meta: ctx.meta,
      at: now,
    });
    return job as ImportJob;
  });
}
