import { Invalid } from '../../core/errors.ts';
import {
  FileProblem,
  guessMapping,
  type ImportEntity,
  type Table,
  type TextEncoding,
} from '../../core/import/index.ts';
import { importFiles, importJobs } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { type CsvEncoding, readCsvUpload, storedCsvFormat } from './csv-encoding.ts';
import { cleanHeaders, type ImportFormat, type ImportJob } from './import-file.ts';
import { importPermission } from './import-permission.ts';
import { readXlsx } from './xlsx-file.ts';

export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 200_000;

export interface CreateImportInput {
  entity: ImportEntity;
  fileName: string;
  format: ImportFormat;
  contentBase64: string;
  /** A CSV file's encoding when the uploader knows it; detected when absent. */
  encoding?: TextEncoding | undefined;
}

/** A file problem (unreadable, unclosed quote …) as a 400 on the field that carried the file. */
export async function readOrRefuse<T>(read: () => T | Promise<T>, path: string): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof FileProblem) {
      throw new Invalid(err.message, [{ path, message: err.message }]);
    }
    throw err;
  }
}

/** A table an import can use: a header row, at least one data row, not too many. */
export function checkTableSize(table: Table, path: string): void {
  if (table.length < 2) {
    throw new Invalid('The file needs a header row and at least one data row.', [
      { path, message: 'no data rows' },
    ]);
  }
  if (table.length - 1 > MAX_IMPORT_ROWS) {
    throw new Invalid(`At most ${MAX_IMPORT_ROWS} rows per import.`, [{ path, message: 'too many rows' }]);
  }
}

/** Upload: reads the header row, guesses the column mapping and keeps the file for the dry run and commit. */
export async function createImport(ctx: ServiceContext, input: CreateImportInput): Promise<ImportJob> {
  assertCan(ctx.actor, importPermission(input.entity));
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length === 0) {
    throw new Invalid('The file is empty.', [{ path: 'contentBase64', message: 'empty file' }]);
  }
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new Invalid('The file is larger than 20 MB.', [
      { path: 'contentBase64', message: 'at most 20 MB' },
    ]);
  }
  if (input.encoding && input.format !== 'csv') {
    throw new Invalid('An encoding applies to CSV files only.', [
      { path: 'encoding', message: 'only for CSV files' },
    ]);
  }
  let table: Table;
  let encoding: CsvEncoding | null = null;
  if (input.format === 'csv') {
    const read = await readOrRefuse(() => readCsvUpload(bytes, input.encoding), 'contentBase64');
    table = read.table;
    encoding = read.encoding;
  } else {
    table = await readOrRefuse(() => readXlsx(bytes), 'contentBase64');
  }
  checkTableSize(table, 'contentBase64');
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
        format: encoding ? storedCsvFormat(encoding) : input.format,
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
        ...(encoding ? { encoding: { before: null, after: encoding.used } } : {}),
      },
      meta: ctx.meta,
      at: now,
    });
    return job as ImportJob;
  });
}
