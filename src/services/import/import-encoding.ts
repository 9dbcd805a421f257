import { Invalid, RuleViolated } from '../../core/errors.ts';
import { decodeText, parseCsv, type TextEncoding } from '../../core/import/index.ts';
import type { Queryable } from '../../db/client.ts';
import { checkTableSize, readOrRefuse } from './create-import.ts';
import { type CsvEncoding, parseStoredFormat, storedCsvFormat } from './csv-encoding.ts';
import { cleanHeaders, type ImportJob, loadFileBytes } from './import-file.ts';

/** A CSV import's encoding; refuses an XLSX import (a workbook carries its own). */
export function csvEncodingOf(job: ImportJob): CsvEncoding {
  const { encoding } = parseStoredFormat(job.format);
  if (!encoding) {
    throw new Invalid('An encoding applies to CSV files only.', [
      { path: 'encoding', message: 'only for CSV files' },
    ]);
  }
  return encoding;
}

/**
 * The import's file read again in another encoding: its headers, row count and the stored format to
 * save. The headers change with the encoding, so the caller guesses the mapping again.
 */
export async function rereadInEncoding(
  db: Queryable,
  job: ImportJob,
  encoding: TextEncoding,
): Promise<{ format: string; headers: string[]; totalRows: number }> {
  const current = csvEncodingOf(job);
  const bytes = await loadFileBytes(db, job);
  const table = await readOrRefuse(() => parseCsv(decodeText(bytes, encoding)), 'encoding');
  checkTableSize(table, 'encoding');
  return {
    format: storedCsvFormat({ ...current, used: encoding, chosen: true }),
    headers: cleanHeaders(table[0] as string[]),
    totalRows: table.length - 1,
  };
}

/** Refuses to start a run while detection was unsure and nobody has chosen the encoding. */
export function assertEncodingSettled(job: ImportJob): void {
  const { encoding } = parseStoredFormat(job.format);
  if (encoding?.unsure && !encoding.chosen) {
    throw new RuleViolated(
      'The file’s encoding could not be detected for sure: choose it in the mapping step first.',
      [{ path: 'encoding', message: 'choose the encoding' }],
    );
  }
}
