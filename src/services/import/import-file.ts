import { and, eq } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import { decodeText, parseCsv, type Table, type TextEncoding } from '../../core/import/index.ts';
import type { Queryable } from '../../db/client.ts';
import { importFiles, importJobs, users } from '../../db/schema/index.ts';
import type { Actor } from '../../policies/scope.ts';
import { parseStoredFormat, readCsvUpload } from './csv-encoding.ts';
import { readXlsx } from './xlsx-file.ts';

export type ImportJob = typeof importJobs.$inferSelect;
export type ImportFormat = 'csv' | 'xlsx';

/**
 * The file's rows as strings: CSV in the given encoding, or in the one detected (UTF-8 with or without
 * BOM, UTF-16, GB18030/GBK); XLSX reads its first sheet. Reading XLSX is asynchronous (exceljs),
 * reading CSV is not; `await` the result either way.
 */
export function readTable(format: 'csv', bytes: Buffer, encoding?: TextEncoding): Table;
export function readTable(
  format: ImportFormat,
  bytes: Buffer,
  encoding?: TextEncoding,
): Table | Promise<Table>;
export function readTable(
  format: ImportFormat,
  bytes: Buffer,
  encoding?: TextEncoding,
): Table | Promise<Table> {
  if (format === 'xlsx') {
    return readXlsx(bytes);
  }
  return encoding ? parseCsv(decodeText(bytes, encoding)) : readCsvUpload(bytes).table;
}

/** Header cells trimmed; blank or repeated headers get a column-letter name so every column stays addressable. */
export function cleanHeaders(row: readonly string[]): string[] {
  const seen = new Set<string>();
  return row.map((h, i) => {
    let name = h.trim() || `Column ${i + 1}`;
    if (seen.has(name)) {
      name = `${name} (${i + 1})`;
    }
    seen.add(name);
    return name;
  });
}

export async function loadJob(db: Queryable, orgId: string, id: string): Promise<ImportJob> {
  const [job] = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.orgId, orgId), eq(importJobs.id, id)));
  if (!job) {
    throw new NotFound('No such import.');
  }
  return job;
}

/** The uploaded file's bytes as stored with the import. */
export async function loadFileBytes(db: Queryable, job: ImportJob): Promise<Buffer> {
  const [file] = await db
    .select({ content: importFiles.content })
    .from(importFiles)
    .where(and(eq(importFiles.orgId, job.orgId), eq(importFiles.importId, job.id)));
  if (!file) {
    throw new NotFound('The uploaded file of this import is gone; upload it again.');
  }
  return Buffer.from(file.content, 'base64');
}

export async function loadTable(
  db: Queryable,
  job: ImportJob,
): Promise<{ headers: string[]; rows: string[][] }> {
  const { format, encoding } = parseStoredFormat(job.format);
  const table = await readTable(format, await loadFileBytes(db, job), encoding?.used);
  return { headers: job.headers ?? cleanHeaders(table[0] ?? []), rows: table.slice(1) };
}

/** The importing user as they are now (role or unit may have changed since the upload). */
export async function actorOfJob(db: Queryable, job: ImportJob): Promise<Actor> {
  const [u] = await db
    .select({
      userId: users.id,
      role: users.role,
      unitId: users.unitId,
      name: users.name,
      active: users.active,
    })
    .from(users)
    .where(and(eq(users.orgId, job.orgId), eq(users.id, job.userId)));
  if (!u?.active) {
    throw new NotFound('The user who started this import is no longer active.');
  }
  return {
    orgId: job.orgId,
    userId: u.userId,
    role: u.role as Actor['role'],
    unitId: u.unitId,
    name: u.name,
  };
}
